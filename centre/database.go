package centre

import (
	"context"
	"crypto/x509"
	"errors"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"declic/i18n"
)

// DatabaseText turns a database or connection error into what centre staff should do,
// never a raw SQLSTATE: a wrong password, a role without rights, a server that does
// not answer, a certificate not trusted, a file that is not a ledger. It reports false
// for an error that is none of these.
func DatabaseText(err error) (i18n.Message, bool) {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch {
		case pg.Code == "28P01":
			return i18n.M("centre.db.password"), true
		case pg.Code == "28000":
			return i18n.M("centre.db.hba"), true
		case pg.Code == "42501":
			return i18n.M("centre.db.privilege"), true
		case pg.Code == "3D000":
			return i18n.M("centre.db.no_database"), true
		case pg.Code == "42P01", pg.Code == "42883":
			return i18n.M("centre.db.no_schema"), true
		case pg.Code == "53300":
			return i18n.M("centre.db.too_many"), true
		case pg.Code == "57P03", pg.Code == "57P01", pg.Code == "57P02":
			return i18n.M("centre.db.restarting"), true
		case pg.Code == "P0001":
			return i18n.M("centre.db.refused_by_rule", "Text", Clean(pg.Message)), true
		case strings.HasPrefix(pg.Code, "08"):
			return i18n.M("centre.db.unreachable"), true
		case strings.HasPrefix(pg.Code, "23"):
			return i18n.M("centre.db.constraint"), true
		}
		return i18n.M("centre.db.other", "Code", pg.Code), true
	}
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var dnsErr *net.DNSError
	var opErr *net.OpError
	text := err.Error()
	switch {
	case errors.As(err, &unknownAuthority):
		return i18n.M("centre.db.tls_authority"), true
	case errors.As(err, &hostname):
		return i18n.M("centre.db.tls_hostname"), true
	case errors.As(err, &invalid):
		return i18n.M("centre.db.tls_invalid"), true
	case strings.Contains(text, "server refused TLS connection"):
		return i18n.M("centre.db.tls_refused"), true
	case strings.Contains(text, "failed SASL auth"), strings.Contains(text, "password authentication failed"):
		return i18n.M("centre.db.password"), true
	case strings.Contains(text, "no password supplied"), strings.Contains(text, "password is required"):
		return i18n.M("centre.db.no_password"), true
	case errors.As(err, &dnsErr):
		return i18n.M("centre.db.unknown_host", "Host", Clean(dnsErr.Name)), true
	case strings.Contains(text, "connection refused"), strings.Contains(text, "no route to host"), strings.Contains(text, "network is unreachable"):
		return i18n.M("centre.db.unreachable"), true
	case errors.Is(err, context.DeadlineExceeded), strings.Contains(text, "i/o timeout"):
		return i18n.M("centre.db.timeout"), true
	case errors.As(err, &opErr):
		return i18n.M("centre.db.unreachable"), true
	case strings.Contains(text, "file is not a database"), strings.Contains(text, "SQLITE_NOTADB"):
		return i18n.M("centre.db.not_a_ledger"), true
	case strings.Contains(text, "database is locked"), strings.Contains(text, "SQLITE_BUSY"):
		return i18n.M("centre.db.locked"), true
	case strings.Contains(text, "readonly database"), strings.Contains(text, "unable to open database file"):
		return i18n.M("centre.db.cannot_write"), true
	}
	return i18n.Message{}, false
}
