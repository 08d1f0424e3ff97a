#!/usr/bin/env bash
# The entry point of postgres.Containerfile: on the first start (an empty
# PGDATA) makes the cluster as the official image does -- superuser
# POSTGRES_USER (postgres) with POSTGRES_PASSWORD (required), database
# POSTGRES_DB (the user's name), password (SCRAM) logins from any address
# -- then runs `postgres` listening on every address. Other commands run
# as given.
set -euo pipefail

if [ "${1:-}" != postgres ]; then exec "$@"; fi
shift

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
  user=${POSTGRES_USER:-postgres}
  database=${POSTGRES_DB:-$user}
  password_file=$(mktemp)
  trap 'rm -f "$password_file"' EXIT
  printf '%s\n' "$POSTGRES_PASSWORD" >"$password_file"
  initdb -D "$PGDATA" -U "$user" --pwfile="$password_file" -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256
  rm -f "$password_file"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  if [ "$database" != postgres ]; then
    # Single-user mode: no server, no socket, before anyone can connect.
    postgres --single -D "$PGDATA" -j postgres >/dev/null <<SQL
CREATE DATABASE "$database" OWNER "$user";
SQL
  fi
  echo "postgres-entrypoint: made the cluster in $PGDATA (user $user, database $database)"
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' "$@"
