#!/usr/bin/env bash
# `npm run up:local`: the platform and the sample app on a local Debian 12 host (a container of
# this machine's Docker engine, reached over SSH on loopback), deployed by `pulumi up` of the
# `local` stack. Prints the URL that answers.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/local-stack.sh
source scripts/lib/local-stack.sh
# shellcheck source=scripts/lib/toolchain-env.sh
source scripts/lib/toolchain-env.sh

[ -d node_modules/@pulumi/pulumi ] || npm ci --no-audit --no-fund
scripts/toolchain.sh
# The local stack uses the command and random providers: each must be on PATH (built by the
# toolchain) or in Pulumi's plugin cache.
installed=$(scripts/with-pulumi.sh pulumi plugin ls --json)
missing=()
for provider in command random; do
    version=$(provider_version "$provider")
    scripts/with-pulumi.sh bash -c 'command -v "pulumi-resource-$1"' _ "$provider" >/dev/null && continue
    node -e 'process.exit(JSON.parse(process.argv[1]).some(p => p.kind === "resource" && p.name === process.argv[2] && p.version === process.argv[3]) ? 0 : 1)' \
        "$installed" "$provider" "$version" || missing+=("$provider $version")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "up:local needs these provider plugins: $(printf '%s, ' "${missing[@]}" | sed 's/, $//')." >&2
    echo "Install each with: pulumi plugin install resource <name> <version> [--file <binary>]" >&2
    exit 1
fi
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
