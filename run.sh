#!/usr/bin/env bash
# Runs Hotline locally: installs what is missing, builds, starts a private PostgreSQL cluster
# (unless ConnectionStrings__Hotline is set; then ConnectionStrings__HotlineOwner migrates), applies
# migrations as the owner role and serves as the application role on http://localhost:5080.
# Ctrl-C stops the server and the cluster.
#
#   ./run.sh [--urls http://localhost:5080] [--release] [--instances [N]]
#   (--release builds and serves the Release configuration: for benchmarks)
#   (--instances N, 2 when no number is given: a private Redis as the SignalR backplane, N servers on
#    127.0.0.1:5091, 5092, … (HOTLINE_INSTANCE_PORT changes the first) and HAProxy on the --urls port; see docs/scaling.md)
#   Metrics (Prometheus) on the management port: Management__Urls, http://127.0.0.1:9464 by default; with --instances,
#    9464, 9465, … one per instance (HOTLINE_MANAGEMENT_PORT changes the first); see docs/operations.md
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
source ./.ci/ensure-tools.sh

urls="${ASPNETCORE_URLS:-http://localhost:5080}"
configuration=Debug
instances=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --instances)
      if [[ "${2:-}" =~ ^[0-9]+$ ]]; then instances="$2"; shift 2; else instances=2; shift; fi ;;
    --instances=*) instances="${1#--instances=}"; shift ;;
    --urls) urls="$2"; shift 2 ;;
    --urls=*) urls="${1#--urls=}"; shift ;;
    --release) configuration=Release; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [[ "$ASPNETCORE_ENVIRONMENT" == "Development" ]]; then
  export Demo__Password="${Demo__Password:-Hotline-Demo-2026}"
fi

require_dotnet
# --- The private PostgreSQL cluster (kept between runs in .data/postgres, git-ignored) ---
pg_bin="" pg_data="" pg_port=""
as_pg_owner() {
  # initdb refuses to run as root: the cluster then belongs to the "postgres" OS user.
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
local_postgres_start() {
  local dir="$1"
  pg_bin=$(postgres_bindir)
  pg_data="$dir/data"
  mkdir -p "$dir"
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$dir"
    if ! runuser -u postgres -- test -w "$dir"; then
      echo "run.sh: the postgres OS user cannot reach $dir (a parent folder is private)." >&2
      echo "Set ConnectionStrings__Hotline to a PostgreSQL server, or clone into a readable folder." >&2
      exit 1
    fi
  fi
  if [[ ! -f "$pg_data/PG_VERSION" ]]; then
    echo "PostgreSQL: creating the private cluster (first run)…"
    # A random password, readable only by the cluster's owner and by you.
    head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$dir/password"
    chmod 600 "$dir/password"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir/password"
    as_pg_owner "$pg_bin/initdb" -D "$pg_data" -U postgres --auth=scram-sha-256 --pwfile="$dir/password" \
      -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  # A cluster left running by an interrupted run is stopped first (it may hold another port).
  as_pg_owner "$pg_bin/pg_ctl" -D "$pg_data" status >/dev/null 2>&1 && as_pg_owner "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null
  pg_port="${HOTLINE_PG_PORT:-55432}"
  while port_in_use "$pg_port"; do pg_port=$((pg_port + 1)); done
  as_pg_owner "$pg_bin/pg_ctl" -D "$pg_data" -l "$dir/postgres.log" -w -t 60 \
    -o "-p $pg_port -c unix_socket_directories= -c listen_addresses=127.0.0.1" start >/dev/null \
    || { tail -n 20 "$dir/postgres.log" >&2; exit 1; }
  local password
  password=$(cat "$dir/password")
  # Two roles (see README, "Database roles"): hotline_owner owns the schema and runs the migrations;
  # hotline_app is what the server connects as (rows only, append-only audit trail).
  local role
  for role in owner app; do
    if [[ ! -f "$dir/$role-password" ]]; then
      head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$dir/$role-password"
      chmod 600 "$dir/$role-password"
    fi
  done
  local sql=(env PGPASSWORD="$password" "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -v ON_ERROR_STOP=1 -Atq)
  "${sql[@]}" -d postgres -v owner_password="$(cat "$dir/owner-password")" -v app_password="$(cat "$dir/app-password")" <<'SQL' >/dev/null
SELECT 'CREATE ROLE hotline_owner LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hotline_owner') \gexec
SELECT 'CREATE ROLE hotline_app LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hotline_app') \gexec
ALTER ROLE hotline_owner NOSUPERUSER NOCREATEROLE NOCREATEDB PASSWORD :'owner_password';
ALTER ROLE hotline_app NOSUPERUSER NOCREATEROLE NOCREATEDB PASSWORD :'app_password';
SELECT 'CREATE DATABASE hotline OWNER hotline_owner' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'hotline') \gexec
ALTER DATABASE hotline OWNER TO hotline_owner;
SQL
  # A cluster made before the two roles has its schema owned by postgres: hand it to hotline_owner.
  "${sql[@]}" -d hotline <<'SQL' >/dev/null
DO $$
DECLARE item record;
BEGIN
    FOR item IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'S') AND pg_get_userbyid(c.relowner) <> 'hotline_owner'
          AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i'))
    LOOP EXECUTE format('ALTER TABLE %s OWNER TO hotline_owner', item.name); END LOOP;
    FOR item IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> 'hotline_owner'
    LOOP EXECUTE format('ALTER FUNCTION %s OWNER TO hotline_owner', item.name); END LOOP;
END $$;
SQL
  local server="Host=127.0.0.1;Port=$pg_port;Database=hotline"
  export ConnectionStrings__HotlineOwner="$server;Username=hotline_owner;Password=$(cat "$dir/owner-password")"
  export ConnectionStrings__Hotline="$server;Username=hotline_app;Password=$(cat "$dir/app-password")"
}
local_postgres_stop() {
  [[ -n "$pg_data" ]] || return 0
  as_pg_owner "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null 2>&1 || true
  pg_data=""
}

server_pid=""
cleanup() {
  trap - INT TERM EXIT
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [[ "$instances" -gt 0 ]]; then instances_stop; fi
  local_postgres_stop
}
if [[ ! "$instances" =~ ^[0-9]+$ || "$instances" -gt 9 ]]; then
  echo "run.sh: --instances takes a number from 1 to 9" >&2; exit 2
fi
if [[ "$instances" -gt 0 ]]; then
  source ./.ci/instances.sh
  ensure_redis_haproxy
fi
trap cleanup INT TERM EXIT

if [[ -z "${ConnectionStrings__Hotline:-}" ]]; then
  local_postgres_start "$PWD/.data/postgres"
  echo "PostgreSQL: private cluster in .data/postgres on 127.0.0.1:$pg_port"
else
  echo "PostgreSQL: using ConnectionStrings__Hotline"
fi

echo "Building ($configuration)…"
# HOTLINE_SERVER_ONLY=1 skips the console build (no web console served): a quick check of the server alone.
dotnet build src/Hotline.Server/Hotline.Server.csproj -c "$configuration" --nologo -v quiet -clp:ErrorsOnly ${HOTLINE_SERVER_ONLY:+-p:SkipConsoleBuild=true}
server_dll="src/Hotline.Server/bin/$configuration/net10.0/Hotline.Server.dll"

base_url="${urls%%;*}"
base_url="${base_url/0.0.0.0/localhost}"
base_url="${base_url/\*/localhost}"
base_url="${base_url/+/localhost}"
if [[ "$ASPNETCORE_ENVIRONMENT" == "Development" ]]; then
  # The telephony simulator signs webhooks for this URL (see telephony/README.md).
  export Twilio__PublicBaseUrl="${Twilio__PublicBaseUrl:-$base_url}"
fi

dotnet "$server_dll" migrate --contentRoot "$PWD/src/Hotline.Server"
if [[ "$instances" -gt 0 ]]; then
  instances_start "$server_dll" "$base_url" "$instances"
  base_url="$balancer_url"
  server_pid="$haproxy_pid"
else
dotnet "$server_dll" --urls "$urls" --contentRoot "$PWD/src/Hotline.Server" &
server_pid=$!
fi

for _ in $(seq 1 120); do
  if curl -fsS "$base_url/health/ready" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then wait "$server_pid" || true; echo "run.sh: the server stopped (see the log above)" >&2; exit 1; fi
  sleep 0.5
done

cat <<MSG

  Hotline is running on $base_url  (Ctrl-C to stop)
  Health:  $base_url/health/ready
MSG
if [[ "$instances" -eq 0 ]]; then echo "  Metrics: ${Management__Urls:-http://127.0.0.1:9464}/metrics  (management port)"; fi
if [[ "$instances" -gt 0 ]]; then instances_describe; fi
if [[ "$ASPNETCORE_ENVIRONMENT" == "Development" ]]; then
  cat <<MSG
  Demo logins (password: $Demo__Password):
    counsellor1, counsellor2   — counsellors
    supervisor1                — supervisor
    coordinator13              — coordinator, Bouches-du-Rhône (13)
    coordinator84              — coordinator, Vaucluse (84)
    cmer-tarascon              — commune cell of Tarascon (13108)
    admin                      — administrator
  Try: curl -c /tmp/hotline.cookies -H 'Content-Type: application/json' \\
         -d '{"userName":"counsellor1","password":"$Demo__Password"}' $base_url/api/auth/login

MSG
fi
wait "$server_pid"
