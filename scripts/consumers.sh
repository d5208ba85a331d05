#!/usr/bin/env bash
# Installs the library as its users do, for the suites in test/e2e/library:
# - `npm pack` of this checkout, then `npm install` of that tarball in a program folder of its own
#   beside the oldest and the newest `@pulumi/pulumi` that the library's peer range accepts, as
#   published on the npm registry (consumers.test.ts);
# - the plugin archive programs in other languages install (scripts/plugin-archive.sh), and a
#   Python virtualenv with the newest `pulumi` SDK on PyPI (python.test.ts);
# - the Go modules the Go program in test/e2e/library/go-program builds with, into Go's module
#   cache, for go.test.ts to build it offline (`go mod download` is seconds once they are there).
# They live outside the repository, under the toolchain cache, and are installed again only when
# the tarball, an SDK release or Python changes.
#
# Writes $toolchain_cache/consumers/index.json:
#   { "node": [{ "sdk": "3.142.0", "dir": "..." }, ...], "plugin": "....tar.gz", "python": { "venv": "...", "sdk": "3.272.0" } }
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/toolchain-env.sh
source scripts/lib/toolchain-env.sh
consumers=$toolchain_cache/consumers
mkdir -p "$consumers"

log() { printf 'consumers: %s\n' "$*" >&2; }

range=$(node -p 'require("./package.json").peerDependencies["@pulumi/pulumi"]')
# The published releases in the range (npm leaves prereleases out of a range), oldest first.
read -r oldest newest < <(npm view "@pulumi/pulumi@$range" version --json | node -e '
    const semver = require(process.argv[1]);
    const found = [].concat(JSON.parse(require("fs").readFileSync(0, "utf8")));
    const sorted = semver.sort(found);
    console.log(sorted[0], sorted[sorted.length - 1]);' "$repo_root/node_modules/semver")

packed=$(mktemp -d)
trap 'rm -rf "$packed"' EXIT
# `npm pack` builds the package first (its prepare script), as a publish would.
npm pack --silent --pack-destination "$packed" >"$packed/names"
tarball=$packed/$(tail -1 "$packed/names")
digest=$(sha256sum "$tarball" | cut -c1-16)

entries=()
for sdk in "$oldest" "$newest"; do
    dir=$consumers/pulumi-$sdk
    if [ "$(cat "$dir/.installed" 2>/dev/null)" = "$digest" ]; then
        log "@pulumi/pulumi $sdk: cached"
    else
        start=$SECONDS
        rm -rf "$dir" && mkdir -p "$dir"
        cp "$tarball" "$dir/paas.tgz"
        # A user's program: the library, the SDK release under test, and TypeScript for the
        # Node.js language host, at the ranges this repository develops with.
        node -e '
            const [sdk, dir] = process.argv.slice(1);
            const own = require(process.cwd() + "/package.json").devDependencies;
            const manifest = { name: "paas-consumer", private: true,
                dependencies: { "@pulumi/pulumi": sdk, paas: "file:paas.tgz" },
                devDependencies: { typescript: own.typescript, "@types/node": own["@types/node"] } };
            require("fs").writeFileSync(dir + "/package.json", JSON.stringify(manifest, null, 2) + "\n");' "$sdk" "$dir"
        (cd "$dir" && npm install --no-audit --no-fund --loglevel=error >&2)
        echo "$digest" >"$dir/.installed"
        log "@pulumi/pulumi $sdk: installed in $((SECONDS - start))s"
    fi
    entries+=("$sdk" "$dir")
done

plugin_dir=$consumers/plugin
if [ "$(cat "$plugin_dir/.installed" 2>/dev/null)" = "$digest" ]; then
    log "plugin archive: cached"
else
    rm -rf "$plugin_dir"
    scripts/plugin-archive.sh "$plugin_dir" "$tarball" >/dev/null
    echo "$digest" >"$plugin_dir/.installed"
    log "plugin archive: built"
fi
plugin=$(echo "$plugin_dir"/pulumi-resource-paas-*.tar.gz)

# Python: a virtualenv with Pulumi's SDK (the newest 3.x on PyPI), and setuptools and wheel, which
# installing a generated SDK from its folder builds with.
python=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
venv=$consumers/python-$python
if [ -x "$venv/bin/python" ] && [ -f "$venv/.installed" ]; then
    log "python $python virtualenv: cached"
else
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "pulumi>=3,<4" setuptools wheel >&2
    touch "$venv/.installed"
    log "python $python virtualenv: installed"
fi
python_sdk=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("pulumi"))')

# Go: the modules the Go program's go.mod lists (all it builds with, as `go mod tidy` writes it),
# downloaded for a copy of it, so that no go.sum is written into the repository.
mkdir "$packed/go-program"
cp test/e2e/library/go-program/go.mod "$packed/go-program/"
(cd "$packed/go-program" && GOFLAGS=-mod=mod GOSUMDB=off go mod download)
log "go modules of the Go program: downloaded"

# Older releases' folders are not needed again.
find "$consumers" -mindepth 1 -maxdepth 1 -type d ! -name "pulumi-$oldest" ! -name "pulumi-$newest" ! -name plugin ! -name "python-$python" -exec rm -rf {} +
node -e '
    const [file, plugin, venv, pythonSdk, ...pairs] = process.argv.slice(1);
    const node = [];
    for (let i = 0; i < pairs.length; i += 2) node.push({ sdk: pairs[i], dir: pairs[i + 1] });
    const index = { node, plugin, python: { venv, sdk: pythonSdk } };
    require("fs").writeFileSync(file, JSON.stringify(index, null, 2) + "\n");' "$consumers/index.json" "$plugin" "$venv" "$python_sdk" "${entries[@]}"
