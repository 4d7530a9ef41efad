# Local stand-in for mcr.microsoft.com/dotnet/sdk:10.0 (no registry here): Debian bookworm + this machine's .NET SDK.
# Build context: the host's dotnet folder (/usr/share/dotnet). Based on debian-ca (ca.Dockerfile): restore and npm ci
# go through this machine's proxy.
FROM localhost/hotline-local/debian-ca:bookworm
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates libicu72 libssl3 zlib1g \
    && rm -rf /var/lib/apt/lists/*
COPY . /usr/share/dotnet/
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet && dotnet --version
# As on the host: this sandbox's NuGet access cannot check certificate revocation online.
ENV NUGET_CERT_REVOCATION_MODE=offline
