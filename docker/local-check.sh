#!/usr/bin/env bash
# Checks the images and compose.yaml on a machine without Docker and without an image registry, with Debian's podman
# (as root): a Debian bookworm base made by debootstrap, local stand-ins for the public base images
# (docker/local-check/*.Dockerfile: the .NET SDK and ASP.NET runtime of this machine, Debian's PostgreSQL 15, Redis,
# HAProxy), docker/Dockerfile built with them as build arguments, then compose.yaml run by podman-compose: the
# balancer's /health/ready, a simulated call through the balancer, what the containers run as. Everything runs under
# /tmp/hotline-local-check (secrets included), nothing in the work tree. Takes 10-20 minutes the first time.
#   docker/local-check.sh [--keep] [--remove-images]
#   --keep           leave the stack running (stop it with: docker/local-check.sh --down)
#   --remove-images  afterwards, also remove every image this script made (and the Debian base)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$PWD"
work="${HOTLINE_CHECK_DIR:-/tmp/hotline-local-check}"
port="${HOTLINE_CHECK_PORT:-5190}"
project=hotline-check
keep=false remove_images=false
for argument in "$@"; do
  case "$argument" in
    --keep) keep=true ;;
    --remove-images) remove_images=true ;;
    --down) ;;
    *) echo "local-check.sh: unknown argument $argument" >&2; exit 2 ;;
  esac
done
[[ $(id -u) -eq 0 ]] || { echo "local-check.sh: run as root (rootful podman)" >&2; exit 1; }
mkdir -p "$work"
chmod 700 "$work"

# What every podman command here needs on this machine kind (cgroups v1, no crun): runc, cgroupfs and explicit
# limits, given once through a containers.conf that podman-compose's podman calls read too.
export CONTAINERS_CONF="$work/containers.conf"
cat > "$CONTAINERS_CONF" <<'CONF'
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
CONF

compose() {
  podman-compose -p "$project" -f docker/compose.yaml -f docker/local-check/compose.local-check.yaml "$@"
}
images=(localhost/hotline-server:local-check localhost/hotline-local/haproxy:2.6 localhost/hotline-local/redis:7
  localhost/hotline-local/postgres:15 localhost/hotline-local/node:20 localhost/hotline-local/aspnet:10.0
  localhost/hotline-local/sdk:10.0 localhost/hotline-local/debian-ca:bookworm localhost/debian:bookworm)

# compose.yaml's settings for this check (what docker/.env holds in production).
export HOTLINE_IMAGE=localhost/hotline-server:local-check
export POSTGRES_IMAGE=localhost/hotline-local/postgres:15 REDIS_IMAGE=localhost/hotline-local/redis:7
export HAPROXY_IMAGE=localhost/hotline-local/haproxy:2.6
export HOTLINE_SECRETS_DIR="$work/secrets"
export HOTLINE_HTTP_BIND="127.0.0.1:$port" HOTLINE_PUBLIC_URL="http://127.0.0.1:$port"
export TWILIO_ACCOUNT_SID=AC00000000000000000000000000000000 TWILIO_PHONE_NUMBER=+33800005696
# Open this Paris hour and the next: in UTC (an hour or two earlier) it would be closed.
paris_hour=$(TZ=Europe/Paris date +%-H)
export CHECK_HOURS
CHECK_HOURS=$(printf '%02d:00-%02d:59' "$paris_hour" "$(( paris_hour < 23 ? paris_hour + 1 : 23 ))")

if [[ " $* " == *" --down "* ]]; then compose down -v; podman network rm -f "${project}_hotline"; exit 0; fi

step() { printf '\n== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }
seconds() { echo $(( $(date +%s) - $1 )); }

step "Tools"
missing=()
for tool in podman runc debootstrap podman-compose; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [[ ${#missing[@]} -gt 0 ]]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
podman --version; podman-compose --version 2>/dev/null | grep -m 1 "podman-compose" || true

step "Debian bookworm base image"
if ! podman image exists localhost/debian:bookworm; then
  start=$(date +%s)
  rm -rf "$work/rootfs"
  debootstrap --variant=minbase bookworm "$work/rootfs" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1
  tar -C "$work/rootfs" -c . | podman import - localhost/debian:bookworm >/dev/null
  rm -rf "$work/rootfs"
  echo "debootstrap + import: $(seconds "$start") s"
fi
podman run --rm --network host localhost/debian:bookworm cat /etc/debian_version

step "Local stand-ins for the public base images"
build() { podman build --network host "$@"; }
mkdir -p "$work/ca" && cp /etc/ssl/certs/ca-certificates.crt "$work/ca/"
stand_in() { # tag, Dockerfile, context
  if podman image exists "$1"; then echo "$1: present"; return; fi
  local start; start=$(date +%s)
  build -q -f "$repo/docker/local-check/$2" -t "$1" "$3" >/dev/null
  echo "$1: built in $(seconds "$start") s"
}
stand_in localhost/hotline-local/debian-ca:bookworm ca.Dockerfile "$work/ca"
stand_in localhost/hotline-local/sdk:10.0 sdk.Dockerfile /usr/share/dotnet
stand_in localhost/hotline-local/aspnet:10.0 aspnet.Dockerfile /usr/share/dotnet
stand_in localhost/hotline-local/node:20 node.Dockerfile /usr
stand_in localhost/hotline-local/postgres:15 postgres.Dockerfile "$repo/docker/local-check"
stand_in localhost/hotline-local/redis:7 redis.Dockerfile "$repo/docker/local-check"
stand_in localhost/hotline-local/haproxy:2.6 haproxy.Dockerfile "$repo/docker/local-check"

step "docker/Dockerfile with the stand-ins as base images"
start=$(date +%s)
# --format docker keeps HEALTHCHECK (the OCI format has no such field).
build --format docker \
  --build-arg SDK_IMAGE=localhost/hotline-local/sdk:10.0 \
  --build-arg RUNTIME_IMAGE=localhost/hotline-local/aspnet:10.0 \
  --build-arg NODE_IMAGE=localhost/hotline-local/node:20 \
  -f docker/Dockerfile -t "$HOTLINE_IMAGE" . >"$work/image-build.log" 2>&1 || { tail -n 40 "$work/image-build.log"; exit 1; }
echo "image built in $(seconds "$start") s; $(podman image inspect "$HOTLINE_IMAGE" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')"
podman image inspect "$HOTLINE_IMAGE" --format 'user={{.Config.User}} healthcheck={{.Config.Healthcheck.Test}} entrypoint={{.Config.Entrypoint}}'

step "Secrets (make-secrets.sh into $HOTLINE_SECRETS_DIR)"
token_file="$work/twilio-token"
[[ -f "$token_file" ]] || head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$token_file"
TWILIO_AUTH_TOKEN=$(cat "$token_file") docker/make-secrets.sh | sed 's/^/  /'

step "podman-compose's containers, started in compose.yaml's order (opening hours today $CHECK_HOURS Europe/Paris)"
# podman-compose 1.0.3 (Debian bookworm's; no newer one is reachable here) turns each service of compose.yaml into a
# `podman run`, but ignores the depends_on conditions (it starts everything at once, --no-deps included), ignores the
# network's ipam, and fails on a service's networks given as a mapping (the balancer's ipv4_address). So it runs here
# with a podman that records each `podman run` instead of running it (volumes and the network are made for real), for
# every service but the balancer; this script runs the recorded commands in compose.yaml's order, waiting where it
# says (postgres healthy, database-roles and migrate exited 0), on a network with compose.yaml's subnet; the balancer
# is the one service started by a hand-written `podman run` (the same image, file, port and fixed address; -n 400
# connections instead of haproxy.cfg's 4096, which need more than the 1024 open files this machine allows).
container() { echo "${project}_$1_1"; }
recorded="$work/recorded"
rm -rf "$recorded" && mkdir -p "$recorded"
cat > "$work/podman-recorder" <<'RECORDER'
#!/bin/bash
if [[ "$1" == run ]]; then
  for argument in "$@"; do [[ "$argument" == --name=* ]] && name="${argument#--name=}"; done
  printf '%q ' podman "$@" > "$RECORDED/$name.sh"
  exit 0
fi
exec podman "$@"
RECORDER
chmod 700 "$work/podman-recorder"
compose down -v >/dev/null 2>&1 || true
podman network rm -f "${project}_hotline" >/dev/null 2>&1 || true
export HOTLINE_SUBNET="${HOTLINE_SUBNET:-172.30.90.0/24}" HOTLINE_BALANCER_ADDRESS="${HOTLINE_BALANCER_ADDRESS:-172.30.90.10}"
podman network create --subnet "$HOTLINE_SUBNET" "${project}_hotline" >/dev/null
RECORDED="$recorded" podman-compose --podman-path "$work/podman-recorder" -p "$project" -f docker/compose.yaml \
  -f docker/local-check/compose.local-check.yaml up -d --no-build hotline-1 hotline-2 >"$work/compose-up.log" 2>&1 || { tail -n 30 "$work/compose-up.log"; exit 1; }
ls "$recorded" | sed 's/^/  recorded: /'
up() { bash "$recorded/$(container "$1").sh" >/dev/null; }
one_shot() { # service: waits for its exit, which must be 0
  up "$1"
  local status; status=$(podman wait "$(container "$1")")
  podman logs "$(container "$1")" 2>&1 | tail -n 2 | cut -c1-300 | sed "s/^/  $1: /"
  [[ "$status" == 0 ]] || { echo "$1 exited with $status" >&2; exit 1; }
  echo "$1: exited 0 ($(seconds "$start") s)"
}
start=$(date +%s)
up postgres
up redis
for _ in $(seq 1 60); do podman healthcheck run "$(container postgres)" >/dev/null 2>&1 && break; sleep 1; done
podman healthcheck run "$(container postgres)" >/dev/null || { podman logs "$(container postgres)" | tail -n 20; exit 1; }
echo "postgres: healthy ($(seconds "$start") s)"
one_shot database-roles
one_shot migrate
up hotline-1
up hotline-2
podman run -d --name "$(container balancer)" --label "io.podman.compose.project=$project" --restart unless-stopped \
  --net "${project}_hotline" --ip "$HOTLINE_BALANCER_ADDRESS" --network-alias balancer -p "$HOTLINE_HTTP_BIND:8080" \
  -v "$repo/docker/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro" "$HAPROXY_IMAGE" \
  haproxy -W -db -f /usr/local/etc/haproxy/haproxy.cfg -n 400 >/dev/null
ready=""
for _ in $(seq 1 180); do
  if ready=$(curl -fsS "http://127.0.0.1:$port/health/ready" 2>/dev/null); then break; fi
  sleep 1
done
[[ -n "$ready" ]] || { podman ps -a --filter "label=io.podman.compose.project=$project"; podman logs "$(container hotline-1)" 2>&1 | tail -n 40; exit 1; }
echo "balancer /health/ready after $(seconds "$start") s: $ready"
podman ps -a --filter "label=io.podman.compose.project=$project" --format '{{.Names}}\t{{.Status}}'
for instance in 1 2; do
  podman healthcheck run "$(container "hotline-$instance")" && echo "hotline-$instance: the image's HEALTHCHECK passes"
done

step "Inside the server image"
podman exec "$(container hotline-1)" bash -c 'echo "user: $(id)"; echo "time: $(date) (TZ=$TZ)"; ls /usr/lib/*-linux-gnu/libicuuc.so.* | head -n 1; echo "journal: $(stat -c "%U %a" /var/lib/hotline/telephony-journal)"'
podman logs "$(container migrate)" 2>&1 | grep -o '"@mt":"Applied[^"]*"' | head -n 1 || true

step "A simulated call through the balancer"
dotnet build telephony/Hotline.Telephony.Simulator/Hotline.Telephony.Simulator.csproj --nologo -v quiet -clp:ErrorsOnly >/dev/null
# Menu 2, a postal code, the queue (nobody signed in: Production has no demo account), a hang-up after 69 s of
# simulated waiting; simulated time runs 4 times faster.
dotnet run --project telephony/Hotline.Telephony.Simulator --no-build -- call --server "http://127.0.0.1:$port" \
  --auth-token "$(cat "$token_file")" --digits 2 --postal-code 13150 --hangup-after 120s --speed 4 2>&1 \
  | tee "$work/call.log" | grep -v "Serveur joue" | cut -c1-160
sql() { podman exec "$(container postgres)" psql -U postgres -d hotline -Atc "$1"; }
echo "calls by status: $(sql "SELECT string_agg(status || ' ' || n, ', ') FROM (SELECT status, count(*) n FROM calls GROUP BY 1) s")"
for instance in 1 2; do
  echo "hotline-$instance served $(podman logs "$(container "hotline-$instance")" 2>&1 | grep -c '/telephony/twilio/' || true) webhook request(s)"
done
echo "database sessions: $(sql "SELECT string_agg(usename || '@' || client_addr || ' ' || n, ', ') FROM (SELECT usename, client_addr, count(*) n FROM pg_stat_activity WHERE datname = 'hotline' AND client_addr IS NOT NULL GROUP BY 1, 2) s")"
echo "hotline_app may update audit_entries: $(sql "SELECT has_table_privilege('hotline_app', 'audit_entries', 'UPDATE')"); tables owned by: $(sql "SELECT string_agg(DISTINCT tableowner, ',') FROM pg_tables WHERE schemaname = 'public'")"

step "Forwarded headers: a refused sign-in through the balancer"
curl -s -o /dev/null -w "POST /api/auth/login: %{http_code}\n" -H 'Content-Type: application/json' \
  -d '{"userName":"nobody-check","password":"Wrong-Password-2026"}' "http://127.0.0.1:$port/api/auth/login"
sleep 2
echo "audit address: $(sql "SELECT address FROM audit_entries WHERE action = 'SignIn' ORDER BY at DESC LIMIT 1") (the balancer is $HOTLINE_BALANCER_ADDRESS)"

if [[ "$keep" == true ]]; then
  echo; echo "Left running on http://127.0.0.1:$port (docker/local-check.sh --down stops it)."
else
  step "Down"
  compose down -v >/dev/null 2>&1
  podman network rm -f "${project}_hotline" >/dev/null 2>&1 || true
  podman ps -a --filter "label=io.podman.compose.project=$project" --format '{{.Names}}' | wc -l | xargs echo "containers left:"
fi
if [[ "$remove_images" == true ]]; then
  for image in "${images[@]}"; do podman rmi -f "$image" >/dev/null 2>&1 || true; done
  podman image prune -f >/dev/null
  echo "images removed"
fi
