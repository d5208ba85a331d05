#!/usr/bin/env bash
# `npm run down:local`: destroys the local stack's apps, then removes the local host.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/local-stack.sh
source scripts/lib/local-stack.sh
export PULUMI_BACKEND_URL=$local_backend PULUMI_CONFIG_PASSPHRASE=${PULUMI_CONFIG_PASSPHRASE:-local}
scripts/with-pulumi.sh pulumi --non-interactive destroy --yes --stack "$local_stack" || true
scripts/host/host.sh stop "$local_host"
