#!/usr/bin/env bash
# start NAME SSH_PORT HTTP_PORT | stop NAME
# A local Debian 12 host: a container of the test engine with systemd as PID 1, its sshd and
# nginx ports published on loopback only, root reachable with a key made for it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/lib/host-env.sh
source "$here/../lib/host-env.sh"

start() {
    local name=$1 ssh_port=$2 http_port=$3 dir=$host_state/$1
    mkdir -p "$dir" && chmod 700 "$dir"
    [ -f "$dir/id_ed25519" ] || ssh-keygen -q -t ed25519 -N "" -C "root@$name" -f "$dir/id_ed25519"
    if [ -z "$(docker ps -q --filter "name=^$name\$")" ]; then
        docker rm -f -v "$name" >/dev/null 2>&1 || true
        # The flags that let a nested Docker engine and systemd run (see the project's notes on
        # the test host); /var/lib/docker must be a volume: overlay on overlay fails.
        docker run -d --name "$name" --hostname "$name" \
            --cap-add ALL --cap-drop SYS_RESOURCE \
            --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
            --cgroupns host -v /sys/fs/cgroup:/sys/fs/cgroup:rw -v /var/lib/docker \
            --tmpfs /run --tmpfs /run/lock \
            -p "127.0.0.1:$ssh_port:22" -p "127.0.0.1:$http_port:80" \
            "$host_image" >/dev/null
    fi
    docker exec -i "$name" sh -c 'cat > /root/.ssh/authorized_keys && chmod 600 /root/.ssh/authorized_keys' <"$dir/id_ed25519.pub"
    for _ in $(seq 60); do
        if ssh -i "$dir/id_ed25519" -p "$ssh_port" -o BatchMode=yes -o StrictHostKeyChecking=no \
            -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectTimeout=2 root@127.0.0.1 true 2>/dev/null; then
            return 0
        fi
        sleep 1
    done
    echo "host.sh: $name did not answer SSH on 127.0.0.1:$ssh_port" >&2
    return 1
}

stop() {
    docker rm -f -v "$1" >/dev/null 2>&1 || true
    rm -rf "${host_state:?}/$1"
}

case "${1:-}" in
    start) [ $# -eq 4 ] || { echo "usage: $0 start NAME SSH_PORT HTTP_PORT" >&2; exit 2; }; start "$2" "$3" "$4" ;;
    stop) [ $# -eq 2 ] || { echo "usage: $0 stop NAME" >&2; exit 2; }; stop "$2" ;;
    *) echo "usage: $0 start NAME SSH_PORT HTTP_PORT | stop NAME" >&2; exit 2 ;;
esac
