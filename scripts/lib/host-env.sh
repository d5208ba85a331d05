# shellcheck shell=bash
# shellcheck disable=SC2034  # read by the scripts that source this file
# The Docker engine and images behind the local Debian 12 hosts. Everything lives outside the
# repository so that a fresh clone reuses what an earlier run built.
engine_run=/run/paas-test
engine_socket=$engine_run/docker.sock
engine_data=/var/lib/paas-test/docker
host_state=/var/lib/paas-test/hosts
image_cache=/var/lib/paas-test/images
export DOCKER_HOST=unix://$engine_socket

# Bump when the host image's recipe changes.
host_image_version=1
base_image=paas-debian:bookworm
host_image=paas-host:bookworm-$host_image_version
