#!/usr/bin/env bash
# load-image.sh NAME IMAGE
# Copies IMAGE from the local engine into the Docker engine inside host NAME. A host cannot pull
# (there is no registry to pull from), so this is how its builds get `debian:bookworm-slim`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/host/lib.sh
source "$here/lib.sh"
[ $# -eq 2 ] || { echo "usage: $0 NAME IMAGE" >&2; exit 2; }
name=$1 image=$2
[[ $image =~ ^[a-zA-Z0-9][a-zA-Z0-9_.:/@-]*$ ]] || { echo "load-image.sh: IMAGE must be an image reference (got '$image')" >&2; exit 2; }

docker image inspect "$image" >/dev/null 2>&1 || { echo "load-image.sh: no image '$image' in the local engine" >&2; exit 1; }
mapfile -t ssh_opts < <(host_ssh_opts "$name")
# Skip the copy when the host already has this exact image.
id=$(docker image inspect --format '{{.Id}}' "$image")
if [ "$(ssh "${ssh_opts[@]}" root@127.0.0.1 docker image inspect --format '{{.Id}}' "$image" 2>/dev/null)" = "$id" ]; then
    exit 0
fi
docker save "$image" | ssh "${ssh_opts[@]}" root@127.0.0.1 docker load -q >/dev/null
