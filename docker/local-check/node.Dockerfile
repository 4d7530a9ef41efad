# Local stand-in for docker.io/library/node:22-bookworm-slim: this machine's node and npm, laid out as in that image
# (/usr/local/bin/node, /usr/local/lib/node_modules/npm). Build context: /usr (the host's).
FROM localhost/debian:bookworm
COPY bin/node /usr/local/bin/node
COPY lib/node_modules/npm /usr/local/lib/node_modules/npm/
