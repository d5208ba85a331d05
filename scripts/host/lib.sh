# shellcheck shell=bash
# shellcheck disable=SC2034  # read by the scripts that source this file
# Where the local Debian 12 hosts live: their own Docker engine, its images and the hosts' keys.
# Everything is outside the repository, so a fresh clone (CI) reuses what an earlier run built.
# PAAS_TEST_STATE / PAAS_TEST_RUN move all of it, e.g. to measure a cold build beside a warm one.
state_dir=${PAAS_TEST_STATE:-/var/lib/paas-test}
run_dir=${PAAS_TEST_RUN:-/run/paas-test}
engine_socket=$run_dir/docker.sock
engine_data=$state_dir/docker
image_cache=$state_dir/images
host_state=$state_dir/hosts
export DOCKER_HOST=unix://$engine_socket

base_image=paas-debian:bookworm
host_image=paas-host:bookworm

# ssh options for a local host: its key was made for it a moment ago and its host key is new on
# every start, so nothing is remembered about it.
host_ssh_opts() { # NAME
    local name=$1 port
    port=$(docker port "$name" 22/tcp | head -1)
    port=${port##*:}
    [ -n "$port" ] || { echo "no published SSH port for host $name" >&2; return 1; }
    printf '%s\n' -i "$host_state/$name/id_ed25519" -p "$port" -o BatchMode=yes -o IdentitiesOnly=yes \
        -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectTimeout=5
}
