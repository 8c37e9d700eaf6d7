package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"declic/i18n"
	"declic/internal/cli"
)

// lockedBuffer is an output a test reads while the command writes it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}
func (b *lockedBuffer) String() string { b.mu.Lock(); defer b.mu.Unlock(); return b.buf.String() }

func freeAddress(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

var linkLine = regexp.MustCompile(`(http://127\.0\.0\.1:\d+/connexion\?jeton=[A-Za-z0-9_-]+)`)

func TestServeOpensTheWorkspaceWithAOneTimeLinkAndMakesTheCentreKey(t *testing.T) {
	config := t.TempDir()
	var out, errOut lockedBuffer
	getenv := func(k string) string { return map[string]string{"DECLIC_NO_BROWSER": "1", envOperator: "Claire"}[k] }
	env := &cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: getenv, Tr: i18n.New(i18n.DetectFrom(getenv)),
		Now: func() time.Time { return testNow }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		done <- program().Main(ctx, env, []string{"serve", "--config", config, "--listen", freeAddress(t)})
	}()
	var link string
	for range 200 {
		if m := linkLine.FindStringSubmatch(out.String()); m != nil {
			link = m[1]
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if link == "" {
		cancel()
		t.Fatalf("no link:\n%s%s", out.String(), errOut.String())
	}
	for _, want := range []string{"Clé du centre créée", "Espace centre ouvert sur http://127.0.0.1:"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("serve says nothing of %q:\n%s", want, out.String())
		}
	}
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	resp, err := client.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Connecté : Claire") {
		t.Fatalf("the link: %d\n%s", resp.StatusCode, body)
	}
	// The settings file and the key were made in the configuration folder; the ledger
	// was not: the workspace asks first.
	for _, f := range []string{settingsFile, filepath.Join("cle-du-centre", "installation-key.json")} {
		if _, err := os.Stat(filepath.Join(config, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	if _, err := os.Stat(filepath.Join(config, "registre", "centre.db")); err == nil {
		t.Error("serve created a ledger unasked")
	}
	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errOut.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}

func TestServeOnTheNetworkNeedsAnAdministratorAccount(t *testing.T) {
	config := t.TempDir()
	code, _, errOut := runWithEnv(t, map[string]string{"DECLIC_NO_BROWSER": "1"}, "serve", "--config", config, "--listen", "0.0.0.0:0")
	if code != exitBadInput || !strings.Contains(errOut, "créez d'abord un administrateur") {
		t.Fatalf("%d %s", code, errOut)
	}
	env := map[string]string{"DECLIC_ACCOUNT_PASSWORD": "une phrase assez longue"}
	if code, out, errOut := runWithEnv(t, env, "account", "add", "--name", "claire", "--role", "admin", "--config", config); code != exitOK ||
		!strings.Contains(out, "Compte claire créé") {
		t.Fatalf("account add: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := runWithEnv(t, map[string]string{"DECLIC_ACCOUNT_PASSWORD": "court"}, "account", "add", "--name", "paul", "--config", config); code != exitBadInput ||
		!strings.Contains(errOut, "mot de passe trop court") {
		t.Fatalf("short password: %d %s", code, errOut)
	}
	if code, out, _ := runWithEnv(t, nil, "account", "list", "--config", config); code != exitOK || !strings.Contains(out, "claire (admin)") {
		t.Fatalf("account list: %d %s", code, out)
	}
	if code, _, errOut := runWithEnv(t, nil, "account", "remove", "--name", "claire", "--config", config); code != exitBadInput ||
		!strings.Contains(errOut, "dernier administrateur") {
		t.Fatalf("removing the last admin: %d %s", code, errOut)
	}
}
