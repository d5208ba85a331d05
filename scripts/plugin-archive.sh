#!/usr/bin/env bash
# plugin-archive.sh OUTDIR [TARBALL]: the components as a Pulumi plugin for programs in other
# languages, in the archive layout `pulumi plugin install resource paas VERSION --file ARCHIVE`
# takes (and a release would publish): pulumi-resource-paas-vVERSION-linux-<arch>.tar.gz, holding
# the launcher and the package installed by npm with its dependencies, and TypeScript, which the
# component provider host reads the components' argument types with. TARBALL is an `npm pack` of
# this package (made when not given). Prints the archive's path.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 OUTDIR [TARBALL]" >&2; exit 2; }
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/node-env.sh
source scripts/lib/node-env.sh
out=$(mkdir -p "$1" && cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tarball=${2:-}
if [ -z "$tarball" ]; then
    npm pack --silent --pack-destination "$work" >"$work/names"
    tarball=$work/$(tail -1 "$work/names")
fi
version=$(tar -xzOf "$tarball" package/package.json | node -p 'JSON.parse(require("fs").readFileSync(0, "utf8")).version')
typescript=$(node -p 'require("./package.json").devDependencies.typescript')
case $(uname -m) in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; *) arch=$(uname -m) ;; esac

plugin=$work/plugin
mkdir -p "$plugin"
cp "$tarball" "$plugin/paas.tgz"
echo '{ "name": "pulumi-resource-paas", "private": true }' >"$plugin/package.json"
(cd "$plugin" && npm install --omit=dev --no-audit --no-fund --loglevel=error ./paas.tgz "typescript@$typescript" >&2)
rm "$plugin/paas.tgz"
install -m 0755 scripts/plugin/pulumi-resource-paas "$plugin/"
archive=$out/pulumi-resource-paas-v$version-linux-$arch.tar.gz
tar -czf "$archive" -C "$plugin" .
echo "$archive"
