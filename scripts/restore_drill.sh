#!/usr/bin/env bash
# Restore drill: proves a backup can be restored. Dumps DATABASE_URL, restores
# the dump into a scratch database, checks the schema is fully migrated there
# and that every table has the same number of rows, then drops the scratch copy.
# Usage: DATABASE_URL=postgres://user@host:port/genie scripts/restore_drill.sh
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?Set DATABASE_URL to the PostgreSQL database to drill}"
PY=${PY:-.venv/bin/python}
scratch_name="genie_restore_drill_$$"
scratch_url="${DATABASE_URL%/*}/$scratch_name"
work=$(mktemp -d)
trap 'psql "$DATABASE_URL" -qc "DROP DATABASE IF EXISTS $scratch_name" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

bash scripts/backup.sh "$work/genie.dump" >/dev/null
psql "$DATABASE_URL" -qc "CREATE DATABASE $scratch_name"
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$scratch_url" "$work/genie.dump"

# Every migration the code knows is applied in the restored copy.
DATABASE_URL="$scratch_url" "$PY" manage.py migrate --check >/dev/null

count_rows() {
  psql "$1" -At -c "SELECT table_name FROM information_schema.tables
                    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1" |
  while read -r table; do
    echo "$table $(psql "$1" -At -c "SELECT count(*) FROM \"$table\"")"
  done
}
count_rows "$DATABASE_URL" >"$work/source.txt"
count_rows "$scratch_url" >"$work/restored.txt"
if ! diff -u "$work/source.txt" "$work/restored.txt"; then
  echo "Restore drill FAILED: row counts differ" >&2
  exit 1
fi
echo "Restore drill passed: $(wc -l <"$work/source.txt") tables, $(awk '{s+=$2} END {print s}' "$work/source.txt") rows restored and migrated."
