#!/usr/bin/env bash
# Creates the secret files compose.yaml mounts (default: docker/secrets/, git-ignored; HOTLINE_SECRETS_DIR elsewhere).
# A file that exists is kept: run it again after deleting one to renew that one alone (then `docker compose up -d`).
#   TWILIO_AUTH_TOKEN=… ./make-secrets.sh      # the token comes from the Twilio console: it is never generated
# Generated: the PostgreSQL superuser's and both roles' passwords, the connection strings of the two roles, Redis's
# password and connection, the caller-number HMAC key, and a self-signed certificate (RSA 3072, 10 years) that encrypts
# the Data Protection key ring, with its password. Production may bring its own certificate from its PKI instead
# (README.md, "Production checklist").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
dir="${HOTLINE_SECRETS_DIR:-$PWD/secrets}"
db_host="${HOTLINE_DB_HOST:-postgres}" db_port="${HOTLINE_DB_PORT:-5432}"
redis_host="${HOTLINE_REDIS_HOST:-redis}" redis_port="${HOTLINE_REDIS_PORT:-6379}"
mkdir -p "$dir"
# The folder is private; the files in it are readable by the containers' own users (postgres, redis, app uid 1654),
# which see each file through its own bind mount, not through this folder.
chmod 700 "$dir"
umask 022

random_secret() { head -c 32 /dev/urandom | base64 | tr -d '/+=\n'; }
write() { # name, value: only when the file does not exist yet
  if [[ -e "$dir/$1" ]]; then echo "kept     $1"; return; fi
  printf '%s\n' "$2" > "$dir/$1"
  echo "created  $1"
}
read_secret() { tr -d '\n' < "$dir/$1"; }

write postgres_password "$(random_secret)"
write hotline_owner_password "$(random_secret)"
write hotline_app_password "$(random_secret)"
write redis_password "$(random_secret)"
write privacy_caller_key "$(head -c 32 /dev/urandom | base64)"
db="Host=$db_host;Port=$db_port;Database=hotline"
write hotline_owner_connection "$db;Username=hotline_owner;Password=$(read_secret hotline_owner_password)"
write hotline_app_connection "$db;Username=hotline_app;Password=$(read_secret hotline_app_password)"
write redis_connection "$redis_host:$redis_port,password=$(read_secret redis_password)"

if [[ ! -e "$dir/keyring_certificate.pfx" ]]; then
  write keyring_certificate_password "$(random_secret)"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  openssl req -x509 -newkey rsa:3072 -sha256 -days 3650 -nodes -subj "/CN=Hotline Data Protection key ring" \
    -keyout "$work/key.pem" -out "$work/certificate.pem" 2>/dev/null
  openssl pkcs12 -export -inkey "$work/key.pem" -in "$work/certificate.pem" -name "Hotline key ring" \
    -passout "file:$dir/keyring_certificate_password" -out "$dir/keyring_certificate.pfx"
  # openssl writes it 0600; the server's user (uid 1654) reads it through its bind mount.
  chmod 644 "$dir/keyring_certificate.pfx"
  echo "created  keyring_certificate.pfx (self-signed; back it up with the database: without it the key ring is unreadable)"
else
  echo "kept     keyring_certificate.pfx"
fi

if [[ -n "${TWILIO_AUTH_TOKEN:-}" ]]; then
  write twilio_auth_token "$TWILIO_AUTH_TOKEN"
elif [[ ! -e "$dir/twilio_auth_token" ]]; then
  echo "missing  twilio_auth_token: run again with TWILIO_AUTH_TOKEN=… (Twilio console, Account info)" >&2
  exit 1
else
  echo "kept     twilio_auth_token"
fi
echo "Secrets in $dir"
