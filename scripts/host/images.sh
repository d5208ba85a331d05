#!/usr/bin/env bash
# images.sh: builds, without any registry, the images behind the local Debian 12 hosts:
#   paas-debian:bookworm   debootstrap's minbase of Debian 12, imported into the engine
#   debian:bookworm-slim   the same image: what app Dockerfiles (`FROM debian:bookworm-slim`)
#                          build on, here and, after load-image.sh, inside a host
#   paas-host:bookworm     + systemd, dbus, sshd (root by key only): a stand-in for a new Linode
# Each is also tagged -r<recipe>; a run that finds the tags of the current recipe only checks,
# so only the first run on a machine (or after a recipe change) builds anything.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/host/lib.sh
source "$here/lib.sh"

# Bump when the recipe below or host-image/Dockerfile changes: every image is rebuilt.
recipe=2
suite=bookworm
mirror=http://deb.debian.org/debian

image_id() { docker image inspect --format '{{.Id}}' "$1" 2>/dev/null; }
# tag SOURCE TARGET: points TARGET at SOURCE unless it already does.
tag() { [ "$(image_id "$2")" = "$(image_id "$1")" ] || docker tag "$1" "$2"; }

build_base() {
    local rootfs_tar=$image_cache/$suite-minbase-r$recipe.tar rootfs started=$SECONDS
    if [ ! -f "$rootfs_tar" ]; then
        rootfs=$(mktemp -d)
        debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >/dev/null
        # Security and point-release updates, as on a real Debian 12 machine.
        cat >"$rootfs/etc/apt/sources.list" <<SOURCES
deb $mirror $suite main
deb $mirror $suite-updates main
deb http://deb.debian.org/debian-security $suite-security main
SOURCES
        rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
        # The rootfs tarball is kept: the engine's data can be lost, debootstrap is the slow part.
        tar -C "$rootfs" -cf "$rootfs_tar.partial" . && mv "$rootfs_tar.partial" "$rootfs_tar"
        rm -rf "$rootfs"
        # Older recipes' tarballs are of no further use.
        find "$image_cache" -maxdepth 1 -name "$suite-minbase-r*.tar" ! -name "${rootfs_tar##*/}" -delete
    fi
    docker import --change 'CMD ["bash"]' "$rootfs_tar" "$base_image-r$recipe" >/dev/null
    echo "images.sh: $base_image-r$recipe in $((SECONDS - started)) s" >&2
}

build_host() {
    local started=$SECONDS
    # The classic builder: Debian's docker.io ships without buildx.
    DOCKER_BUILDKIT=0 docker build -q --build-arg "BASE=$base_image-r$recipe" -t "$host_image-r$recipe" "$here/host-image" >/dev/null
    echo "images.sh: $host_image-r$recipe in $((SECONDS - started)) s" >&2
}

# One builder at a time: parallel test runs on a cold machine wait for the first one's images.
mkdir -p "$image_cache"
exec 9>"$image_cache/.lock"
flock 9

[ -n "$(image_id "$base_image-r$recipe")" ] || build_base
tag "$base_image-r$recipe" "$base_image"
tag "$base_image-r$recipe" debian:bookworm-slim
[ -n "$(image_id "$host_image-r$recipe")" ] || build_host
tag "$host_image-r$recipe" "$host_image"

# Images of older recipes go, unless a container still uses them.
for old in $(docker image ls --format '{{.Repository}}:{{.Tag}}' | grep -E "^(${base_image%%:*}|${host_image%%:*}):"); do
    case $old in "$base_image" | "$host_image" | *-r"$recipe") ;; *) docker rmi "$old" >/dev/null 2>&1 || true ;; esac
done
