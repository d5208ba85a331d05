#!/usr/bin/env bash
# host.sh start NAME SSH_PORT HTTP_PORT [HTTPS_PORT] | stop NAME
# A local Debian 12 host: a container of the local engine (engine.sh) booting systemd as PID 1,
# like a new Linode. Its sshd, HTTP and HTTPS ports are published on loopback only, and root
# logs in with an ed25519 key made for it, kept in /var/lib/paas-test/hosts/NAME/id_ed25519; the
# host's own ed25519 host key is copied beside it (ssh_host_ed25519_key.pub), for Pulumi to pin.
# A port given as 0 is picked by the engine: `docker port NAME` tells which (such a port changes
# when the container restarts). Exit 3: a port is taken.
# PAAS_HOST_IMAGE starts it from another image (a bootstrapped host's snapshot, say).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/host/lib.sh
source "$here/lib.sh"
image=${PAAS_HOST_IMAGE:-$host_image}

usage() { echo "usage: $0 start NAME SSH_PORT HTTP_PORT [HTTPS_PORT] | stop NAME" >&2; exit 2; }
port_ok() { [[ $1 =~ ^(0|[1-9][0-9]{0,4})$ ]] && [ "$1" -le 65535 ]; }
name_ok() { [[ $1 =~ ^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$ ]]; }

# matches NAME PORT_SPEC...: whether container NAME runs from $image and publishes each
# "22/tcp=PORT" on loopback (PORT 0: on any port), so that a second start can keep it.
matches() {
    local name=$1 spec bound
    shift
    [ "$(docker inspect --format '{{.State.Running}} {{.Config.Image}}' "$name" 2>/dev/null)" = "true $image" ] || return 1
    for spec in "$@"; do
        bound=$(docker port "$name" "${spec%=*}" 2>/dev/null | head -1)
        case ${spec#*=} in
            0) [[ $bound == 127.0.0.1:* ]] || return 1 ;;
            *) [ "$bound" = "127.0.0.1:${spec#*=}" ] || return 1 ;;
        esac
    done
    [ "$(docker port "$name" | wc -l)" = "$#" ]
}

start() {
    local name=$1 dir=$host_state/$1 started=$SECONDS publish=() spec host_port
    local specs=("22/tcp=$2" "80/tcp=$3")
    [ -z "${4:-}" ] || specs+=("443/tcp=$4")
    for spec in "${specs[@]}"; do
        # Port 0: the engine picks a free one (no race between parallel runs picking the same).
        host_port=${spec#*=}
        [ "$host_port" != 0 ] || host_port=
        publish+=(-p "127.0.0.1:$host_port:${spec%/tcp=*}")
    done

    mkdir -p "$dir" && chmod 700 "$dir"
    [ -f "$dir/id_ed25519" ] || ssh-keygen -q -t ed25519 -N "" -C "root@$name" -f "$dir/id_ed25519"

    if ! matches "$name" "${specs[@]}"; then
        docker rm -f -v "$name" >/dev/null 2>&1 || true
        # The flags that let systemd and a nested Docker engine run (--privileged is not
        # available here: SYS_RESOURCE is not ours to give). /var/lib/docker is a volume
        # because overlay on overlay fails; /run and /run/lock are tmpfs as systemd expects.
        if ! err=$(docker run -d --name "$name" --hostname "$name" \
            --cap-add ALL --cap-drop SYS_RESOURCE \
            --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
            --cgroupns host -v /sys/fs/cgroup:/sys/fs/cgroup:rw -v /var/lib/docker \
            --tmpfs /run --tmpfs /run/lock \
            --label paas.test-host=1 "${publish[@]}" "$image" 2>&1 >/dev/null); then
            docker rm -f -v "$name" >/dev/null 2>&1 || true
            echo "host.sh: $err" >&2
            # Exit 3: a port was taken in the meantime; the caller may pick others and retry.
            [[ $err == *"port is already allocated"* || $err == *"address already in use"* ]] && exit 3
            exit 1
        fi
    fi
    # docker exec, not ssh: this is how the key gets there (as cloud-init does on a Linode).
    docker exec -i "$name" sh -c 'umask 077 && mkdir -p /root/.ssh && cat >/root/.ssh/authorized_keys' <"$dir/id_ed25519.pub"

    local ssh_opts
    mapfile -t ssh_opts < <(host_ssh_opts "$name")
    for _ in $(seq 120); do
        # Up means sshd answers and systemd has finished booting (running, or degraded if a
        # unit failed; the bootstrap does not depend on every unit).
        if state=$(ssh "${ssh_opts[@]}" root@127.0.0.1 systemctl is-system-running --wait 2>/dev/null) \
            || [ "$state" = degraded ]; then
            # Through docker exec, as cloud-init would report it: not what port 22 claims.
            docker exec "$name" cat /etc/ssh/ssh_host_ed25519_key.pub >"$dir/ssh_host_ed25519_key.pub"
            echo "host.sh: $name up in $((SECONDS - started)) s: $(docker port "$name" | tr '\n' ' ')" >&2
            return 0
        fi
        sleep 0.5
    done
    echo "host.sh: $name did not finish booting within 60 s" >&2
    docker logs --tail 20 "$name" >&2 || true
    return 1
}

stop() {
    local name=$1
    # Only containers this script made: NAME could be anything the caller passed.
    if [ "$(docker inspect --format '{{index .Config.Labels "paas.test-host"}}' "$name" 2>/dev/null)" = 1 ]; then
        docker rm -f -v "$name" >/dev/null
    fi
    rm -rf "${host_state:?}/$name"
}

case "${1:-}" in
    start)
        { [ $# -eq 4 ] || [ $# -eq 5 ]; } || usage
        name_ok "$2" || { echo "host.sh: NAME must be letters, digits, _ . - (got '$2')" >&2; exit 2; }
        for port in "${@:3}"; do port_ok "$port" || { echo "host.sh: not a port: '$port'" >&2; exit 2; }; done
        start "${@:2}" ;;
    stop)
        [ $# -eq 2 ] || usage
        name_ok "$2" || { echo "host.sh: NAME must be letters, digits, _ . - (got '$2')" >&2; exit 2; }
        stop "$2" ;;
    *) usage ;;
esac
