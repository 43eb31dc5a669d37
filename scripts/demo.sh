#!/usr/bin/env bash
# `npm run demo`: install, build, migrate and start the service with a demo page.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
npm run build
npm run db:migrate
export ADMIN_API_KEY="${ADMIN_API_KEY:-demo-admin-key-change-me}"
PORT="${PORT:-3000}"
echo "------------------------------------------------------------------"
echo " Status page:  ${PUBLIC_BASE_URL:-http://localhost:$PORT}/status/demo"
echo " Admin API:    ${PUBLIC_BASE_URL:-http://localhost:$PORT}/api/v1  (Authorization: Bearer $ADMIN_API_KEY)"
echo " API docs:     ${PUBLIC_BASE_URL:-http://localhost:$PORT}/api/docs"
echo "------------------------------------------------------------------"
exec node dist/main.js
