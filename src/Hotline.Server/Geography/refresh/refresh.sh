#!/usr/bin/env bash
# Regenerates ../geography.json from the pinned @etalab/decoupage-administratif.
# npm ci installs exactly what package-lock.json pins and fails if the downloaded tarball does not
# match the lockfile's sha512 integrity. --ignore-scripts: the data package needs no install step.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --ignore-scripts --no-audit --no-fund
node generate.mjs
