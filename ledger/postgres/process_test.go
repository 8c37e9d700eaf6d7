package postgres

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"declic/ledger"
	"declic/ledger/ledgertest"
)

// Environment of the helper process: the ledger URL and the centre it credits for.
const (
	helperURL    = "DECLIC_TEST_HELPER_URL"
	helperCentre = "DECLIC_TEST_HELPER_CENTRE"
	helperOrder  = "DECLIC_TEST_HELPER_REVERSE"
	helperStart  = "DECLIC_TEST_HELPER_START" // folder: the helper writes <centre>.ready, then waits for "go"
)

// waitFor polls until path exists (or a minute has passed).
func waitFor(path string) bool {
	for range 6000 {
		if _, err := os.Stat(path); err == nil {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return false
}

const processRecords = 1000

// runCreditProcess is what TestTwoProcessesTwoCentres runs this test binary for, twice,
// as two separate processes crediting the same records: TestMain calls it instead of
// running the tests when helperURL is set. It never returns.
func runCreditProcess(url string) {
	s, err := Open(context.Background(), url)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	centre, reverse := os.Getenv(helperCentre), os.Getenv(helperOrder) != ""
	// Both processes are connected before either credits: they really race.
	start := os.Getenv(helperStart)
	if os.WriteFile(filepath.Join(start, centre+".ready"), nil, 0o600) != nil || !waitFor(filepath.Join(start, "go")) {
		fmt.Println("error: no start signal")
		os.Exit(3)
	}
	credited := 0
	for k := range processRecords {
		n := k
		if reverse {
			n = processRecords - 1 - k
		}
		req := ledgertest.Request(centre, fmt.Sprint("L", n%50), n)
		req.LearnerKey = ledgertest.KeyOf(fmt.Sprint("profile", n%50)).DID()
		_, err := s.Credit(context.Background(), req)
		switch r := ledger.RefusalOf(err); {
		case err == nil:
			credited++
		case r != nil && (r.Code == ledger.CodeDuplicateRecord || r.Code == ledger.CodeDuplicateKey) && r.Holder != nil && r.Holder.Centre != centre:
		default:
			fmt.Println("error", err)
			os.Exit(3)
		}
	}
	s.Close() // os.Exit runs no deferred call
	fmt.Println("credited", credited)
	os.Exit(0)
}

// Two processes (this test binary, run twice), one per centre, credit the same 1,000
// records in opposite orders: each record is credited once, and the totals add up.
func TestTwoProcessesTwoCentres(t *testing.T) {
	s, url := openNew(t)
	start := t.TempDir()
	var wg sync.WaitGroup
	counts := make([]int, 2)
	for i, centre := range []string{"epn-nord", "epn-sud"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), helperURL+"="+url, helperCentre+"="+centre, helperStart+"="+start)
			if i == 1 {
				cmd.Env = append(cmd.Env, helperOrder+"=1")
			}
			out, err := cmd.CombinedOutput()
			_, after, found := strings.Cut(string(out), "credited ")
			if err != nil || !found {
				t.Errorf("%s: %v\n%s", centre, err, out)
				return
			}
			counts[i], _ = strconv.Atoi(strings.Fields(after)[0])
		}()
	}
	if waitFor(filepath.Join(start, "epn-nord.ready")) && waitFor(filepath.Join(start, "epn-sud.ready")) {
		os.WriteFile(filepath.Join(start, "go"), nil, 0o600)
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	var entries, records int
	var hours float64
	if err := s.DB().QueryRow(`SELECT count(*), count(DISTINCT record_id), SUM(hours_credited) FROM entries`).Scan(&entries, &records, &hours); err != nil {
		t.Fatal(err)
	}
	if counts[0]+counts[1] != processRecords || counts[0] == 0 || counts[1] == 0 || entries != processRecords || records != processRecords || hours != 1.5*processRecords {
		t.Fatalf("processes credited %v; ledger has %d entries, %d records, %v h", counts, entries, records, hours)
	}
	if problems, err := s.CheckChain(context.Background()); err != nil || len(problems) != 0 {
		t.Fatalf("chains: %v %v", problems, err)
	}
	t.Logf("epn-nord credited %d, epn-sud %d", counts[0], counts[1])
}
