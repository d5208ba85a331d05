#!/usr/bin/env bash
# Runs a command with the engine built by scripts/toolchain.sh on PATH and Pulumi kept offline:
# no plugin downloads, no update check.
set -euo pipefail
# shellcheck source=scripts/lib/toolchain-env.sh
source "$(dirname "$0")/lib/toolchain-env.sh"
[ -x "$engine_dir/pulumi" ] || "$repo_root/scripts/toolchain.sh"
PATH=$(toolchain_path):$PATH
export PATH PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
exec "$@"
