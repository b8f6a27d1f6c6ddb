#!/bin/sh
# Runs a command with the project's toolchain on PATH, installing it first when needed:
# Node 22 (from the npm package `node`, when the system's Node is older), pnpm, and the
# workspace's packages. Safe to call every time: each step is skipped when already done.
#
#   sh scripts/toolchain.sh <command> [args...]
set -eu

ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
TOOLCHAIN="$ROOT/.toolchain"
# Versions the project is tested with.
NODE_VERSION=22.23.3
PNPM_VERSION=12.4.2
MIN_NODE_MAJOR=22

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ -x "$TOOLCHAIN/node_modules/.bin/node" ]; then
  PATH="$TOOLCHAIN/node_modules/.bin:$PATH"
elif [ "$(node_major node)" -lt "$MIN_NODE_MAJOR" ] || ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "strata: installing Node $NODE_VERSION and pnpm $PNPM_VERSION into .toolchain/" >&2
  mkdir -p "$TOOLCHAIN"
  [ -f "$TOOLCHAIN/package.json" ] || echo '{"private":true}' > "$TOOLCHAIN/package.json"
  if [ "$(node_major node)" -lt "$MIN_NODE_MAJOR" ]; then
    npm install --silent --no-audit --no-fund --prefix "$TOOLCHAIN" "node@$NODE_VERSION" "pnpm@$PNPM_VERSION" >&2
  else
    npm install --silent --no-audit --no-fund --prefix "$TOOLCHAIN" "pnpm@$PNPM_VERSION" >&2
  fi
  PATH="$TOOLCHAIN/node_modules/.bin:$PATH"
fi
export PATH

# Install the workspace when the lockfile changed since the last install.
STAMP="$ROOT/node_modules/.strata-install-stamp"
LOCK_SUM=$(cksum "$ROOT/pnpm-lock.yaml" "$ROOT/package.json" 2>/dev/null | cksum)
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$LOCK_SUM" ]; then
  echo "strata: installing workspace packages" >&2
  (cd "$ROOT" && pnpm install --frozen-lockfile --reporter=append-only >&2) || (cd "$ROOT" && pnpm install --reporter=append-only >&2)
  echo "$LOCK_SUM" > "$STAMP"
fi

cd "$ROOT"
exec "$@"
