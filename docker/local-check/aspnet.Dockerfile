# Local stand-in for mcr.microsoft.com/dotnet/aspnet:10.0: Debian bookworm + this machine's ASP.NET Core runtime.
# Deliberately without ICU (minbase has tzdata): docker/Dockerfile must then install ICU itself, which the build shows.
# Build context: the host's dotnet folder (/usr/share/dotnet).
FROM localhost/debian:bookworm
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates libssl3 zlib1g \
    && rm -rf /var/lib/apt/lists/*
COPY dotnet LICENSE.txt /usr/share/dotnet/
COPY host /usr/share/dotnet/host/
COPY shared /usr/share/dotnet/shared/
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV APP_UID=1654 ASPNETCORE_HTTP_PORTS=8080 DOTNET_RUNNING_IN_CONTAINER=true
