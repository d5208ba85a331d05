#!/usr/bin/env bash
# engine.sh start|stop
# The Docker engine that runs the local Debian 12 hosts: Debian's docker.io on a socket, data
# root and exec root of its own, so it never touches another engine on this machine (nor the
# default /var/run/docker.sock). `start` is idempotent and safe to run from parallel jobs.
set -euo pipefail
# shellcheck source=scripts/host/lib.sh
source "$(dirname "$0")/lib.sh"
pidfile=$run_dir/docker.pid

answers() { docker version >/dev/null 2>&1; }
running_pid() { # prints the engine's pid when its process is alive
    local pid
    pid=$(cat "$pidfile" 2>/dev/null) || return 1
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

install_packages() {
    command -v dockerd >/dev/null && command -v docker >/dev/null && command -v debootstrap >/dev/null && return 0
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io debootstrap >/dev/null
}

start() {
    answers && return 0
    install_packages
    mkdir -p "$run_dir" "$engine_data"
    # One starter at a time: two test runs starting together must not start two daemons.
    exec 9>"$run_dir/engine.lock"
    flock 9
    if ! answers && ! running_pid >/dev/null; then
        rm -f "$engine_socket"
        # setsid: the engine outlives the shell or test run that started it, and is stopped by
        # `engine.sh stop` only.
        # 9>&-: the engine must not inherit (and so hold forever) the starters' lock.
        setsid dockerd --host "unix://$engine_socket" --data-root "$engine_data" \
            --exec-root "$run_dir/exec" --pidfile "$pidfile" \
            >>"$run_dir/dockerd.log" 2>&1 </dev/null 9>&- &
    fi
    for _ in $(seq 120); do
        answers && return 0
        sleep 0.5
    done
    echo "engine.sh: the engine does not answer on $engine_socket; see $run_dir/dockerd.log" >&2
    return 1
}

stop() {
    local pid
    pid=$(running_pid) || return 0
    kill "$pid"
    for _ in $(seq 60); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.5
    done
    echo "engine.sh: the engine (pid $pid) did not stop within 30 s" >&2
    return 1
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
