package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"

	"declic/attest"
	"declic/centre"
	"declic/centreweb"
	"declic/i18n"
	"declic/internal/cli"
	"declic/keys"
)

// DefaultPort is the port « Espace centre » listens on at 127.0.0.1, so a second
// double-click finds the first one running.
const DefaultPort = 8470

// settingsFile is the workspace's settings, in the user's configuration folder.
const settingsFile = "espace-centre.toml"

// settings are what espace-centre.toml holds; flags and environment variables win.
type settings struct {
	Ledger string   `toml:"ledger"`
	Centre string   `toml:"centre"`
	Key    string   `toml:"key"`
	Packs  string   `toml:"packs"`
	Trust  string   `toml:"trust"`
	Policy string   `toml:"policy"`
	Roots  []string `toml:"roots"`
}

// serveCommand opens « Espace centre » in the browser.
type serveCommand struct {
	ledgerOptions
	identityOptions
	keyOptions
	catalogueOptions
	policy, listen, configDir string
	roots                     []string
	noBrowser                 bool
}

func (*serveCommand) Name() string { return "serve" }

func (c *serveCommand) Flags(f *cli.Flags) {
	c.ledgerOptions.flags(f)
	c.identityOptions.flags(f)
	c.keyOptions.flags(f)
	c.catalogueOptions.flags(f)
	f.String(&c.policy, "policy", "", "declicentre.value.file", "declicentre.flag.policy")
	f.String(&c.listen, "listen", "", "declicentre.value.address", "declicentre.serve.flag_listen")
	f.Strings(&c.roots, "folder", "", "declicentre.value.folder", "declicentre.serve.flag_folder")
	f.String(&c.configDir, "config", "", "declicentre.value.folder", "declicentre.serve.flag_config")
	f.Bool(&c.noBrowser, "no-browser", "", "declicentre.serve.flag_no_browser")
}

// configFolder is where the workspace keeps its settings, key, certificate and accounts.
func (c *serveCommand) configFolder() (string, error) {
	if c.configDir != "" {
		return c.configDir, nil
	}
	d, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "declic-centre"), nil
}

// readSettings reads espace-centre.toml, writing a first one with the default places
// when there is none, so staff can see and change them.
func readSettings(dir string) (settings, error) {
	path := filepath.Join(dir, settingsFile)
	s := settings{Ledger: filepath.Join(dir, "registre", "centre.db"), Key: filepath.Join(dir, "cle-du-centre")}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		if home, err := os.UserHomeDir(); err == nil {
			s.Roots = []string{home}
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return s, err
		}
		out, _ := toml.Marshal(s)
		header := "# Réglages de « Déclic – Espace centre » (docs/centres.md, « Réglages »).\n" +
			"# ledger : le registre (fichier .db, ou postgres://… pour un réseau) ; centre : identifiant du centre ;\n" +
			"# key : dossier de la clé du centre ; roots : dossiers que l'Espace centre peut lire (les clés USB s'ajoutent seules).\n"
		return s, os.WriteFile(path, append([]byte(header), out...), 0o600)
	}
	if err != nil {
		return s, err
	}
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return s, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

func (c *serveCommand) Run(ctx context.Context, env *cli.Env, _ []string) error {
	dir, err := c.configFolder()
	if err != nil {
		return err
	}
	set, err := readSettings(dir)
	if err != nil {
		return failed(i18n.M("declicentre.serve.settings_error", "Text", centre.Clean(err.Error())))
	}
	pick := func(flag, envName, file string) string {
		if flag != "" {
			return flag
		}
		if v := env.Getenv(envName); v != "" {
			return v
		}
		return file
	}
	where := pick(c.ledger, envLedger, set.Ledger)
	centreID := pick(c.centre, envCentre, set.Centre)
	keyPath := pick(c.key, envKey, set.Key)
	c.key = keyPath
	if c.packs == "" {
		c.packs = set.Packs
	}
	if c.trust == "" {
		c.trust = set.Trust
	}
	if c.policy == "" {
		c.policy = set.Policy
	}
	policy, err := loadPolicy(c.policy)
	if err != nil {
		return err
	}
	cat, err := c.catalogueOptions.load(env, false)
	if err != nil {
		return err
	}
	// The first start makes the centre's key where the settings say, never beside the
	// ledger; later starts load it.
	kp := c.keyOptions.path(env)
	if _, err := os.Stat(kp); errors.Is(err, os.ErrNotExist) && !strings.HasSuffix(strings.ToLower(kp), ".json") {
		kp = filepath.Join(kp, keys.FileName) // a folder not made yet, as keygen --dir names it
	}
	if _, err := os.Stat(kp); errors.Is(err, os.ErrNotExist) && keyPath == set.Key {
		k, created, err := keygen(env, kp, false)
		if err != nil {
			return err
		}
		if created {
			say(env, i18n.M("declicentre.serve.key_created", "Path", centre.Clean(kp), "Code", k.Fingerprint()))
		}
	}
	if !centre.IsNetwork(where) {
		kd, _ := filepath.Abs(filepath.Dir(kp))
		ld, _ := filepath.Abs(filepath.Dir(where))
		if kd == ld {
			return failed(i18n.M("declicentre.key_beside_ledger", "Path", centre.Clean(kp)))
		}
	}
	_, operator := c.resolve(env)
	roots := append(append([]string{}, set.Roots...), c.roots...)
	cfg := centreweb.Config{Ledger: where, Centre: centreID, KeyPath: kp, Passphrase: env.Getenv(envPassphrase), Operator: operator,
		Policy: policy, Catalogue: cat, Roots: roots, Now: env.Now, Language: env.Tr.Language(),
		Drives: func() []string {
			var out []string
			for _, d := range attest.RemovableDrives() {
				out = append(out, d.Path)
			}
			return out
		},
		Log: log.New(env.Stderr, "espace-centre: ", log.LstdFlags)}
	if c.listen == "" || isLoopback(c.listen) {
		return c.serveLocal(ctx, env, dir, cfg)
	}
	return c.serveNetwork(ctx, env, dir, cfg)
}

func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	ip := net.ParseIP(host)
	return host == "localhost" || (ip != nil && ip.IsLoopback())
}

// linkFile holds the running local server's address and control secret, owner-only.
const linkFile = "espace-centre.lien"

// serveLocal serves on 127.0.0.1 and opens a one-time link in the browser. When the
// workspace already runs, it asks it for a new link instead.
func (c *serveCommand) serveLocal(ctx context.Context, env *cli.Env, dir string, cfg centreweb.Config) error {
	addr := c.listen
	if addr == "" {
		addr = fmt.Sprintf("127.0.0.1:%d", DefaultPort)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if link, ok := askRunning(dir); ok {
			say(env, i18n.M("declicentre.serve.already", "Link", link))
			c.open(env, link)
			return nil
		}
		if c.listen != "" {
			return failed(i18n.M("declicentre.serve.cannot_listen", "Addr", addr, "Text", centre.Clean(err.Error())))
		}
		if ln, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			return failed(i18n.M("declicentre.serve.cannot_listen", "Addr", addr, "Text", centre.Clean(err.Error())))
		}
	}
	cfg.Local = true
	srv, err := centreweb.New(cfg)
	if err != nil {
		ln.Close()
		return err
	}
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	control := filepath.Join(dir, linkFile)
	if err := os.WriteFile(control, []byte(base+"\n"+srv.ControlSecret()+"\n"), 0o600); err == nil {
		defer os.Remove(control)
	}
	link := base + srv.LoginLink()
	say(env, i18n.M("declicentre.serve.local", "URL", base, "Ledger", srv.Describe()))
	say(env, i18n.M("declicentre.serve.link", "Link", link))
	c.open(env, link)
	return run(ctx, env, &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}, ln)
}

// askRunning asks the workspace already running for this user for a new link.
func askRunning(dir string) (string, bool) {
	data, err := os.ReadFile(filepath.Join(dir, linkFile))
	if err != nil {
		return "", false
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "http://127.0.0.1:") {
		return "", false
	}
	req, _ := http.NewRequest("POST", lines[0]+"/_local/lien", nil)
	req.Header.Set("X-Declic-Secret", lines[1])
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		return "", false
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(string(b), "/connexion?jeton=") {
		return "", false
	}
	return lines[0] + string(b), true
}

// serveNetwork serves on the centre's network: TLS with the workspace's certificate,
// operator accounts required.
func (c *serveCommand) serveNetwork(ctx context.Context, env *cli.Env, dir string, cfg centreweb.Config) error {
	accounts := centreweb.OpenAccounts(filepath.Join(dir, accountsFile))
	list, err := accounts.List()
	if err != nil {
		return err
	}
	admins := 0
	for _, a := range list {
		if a.Role == centreweb.RoleAdmin {
			admins++
		}
	}
	if admins == 0 {
		return failed(i18n.M("declicentre.serve.no_accounts", "Config", centre.Clean(dir)))
	}
	host, _, _ := net.SplitHostPort(c.listen)
	hosts := append([]string{host}, centreweb.LocalNetworkAddresses()...)
	if h, err := os.Hostname(); err == nil {
		hosts = append(hosts, h)
	}
	cert, created, err := centreweb.LoadOrCreateCertificate(filepath.Join(dir, "tls"), hosts, env.Now())
	if err != nil {
		return failed(i18n.M("declicentre.serve.tls_error", "Text", centre.Clean(err.Error())))
	}
	cfg.Accounts, cfg.Secure = accounts, true
	srv, err := centreweb.New(cfg)
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", c.listen)
	if err != nil {
		return failed(i18n.M("declicentre.serve.cannot_listen", "Addr", c.listen, "Text", centre.Clean(err.Error())))
	}
	if created {
		say(env, i18n.M("declicentre.serve.cert_created", "Path", filepath.Join(dir, "tls")))
	}
	say(env, i18n.M("declicentre.serve.network", "Addr", ln.Addr().String(), "Ledger", srv.Describe(), "Fingerprint", centreweb.Fingerprint(cert)))
	tlsLn := tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
	return run(ctx, env, &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}, tlsLn)
}

// run serves until the context ends (Ctrl+C), then stops cleanly.
func run(ctx context.Context, env *cli.Env, hs *http.Server, ln net.Listener) error {
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(shut)
		say(env, i18n.M("declicentre.serve.stopped"))
		return nil
	}
}

// open opens the link in the default browser, unless --no-browser.
func (c *serveCommand) open(env *cli.Env, link string) {
	if c.noBrowser || env.Getenv("DECLIC_NO_BROWSER") != "" {
		return
	}
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", link)
	case "darwin":
		cmd = exec.Command("open", link)
	default:
		cmd = exec.Command("xdg-open", link)
	}
	if err := cmd.Start(); err != nil {
		warn(env, i18n.M("declicentre.serve.no_browser"))
		return
	}
	go cmd.Wait()
}
