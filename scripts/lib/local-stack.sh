# shellcheck shell=bash
# shellcheck disable=SC2034  # read by the scripts that source this file
# The `local` stack: its host container, loopback ports, platform domain and state folder.
local_stack=local
local_host=paas-local
local_ssh_port=${PAAS_LOCAL_SSH_PORT:-2222}
local_http_port=${PAAS_LOCAL_HTTP_PORT:-8080}
local_domain=paas.localhost
local_backend=file://$HOME/.local/share/paas/state
local_host_key() { echo "/var/lib/paas-test/hosts/$local_host/id_ed25519"; }
# The host's own SSH host key, which the stack pins (host.sh copies it there).
local_host_public_host_key() { echo "/var/lib/paas-test/hosts/$local_host/ssh_host_ed25519_key.pub"; }
