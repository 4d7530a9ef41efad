# Sourced by run.sh and test.sh: checks for, and where possible installs, what the machine needs.
# Installs use apt and so need root; as a normal user they say what to install instead.

apt_install() {
  if [[ $(id -u) -ne 0 ]]; then
    echo "Missing: $*. Install it (e.g. sudo apt-get install -y $*) and run again." >&2
    return 1
  fi
  if [[ -z "${_apt_updated:-}" ]]; then
    apt-get update -qq >/dev/null
    _apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "The .NET SDK 10 is required (dotnet not found on PATH)." >&2
    exit 1
  fi
}

# Prints the PostgreSQL bin folder (the newest installed), installing PostgreSQL if none is found.
postgres_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [[ -z "$dir" || ! -x "$dir/initdb" ]]; then
    apt_install postgresql >&2 || exit 1
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$dir"
}

ensure_chromium() {
  command -v chromium >/dev/null 2>&1 || apt_install chromium fonts-dejavu-core || exit 1
}

# wrk: bench-webhooks sends its measured requests with it (the simulator's tests run it against a fake server).
ensure_wrk() {
  command -v wrk >/dev/null 2>&1 || apt_install wrk || exit 1
}

# Redis (the SignalR backplane: tests with two instances, ./run.sh --instances) and HAProxy (the balancer of --instances).
ensure_redis_haproxy() {
  local missing=()
  command -v redis-server >/dev/null 2>&1 || [[ -x /usr/bin/redis-server ]] || missing+=(redis-server)
  command -v haproxy >/dev/null 2>&1 || [[ -x /usr/sbin/haproxy ]] || missing+=(haproxy)
  [[ ${#missing[@]} -eq 0 ]] || apt_install "${missing[@]}" || exit 1
}
