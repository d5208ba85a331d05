# shellcheck shell=bash
# The Node.js release this project's scripts and tests run on: the one package.json names in
# devEngines.runtime. When the machine's node is another release, it is brought from the npm
# registry (the node-linux-<arch> package carries Node.js's own binary, checked against the
# registry's integrity hash) into the toolchain cache. Sourcing this file puts it first on PATH.

node_env_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
node_version=$(node -p 'require(process.argv[1]).devEngines.runtime.version' "$node_env_root/package.json")
node_dir=${PAAS_TOOLCHAIN_CACHE:-$HOME/.cache/paas-toolchain}/node-$node_version

# install_node: unpack the registry's Node.js binary package into $node_dir.
install_node() {
    local arch tmp
    case $(uname -m) in
        x86_64) arch=x64 ;;
        aarch64) arch=arm64 ;;
        *) echo "node-env: no Node.js package for $(uname -m)" >&2; return 1 ;;
    esac
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent "node-linux-$arch@$node_version" >/dev/null && tar -xzf ./*.tgz)
    rm -rf "$node_dir" && mkdir -p "$(dirname "$node_dir")" && mv "$tmp/package" "$node_dir"
    rm -rf "$tmp"
    echo "node-env: installed Node.js $node_version into $node_dir" >&2
}

if [ "$(node --version 2>/dev/null)" != "v$node_version" ]; then
    [ -x "$node_dir/bin/node" ] || install_node
    PATH=$node_dir/bin:$PATH
    export PATH
fi
