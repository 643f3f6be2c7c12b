#!/usr/bin/env bash
# npm run test:attack: hydra, sqlmap and nmap from Debian's packages against Lightbox on 127.0.0.1 only (issue #22).
# Installs the tools with apt when run as root and they are missing; bounded in time (each tool run has its own limit).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
for tool in hydra sqlmap nmap; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ] && [ "$(id -u)" = 0 ]; then
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi
exec node --import tsx --test --test-concurrency=1 test/attack/*.test.ts
