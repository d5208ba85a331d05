#!/usr/bin/env bash
# `npm run up:local`: the platform and the sample app on a local Debian 12 host (a container of
# this machine's Docker engine, reached over SSH on loopback), deployed by `pulumi up` of the
# `local` stack. Prints the URL that answers.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/local-stack.sh
source scripts/lib/local-stack.sh
# shellcheck source=scripts/lib/node-env.sh
source scripts/lib/node-env.sh

{ [ -d node_modules/@pulumi/pulumi ] && [ node_modules/.package-lock.json -nt package-lock.json ]; } || npm ci --no-audit --no-fund
# The host runtime the stack installs, bundled from host/ as it is now.
node scripts/build-server.js
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
# Pulumi and `paas` refuse any other key on that port.
run config set paas:hostKey "$(cat "$(local_host_public_host_key)")"
# The local host cannot pull images (there is no registry here): once the platform's bootstrap has
# installed Docker on it, the base image of the sample app's Dockerfile is copied in. A Linode pulls it.
# The two commands and the components they belong to (a targeted update creates a child only with its parents).
platform="urn:pulumi:$local_stack::$(sed -n 's/^name: *//p' Pulumi.yaml)::paas:index:Platform"
platform_host="$platform\$paas:index:PlatformHost"
run up --yes --skip-preview --target "$platform::paas" --target "$platform_host::paas-host" \
    --target "$platform_host\$command:remote:CopyToRemote::paas-host-scripts" --target "$platform_host\$command:remote:Command::paas-host-bootstrap"
scripts/host/load-image.sh "$local_host" debian:bookworm-slim
run up --yes --skip-preview

# What a visitor sees, before saying where.
for _ in $(seq 60); do
    curl -fsS -H "Host: sample.$local_domain" "http://127.0.0.1:$local_http_port/" >/dev/null 2>&1 && break
    sleep 1
done
curl -fsS -H "Host: sample.$local_domain" "http://127.0.0.1:$local_http_port/"
echo
echo "The sample app answers at http://sample.$local_domain:$local_http_port/"
echo "  (from this machine: curl -H 'Host: sample.$local_domain' http://127.0.0.1:$local_http_port/)"
