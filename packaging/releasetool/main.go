// Command releasetool signs and checks Déclic's release files and builds centre
// bundles, for scripts/dist.sh. Keys are Ed25519 keys in the records key-file format
// (the one `declic-centre keygen` writes), signatures raw 64-byte Ed25519 (openssl
// pkeyutl -verify -rawin checks them too).
//
//	releasetool keygen --key FILE                 new key file (mode 0600), prints its did:key
//	releasetool sign --key FILE [--pem OUT] FILE…  writes FILE.sig for each; OUT: public key as PEM
//	releasetool verify --pub did:key:… FILE…       checks FILE.sig for each
//	releasetool bundle --key FILE --name N [--contact C] [--logo L.png]
//	                   [--pack P.declic]… [--trust did:key:…|NAME.pub.toml]… --out DIR/declic-bundle
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/text/language"

	"declic/branding"
	"declic/i18n"
	"declic/keys"
	_ "declic/plugins/builtin" // bundle validates packs: the activity kinds must be known
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// multi is a repeatable string flag (--pack a --pack b).
type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

const usage = `usage:
  releasetool keygen --key FILE
  releasetool sign --key FILE [--pem OUT] FILE...
  releasetool verify --pub did:key:... FILE...
  releasetool bundle --key FILE --name NAME [--contact TEXT] [--logo LOGO.png] [--pack P.declic]... [--trust did:key:...|NAME.pub.toml]... --out DIR
`

// run executes one command and returns the exit code: 0 done, 1 failed check, 2 bad use.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	fs := flag.NewFlagSet("releasetool "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	keyPath := fs.String("key", "", "key file")
	pemOut := fs.String("pem", "", "write the public key as PEM here")
	pub := fs.String("pub", "", "did:key of the expected signer")
	name := fs.String("name", "", "centre name")
	contact := fs.String("contact", "", "contact line")
	logo := fs.String("logo", "", "PNG logo")
	out := fs.String("out", "", "bundle folder to create")
	var packs, trust multi
	fs.Var(&packs, "pack", ".declic pack to pre-install (repeatable)")
	fs.Var(&trust, "trust", "extra trusted key: did:key:… or a NAME.pub.toml file (repeatable)")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	files := fs.Args()
	// The tool speaks English to the developers who run it; the coded messages of the
	// domain packages (branding) come in the reader's language.
	english := i18n.New(language.English)
	var err error
	switch args[0] {
	case "keygen":
		err = keygen(*keyPath, stdout)
	case "sign":
		err = sign(*keyPath, *pemOut, files, stdout)
	case "verify":
		err = verify(*pub, files, stdout)
		if err != nil && !errors.Is(err, errUsage) {
			fmt.Fprintln(stderr, err)
			return 1
		}
	case "bundle":
		opts := branding.BuildOptions{Name: *name, Contact: *contact, Logo: *logo, Packs: packs}
		for _, t := range trust {
			e, terr := branding.TrustArg(t)
			if terr != nil {
				err = fmt.Errorf("--trust %s: %s", t, english.Error(terr))
				break
			}
			opts.Trust = append(opts.Trust, e)
		}
		if err == nil {
			err = bundle(*keyPath, *out, opts, stdout)
		}
	default:
		err = fmt.Errorf("%w: unknown command %q", errUsage, args[0])
	}
	if err != nil {
		fmt.Fprintln(stderr, "releasetool:", english.Error(err))
		if errors.Is(err, errUsage) {
			fmt.Fprint(stderr, usage)
			return 2
		}
		return 1
	}
	return 0
}

var errUsage = errors.New("bad usage")

func keygen(path string, stdout io.Writer) error {
	if path == "" {
		return fmt.Errorf("%w: --key FILE is required", errUsage)
	}
	k, err := keys.Generate()
	if err != nil {
		return err
	}
	if err := keys.Save(path, k, ""); err != nil {
		return err
	}
	fmt.Fprintln(stdout, k.DID())
	return nil
}

func sign(keyPath, pemOut string, files []string, stdout io.Writer) error {
	if keyPath == "" || len(files) == 0 {
		return fmt.Errorf("%w: sign needs --key FILE and at least one file", errUsage)
	}
	k, err := keys.Load(keyPath, "")
	if err != nil {
		return err
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		sig, err := branding.Sign(k, data)
		if err != nil {
			return err
		}
		if err := os.WriteFile(f+".sig", sig, 0o644); err != nil {
			return err
		}
	}
	if pemOut != "" {
		p, err := branding.PublicKeyPEM(k.Public())
		if err != nil {
			return err
		}
		if err := os.WriteFile(pemOut, p, 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintln(stdout, k.DID())
	return nil
}

func verify(did string, files []string, stdout io.Writer) error {
	if did == "" || len(files) == 0 {
		return fmt.Errorf("%w: verify needs --pub did:key:… and at least one file", errUsage)
	}
	pub, err := keys.ParseDID(did)
	if err != nil {
		return fmt.Errorf("%w: --pub: %v", errUsage, err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		sig, err := os.ReadFile(f + ".sig")
		if err != nil {
			return err
		}
		if !branding.Verify(pub, data, sig) {
			return fmt.Errorf("%s: BAD signature (not signed by %s, or changed since)", f, did)
		}
		fmt.Fprintf(stdout, "%s: good signature by %s\n", f, did)
	}
	return nil
}

func bundle(keyPath, out string, opts branding.BuildOptions, stdout io.Writer) error {
	if keyPath == "" || out == "" {
		return fmt.Errorf("%w: bundle needs --key FILE and --out DIR", errUsage)
	}
	k, err := keys.Load(keyPath, "")
	if err != nil {
		return err
	}
	opts.Key, opts.Dir = k, out
	m, err := branding.Build(opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: bundle for %q signed by %s, %d pack(s)\n", out, m.Name, m.Signer, len(m.Packs))
	return nil
}
