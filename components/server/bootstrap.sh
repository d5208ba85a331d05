#!/usr/bin/env bash
# Turns a Debian 12 host into the platform host: Docker engine, nginx as the router, PostgreSQL
# and Redis for add-ons, the git receiver, certbot, unattended upgrades, key-only SSH.
# Settings arrive as JSON on stdin: {"swapMiB": 1024, "acmeEmail": "ops@example.com"}.
# Idempotent: it prints each change it makes, and a second run prints none.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
settings=$(cat)
export DEBIAN_FRONTEND=noninteractive

changes=0
changed() { echo "changed: $*"; changes=$((changes + 1)); }

# put_file DEST MODE: writes stdin to DEST when its content or mode differs; returns 1 if unchanged.
put_file() {
    local dest=$1 mode=$2 tmp
    tmp=$(mktemp)
    cat >"$tmp"
    if [ -f "$dest" ] && cmp -s "$tmp" "$dest" && [ "$(stat -c %a "$dest")" = "$mode" ]; then
        rm -f "$tmp"
        return 1
    fi
    mkdir -p "$(dirname "$dest")"
    install -m "$mode" "$tmp" "$dest"
    rm -f "$tmp"
    changed "$dest"
}

# --- packages -----------------------------------------------------------------------------
packages=(docker.io nginx postgresql redis-server git jq curl certbot unattended-upgrades sudo openssl)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed' || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    changed "installed ${missing[*]}"
fi

swap_mib=$(jq -r '.swapMiB // 0' <<<"$settings")
acme_email=$(jq -r '.acmeEmail // ""' <<<"$settings")
[[ $swap_mib =~ ^[0-9]+$ ]] || { echo "swapMiB: must be a whole number of MiB" >&2; exit 1; }

# --- swap on small plans ------------------------------------------------------------------
if [ "$swap_mib" -gt 0 ] && [ ! -f /swapfile ]; then
    if fallocate -l "${swap_mib}M" /swapfile && chmod 600 /swapfile && mkswap /swapfile >/dev/null && swapon /swapfile; then
        grep -q '^/swapfile ' /etc/fstab || echo '/swapfile none swap sw 0 0' >>/etc/fstab
        changed "swap ${swap_mib} MiB"
    else
        rm -f /swapfile
        echo "warning: this host cannot use a swap file; continuing without swap" >&2
    fi
fi

# --- SSH: keys only -----------------------------------------------------------------------
if put_file /etc/ssh/sshd_config.d/paas.conf 644 <<'EOF'; then systemctl reload ssh; fi
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
EOF

# --- Docker -------------------------------------------------------------------------------
systemctl is-active --quiet docker || { systemctl enable --now docker >/dev/null 2>&1; changed "docker started"; }
bridge_ip=$(ip -4 -o addr show docker0 2>/dev/null | awk '{split($4, a, "/"); print a[1]}')
bridge_ip=${bridge_ip:-172.17.0.1}

# --- PostgreSQL: loopback and the Docker bridge only, passwords required from containers ----
pg_version=$(find /etc/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -1)
pg_dir=/etc/postgresql/$pg_version/main
pg_changed=false
put_file "$pg_dir/conf.d/paas.conf" 644 <<EOF && pg_changed=true
listen_addresses = 'localhost,$bridge_ip'
password_encryption = 'scram-sha-256'
EOF
if ! grep -q '^# paas: app containers' "$pg_dir/pg_hba.conf"; then
    printf '# paas: app containers reach their database over the Docker bridge\nhost all all 172.16.0.0/12 scram-sha-256\n' >>"$pg_dir/pg_hba.conf"
    changed "$pg_dir/pg_hba.conf"
    pg_changed=true
fi
# Postgres binds the bridge address, so it starts after Docker has made the bridge.
put_file /etc/systemd/system/postgresql@.service.d/paas.conf 644 <<'EOF' && systemctl daemon-reload
[Unit]
After=docker.service
EOF
if $pg_changed; then systemctl restart postgresql; fi
systemctl is-active --quiet postgresql || { systemctl enable --now postgresql >/dev/null 2>&1; changed "postgresql started"; }

# --- Redis: loopback and the Docker bridge; every client is an ACL user -------------------
redis_changed=false
if [ ! -f /etc/redis/paas-admin.pass ]; then
    (umask 077 && openssl rand -hex 24 >/etc/redis/paas-admin.pass)
    changed /etc/redis/paas-admin.pass
fi
if [ ! -f /etc/redis/users.acl ]; then
    install -m 640 -o redis -g redis /dev/null /etc/redis/users.acl
    printf 'user default off\nuser paas on #%s ~* &* +@all\n' \
        "$(tr -d '\n' </etc/redis/paas-admin.pass | sha256sum | cut -d' ' -f1)" >/etc/redis/users.acl
    changed /etc/redis/users.acl
    redis_changed=true
fi
put_file /etc/redis/paas.conf 644 <<EOF && redis_changed=true
bind 127.0.0.1 $bridge_ip
protected-mode no
aclfile /etc/redis/users.acl
EOF
if ! grep -q '^include /etc/redis/paas.conf' /etc/redis/redis.conf; then
    echo 'include /etc/redis/paas.conf' >>/etc/redis/redis.conf
    changed /etc/redis/redis.conf
    redis_changed=true
fi
put_file /etc/systemd/system/redis-server.service.d/paas.conf 644 <<'EOF' && systemctl daemon-reload
[Unit]
After=docker.service
EOF
if $redis_changed; then systemctl restart redis-server; fi

# --- nginx: the router ----------------------------------------------------------------------
mkdir -p /etc/nginx/paas/upstreams /var/lib/paas/acme
nginx_changed=false
put_file /etc/nginx/conf.d/paas.conf 644 <<'EOF' && nginx_changed=true
# App upstreams (written by `paas app deploy`); app vhosts are in sites-enabled/paas-*.conf.
include /etc/nginx/paas/upstreams/*.conf;
map $http_upgrade $connection_upgrade {
    default upgrade;
    ''      close;
}
EOF
put_file /etc/nginx/sites-available/default 644 <<'EOF' && nginx_changed=true
# Hosts the platform does not know get a 404; Let's Encrypt challenges are answered for all.
server {
    listen 80 default_server;
    listen [::]:80 default_server;
    server_name _;
    location /.well-known/acme-challenge/ { root /var/lib/paas/acme; }
    location / { return 404; }
}
EOF
if $nginx_changed; then nginx -t -q && systemctl reload nginx; fi
systemctl is-active --quiet nginx || { systemctl enable --now nginx >/dev/null 2>&1; changed "nginx started"; }

# --- the platform's own scripts ---------------------------------------------------------------
if [ "$here" != /usr/local/lib/paas ]; then
    if ! diff -rq "$here" /usr/local/lib/paas >/dev/null 2>&1; then
        rm -rf /usr/local/lib/paas.new && cp -r "$here" /usr/local/lib/paas.new
        chmod -R go-w /usr/local/lib/paas.new && chmod 755 /usr/local/lib/paas.new/*.sh
        rm -rf /usr/local/lib/paas && mv /usr/local/lib/paas.new /usr/local/lib/paas
        changed /usr/local/lib/paas
    fi
fi
[ "$(readlink /usr/local/bin/paas 2>/dev/null)" = /usr/local/lib/paas/paas.sh ] || {
    ln -sfn /usr/local/lib/paas/paas.sh /usr/local/bin/paas
    changed /usr/local/bin/paas
}
# App state holds config vars: root only. The ACME webroot beside it is served by nginx.
[ "$(stat -c %a /var/lib/paas/apps 2>/dev/null)" = 700 ] || { install -d -m 700 /var/lib/paas/apps; changed /var/lib/paas/apps; }

# --- git receiver: pushes arrive as user git, whose only command is paas-git-shell ----------
if ! id git >/dev/null 2>&1; then
    useradd --system --create-home --home-dir /home/git --shell /usr/local/lib/paas/paas-git-shell git
    changed "user git"
fi
install -d -m 700 -o git -g git /home/git/.ssh
[ -f /home/git/.ssh/authorized_keys ] || install -m 600 -o git -g git /dev/null /home/git/.ssh/authorized_keys
# The push hook may run exactly one command as root: the deploy of a pushed image.
put_file /etc/sudoers.d/paas-git 440 <<'EOF' || true
git ALL=(root) NOPASSWD: /usr/local/lib/paas/paas.sh app push-deploy *
EOF

# --- TLS and upgrades -----------------------------------------------------------------------
if [ -n "$acme_email" ]; then
    put_file /etc/paas/acme-email 644 <<<"$acme_email" || true
fi
put_file /etc/apt/apt.conf.d/20auto-upgrades 644 <<'EOF' || true
APT::Periodic::Update-Package-Lists "1";
APT::Periodic::Unattended-Upgrade "1";
EOF

echo "bootstrap: $changes changes"
