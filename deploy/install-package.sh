#!/bin/sh
# The Dockerfile's build stage (also run by test/package/deploy.test.ts, since no container engine runs here):
# install exactly what package-lock.json pins, build dist/ (npm's prepare), pack, and install the tarball without
# dev dependencies into the directory given as $1. Run from a clean copy of the source tree.
set -eu
dest=$1
npm ci --no-audit --no-fund
tarball=$(npm pack --silent --pack-destination "${TMPDIR:-/tmp}" | tail -n 1)
mkdir -p "$dest"
cd "$dest"
# better-sqlite3 builds or fetches its native module; sharp ships its binaries in optional packages.
printf '{"name":"lightbox-install","private":true}\n' > package.json
npm install --omit=dev --no-audit --no-fund "${TMPDIR:-/tmp}/$tarball"
rm -f "${TMPDIR:-/tmp}/$tarball"
