#!/bin/bash
# Install the Tryton web client (tryton-sao, already built on npm) as the
# web root of trytond, with our custom.js/custom.css and Russian locale.
set -euo pipefail
version=$1
root=$2
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "tryton-sao@$version" >/dev/null \
    && tar xzf tryton-sao-*.tgz)
(cd "$tmp/package" && npm install --omit=dev --legacy-peer-deps \
    --no-audit --no-fund --silent)
rm -rf "$root"
mkdir -p "$(dirname "$root")"
mv "$tmp/package" "$root"
cp "$here"/web/custom.js "$here"/web/custom.css "$root"/
if [ -d "$here/web/locale" ]; then
    cp "$here"/web/locale/*.json "$root"/locale/
fi
echo "web client tryton-sao $version installed in $root"
