#!/usr/bin/env bash
# Builds the Pulumi CLI, its Node.js language host and the resource provider plugins from Go
# modules, for machines that cannot run Pulumi's installer. Each binary lands in a cache outside
# the repository, keyed by version (see scripts/lib/toolchain-env.sh); a second run only checks.
#
#   scripts/toolchain.sh            build what is missing; providers the module proxy does not
#                                   serve are reported and skipped
#   scripts/toolchain.sh --strict   fail when any provider could not be built
set -euo pipefail
# shellcheck source=scripts/lib/toolchain-env.sh
source "$(dirname "$0")/lib/toolchain-env.sh"

strict=false
[ "${1:-}" = --strict ] && strict=true

# The Node.js language host left the sdk/v3 module for a module of its own, which the module
# proxy here does not serve. The newest sdk/v3 release that still carries it in-module speaks
# the same protocol for everything `pulumi up/preview/destroy` asks of it.
language_host_fallback=3.68.0

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

# The launcher the engine runs for Node.js dynamic providers ships in the sdk module.
install_dynamic_provider_launcher() {
    local sdk_dir
    sdk_dir=$(module_info "github.com/pulumi/pulumi/sdk/v3@v$sdk_version" Dir)
    install -m 0755 "$sdk_dir/nodejs/dist/pulumi-resource-pulumi-nodejs" "$engine_dir/"
}

# build_provider NAME: the provider module at the commit of the npm package's release. The
# provider modules carry no tags of their own, so the release tag of the repository's root
# module gives the commit, and the provider module is asked for by its pseudo-version.
build_provider() {
    local name=$1 version major root info_version hash time module pseudo
    version=$(provider_version "$name")
    major=${version%%.*}
    root=github.com/pulumi/pulumi-$name
    info_version=v$version
    [ "$major" -ge 2 ] && info_version=$info_version+incompatible
    hash=$(module_info "$root@$info_version" Origin.Hash) || return 1
    time=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).Time)' \
        "$(module_info "$root@$info_version" Info)") || return 1
    module=$root/provider
    [ "$major" -ge 2 ] && module=$module/v$major
    [ "$major" -ge 2 ] || major=0
    pseudo=v$major.0.0-$(date -u -d "$time" +%Y%m%d%H%M%S)-${hash:0:12}
    log "$name $version is $module@$pseudo"
    module_info "$module@$pseudo" Version >/dev/null || return 1
    local dir=$build_root/pulumi-resource-$name-$version
    new_wrapper "$dir" "$module@$pseudo"
    build "$dir" "$(provider_dir "$name")/pulumi-resource-$name" "$module/cmd/pulumi-resource-$name" \
        "-X $module/pkg/version.Version=v$version"
}

mkdir -p "$engine_dir"
if [ -x "$engine_dir/pulumi" ]; then log "cached pulumi $sdk_version"; else timed pulumi "$sdk_version" build_cli; fi
if [ -x "$engine_dir/pulumi-language-nodejs" ]; then log "cached pulumi-language-nodejs for $sdk_version"; else timed pulumi-language-nodejs "$sdk_version" build_language_host; fi
[ -x "$engine_dir/pulumi-resource-pulumi-nodejs" ] || install_dynamic_provider_launcher

missing=()
for provider in "${toolchain_providers[@]}"; do
    if [ -x "$(provider_dir "$provider")/pulumi-resource-$provider" ]; then
        log "cached pulumi-resource-$provider $(provider_version "$provider")"
    elif ! timed "pulumi-resource-$provider" "$(provider_version "$provider")" build_provider "$provider"; then
        log "pulumi-resource-$provider $(provider_version "$provider"): its module is not served by the Go module proxy; not built"
        missing+=("$provider")
    fi
done

log "engine: $("$engine_dir/pulumi" version) in $engine_dir"
if [ "${#missing[@]}" -gt 0 ]; then
    log "providers not built: ${missing[*]}"
    $strict && exit 1
fi
exit 0
