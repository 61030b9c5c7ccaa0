#!/bin/sh
# Load balancer / monitoring probe: exits 0 when the instance can serve (database reachable).
# Usage: deploy/health-check.sh [base-url]   (default http://127.0.0.1:8080)
base=${1:-http://127.0.0.1:8080}
curl -fsS --max-time 5 "$base/healthz" >/dev/null || { echo "not running"; exit 2; }
curl -fsS --max-time 5 "$base/readyz" >/dev/null || { echo "running, database unreachable"; exit 1; }
echo ok
