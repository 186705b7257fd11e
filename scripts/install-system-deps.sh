#!/bin/bash
# Debian packages the tests need: Chromium (web client tests), poppler-utils
# (pdftotext for print forms), Pango and fonts (PDF), PostgreSQL. Installs only what
# is missing; needs root (or sudo) for apt-get. When it cannot install, it
# names the packages and the command to run, and fails.
set -euo pipefail
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb \
    >/dev/null 2>&1 || missing+=(postgresql)
command -v npm >/dev/null || missing+=(npm)
# WeasyPrint (PDF print forms) needs Pango; the forms use DejaVu fonts
for package in libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null \
        | grep -q 'ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
sudo=()
if [ "$(id -u)" != 0 ]; then
    if ! command -v sudo >/dev/null || ! command -v apt-get >/dev/null \
            || ! sudo -n true 2>/dev/null; then
        echo "Missing Debian packages: ${missing[*]}" >&2
        echo "Run: sudo $0" >&2
        exit 1
    fi
    sudo=(sudo -n)
fi
echo "Installing ${missing[*]}" >&2
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
