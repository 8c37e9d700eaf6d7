package centre

import (
	"fmt"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// CheckEach hands every file's result in file order, whether it checks them on one
// core (a few files) or on several (many).
func TestCheckEachGivesEveryResultInFileOrder(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	dir := t.TempDir()
	for _, n := range []int{0, 1, 5, filesPerChecker - 1, 2 * filesPerChecker, 5*filesPerChecker + 3} {
		t.Run(fmt.Sprint(n, " files"), func(t *testing.T) {
			var files []string
			for i := range n {
				files = append(files, filepath.Join(dir, fmt.Sprintf("absent-%03d.json", i)))
			}
			var got []string
			CheckEach(files, time.Time{}, nil, func(c Checked) {
				if c.Err == nil {
					t.Errorf("%s: a missing file was found valid", c.File)
				}
				got = append(got, c.File)
			})
			if fmt.Sprint(got) != fmt.Sprint(files) {
				t.Fatalf("results in the order\n%v\nwant\n%v", got, files)
			}
		})
	}
}
