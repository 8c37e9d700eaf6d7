#!/usr/bin/env bash
# Runs the PostgreSQL guide of docs/centres.md, exactly as written, on this Debian machine:
# every ```sh block that follows a "<!-- pg-guide: step -->" line, in order, in one shell,
# as root. It makes a throwaway cluster first (the guide's "main" cluster of a fresh
# server), uses its own names where the guide's first block sets them (cluster, port,
# HOST=localhost), then checks what the guide promises: a centre's role, made by
# declic_admin, credits over TLS (sslmode=verify-full) with its password in .pgpass; the
# everyday administrator reads but cannot write; the backup restores and checks intact.
# The test command runs it (scripts/test.sh). Needs root, postgresql and openssl.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

if [[ $(id -u) -ne 0 ]]; then
  if [[ ${CI:-} == true ]]; then
    echo "pg-network-guide: must run as root in CI" >&2
    exit 1
  fi
  echo "pg-network-guide: skipped (needs root: it makes a PostgreSQL cluster with pg_createcluster)"
  exit 0
fi
command -v pg_createcluster >/dev/null || { echo "pg-network-guide: postgresql-common is missing (apt-get install postgresql)" >&2; exit 1; }

work=$(mktemp -d)
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
cluster=declicguide$$
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() {
  pg_dropcluster --stop "$version" "$cluster" >/dev/null 2>&1 || true
  rm -f "/var/backups/declic/declic-$(date +%F).dump"
  rmdir /var/backups/declic 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== declic-centre for the guide"
CGO_ENABLED=0 go build -trimpath -o "$work/bin/declic-centre" ./cmd/declic-centre

echo "== a fresh cluster, as apt-get install postgresql makes one: $version/$cluster on port $port"
pg_createcluster "$version" "$cluster" -p "$port" --start -- --auth-local=peer --auth-host=scram-sha-256 >/dev/null

# The guide's steps, in order.
awk '/<!-- pg-guide: step -->/ { want = 1; next }
     want && /^```sh$/ { inblock = 1; n++; printf "echo \"== guide step %d\"\n", n - 1; next }
     inblock && /^```$/ { inblock = 0; want = 0; if (n == 1) print "VERSION=$CI_VERSION CLUSTER=$CI_CLUSTER PORT=$CI_PORT HOST=localhost"; print "cd \"$CI_ROOT\""; next }
     inblock { print }' docs/centres.md > "$work/steps.sh"
steps=$(grep -c '^echo "== guide step' "$work/steps.sh")
[[ $steps -ge 9 ]] || { echo "pg-network-guide: only $steps steps found in docs/centres.md" >&2; exit 1; }

# What the guide promises, checked after its last step (same shell: same variables).
cat >> "$work/steps.sh" <<'CHECK'
echo "== checks"
export HOME=$CI_WORK/home PGPASSFILE=$CI_WORK/home/.pgpass
mkdir -p "$HOME"
printf 'localhost:%s:declic:%s:%s\n' "$PORT" "$CENTRE" "$CENTRE_PW" > "$PGPASSFILE"
chmod 600 "$PGPASSFILE"
cp "/etc/postgresql/$VERSION/$CLUSTER/tls/ca.crt" "$HOME/ca-registre.crt"
URL="postgres://$CENTRE@localhost:$PORT/declic?sslmode=verify-full&sslrootcert=$HOME/ca-registre.crt"
declic-centre sample --out "$HOME/exemples" --count 3
declic-centre keygen --dir "$HOME/cle"
export DECLIC_LEDGER_URL=$URL DECLIC_CENTRE=$CENTRE DECLIC_CENTRE_KEY=$HOME/cle DECLIC_OPERATOR=guide
declic-centre enrol --learner "Dossier 1" --card "$HOME/exemples/cartes/carte-declic-profil-001.json"
declic-centre credit "$HOME/exemples" --learner "Dossier 1" | tee "$CI_WORK/credit.txt"
grep -q 'Total crédité : 4 h' "$CI_WORK/credit.txt" || { echo "FAIL: the centre could not credit over TLS" >&2; exit 1; }
declic-centre check-ledger | grep -q 'Registre intact'
# Without TLS the server refuses the centre's role (hostssl only): no pg_hba line matches.
if psql "postgres://$CENTRE@localhost:$PORT/declic?sslmode=disable" -c 'SELECT 1' >/dev/null 2>&1; then
  echo "FAIL: the centre's role connected without TLS" >&2; exit 1
fi
# The everyday administrator reads every row and writes none.
ADMIN_URL="postgres://declic_admin:$ADMIN_PW@localhost:$PORT/declic?sslmode=verify-full&sslrootcert=$HOME/ca-registre.crt"
[[ $(psql "$ADMIN_URL" -tAc 'SELECT count(*) FROM entries') -ge 4 ]] || { echo "FAIL: declic_admin cannot read" >&2; exit 1; }
if psql "$ADMIN_URL" -c "DELETE FROM entries" >/dev/null 2>&1; then echo "FAIL: declic_admin could delete" >&2; exit 1; fi
# (The guide's backup steps ran before: they restored a copy and checked it intact.)
echo "ok   the guide as written: TLS, a centre's role made by declic_admin, credits, read-only admin, backup restored intact"
CHECK

PATH=$work/bin:$PATH CI_VERSION=$version CI_CLUSTER=$cluster CI_PORT=$port CI_ROOT=$root CI_WORK=$work \
  bash -euo pipefail "$work/steps.sh"
