// Package pgtest starts a real, throwaway PostgreSQL server for tests: initdb in a
// temporary directory, pg_ctl on a free loopback port (127.0.0.1 only), trust
// authentication, and a fresh database per test. As root it runs the server as the
// postgres user (PostgreSQL refuses to run as root).
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// Server is a running test server.
type Server struct {
	Port    int
	dir     string // temporary directory: data/, socket/, log
	bin     string // folder holding initdb, pg_ctl, postgres
	asUser  []string
	counter atomic.Int64
}

// binDir finds the PostgreSQL server programs: the newest /usr/lib/postgresql/<ver>/bin,
// else the folder of initdb on PATH.
func binDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool {
		vi, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[i])))
		vj, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[j])))
		return vi > vj
	})
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "pg_ctl")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		return filepath.Dir(p), nil
	}
	return "", errors.New("PostgreSQL introuvable : installez le paquet postgresql (scripts/install-deps.sh postgresql)")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Start creates and starts a server. Settings favour test speed (fsync off) unless
// durable is true, as benchmarks want.
func Start(durable bool) (*Server, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "declic-pg-")
	if err != nil {
		return nil, err
	}
	s := &Server{dir: dir, bin: bin}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("le serveur ne peut pas tourner en root, et l'utilisateur postgres manque : %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		s.asUser = []string{"runuser", "-u", "postgres", "--"}
	}
	if out, err := s.command(filepath.Join(bin, "initdb"), "-D", s.data(), "-U", "postgres", "--auth=trust",
		"-E", "UTF8", "--locale=C", "--no-sync").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb : %w\n%s", err, out)
	}
	if err := os.WriteFile(filepath.Join(s.data(), "postgresql.auto.conf"), []byte(settings(durable)), 0o600); err != nil {
		s.Stop()
		return nil, err
	}
	if s.asUser != nil {
		exec.Command("chown", "postgres", filepath.Join(s.data(), "postgresql.auto.conf")).Run()
	}
	for range 5 { // a port taken between freePort and listen: try another
		if s.Port, err = freePort(); err != nil {
			break
		}
		if err = s.Restart(); err == nil {
			s.stopOnSignal()
			return s, nil
		}
	}
	s.Stop()
	return nil, err
}

func settings(durable bool) string {
	conf := "listen_addresses = '127.0.0.1'\nunix_socket_directories = ''\nmax_connections = 100\nshared_buffers = 32MB\n"
	if !durable {
		conf += "fsync = off\nfull_page_writes = off\n" // a killed server keeps every commit (the OS still has it)
	}
	return conf
}

func (s *Server) data() string { return filepath.Join(s.dir, "data") }

func (s *Server) command(name string, args ...string) *exec.Cmd {
	all := append(append(append([]string{}, s.asUser...), name), args...)
	cmd := exec.Command(all[0], all[1:]...)
	cmd.Dir = s.dir
	return cmd
}

// Restart starts the server again on the same port and data (after Kill).
func (s *Server) Restart() error {
	out, err := s.command(filepath.Join(s.bin, "pg_ctl"), "start", "-w", "-t", "30", "-D", s.data(),
		"-l", filepath.Join(s.dir, "log"), "-o", "-p "+strconv.Itoa(s.Port)).CombinedOutput()
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(s.dir, "log"))
		return fmt.Errorf("pg_ctl start : %w\n%s\n%s", err, out, tail(string(log), 2000))
	}
	return nil
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// Kill stops the server the hard way (pg_ctl stop -m immediate: every process quits at
// once, no checkpoint), as a crash or a cut cable would.
func (s *Server) Kill() error {
	out, err := s.command(filepath.Join(s.bin, "pg_ctl"), "stop", "-m", "immediate", "-w", "-D", s.data()).CombinedOutput()
	if err != nil {
		return fmt.Errorf("pg_ctl stop : %w\n%s", err, out)
	}
	return nil
}

// stopOnSignal stops the server when the test binary is interrupted or terminated
// (Ctrl+C, go test's timeout), so no server outlives its tests.
func (s *Server) stopOnSignal() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM, syscall.SIGQUIT)
	go func() {
		sig := <-c
		s.Stop()
		fmt.Fprintf(os.Stderr, "pgtest: %v : serveur PostgreSQL de test arrêté\n", sig)
		os.Exit(2)
	}()
}

// Stop stops the server and removes its directory.
func (s *Server) Stop() {
	s.command(filepath.Join(s.bin, "pg_ctl"), "stop", "-m", "fast", "-w", "-D", s.data()).Run()
	os.RemoveAll(s.dir)
}

// URL is the connection URL of database db as user.
func (s *Server) URL(db, user string) string {
	return fmt.Sprintf("postgres://%s@127.0.0.1:%d/%s?sslmode=disable", user, s.Port, db)
}

// Exec runs SQL statements as the superuser in database db.
func (s *Server) Exec(db, statements string) error {
	conn, err := sql.Open("pgx", s.URL(db, "postgres"))
	if err != nil {
		return err
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err = conn.ExecContext(ctx, statements)
	return err
}

// NewDatabase creates an empty database and returns its superuser URL.
func (s *Server) NewDatabase() (string, error) {
	name := fmt.Sprintf("ledger_%d_%d", os.Getpid(), s.counter.Add(1))
	if err := s.Exec("postgres", "CREATE DATABASE "+name); err != nil {
		return "", fmt.Errorf("CREATE DATABASE : %w", err)
	}
	return s.URL(name, "postgres"), nil
}

// Database is the database name in a URL made by URL or NewDatabase.
func Database(url string) string {
	_, rest, _ := strings.Cut(strings.TrimPrefix(url, "postgres://"), "/")
	name, _, _ := strings.Cut(rest, "?")
	return name
}

// Banner is the loud message tests print when the server cannot start.
func Banner(err error) string {
	line := strings.Repeat("!", 78)
	return fmt.Sprintf("\n%s\n!! PostgreSQL NE DÉMARRE PAS : les tests PostgreSQL sont SAUTÉS.\n!! %v\n!! Installez-le : scripts/install-deps.sh postgresql\n%s\n", line, err, line)
}

// Network is a database set up as docs/centres.md says: tables owned by declic_owner,
// the everyday administrator declic_admin, and one role per centre, all made by
// scripts/pg-centre-role.sh.
type Network struct {
	server *Server
	db     string
}

// NewNetwork creates a database owned by declic_owner, runs open (which must create the
// tables as the owner, e.g. by opening the ledger at OwnerURL), then gives declic_admin
// and each centre its role with the SQL that script prints.
func (s *Server) NewNetwork(script string, open func(ownerURL string) error, centres ...string) (*Network, error) {
	name := fmt.Sprintf("network_%d_%d", os.Getpid(), s.counter.Add(1))
	if err := s.Exec("postgres", `DO $$ BEGIN CREATE ROLE declic_owner LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`); err != nil {
		return nil, err
	}
	if err := s.Exec("postgres", "CREATE DATABASE "+name+" OWNER declic_owner"); err != nil {
		return nil, fmt.Errorf("CREATE DATABASE : %w", err)
	}
	n := &Network{server: s, db: name}
	if err := open(n.OwnerURL()); err != nil {
		return nil, err
	}
	for _, role := range append([]string{"--admin"}, centres...) {
		grants, err := exec.Command("bash", script, role, name).Output()
		if err != nil {
			return nil, fmt.Errorf("%s %s : %w", script, role, err)
		}
		if err := s.Exec(name, string(grants)); err != nil {
			return nil, fmt.Errorf("%s %s : %w\n%s", script, role, err, grants)
		}
	}
	return n, nil
}

// OwnerURL connects as the tables' owner.
func (n *Network) OwnerURL() string { return n.server.URL(n.db, "declic_owner") }

// AdminURL connects as the everyday administrator.
func (n *Network) AdminURL() string { return n.server.URL(n.db, "declic_admin") }

// CentreURL connects as a centre's role.
func (n *Network) CentreURL(centre string) string { return n.server.URL(n.db, centre) }

// Exec runs SQL as the superuser in the network's database.
func (n *Network) Exec(statements string) error { return n.server.Exec(n.db, statements) }

// ExecAs runs SQL as role in the network's database.
func (n *Network) ExecAs(role, statements string) error {
	conn, err := sql.Open("pgx", n.server.URL(n.db, role))
	if err != nil {
		return err
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err = conn.ExecContext(ctx, statements)
	return err
}
