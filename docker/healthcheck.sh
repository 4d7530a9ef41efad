#!/bin/bash
# The image's HEALTHCHECK: GET /health/live on the server's own port, with bash alone (the base images have no curl).
port="${ASPNETCORE_HTTP_PORTS:-8080}"
port="${port%%[,;]*}"
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
IFS= read -r -t 4 status <&3 || exit 1
[[ "$status" == "HTTP/1.1 200"* ]]
