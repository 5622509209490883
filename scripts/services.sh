#!/usr/bin/env bash
# Installs (from Debian's packages, when missing) and starts the PostgreSQL and Redis that the tests and the
# production layout use, on 127.0.0.1:5432 and 127.0.0.1:6379, with the role and the `test` database the test
# suite uses. Idempotent: when both already answer it only checks the role and database (well under a second).
# Run as root, or as a user with sudo. The embedded default (`npm start`, `npm test`) needs none of this.
set -euo pipefail

PG_PORT=5432
REDIS_PORT=6379
DB_ROLE=sidecar
DB_PASSWORD=sidecar
DB_NAME=test

say() { echo "services: $*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }
as_postgres() { as_root runuser -u postgres -- "$@"; }

pg_up() { pg_isready -q -h 127.0.0.1 -p "$PG_PORT" 2>/dev/null; }
redis_up() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }
pg_installed() { compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null && command -v pg_ctlcluster >/dev/null; }
redis_installed() { command -v redis-server >/dev/null && command -v redis-cli >/dev/null; }

wait_for() { # name, check function: up to 30 s
  for _ in $(seq 1 60); do "$2" && return 0; sleep 0.5; done
  say "$1 is not answering after 30 s"
  return 1
}

install_missing() {
  local packages=()
  pg_installed || packages+=(postgresql)
  redis_installed || packages+=(redis-server)
  [ ${#packages[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] && ! sudo -n true 2>/dev/null; then
    say "missing ${packages[*]}; run this script as root (or with sudo) to install them"
    exit 1
  fi
  say "installing ${packages[*]} from Debian's packages"
  as_root apt-get update -qq
  # Daemons are started below by this script, not by the packages' init scripts (there is no systemd here).
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
}

start_postgres() {
  pg_up && return 0
  local version
  version=$(ls /usr/lib/postgresql | sort -V | tail -n1)
  if ! as_root pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
    say "creating the PostgreSQL $version cluster"
    as_root pg_createcluster --port "$PG_PORT" "$version" main >/dev/null
  fi
  say "starting PostgreSQL $version"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
  wait_for PostgreSQL pg_up
}

start_redis() {
  redis_up && return 0
  say "starting Redis"
  # No snapshots: the tests make their own data, and BullMQ wants the default noeviction policy.
  as_root redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --logfile /tmp/redis-services.log
  wait_for Redis redis_up
}

ensure_role_and_database() {
  # CREATEDB: every test suite creates and drops a database of its own. pg_signal_backend: DROP DATABASE ...
  # WITH (FORCE) must end every session on it, and an autovacuum worker that happens to be there belongs to no
  # role, so without it the drop fails ("must be a member of the role whose process is being terminated").
  as_postgres psql -q -v ON_ERROR_STOP=1 -h /var/run/postgresql -p "$PG_PORT" -d postgres <<SQL
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', '$DB_ROLE', '$DB_PASSWORD')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_ROLE') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', '$DB_NAME', '$DB_ROLE')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB_NAME') \gexec
GRANT pg_signal_backend TO $DB_ROLE;
SQL
}

install_missing
start_postgres
start_redis
ensure_role_and_database
say "PostgreSQL and Redis are up. For the tests on them:"
echo "  export DATABASE_URL=postgresql://$DB_ROLE:$DB_PASSWORD@127.0.0.1:$PG_PORT/$DB_NAME REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
