#!/bin/bash
# Run the whole suite. The database comes from TRYTOND_DATABASE__URI
# (SQLite in memory when unset); created databases are cached in var/.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
unset TRYTOND_CONFIG
uri=${TRYTOND_DATABASE__URI:-sqlite://}
backend=${uri%%:*}
# the cache holds databases with the modules activated: a change of any
# module file gives a new cache folder
stamp=$("$here/.venv/bin/python" -c \
    'from itsvc.database import source_stamp; print(source_stamp()[:16])')
export DB_CACHE=${DB_CACHE:-$here/var/dbcache/$backend/$stamp}
mkdir -p "$DB_CACHE"
export PYTHONWARNINGS=${PYTHONWARNINGS:-ignore::DeprecationWarning}
exec "$here/.venv/bin/python" -m itsvc.testing "$@"
