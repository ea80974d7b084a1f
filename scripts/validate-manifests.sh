#!/usr/bin/env bash
# Validates every manifest under deploy/kubernetes offline against the Kubernetes API schemas
# (kubectl --dry-run needs an API server). Installs the npm packages into a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
MODULES=$(mktemp -d)
trap 'rm -rf "$MODULES"' EXIT
npm install --prefix "$MODULES" --no-audit --no-fund --silent \
  kubernetes-models@5 @kubernetes-models/prometheus-operator yaml@2 >/dev/null
MODULES="$MODULES" node scripts/validate-manifests.mjs $(find deploy/kubernetes -name '*.yaml' | sort)
