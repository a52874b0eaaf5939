#!/usr/bin/env bash
# Development only, while the CRM migrations are unreleased: regenerates 0012_create_crm from the
# *.tables.ts files and keeps the hand-written 0013_crm_row_level_security after it. Serialized with
# flock so two people (or helpers) regenerating at once do not interleave.
set -euo pipefail
cd "$(dirname "$0")/.."
exec 9>/tmp/closer-crm-migration.lock
flock 9
security=$(mktemp)
cp migrations/0013_crm_row_level_security.sql "$security"
rm -f migrations/0012_create_crm.sql migrations/0013_crm_row_level_security.sql \
  migrations/meta/0012_snapshot.json migrations/meta/0013_snapshot.json
node -e '
  const fs = require("fs");
  const path = "migrations/meta/_journal.json";
  const journal = JSON.parse(fs.readFileSync(path, "utf8"));
  journal.entries = journal.entries.filter((entry) => entry.idx < 12);
  fs.writeFileSync(path, JSON.stringify(journal, null, 2));
'
npx drizzle-kit generate --name create_crm >/dev/null
npx drizzle-kit generate --custom --name crm_row_level_security >/dev/null
cp "$security" migrations/0013_crm_row_level_security.sql
rm "$security"
ls migrations | grep -E '^001[23]'
