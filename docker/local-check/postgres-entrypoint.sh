#!/bin/bash
# What the official postgres image's entrypoint does for compose.yaml: a cluster on first start with the superuser
# password from POSTGRES_PASSWORD_FILE, password (scram) logins from the network, then the server in the foreground.
set -euo pipefail
if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
  initdb -D "$PGDATA" -U postgres --auth-local=peer --auth-host=scram-sha-256 --pwfile="$POSTGRES_PASSWORD_FILE" \
    -E UTF8 --locale=C.UTF-8 >/dev/null
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' "$@"
