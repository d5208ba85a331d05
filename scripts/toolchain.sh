#!/usr/bin/env bash
# Builds the Pulumi CLI, its Node.js language host and the resource provider plugins from Go
# modules, for machines that cannot run Pulumi's installer. Each binary lands in a cache outside
# the repository, keyed by version (see scripts/lib/toolchain-env.sh); a second run only checks.
#
# The provider plugins are built from toolchain/providers/<name> (Pulumi's own provider modules
# are not served by the module proxy) and installed into Pulumi's plugin cache.
#
#   scripts/toolchain.sh            build what is missing; a plugin that fails to build is
#                                   reported and skipped
#   scripts/toolchain.sh --strict   fail when a plugin the stacks use could not be built
set -euo pipefail
# shellcheck source=scripts/lib/toolchain-env.sh
source "$(dirname "$0")/lib/toolchain-env.sh"

strict=false
[ "${1:-}" = --strict ] && strict=true

# The Node.js language host left the sdk/v3 module for a module of its own, which the module
# proxy here does not serve. The newest sdk/v3 release that still carries it in-module speaks
# the same protocol for everything `pulumi up/preview/destroy` asks of it.
language_host_fallback=3.68.0
# The Python language host is in the same position: its own module is not served, and v3.79.0 is
# the newest sdk/v3 release that carries it.
python_host_version=3.79.0

# Module checksums come from each wrapper module's own go.sum; the public checksum database is
# not reachable from machines without internet access.
export GOFLAGS=-mod=mod GOSUMDB=off
build_root=$toolchain_cache/build
mkdir -p "$build_root"

log() { printf 'toolchain: %s\n' "$*" >&2; }

# module_info MODULE@VERSION FIELD: a field of what `go mod download -json` reports (Version,
# Info, GoMod, Dir, Origin.Hash ...). Fails, printing the proxy's answer, when it refuses.
module_info() {
    local json
    if ! json=$(go mod download -json "$1" 2>/dev/null); then
        printf '%b\n' "$(node -e 'console.log(JSON.parse(process.argv[1]).Error)' "$json")" >&2
        return 1
    fi
    node -e 'const j = JSON.parse(process.argv[1]); const v = process.argv[2].split(".").reduce((o, k) => o && o[k], j); if (v === undefined) process.exit(1); console.log(v)' "$json" "$2"
}

# new_wrapper DIR MODULE@VERSION...: a throwaway module that requires the given modules and
# carries over their non-local replace directives (which `go install pkg@version` would refuse).
new_wrapper() {
    local dir=$1; shift
    rm -rf "$dir" && mkdir -p "$dir"
    (cd "$dir" && go mod init paas.local/toolchain >/dev/null 2>&1)
    local spec gomod
    for spec in "$@"; do
        (cd "$dir" && go mod edit -require="$spec")
        gomod=$(cd "$dir" && module_info "$spec" GoMod)
        (cd "$dir" && go mod edit -json "$gomod") | node -e '
            const mod = JSON.parse(require("fs").readFileSync(0, "utf8"));
            for (const r of mod.Replace || []) {
                if (!r.New.Version) continue; // a path inside the upstream repository
                const old = r.Old.Version ? `${r.Old.Path}@${r.Old.Version}` : r.Old.Path;
                console.log(`-replace=${old}=${r.New.Path}@${r.New.Version}`);
            }' | while read -r edit; do (cd "$dir" && go mod edit "$edit"); done
    done
}

# build DIR OUTPUT PACKAGE LDFLAGS: compile PACKAGE inside wrapper DIR. With -mod=mod the build
# fetches only the modules PACKAGE imports (tidy would fetch every test dependency too).
build() {
    local dir=$1 output=$2 package=$3 ldflags=$4
    (cd "$dir" && go build -trimpath -ldflags "-s -w $ldflags" -o "$output" "$package")
}

timed() { # timed NAME VERSION COMMAND...: run COMMAND, print what it built and how long it took
    local name=$1 version=$2 start=$SECONDS; shift 2
    "$@" || return
    log "built $name $version in $((SECONDS - start))s"
}

version_flag="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$sdk_version"

build_cli() {
    local dir=$build_root/pulumi-$sdk_version
    new_wrapper "$dir" "github.com/pulumi/pulumi/pkg/v3@v$sdk_version" "github.com/pulumi/pulumi/sdk/v3@v$sdk_version"
    build "$dir" "$engine_dir/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "$version_flag"
}

build_language_host() {
    local dir=$build_root/pulumi-language-nodejs-$sdk_version
    local own_module=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
    if module_info "$own_module@v$sdk_version" Version >/dev/null 2>&1; then
        new_wrapper "$dir" "$own_module@v$sdk_version" "github.com/pulumi/pulumi/sdk/v3@v$sdk_version" "github.com/pulumi/pulumi/pkg/v3@v$sdk_version"
        build "$dir" "$engine_dir/pulumi-language-nodejs" "$own_module" "$version_flag"
    else
        log "the language host module is not served at v$sdk_version; using the one in sdk/v3 v$language_host_fallback"
        new_wrapper "$dir" "github.com/pulumi/pulumi/sdk/v3@v$language_host_fallback"
        build "$dir" "$engine_dir/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs \
            "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$language_host_fallback"
    fi
}

# The Python language host, with the two scripts it runs beside it (the program's entry point and
# the dynamic-provider launcher), which ship in the same module.
build_python_host() {
    local dir=$build_root/pulumi-language-python-$python_host_version module=github.com/pulumi/pulumi/sdk/v3@v$python_host_version sdk_dir
    new_wrapper "$dir" "$module"
    build "$dir" "$engine_dir/pulumi-language-python" github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python \
        "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$python_host_version"
    sdk_dir=$(module_info "$module" Dir)
    install -m 0755 "$sdk_dir/python/cmd/pulumi-language-python-exec" "$sdk_dir/python/dist/pulumi-resource-pulumi-python" "$engine_dir/"
}

# pulumi-sdkgen (toolchain/sdkgen): SDKs for other languages from a package schema, which the
# language hosts above cannot generate.
build_sdkgen() {
    local out
    out=$(build_module "$repo_root/toolchain/sdkgen" "$toolchain_cache/pulumi-sdkgen" pulumi-sdkgen "") || return 1
    ln -sfn "$out" "$engine_dir/pulumi-sdkgen"
}

# The launcher the engine runs for Node.js dynamic providers ships in the sdk module.
install_dynamic_provider_launcher() {
    local sdk_dir
    sdk_dir=$(module_info "github.com/pulumi/pulumi/sdk/v3@v$sdk_version" Dir)
    install -m 0755 "$sdk_dir/nodejs/dist/pulumi-resource-pulumi-nodejs" "$engine_dir/"
}

# source_digest DIR: a digest of the Go sources a plugin binary is built from (tests excluded),
# so an edit rebuilds and an unchanged tree is taken from the cache.
source_digest() {
    (cd "$1" && find . -type f \( -name '*.go' -o -name 'go.mod' -o -name 'go.sum' -o -name '*.json' -o -name BUILD_TAGS \) \
        ! -name '*_test.go' ! -path '*/testdata/*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
}

# build_module SRC CACHE BINARY LDFLAGS: compile the Go module SRC (with the tags its BUILD_TAGS
# names) into CACHE/<digest of its sources>/BINARY, unless it is there already. Prints the
# binary's path.
build_module() {
    local src=$1 cache=$2 binary=$3 ldflags=$4 digest out
    digest=$(source_digest "$src")
    out=$cache/$digest/$binary
    if [ -x "$out" ]; then
        log "cached $(basename "$cache")"
    else
        local start=$SECONDS
        mkdir -p "$(dirname "$out")"
        (cd "$src" && go build -tags "$(build_tags "$src")" -trimpath -ldflags "-s -w $ldflags" -o "$out.partial" .) >&2 || return 1
        mv "$out.partial" "$out"
        # Builds of older sources are not needed again.
        find "$cache" -mindepth 1 -maxdepth 1 ! -name "$digest" -exec rm -rf {} +
        log "built $(basename "$cache") in $((SECONDS - start))s"
    fi
    echo "$out"
}

# build_provider NAME: compile toolchain/providers/NAME at the version its npm package names,
# into a cache folder keyed by that version and the source digest. Prints the binary's path.
build_provider() {
    local name=$1 version
    version=$(provider_version "$name")
    build_module "$providers_src/$name" "$toolchain_cache/pulumi-resource-$name-$version" "pulumi-resource-$name" "-X main.version=$version"
}

# install_provider NAME BINARY: put BINARY into Pulumi's plugin cache at the npm release's version
# (the engine asks for exactly that one), unless the same binary is already there.
install_provider() {
    local name=$1 binary=$2 version installed
    version=$(provider_version "$name")
    installed=$(pulumi_plugins_dir)/resource-$name-v$version/pulumi-resource-$name
    cmp -s "$binary" "$installed" && return 0
    "$engine_dir/pulumi" plugin install resource "$name" "$version" --file "$binary" --reinstall >&2
    log "installed pulumi-resource-$name $version into $(pulumi_plugins_dir)"
}

mkdir -p "$engine_dir"
if [ -x "$engine_dir/pulumi" ]; then log "cached pulumi $sdk_version"; else timed pulumi "$sdk_version" build_cli; fi
if [ -x "$engine_dir/pulumi-language-nodejs" ]; then log "cached pulumi-language-nodejs for $sdk_version"; else timed pulumi-language-nodejs "$sdk_version" build_language_host; fi
[ -x "$engine_dir/pulumi-resource-pulumi-nodejs" ] || install_dynamic_provider_launcher
if [ -x "$engine_dir/pulumi-language-python" ]; then log "cached pulumi-language-python $python_host_version"; else timed pulumi-language-python "$python_host_version" build_python_host; fi
build_sdkgen

export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
shopt -s nullglob
missing=()
for src in "$providers_src"/*/; do
    provider=$(basename "$src")
    if binary=$(build_provider "$provider"); then
        install_provider "$provider" "$binary"
    else
        log "pulumi-resource-$provider $(provider_version "$provider"): the build failed"
        missing+=("$provider")
    fi
done
for provider in "${stack_providers[@]}"; do
    [ -d "$providers_src/$provider" ] || missing+=("$provider")
done

log "engine: $("$engine_dir/pulumi" version) in $engine_dir"
if [ "${#missing[@]}" -gt 0 ]; then
    log "provider plugins not built: ${missing[*]}"
    $strict && exit 1
fi
exit 0
