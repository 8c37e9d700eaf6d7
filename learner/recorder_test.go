package learner

import (
	"errors"
	"fmt"
	"sync"
	"testing"
)

func stepViews(t testing.TB, s *Store, id string) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM step_views v JOIN profiles p ON p.key = v.profile_key
		WHERE p.id = ?`, id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRecorderFlushMakesEverythingDurableAndAcksInOrder(t *testing.T) {
	s := openTemp(t)
	p := mustProfile(t, s, "Marie")
	r := s.NewRecorder(RecorderOptions{})
	defer r.Close()
	var mu sync.Mutex
	var acked []int
	for i := 0; i < 500; i++ {
		err := r.RecordThen(StepView{ProfileID: p.ID, PackID: "p", ModuleID: "m", LessonID: "l", Step: i}, func(err error) {
			if err != nil {
				t.Errorf("event %d: %v", i, err)
			}
			mu.Lock()
			acked = append(acked, i)
			mu.Unlock()
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Flush(); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(acked) != 500 {
		t.Fatalf("%d acks after Flush, want 500", len(acked))
	}
	for i, v := range acked {
		if v != i {
			t.Fatalf("ack %d is for event %d: out of order", i, v)
		}
	}
	if n := stepViews(t, s, p.ID); n != 500 {
		t.Errorf("%d step views in the database, want 500", n)
	}
}

func TestRecorderKeepsGoodEventsWhenOneInTheBatchFails(t *testing.T) {
	s := openTemp(t)
	p := mustProfile(t, s, "Marie")
	var reported []error
	var mu sync.Mutex
	r := s.NewRecorder(RecorderOptions{OnError: func(err error) {
		mu.Lock()
		reported = append(reported, err)
		mu.Unlock()
	}})
	defer r.Close()
	var badAck error
	for i := 0; i < 10; i++ {
		r.Record(StepView{ProfileID: p.ID, PackID: "p", ModuleID: "m", LessonID: "l", Step: i})
		if i == 5 {
			// Valid in shape, but the profile does not exist (deleted in another window).
			r.RecordThen(StepView{ProfileID: "gone", PackID: "p", ModuleID: "m", LessonID: "l"}, func(err error) { badAck = err })
		}
	}
	err := r.Flush()
	if !errors.Is(err, ErrProfileNotFound) {
		t.Fatalf("Flush = %v, want ErrProfileNotFound", err)
	}
	if !errors.Is(badAck, ErrProfileNotFound) {
		t.Errorf("the bad event's ack got %v", badAck)
	}
	mu.Lock()
	if len(reported) != 1 {
		t.Errorf("OnError called %d times, want 1", len(reported))
	}
	mu.Unlock()
	if n := stepViews(t, s, p.ID); n != 10 {
		t.Errorf("%d good events written, want 10", n)
	}
	// The error was reported once; the next Flush starts clean.
	r.Record(StepView{ProfileID: p.ID, PackID: "p", ModuleID: "m", LessonID: "l"})
	if err := r.Flush(); err != nil {
		t.Errorf("second Flush = %v, want nil", err)
	}
}

func TestRecorderRefusesInvalidEventsAtOnce(t *testing.T) {
	s := openTemp(t)
	r := s.NewRecorder(RecorderOptions{})
	defer r.Close()
	if err := r.Record(Attempt{ProfileID: "x"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("Record(invalid) = %v, want ErrInvalid", err)
	}
	if err := r.Record(nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("Record(nil) = %v, want ErrInvalid", err)
	}
}

func TestRecorderCloseFlushesAndThenRefuses(t *testing.T) {
	s := openTemp(t)
	p := mustProfile(t, s, "Marie")
	r := s.NewRecorder(RecorderOptions{})
	for i := 0; i < 2000; i++ {
		r.Record(StepView{ProfileID: p.ID, PackID: "p", ModuleID: "m", LessonID: "l", Step: i})
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if n := stepViews(t, s, p.ID); n != 2000 {
		t.Errorf("%d events after Close, want 2000", n)
	}
	if err := r.Record(StepView{ProfileID: p.ID, PackID: "p", ModuleID: "m", LessonID: "l"}); !errors.Is(err, ErrClosed) {
		t.Errorf("Record after Close = %v, want ErrClosed", err)
	}
	if err := r.Flush(); !errors.Is(err, ErrClosed) {
		t.Errorf("Flush after Close = %v, want ErrClosed", err)
	}
	if err := r.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
}

func TestRecorderFromManyGoroutines(t *testing.T) {
	s := openTemp(t)
	profiles := []Profile{mustProfile(t, s, "Marie"), mustProfile(t, s, "Ahmed")}
	r := s.NewRecorder(RecorderOptions{})
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			p := profiles[g%2]
			for i := 0; i < 250; i++ {
				if err := r.Record(Attempt{ProfileID: p.ID, PackID: "p", ModuleID: "m", LessonID: "l",
					Kind: "quiz", Score: 1, Passed: true, Answer: fmt.Sprint(g, i)}); err != nil {
					t.Error(err)
				}
				if i%100 == 0 {
					if err := r.Flush(); err != nil {
						t.Error(err)
					}
				}
			}
		}(g)
	}
	wg.Wait()
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	sum, err := s.Summary(ctx, profiles[0].ID, []ModuleInfo{{PackID: "p", ModuleID: "m"}}, SummaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Modules[0].Attempts != 1000 {
		t.Errorf("Marie has %d attempts, want 1000", sum.Modules[0].Attempts)
	}
}
