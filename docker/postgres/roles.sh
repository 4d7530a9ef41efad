#!/bin/bash
# One-shot, as PostgreSQL's superuser (compose service "database-roles"): the two roles of Hotline and its database,
# as ./run.sh makes them. hotline_owner owns the schema and runs the migrations; hotline_app is what the servers connect
# as (rows only: no DDL, the audit trail append-only; grants come from `migrate`). Idempotent: passwords are (re)set
# from the secret files at every run, so rotating one is: change the files, `docker compose up` again.
set -euo pipefail
secret() { local value; value="$(cat "/run/secrets/$1")"; [[ -n "$value" ]] || { echo "database-roles: /run/secrets/$1 is empty" >&2; exit 1; }; printf '%s' "$value"; }
export PGPASSWORD
PGPASSWORD="$(secret postgres_password)"
psql -v ON_ERROR_STOP=1 -Atq -d postgres \
  -v owner_password="$(secret hotline_owner_password)" -v app_password="$(secret hotline_app_password)" <<'SQL'
SELECT 'CREATE ROLE hotline_owner LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hotline_owner') \gexec
SELECT 'CREATE ROLE hotline_app LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hotline_app') \gexec
ALTER ROLE hotline_owner NOSUPERUSER NOCREATEROLE NOCREATEDB PASSWORD :'owner_password';
ALTER ROLE hotline_app NOSUPERUSER NOCREATEROLE NOCREATEDB PASSWORD :'app_password';
SELECT 'CREATE DATABASE hotline OWNER hotline_owner' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'hotline') \gexec
ALTER DATABASE hotline OWNER TO hotline_owner;
SQL
echo "database-roles: hotline_owner and hotline_app are ready"
