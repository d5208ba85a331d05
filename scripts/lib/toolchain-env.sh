# shellcheck shell=bash
# Where the Pulumi engine and provider plugins built by scripts/toolchain.sh live, and which
# versions this checkout needs. Versions are read from the installed npm packages, never typed.

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
toolchain_cache=${PAAS_TOOLCHAIN_CACHE:-$HOME/.cache/paas-toolchain}

# npm_field PACKAGE EXPRESSION: a field of an installed package's package.json.
npm_field() {
    node -e "const p = require(process.argv[1] + '/package.json'); const v = ($2)(p); if (v === undefined) process.exit(1); console.log(v)" \
        "$repo_root/node_modules/$1"
}

sdk_version=$(npm_field @pulumi/pulumi 'p => p.version')
engine_dir=$toolchain_cache/pulumi-$sdk_version/bin

# The resource providers the project uses: npm package name = provider name.
toolchain_providers=(command random docker linode)

provider_version() { npm_field "@pulumi/$1" 'p => p.pulumi && p.pulumi.version'; }
provider_dir() { echo "$toolchain_cache/pulumi-resource-$1-$(provider_version "$1")/bin"; }

# toolchain_path: PATH entries for the engine and every provider that has been built.
toolchain_path() {
    local dirs=$engine_dir provider
    for provider in "${toolchain_providers[@]}"; do
        local dir
        dir=$(provider_dir "$provider")
        [ -d "$dir" ] && dirs=$dirs:$dir
    done
    echo "$dirs"
}
