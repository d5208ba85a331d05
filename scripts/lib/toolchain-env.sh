# shellcheck shell=bash
# shellcheck disable=SC2034  # read by the scripts that source this file
# Where the Pulumi engine and provider plugins built by scripts/toolchain.sh live, and which
# versions this checkout needs. Versions are read from the installed npm packages, never typed.

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
toolchain_cache=${PAAS_TOOLCHAIN_CACHE:-$HOME/.cache/paas-toolchain}
# shellcheck source=scripts/lib/node-env.sh
source "$repo_root/scripts/lib/node-env.sh"

# npm_field PACKAGE EXPRESSION: a field of an installed package's package.json.
npm_field() {
    node -e "const p = require(process.argv[1] + '/package.json'); const v = ($2)(p); if (v === undefined) process.exit(1); console.log(v)" \
        "$repo_root/node_modules/$1"
}

sdk_version=$(npm_field @pulumi/pulumi 'p => p.version')
engine_dir=$toolchain_cache/pulumi-$sdk_version/bin

# The provider plugins written or assembled in this repository: one Go module per plugin, named
# after the npm package `@pulumi/<name>` whose release it implements.
providers_src=$repo_root/toolchain/providers
# The plugins the stacks need: `--strict` fails without them.
stack_providers=(command random linode)

# build_tags DIR: the Go build tags a plugin module names in its BUILD_TAGS file, if any.
build_tags() { cat "$1/BUILD_TAGS" 2>/dev/null || true; }

provider_version() { npm_field "@pulumi/$1" 'p => p.pulumi && p.pulumi.version'; }

# Pulumi's plugin cache, where `pulumi plugin install` puts each plugin at its exact version.
pulumi_plugins_dir() { echo "${PULUMI_HOME:-$HOME/.pulumi}/plugins"; }

# toolchain_path: the PATH entries of the engine and the Node.js it runs programs with (plugins
# come from Pulumi's plugin cache).
toolchain_path() { echo "$engine_dir:$(dirname "$(command -v node)")"; }
