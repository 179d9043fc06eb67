#!/usr/bin/env bash
# Back up Genie's PostgreSQL database to a compressed custom-format dump.
# Usage: DATABASE_URL=postgres://... scripts/backup.sh [output-file]
# Schedule it (cron or a systemd timer) and keep dumps encrypted at rest:
# they contain special-category health data.
set -euo pipefail
: "${DATABASE_URL:?Set DATABASE_URL to the PostgreSQL database to back up}"
out=${1:-genie-$(date -u +%Y%m%dT%H%M%SZ).dump}
umask 077
pg_dump --format=custom --no-owner --no-privileges --file="$out" "$DATABASE_URL"
echo "Backed up to $out ($(du -h "$out" | cut -f1))"
