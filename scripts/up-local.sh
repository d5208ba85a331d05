#!/usr/bin/env bash
# `npm run up:local`: the platform and the sample app on a local Debian 12 host (a container of
# this machine's Docker engine, reached over SSH on loopback), deployed by `pulumi up` of the
# `local` stack. Prints the URL that answers.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/local-stack.sh
source scripts/lib/local-stack.sh

[ -d node_modules/@pulumi/pulumi ] || npm ci --no-audit --no-fund
scripts/toolchain.sh --strict
scripts/host/engine.sh start
scripts/host/images.sh
scripts/host/host.sh start "$local_host" "$local_ssh_port" "$local_http_port"

export PULUMI_BACKEND_URL=$local_backend PULUMI_CONFIG_PASSPHRASE=${PULUMI_CONFIG_PASSPHRASE:-local}
mkdir -p "${local_backend#file://}"
run() { scripts/with-pulumi.sh pulumi --non-interactive "$@"; }
run stack select --create "$local_stack"
run config set paas:target host
run config set paas:host 127.0.0.1
run config set paas:port "$local_ssh_port"
run config set paas:domain "$local_domain"
run config set --secret paas:sshPrivateKey <"$(local_host_key)"
run up --yes --skip-preview

echo "The sample app answers at http://sample.$local_domain:$local_http_port/"
echo "  (from this machine: curl -H 'Host: sample.$local_domain' http://127.0.0.1:$local_http_port/)"
