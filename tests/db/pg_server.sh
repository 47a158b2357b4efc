#!/bin/sh
# pg_server.sh: a throwaway PostgreSQL server for the database tests.
#   pg_server.sh start DIR   start a server whose every file lives in DIR (an empty folder)
#   pg_server.sh stop DIR    stop it (DIR can then be removed)
# The server listens on 127.0.0.1 at a free port and on a unix socket in DIR/socket.
# Over the socket the user `sustain` is trusted; over TCP it needs the password kept in
# DIR/password. `start` writes DIR/conninfo (the socket) and DIR/tcp (TCP, no password),
# one line each. PostgreSQL refuses to run as root, so under root the server runs as the
# user `postgres` (Debian's package creates it) or else `nobody`.
# Exit status: 0 started or stopped; 77 no PostgreSQL server programs here; 1 failed
# (the reason, and the end of the server's log, on stderr).
set -u
command=${1:-}
dir=${2:-}
if [ -z "$command" ] || [ -z "$dir" ] || [ ! -d "$dir" ]; then
  echo "usage: $0 start|stop DIR (an existing folder)" >&2
  exit 2
fi
dir=$(cd "$dir" && pwd)

# The server programs: on the PATH, else the newest of Debian's versioned folders.
bin=""
if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
  bin=$(dirname "$(command -v pg_ctl)")
else
  for candidate in /usr/lib/postgresql/*/bin; do
    [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ] && bin=$candidate
  done
fi
if [ -z "$bin" ]; then
  echo "no PostgreSQL server programs (initdb, pg_ctl): install Debian's postgresql" >&2
  exit 77
fi

# as_server COMMAND...: runs a server program as the user the server runs as.
owner=""
if [ "$(id -u)" = 0 ]; then
  if id postgres >/dev/null 2>&1; then owner=postgres; else owner=nobody; fi
fi
as_server() {
  if [ -n "$owner" ]; then runuser -u "$owner" -- "$@"; else "$@"; fi
}

if [ "$command" = stop ]; then
  as_server "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  exit 0
fi
[ "$command" = start ] || { echo "unknown command '$command': use start or stop" >&2; exit 2; }

password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
mkdir -p "$dir/socket"
printf '%s\n' "$password" >"$dir/password"
[ -n "$owner" ] && chown -R "$owner" "$dir"
chmod 700 "$dir"

if ! as_server "$bin/initdb" -D "$dir/data" -U sustain -E UTF8 --locale=C --no-sync \
    --auth-local=trust --auth-host=scram-sha-256 --pwfile="$dir/password" >"$dir/initdb.log" 2>&1; then
  echo "initdb failed:" >&2
  tail -n 20 "$dir/initdb.log" >&2
  exit 1
fi
# A free port: a random one in 20000-59999, tried again with another while the server
# cannot bind it (another program holds it). fsync off: a test server's data need not
# survive a crash.
started=""
for attempt in 1 2 3 4 5; do
  port=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
  if as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/socket -c fsync=off -c full_page_writes=off" \
      start >/dev/null 2>&1; then
    started=yes
    break
  fi
  grep -q 'could not bind\|could not create any TCP/IP sockets' "$dir/server.log" 2>/dev/null || break
done
if [ -z "$started" ]; then
  echo "the PostgreSQL server did not start:" >&2
  tail -n 20 "$dir/server.log" >&2
  exit 1
fi
echo "host=$dir/socket port=$port user=sustain dbname=postgres" >"$dir/conninfo"
echo "host=127.0.0.1 port=$port user=sustain dbname=postgres" >"$dir/tcp"
exit 0
