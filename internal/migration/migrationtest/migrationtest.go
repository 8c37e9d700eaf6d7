// Package migrationtest helps the tests of schema migrations: it turns what a database
// holds (its schema, its rows) into text two databases can be compared by, and kills a
// child process at the moment a test chooses, as a power cut or a killed program would.
package migrationtest

import (
	"bufio"
	"database/sql"
	"fmt"
	"os/exec"
	"sort"
	"strings"
	"testing"
	"time"
)

// SQLiteSchema returns every table, index, trigger and view of a SQLite database with
// its SQL, sorted.
func SQLiteSchema(t testing.TB, db *sql.DB) []string {
	t.Helper()
	return Column(t, db, `SELECT type || ' ' || name || ' on ' || tbl_name || ': ' || COALESCE(sql, '')
		FROM sqlite_master ORDER BY type, name`)
}

// SQLiteColumns returns the columns of every table of a SQLite database, by table, in
// their order.
func SQLiteColumns(t testing.TB, db *sql.DB) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, table := range Column(t, db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`) {
		out[table] = Column(t, db, `SELECT name FROM pragma_table_info('`+table+`') ORDER BY cid`)
	}
	return out
}

// Rows returns, for each table of columns, its rows as text (each value with its Go
// type), sorted: two databases hold the same data in those columns when their Rows are
// equal. Table and column names come from the test, never from outside.
func Rows(t testing.TB, db *sql.DB, columns map[string][]string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for table, cols := range columns {
		rows, err := db.Query(`SELECT ` + strings.Join(cols, ", ") + ` FROM ` + table)
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for i, v := range vals {
				switch x := v.(type) {
				case []byte:
					v = string(x)
				case time.Time:
					v = x.UTC().Format(time.RFC3339Nano)
				}
				fmt.Fprintf(&b, "%s=%T:%v|", cols[i], v, v)
			}
			out[table] = append(out[table], b.String())
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		sort.Strings(out[table])
	}
	return out
}

// Column returns the first column of every row a query gives, as text.
func Column(t testing.TB, db *sql.DB, query string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s sql.NullString
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s.String)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// Kill starts cmd, waits until it prints the line signal on its standard output, waits
// delay more, and kills it (SIGKILL on Unix). It returns every line the child printed
// before dying. A child that ends or stays silent 20 s before the signal fails the test.
func Kill(t testing.TB, cmd *exec.Cmd, signal string, delay time.Duration) []string {
	t.Helper()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 64)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var said []string
	deadline := time.After(20 * time.Second)
	for waiting := true; waiting; {
		select {
		case line, ok := <-lines:
			if !ok {
				cmd.Wait()
				t.Fatalf("the child ended before saying %q; it said %q", signal, said)
			}
			said = append(said, line)
			waiting = line != signal
		case <-deadline:
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("the child did not say %q in 20 s", signal)
		}
	}
	time.Sleep(delay)
	cmd.Process.Kill()
	for line := range lines {
		said = append(said, line)
	}
	cmd.Wait()
	return said
}
