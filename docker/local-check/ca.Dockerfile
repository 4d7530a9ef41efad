# Debian bookworm trusting what this machine trusts: its NuGet and npm traffic goes through a proxy whose certificate
# authority is in the host's bundle only. Build context: a folder holding a copy of the host's ca-certificates.crt
# (local-check.sh makes it; the certificate is never committed). Used by the local SDK image only.
FROM localhost/debian:bookworm
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
