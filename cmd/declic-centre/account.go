package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/term"

	"declic/centreweb"
	"declic/i18n"
	"declic/internal/cli"
)

// accountsFile holds the workspace's operator accounts, in its configuration folder.
const accountsFile = "comptes.json"

// accountCommand manages the operator accounts of the workspace on the network.
type accountCommand struct {
	configDir, name, role string
}

func (*accountCommand) Name() string { return "account" }

func (c *accountCommand) Flags(f *cli.Flags) {
	c.role = string(centreweb.RoleOperator)
	f.String(&c.name, "name", "", "declicentre.value.name", "declicentre.account.flag_name")
	f.String(&c.role, "role", "", "declicentre.value.role", "declicentre.account.flag_role")
	f.String(&c.configDir, "config", "", "declicentre.value.folder", "declicentre.serve.flag_config")
}

// password reads a new password twice on a terminal, or from DECLIC_ACCOUNT_PASSWORD.
func password(env *cli.Env) (string, error) {
	if p := env.Getenv("DECLIC_ACCOUNT_PASSWORD"); p != "" {
		return p, nil
	}
	f, ok := terminal(env)
	if !ok {
		return "", failed(i18n.M("declicentre.account.no_terminal"))
	}
	fmt.Fprint(env.Stderr, env.T("declicentre.account.ask"))
	p1, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprint(env.Stderr, "\n"+env.T("declicentre.account.ask_again"))
	p2, err2 := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(env.Stderr)
	if err != nil || err2 != nil || string(p1) != string(p2) {
		return "", failed(i18n.M("declicentre.account.differ"))
	}
	return string(p1), nil
}

func (c *accountCommand) Run(_ context.Context, env *cli.Env, args []string) error {
	if len(args) != 1 {
		return cli.Usage("declicentre.account.usage")
	}
	dir, err := (&serveCommand{configDir: c.configDir}).configFolder()
	if err != nil {
		return err
	}
	accounts := centreweb.OpenAccounts(dir + "/" + accountsFile)
	name := strings.TrimSpace(c.name)
	switch args[0] {
	case "list":
		list, err := accounts.List()
		if err != nil {
			return err
		}
		for _, a := range list {
			say(env, i18n.M("declicentre.account.line", "Name", a.Name, "Role", string(a.Role)))
		}
		say(env, i18n.M("declicentre.account.count", "N", len(list)))
		return nil
	case "add":
		if name == "" {
			return cli.Usage("declicentre.account.usage")
		}
		p, err := password(env)
		if err != nil {
			return err
		}
		if err := accounts.Add(name, centreweb.Role(c.role), p, env.Now()); err != nil {
			return accountError(err)
		}
		say(env, i18n.M("declicentre.account.added", "Name", name, "Role", c.role))
	case "password":
		p, err := password(env)
		if err != nil {
			return err
		}
		if err := accounts.SetPassword(name, p); err != nil {
			return accountError(err)
		}
		say(env, i18n.M("declicentre.account.password_set", "Name", name))
	case "remove":
		if err := accounts.Remove(name); err != nil {
			return accountError(err)
		}
		say(env, i18n.M("declicentre.account.removed", "Name", name))
	default:
		return cli.Usage("declicentre.account.usage")
	}
	return nil
}

func accountError(err error) error {
	switch {
	case errors.Is(err, centreweb.ErrBadAccountName):
		return cli.Usage("declicentre.account.bad_name")
	case errors.Is(err, centreweb.ErrShortPassword):
		return failed(i18n.M("declicentre.account.short", "Min", centreweb.MinPasswordLength))
	case errors.Is(err, centreweb.ErrAccountExists):
		return failed(i18n.M("declicentre.account.exists"))
	case errors.Is(err, centreweb.ErrNoAccount):
		return failed(i18n.M("declicentre.account.unknown"))
	case errors.Is(err, centreweb.ErrLastAdmin):
		return failed(i18n.M("declicentre.account.last_admin"))
	}
	return err
}
