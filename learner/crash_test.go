package learner

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The crash tests re-run this test binary as a child process (the child's role is
// chosen by environment variables) and kill it with SIGKILL while it writes.
const (
	envChildRole    = "DECLIC_LEARNER_CHILD"
	envChildDB      = "DECLIC_LEARNER_CHILD_DB"
	envChildProfile = "DECLIC_LEARNER_CHILD_PROFILE"
	envChildStart   = "DECLIC_LEARNER_CHILD_START"
	envChildCount   = "DECLIC_LEARNER_CHILD_COUNT"
)

// runChild is the child process the crash tests start (this test binary again, with
// envChildRole set): TestMain calls it instead of running the tests.
func runChild(role string) {
	if role == "migrate" || role == "migrate-hold" {
		childMigrate(os.Getenv(envChildDB), role == "migrate-hold")
	}
	s, err := Open(os.Getenv(envChildDB))
	if err != nil {
		fmt.Printf("error %v\n", err)
		os.Exit(3)
	}
	profile := os.Getenv(envChildProfile)
	start, _ := strconv.Atoi(os.Getenv(envChildStart))
	switch role {
	case "ack", "flush":
		childWriteUntilKilled(s, profile, start, role == "flush")
	case "writer":
		n, _ := strconv.Atoi(os.Getenv(envChildCount))
		childWriteSync(s, profile, start, n)
	}
	s.Close()
	os.Exit(0)
}

// childWriteUntilKilled records an endless stream of events and prints "ack N"
// once every event up to N is acknowledged, through callbacks or through Flush.
func childWriteUntilKilled(s *Store, profile string, start int, useFlush bool) {
	out := bufio.NewWriter(os.Stdout)
	var mu sync.Mutex
	printAck := func(n int) {
		mu.Lock()
		fmt.Fprintf(out, "ack %d\n", n)
		out.Flush()
		mu.Unlock()
	}
	r := s.NewRecorder(RecorderOptions{OnError: func(err error) {
		mu.Lock()
		fmt.Fprintf(out, "error %v\n", err)
		out.Flush()
		mu.Unlock()
	}})
	for i := start; ; i++ {
		step := StepView{ProfileID: profile, PackID: "crash", ModuleID: "m", LessonID: "l", Step: i}
		other := []Event{
			Attempt{ProfileID: profile, PackID: "crash", ModuleID: "m", LessonID: "l", Step: i, Kind: "quiz",
				Score: 1, Passed: true, Answer: strings.Repeat("r", i%200)},
			ActiveSpan{ProfileID: profile, PackID: "crash", ModuleID: "m", Start: time.Now(), End: time.Now()},
		}[i%2]
		r.Record(other)
		if useFlush {
			r.Record(step)
			if i%25 == 0 {
				if err := r.Flush(); err == nil {
					printAck(i)
				}
			}
		} else {
			r.RecordThen(step, func(err error) {
				if err == nil {
					printAck(i)
				}
			})
		}
		if i%8 == 0 {
			time.Sleep(200 * time.Microsecond) // a fast learner, not a flood
		}
	}
}

// childWriteSync writes n step views, one transaction each, reading the summary
// in between: the second window of the two-process test.
func childWriteSync(s *Store, profile string, start, n int) {
	for i := start; i < start+n; i++ {
		if err := s.Record(ctx, StepView{ProfileID: profile, PackID: "two", ModuleID: "m", LessonID: "l", Step: i}); err != nil {
			fmt.Printf("error %v\n", err)
			os.Exit(4)
		}
		if i%50 == 0 {
			if _, err := s.Summary(ctx, profile, []ModuleInfo{{PackID: "two", ModuleID: "m"}}, SummaryOptions{}); err != nil {
				fmt.Printf("error %v\n", err)
				os.Exit(5)
			}
		}
	}
	fmt.Println("done")
}

func childCommand(t *testing.T, role, db, profile string, start int, extra ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.count=1")
	cmd.Env = append(os.Environ(),
		envChildRole+"="+role, envChildDB+"="+db, envChildProfile+"="+profile,
		envChildStart+"="+strconv.Itoa(start))
	cmd.Env = append(cmd.Env, extra...)
	cmd.Stderr = os.Stderr
	return cmd
}

// TestKilledMidStreamLosesNoAcknowledgedEvent kills a writing child 50 times. After
// each kill the database must open, pass integrity_check, and hold every event
// acknowledged before the kill, exactly once.
func TestKilledMidStreamLosesNoAcknowledgedEvent(t *testing.T) {
	if testing.Short() {
		t.Skip("kills 50 child processes")
	}
	path := filepath.Join(t.TempDir(), "learner.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	profile := mustProfile(t, s, "Marie").ID
	s.Close()

	rng := rand.New(rand.NewPCG(6, 2026))
	next := 0
	totalAcked := 0
	for run := 0; run < 50; run++ {
		role := []string{"ack", "flush"}[run%2]
		cmd := childCommand(t, role, path, profile, next)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 1024)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		lastAck := -1
		var problems []string
		read := func(line string) {
			if n, ok := strings.CutPrefix(line, "ack "); ok {
				v, _ := strconv.Atoi(n)
				lastAck = max(lastAck, v)
			} else {
				problems = append(problems, line)
			}
		}
		// Wait for the child to be writing, then kill it at a random moment.
		deadline := time.After(20 * time.Second)
	waiting:
		for {
			select {
			case line, ok := <-lines:
				if !ok {
					break waiting
				}
				read(line)
				if lastAck >= 0 {
					break waiting
				}
			case <-deadline:
				t.Fatalf("run %d: the child acknowledged nothing in 20 s", run)
			}
		}
		time.Sleep(time.Duration(rng.IntN(60)) * time.Millisecond)
		cmd.Process.Kill()
		for line := range lines { // what the child printed before dying
			read(line)
		}
		cmd.Wait()
		if len(problems) > 0 {
			t.Fatalf("run %d: child reported %v", run, problems)
		}

		s, err := Open(path)
		if err != nil {
			t.Fatalf("run %d: Open after kill: %v", run, err)
		}
		if err := s.IntegrityCheck(ctx); err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		var present, distinct, maxStep int
		s.db.QueryRow(`SELECT count(*), count(DISTINCT step) FROM step_views WHERE pack_id = 'crash' AND step BETWEEN ? AND ?`,
			next, lastAck).Scan(&present, &distinct)
		s.db.QueryRow(`SELECT coalesce(max(step), -1) FROM step_views WHERE pack_id = 'crash'`).Scan(&maxStep)
		if want := lastAck - next + 1; present != want || distinct != want {
			t.Fatalf("run %d (%s): events %d..%d acknowledged, %d present (%d distinct)",
				run, role, next, lastAck, present, distinct)
		}
		totalAcked += lastAck - next + 1
		next = maxStep + 1
		s.Close()
	}
	t.Logf("50 kills, %d acknowledged step views, all present", totalAcked)
}

// TestTwoProcessesOnOneFileBothWorkSafely runs a second process writing to the
// same database while this one writes through a Recorder: with WAL and
// busy_timeout they take turns, and nothing is lost or corrupted.
func TestTwoProcessesOnOneFileBothWorkSafely(t *testing.T) {
	path := filepath.Join(t.TempDir(), "learner.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mine, theirs := mustProfile(t, s, "Marie"), mustProfile(t, s, "Ahmed")
	const n = 400
	cmd := childCommand(t, "writer", path, theirs.ID, 0, envChildCount+"="+strconv.Itoa(n))
	var out strings.Builder
	cmd.Stdout = &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := s.NewRecorder(RecorderOptions{})
	for i := 0; i < n; i++ {
		r.Record(StepView{ProfileID: mine.ID, PackID: "two", ModuleID: "m", LessonID: "l", Step: i})
		if i%20 == 0 {
			if err := r.Flush(); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil || strings.TrimSpace(out.String()) != "done" {
		t.Fatalf("second process: %v, output %q", err, out.String())
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	if a, b := stepViews(t, s, mine.ID), stepViews(t, s, theirs.ID); a != n || b != n {
		t.Errorf("step views: this process %d, the other %d; want %d each", a, b, n)
	}
}
