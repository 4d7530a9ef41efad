#!/bin/bash
# Starts the server (arguments are passed on: "migrate" applies the migrations and exits).
# Settings from files: for every NAME_FILE variable (e.g. Twilio__AuthToken_FILE=/run/secrets/twilio_auth_token), NAME is
# set to that file's content, so secrets come from mounted files (compose secrets, a secret store) rather than from
# the container's environment, which `docker inspect` shows.
set -euo pipefail
for file_variable in $(compgen -e); do
  [[ "$file_variable" == *_FILE ]] || continue
  name="${file_variable%_FILE}"
  path="${!file_variable}"
  if [[ -n "${!name:-}" ]]; then
    echo "hotline-entrypoint: $name and $file_variable are both set; set one" >&2
    exit 1
  fi
  if [[ ! -r "$path" ]]; then
    echo "hotline-entrypoint: $file_variable names $path, which this user ($(id -u)) cannot read" >&2
    exit 1
  fi
  # $(...) drops the trailing newline an editor leaves.
  export "$name=$(cat "$path")"
  unset "$file_variable"
done
exec dotnet /app/Hotline.Server.dll "$@"
