# Sourced by run.sh for --instances N: a private Redis (the SignalR backplane), N server instances and HAProxy in
# front of them. Everything listens on 127.0.0.1 only; everything is stopped by instances_stop (run.sh's Ctrl-C).
# An instance or Redis that exits is started again on the same port (as systemd's Restart=always would do), and the
# set-up is described in .data/instances.json for tools that inject faults (hotline-twilio-sim chaos).

redis_pid="" haproxy_pid="" instance_pids=() balancer_url="" instance_ports=() management_ports=() redis_port=""
run_dir="$PWD/.data/run"

# Runs a command again whenever it exits, until instances_stop. Its current pid is in .data/run/NAME.pid; while
# .data/run/NAME.hold exists a restart waits (chaos keeps Redis away for a while that way). The loop's own pid is what
# run.sh keeps: TERM stops the command and the loop.
instances_keep_alive() {
  local name="$1" child=""
  shift
  trap 'if [[ -n "$child" ]]; then kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null; fi; exit 0' TERM
  while :; do
    "$@" &
    child=$!
    echo "$child" > "$run_dir/$name.pid"
    wait "$child" || true
    echo "run.sh: $name (pid $child) exited; starting it again on the same port" >&2
    while [[ -e "$run_dir/$name.hold" ]]; do sleep 0.2; done
    sleep 1
  done
}

instances_free_port() {
  local port="$1"
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

# Redis under .data/redis: no persistence (it carries pushes only; PostgreSQL holds the state), a password of its own.
instances_redis_start() {
  local dir="$PWD/.data/redis"
  mkdir -p "$dir"
  chmod 700 "$dir"
  if [[ ! -f "$dir/password" ]]; then
    head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$dir/password"
    chmod 600 "$dir/password"
  fi
  local port
  port=$(instances_free_port "${HOTLINE_REDIS_PORT:-56379}")
  # The password goes in a config file, not on the command line (ps would show it).
  printf 'port %s\nbind 127.0.0.1\nprotected-mode yes\ndir %s\nsave ""\nappendonly no\nrequirepass %s\n' \
    "$port" "$dir" "$(cat "$dir/password")" > "$dir/redis.conf"
  chmod 600 "$dir/redis.conf"
  redis_port="$port"
  rm -f "$run_dir/redis.hold"
  instances_keep_alive redis redis-server "$dir/redis.conf" >> "$dir/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
  done
  export Redis__ConnectionString="127.0.0.1:$port,password=$(cat "$dir/password")"
  echo "Redis: private backplane in .data/redis on 127.0.0.1:$port"
}

# HAProxy: health checks on /health/ready (200 even when Redis or PostgreSQL is away: Degraded keeps an instance in;
# 503 only with pending migrations or an unwritable outage journal), WebSockets
# passed through (HTTP/1.1 upgrade, long tunnel timeout), sticky sessions by cookie so that a SignalR connection's
# negotiate and its transport (SSE and long polling fall-backs included) reach the same instance.
instances_haproxy_start() {
  local bind="$1" dir="$PWD/.data/haproxy"
  mkdir -p "$dir"
  {
    cat <<CFG
global
    maxconn 4096

defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    # An open console's WebSocket lives for hours; SignalR pings it every 15 s.
    timeout tunnel 1h
    # The instances see the client's address (ForwardedHeaders:KnownProxies is 127.0.0.1: this balancer only).
    option forwardfor
    option redispatch
    retries 2

frontend hotline
    bind $bind
    http-request set-header X-Forwarded-Proto http
    default_backend instances

backend instances
    balance roundrobin
    option httpchk GET /health/ready
    http-check expect status 200
    default-server inter 2s fall 2 rise 2
    cookie HOTLINE_INSTANCE insert indirect nocache httponly
CFG
    local i
    for i in "${!instance_ports[@]}"; do
      echo "    server i$((i + 1)) 127.0.0.1:${instance_ports[$i]} check cookie i$((i + 1))"
    done
  } > "$dir/haproxy.cfg"
  haproxy -f "$dir/haproxy.cfg" -db > "$dir/haproxy.log" 2>&1 &
  haproxy_pid=$!
}

# Starts Redis, the instances (the first alone until ready: it seeds the demo data in Development) and HAProxy.
instances_start() {
  local dll="$1" public_url="$2" count="$3"
  mkdir -p "$run_dir"
  rm -f "$run_dir"/*.pid "$run_dir"/*.hold
  instances_redis_start
  local hostport="${public_url#*://}"
  hostport="${hostport%%/*}"
  local host="${hostport%:*}" port="${hostport##*:}"
  [[ "$host" == "localhost" || "$host" == "$hostport" ]] && host=127.0.0.1
  [[ "$port" == "$hostport" ]] && port=80
  balancer_url="http://$hostport"
  export ForwardedHeaders__KnownProxies=127.0.0.1
  local next="${HOTLINE_INSTANCE_PORT:-5091}" i
  # Each instance its own management port (metrics): 9464, 9465, … (HOTLINE_MANAGEMENT_PORT changes the first).
  local next_management="${HOTLINE_MANAGEMENT_PORT:-9464}"
  for ((i = 1; i <= count; i++)); do
    next=$(instances_free_port "$next")
    instance_ports+=("$next")
    next_management=$(instances_free_port "$next_management")
    management_ports+=("$next_management")
    # Each instance's lines are prefixed with its number.
    Management__Urls="http://127.0.0.1:$next_management" \
      instances_keep_alive "i$i" dotnet "$dll" --urls "http://127.0.0.1:$next" --contentRoot "$PWD/src/Hotline.Server" > >(sed -u "s/^/[i$i] /") 2>&1 &
    instance_pids+=($!)
    if [[ $i -eq 1 ]]; then
      instances_wait_ready "$next" "${instance_pids[0]}" || exit 1
    fi
    next=$((next + 1))
    next_management=$((next_management + 1))
  done
  for i in "${!instance_ports[@]}"; do
    instances_wait_ready "${instance_ports[$i]}" "${instance_pids[$i]}" || exit 1
  done
  instances_haproxy_start "$host:$port"
  instances_write_state
}

# .data/instances.json: where everything is, for hotline-twilio-sim chaos (pids change on restart: read the pid files).
instances_write_state() {
  local i entries=() postgres=null
  for i in "${!instance_ports[@]}"; do
    entries+=("{\"name\": \"i$((i + 1))\", \"url\": \"http://127.0.0.1:${instance_ports[$i]}\", \"pidFile\": \"$run_dir/i$((i + 1)).pid\"}")
  done
  if [[ -n "${pg_data:-}" ]]; then
    postgres="{\"bin\": \"$pg_bin\", \"data\": \"$pg_data\", \"port\": $pg_port, \"log\": \"$(dirname "$pg_data")/postgres.log\", \"runAs\": \"$([[ $(id -u) -eq 0 ]] && echo postgres)\", \"options\": \"-p $pg_port -c unix_socket_directories= -c listen_addresses=127.0.0.1\"}"
  fi
  local joined
  joined=$(IFS=,; echo "${entries[*]}")
  cat > "$PWD/.data/instances.json" <<JSON
{
  "runPid": $$,
  "balancer": "$balancer_url",
  "instances": [$joined],
  "redis": {"port": $redis_port, "pidFile": "$run_dir/redis.pid", "holdFile": "$run_dir/redis.hold"},
  "postgres": $postgres
}
JSON
}

instances_wait_ready() {
  local port="$1" pid="$2"
  for _ in $(seq 1 240); do
    curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { echo "run.sh: the instance on port $port stopped (see the log above)" >&2; return 1; }
    sleep 0.5
  done
  echo "run.sh: the instance on port $port did not become ready" >&2
  return 1
}

instances_describe() {
  local i
  echo "  Balancer: HAProxy on $balancer_url (sticky cookie HOTLINE_INSTANCE), config in .data/haproxy/haproxy.cfg"
  for i in "${!instance_ports[@]}"; do
    echo "  Instance i$((i + 1)): http://127.0.0.1:${instance_ports[$i]}  (pid $(cat "$run_dir/i$((i + 1)).pid" 2>/dev/null)), metrics on http://127.0.0.1:${management_ports[$i]}/metrics"
  done
  echo "  Redis backplane: ${Redis__ConnectionString%%,*}"
  echo "  An instance or Redis that exits is started again on its port; the set-up is described in .data/instances.json"
}

# Runs under run.sh's set -e, from its trap: no command here may fail (a process may be gone already).
instances_stop() {
  local pid
  if [[ -n "$haproxy_pid" ]]; then kill -TERM "$haproxy_pid" 2>/dev/null || true; fi
  for pid in "${instance_pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${instance_pids[@]}" $haproxy_pid; do
    wait "$pid" 2>/dev/null || true
  done
  if [[ -n "$redis_pid" ]]; then
    kill -TERM "$redis_pid" 2>/dev/null || true
    wait "$redis_pid" 2>/dev/null || true
  fi
  instance_pids=() management_ports=() haproxy_pid="" redis_pid=""
  rm -f "$PWD/.data/instances.json" "$run_dir"/*.pid "$run_dir"/*.hold
}
