#!/usr/bin/env bash
# Prints the SQL that gives one centre its role on the shared ledger, with the least
# rights it needs (docs/centres.md): insert its own entries, read all, nothing else.
# Run it as the ledger's owner, after the tables exist:
#   scripts/pg-centre-role.sh epn-nord [declic] | psql "postgres://declic_admin@host/declic"
# Running it again changes nothing. The role is created without a password: set one
# with \password "epn-nord" in psql.
set -euo pipefail

centre=${1:-}
db=${2:-declic}
if [[ ! "$centre" =~ ^[a-z0-9][a-z0-9_-]{0,62}$ ]]; then
  echo "usage: $0 CENTRE-ID [DATABASE]  (centre id: lower-case letters, digits, - or _)" >&2
  exit 2
fi
if [[ ! "$db" =~ ^[a-z_][a-z0-9_]{0,62}$ ]]; then
  echo "database name: lower-case letters, digits or _" >&2
  exit 2
fi

cat <<SQL
DO \$\$ BEGIN CREATE ROLE declic_centre NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END \$\$;
GRANT CONNECT ON DATABASE $db TO declic_centre;
GRANT USAGE ON SCHEMA public TO declic_centre;
GRANT SELECT ON schema_migrations TO declic_centre;
GRANT SELECT, INSERT ON entries TO declic_centre;
GRANT USAGE ON SEQUENCE entries_id_seq TO declic_centre;
DO \$\$ BEGIN CREATE ROLE "$centre" LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END \$\$;
GRANT declic_centre TO "$centre";
SQL
