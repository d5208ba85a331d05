#!/usr/bin/env bash
# start|stop the Docker engine that runs the local Debian 12 hosts: Debian's docker.io on a
# socket of its own, so it never touches another engine on this machine.
set -euo pipefail
# shellcheck source=scripts/lib/host-env.sh
source "$(dirname "$0")/../lib/host-env.sh"

start() {
    if docker version >/dev/null 2>&1; then return 0; fi
    if ! command -v dockerd >/dev/null || ! command -v debootstrap >/dev/null; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io debootstrap >/dev/null
    fi
    mkdir -p "$engine_run" "$engine_data"
    nohup dockerd --host "unix://$engine_socket" --data-root "$engine_data" --exec-root "$engine_run/exec" \
        --pidfile "$engine_run/docker.pid" >"$engine_run/dockerd.log" 2>&1 &
    for _ in $(seq 60); do
        docker version >/dev/null 2>&1 && return 0
        sleep 1
    done
    echo "engine.sh: dockerd did not answer on $engine_socket; see $engine_run/dockerd.log" >&2
    return 1
}

stop() {
    [ -f "$engine_run/docker.pid" ] || return 0
    local pid
    pid=$(cat "$engine_run/docker.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || return 0; sleep 1; done
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
