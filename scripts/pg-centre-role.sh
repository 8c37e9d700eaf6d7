#!/usr/bin/env bash
# Prints the SQL that gives a role its rights on the shared ledger (docs/centres.md).
# Run it as a PostgreSQL superuser, after the ledger's owner (declic_owner) has created
# the tables (its first declic-centre command does):
#   scripts/pg-centre-role.sh epn-nord [declic] | sudo -u postgres psql declic
#   scripts/pg-centre-role.sh --admin [declic]  | sudo -u postgres psql declic
# A centre's role (named after the centre id) adds its own rows and reads its own rows
# only; other centres' rows reach it through the network view, with pseudonyms.
# --admin creates declic_admin, the everyday administrator: it reads every row and can
# write nothing; it does not own the tables, so it cannot turn their triggers off.
# Running it again changes nothing. Roles are created without a password: set one with
# \password "epn-nord" in psql.
set -euo pipefail

usage() {
  echo "usage: $0 CENTRE-ID [DATABASE] | --admin [DATABASE]  (centre id: lower-case letters, digits, - or _)" >&2
  exit 2
}
role=${1:-}
db=${2:-declic}
[[ -n "$role" ]] || usage
if [[ ! "$db" =~ ^[a-z_][a-z0-9_]{0,62}$ ]]; then
  echo "database name: lower-case letters, digits or _" >&2
  exit 2
fi

if [[ "$role" == --admin ]]; then
  cat <<SQL
DO \$\$ BEGIN CREATE ROLE declic_admin LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END \$\$;
GRANT CONNECT ON DATABASE $db TO declic_admin;
GRANT USAGE ON SCHEMA public TO declic_admin;
GRANT SELECT ON schema_migrations, entries, centres, heads, entries_network TO declic_admin;
SQL
  exit 0
fi
if [[ ! "$role" =~ ^[a-z0-9][a-z0-9_-]{0,62}$ || "$role" == declic_* ]]; then
  usage
fi
cat <<SQL
DO \$\$ BEGIN CREATE ROLE declic_centre NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END \$\$;
GRANT CONNECT ON DATABASE $db TO declic_centre;
GRANT USAGE ON SCHEMA public TO declic_centre;
GRANT SELECT ON schema_migrations, entries_network TO declic_centre;
GRANT SELECT, INSERT ON entries, centres, heads TO declic_centre;
GRANT USAGE ON SEQUENCE entries_id_seq, heads_id_seq TO declic_centre;
DO \$\$ BEGIN CREATE ROLE "$role" LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END \$\$;
GRANT declic_centre TO "$role";
SQL
