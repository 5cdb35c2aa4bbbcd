# Sourced by test.sh and bench/redis.sh: a private redis-server for one run.
#
#   start_private_redis PHP   starts Debian's redis-server on 127.0.0.1 and a free port (found
#                             with PHP's sockets, so nothing else is needed), without
#                             persistence, in a fresh directory; waits until it answers; sets
#                             private_redis_port and private_redis_dir
#   stop_private_redis        stops it and removes the directory (safe to call twice)
#
# The caller stops it on exit: trap stop_private_redis EXIT.

start_private_redis() {
  local php=${1:-php}
  private_redis_dir=$(mktemp -d)
  private_redis_port=$("$php" -r '$s = stream_socket_server("tcp://127.0.0.1:0"); echo explode(":", stream_socket_get_name($s, false))[1];')
  redis-server --port "$private_redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$private_redis_dir" \
    --daemonize yes --pidfile "$private_redis_dir/redis.pid" --logfile "$private_redis_dir/redis.log"
  for _ in $(seq 100); do redis-cli -p "$private_redis_port" ping >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "private-redis.sh: redis-server on port $private_redis_port does not answer; its log:" >&2
  tail -n 20 "$private_redis_dir/redis.log" >&2 2>/dev/null || true
  return 1
}

stop_private_redis() {
  [[ -n ${private_redis_dir:-} ]] || return 0
  [[ -f $private_redis_dir/redis.pid ]] && kill "$(cat "$private_redis_dir/redis.pid")" 2>/dev/null
  rm -rf "$private_redis_dir"
  private_redis_dir=
  return 0
}
