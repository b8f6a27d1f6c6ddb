#!/bin/sh
# The whole test suite: typecheck and test every package (the tests start their own moto and
# MLflow servers from a cached Python venv), then one closing line with the totals.
set -u
cd "$(dirname "$0")/.."
rm -f packages/*/test-results.json apps/*/test-results.json
turbo run typecheck test --concurrency=1 --continue --output-logs=full
status=$?
node scripts/test-summary.ts || status=1
exit $status
