# Local stand-in for docker.io/library/redis: Debian's redis-server and redis-cli, user redis.
FROM localhost/debian:bookworm
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server redis-tools \
    && rm -rf /var/lib/apt/lists/*
USER redis
CMD ["redis-server"]
