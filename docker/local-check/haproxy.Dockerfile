# Local stand-in for docker.io/library/haproxy: Debian's HAProxy (2.6), reading /usr/local/etc/haproxy/haproxy.cfg as
# the official image does, as the user haproxy.
FROM localhost/debian:bookworm
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends haproxy \
    && rm -rf /var/lib/apt/lists/* && mkdir -p /usr/local/etc/haproxy
USER haproxy
CMD ["haproxy", "-W", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]
