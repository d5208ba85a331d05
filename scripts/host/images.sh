#!/usr/bin/env bash
# Builds, without any registry, the images behind the local Debian 12 hosts:
#   paas-debian:bookworm (also tagged debian:bookworm-slim)  debootstrap's minbase, imported
#   paas-host:bookworm-N                                    + systemd, sshd: a stand-in VPS
# A run with the images present only checks.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/lib/host-env.sh
source "$here/../lib/host-env.sh"

has_image() { docker image inspect "$1" >/dev/null 2>&1; }

if ! has_image "$base_image"; then
    rootfs_tar=$image_cache/bookworm-minbase.tar
    if [ ! -f "$rootfs_tar" ]; then
        start=$SECONDS
        rootfs=$(mktemp -d)
        debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >/dev/null
        mkdir -p "$image_cache"
        tar -C "$rootfs" -cf "$rootfs_tar.partial" . && mv "$rootfs_tar.partial" "$rootfs_tar"
        rm -rf "$rootfs"
        echo "images.sh: debootstrap bookworm in $((SECONDS - start))s" >&2
    fi
    docker import "$rootfs_tar" "$base_image" >/dev/null
fi
# App Dockerfiles say `FROM debian:bookworm-slim`; this is what that name means here.
has_image debian:bookworm-slim || docker tag "$base_image" debian:bookworm-slim

if ! has_image "$host_image"; then
    start=$SECONDS
    docker build -q --build-arg "BASE=$base_image" -t "$host_image" "$here/host-image" >/dev/null
    echo "images.sh: built $host_image in $((SECONDS - start))s" >&2
fi
