#!/usr/bin/env bash
# acme-server.sh start NAME DOMAIN...
# A certificate authority for TLS tests, inside local host NAME: Let's Encrypt's own test server,
# Pebble, built from its Go module, serving ACME at https://localhost:14000/dir and validating
# HTTP-01 challenges on the host's port 80, as Let's Encrypt does on a VPS. Each DOMAIN resolves
# to the host itself (its /etc/hosts), and the host trusts the directory's certificate, as it
# trusts Let's Encrypt's. The certificates it issues chain to a root it makes at start:
# https://localhost:15000/roots/0 on the host. It refuses refused.example.test, as Let's Encrypt
# refuses names it will not issue for.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/host/lib.sh
source "$here/lib.sh"

pebble_module=github.com/letsencrypt/pebble/v2
pebble_version=v2.10.1
pebble_dir=$state_dir/tools/pebble-$pebble_version

usage() { echo "usage: $0 start NAME DOMAIN..." >&2; exit 2; }

# build: the pebble binary and the certificates of its ACME endpoint, into $pebble_dir.
build() {
    [ -x "$pebble_dir/pebble" ] && return 0
    local started=$SECONDS tmp module_dir
    tmp=$(mktemp -d)
    # Statically linked: it runs on the host, whatever its libc.
    export GOSUMDB=off GOFLAGS=-mod=mod
    GOBIN=$tmp CGO_ENABLED=0 go install "$pebble_module/cmd/pebble@$pebble_version"
    # go install left the module in the module cache (its path has no capitals to escape).
    module_dir=$(go env GOMODCACHE)/$pebble_module@$pebble_version
    cp "$module_dir/test/certs/pebble.minica.pem" "$module_dir/test/certs/localhost/cert.pem" \
        "$module_dir/test/certs/localhost/key.pem" "$tmp/"
    chmod 644 "$tmp"/*.pem
    mkdir -p "$(dirname "$pebble_dir")"
    rm -rf "$pebble_dir"
    mv "$tmp" "$pebble_dir"
    echo "acme-server.sh: built pebble $pebble_version in $((SECONDS - started)) s" >&2
}

start() {
    local name=$1 domain
    shift
    for domain in "$@"; do
        [[ $domain =~ ^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$ ]] || { echo "acme-server.sh: not a domain: '$domain'" >&2; exit 2; }
    done
    build
    docker exec "$name" mkdir -p /opt/pebble
    docker cp -q "$pebble_dir/." "$name:/opt/pebble/"
    docker exec -i "$name" bash -s -- "$@" <<'EOF'
set -euo pipefail
cd /opt/pebble
cat >config.json <<'JSON'
{"pebble": {"listenAddress": "127.0.0.1:14000", "managementListenAddress": "127.0.0.1:15000",
  "certificate": "/opt/pebble/cert.pem", "privateKey": "/opt/pebble/key.pem",
  "httpPort": 80, "tlsPort": 5001, "ocspResponderURL": "", "externalAccountBindingRequired": false,
  "domainBlocklist": ["refused.example.test"]}}
JSON
for domain in "$@"; do
    grep -qx "127.0.0.1 $domain" /etc/hosts || echo "127.0.0.1 $domain" >>/etc/hosts
done
install -m 644 pebble.minica.pem /usr/local/share/ca-certificates/pebble-minica.crt
update-ca-certificates >/dev/null 2>&1
systemctl stop paas-test-acme 2>/dev/null || true
systemctl reset-failed paas-test-acme 2>/dev/null || true
# No random sleeps before validating and no rejected nonces: the tests wait on it.
systemd-run -q --unit paas-test-acme --setenv PEBBLE_VA_NOSLEEP=1 --setenv PEBBLE_WFE_NONCEREJECT=0 \
    /opt/pebble/pebble -config /opt/pebble/config.json
for _ in $(seq 50); do
    curl -fsS -o /dev/null https://localhost:14000/dir 2>/dev/null && exit 0
    sleep 0.2
done
echo "acme-server.sh: pebble did not answer on https://localhost:14000/dir" >&2
journalctl -u paas-test-acme --no-pager | tail -20 >&2
exit 1
EOF
}

case "${1:-}" in
    start) [ $# -ge 2 ] || usage; start "${@:2}" ;;
    *) usage ;;
esac
