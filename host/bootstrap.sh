#!/usr/bin/env bash
# Turns a Debian 12 host into the platform host: Docker engine, nginx as the router, PostgreSQL
# and Redis for add-ons, the git receiver, certbot, unattended upgrades, key-only SSH.
# Run as root from a copy of bin/server (the PlatformHost component copies it to a folder of
# root's, shared/uploads.ts, and runs this through host/run-upload.sh); settings arrive as JSON on stdin:
#   {"swapMiB": 1024, "acmeEmail": "ops@example.com", "acmeServer": "https://acme.example/dir"}
# acmeServer is optional: certbot's default, Let's Encrypt, serves when it is absent.
# Idempotent: it prints one line per change it makes, and a run that changes nothing prints
# nothing. Works wherever systemd runs the machine (a Linode, the local test host).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lib=/usr/local/lib/paas
die() { echo "bootstrap: $*" >&2; exit 1; }
changed() { echo "changed: $*"; }
[ "$(id -u)" = 0 ] || die "must run as root"

# --- settings ---------------------------------------------------------------------------------
settings=$(cat)
# Non-interactive, keeping local config files, and waiting (not failing) while the machine's
# own first-boot apt run holds the lock.
apt=(apt-get -qq -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
export DEBIAN_FRONTEND=noninteractive
if ! command -v jq >/dev/null || ! command -v node >/dev/null; then
    # The platform's runtime (Node.js) checks the settings, and jq reads them: both come first.
    "${apt[@]}" update && "${apt[@]}" install -y --no-install-recommends jq nodejs >/dev/null
    changed "installed jq nodejs"
fi
# The same rules as the PlatformHost component's (shared/host-inputs.ts), run by paas.js.
# By node: a copy (CopyToRemote) need not keep the executable bit.
checked=$(node "$here/paas.js" platform settings 2>&1 <<<"$settings") || die "$checked"
settings=$checked
swap_mib=$(jq -r '.swapMiB' <<<"$settings")
acme_email=$(jq -r '.acmeEmail // ""' <<<"$settings")
acme_server=$(jq -r '.acmeServer // ""' <<<"$settings")

# writer_of DIR: who writes in DIR: root when DIR and the folders above it (those that exist)
# are root's, else the owner of the topmost that is not (postgres for /etc/postgresql/..., redis
# for /etc/redis), so that root never follows a link another user could have put on the way.
writer_of() {
    local p=$1 writer=root owner
    while [ "$p" != / ]; do
        if owner=$(stat -c %U -- "$p" 2>/dev/null) && [ "$owner" != root ]; then writer=$owner; fi
        p=$(dirname -- "$p")
    done
    echo "$writer"
}

# put_file DEST MODE [OWNER]: writes stdin to DEST when its content, mode or owner differs; in
# another user's folder, as that user (OWNER must be theirs).
# Returns 0 when it wrote, 1 when DEST was already so (for `put_file ... && restart=true`).
put_file() {
    local dest=$1 mode=$2 owner=${3:-root:root} tmp writer
    tmp=$(mktemp)
    cat >"$tmp"
    if [ -f "$dest" ] && cmp -s "$tmp" "$dest" && [ "$(stat -c '%a %U:%G' "$dest")" = "$mode $owner" ]; then
        rm -f "$tmp"
        return 1
    fi
    writer=$(writer_of "$(dirname "$dest")")
    # Each step checked: callers run put_file in `&&` lists, where set -e does not stop it.
    if [ "$writer" = root ]; then
        { mkdir -p "$(dirname "$dest")" && install -m "$mode" -o "${owner%:*}" -g "${owner#*:}" "$tmp" "$dest"; } ||
            { rm -f "$tmp"; die "$dest could not be written"; }
    else
        [ "${owner%:*}" = "$writer" ] || die "$dest: in a folder of $writer's, so it must be $writer's"
        # Made anew (rm first): one root wrote before is not theirs to write.
        { runuser -u "$writer" -- mkdir -p "$(dirname "$dest")" && runuser -u "$writer" -- rm -f "$dest" &&
            runuser -u "$writer" -- tee "$dest" <"$tmp" >/dev/null && runuser -u "$writer" -- chmod "$mode" "$dest"; } ||
            { rm -f "$tmp"; die "$dest could not be written as $writer"; }
    fi
    rm -f "$tmp"
    changed "$dest"
}

# ensure_dir DIR MODE [OWNER]
ensure_dir() {
    local dir=$1 mode=$2 owner=${3:-root:root}
    [ -d "$dir" ] && [ "$(stat -c '%a %U:%G' "$dir")" = "$mode $owner" ] && return 0
    install -d -m "$mode" -o "${owner%:*}" -g "${owner#*:}" "$dir"
    changed "$dir"
}

# --- addresses: the apps' networks and who may reach Postgres ---------------------------------
# Every app's Docker network comes from this one range (the engine's default-address-pools), and
# pg_hba admits exactly it: planned together, so no app gets a subnet its database refuses.
# 10.77.0.0/16 is clear of a Linode's private network (192.168.128.0/17), of Docker's own
# defaults and of the usual VPC and cluster ranges (10.0.x, 10.96.0.0/12, 10.128.0.0/9,
# 172.31.0.0/16). In /24s it holds 256 networks (the bridge takes one) of 253 containers each:
# the README's app limit (shared/rules.ts maxApps) stays below.
app_networks=10.77.0.0/16
app_network_prefix=24
# The default bridge, whose address containers reach the host by (paas-host), is pinned so that a
# reboot cannot move it: where an earlier run pinned it, else where it is now on a host that has
# run Docker, else the range's first /24 on a new host.
docker_bridge=$(jq -r '.bip // ""' /etc/docker/daemon.json 2>/dev/null) || docker_bridge=
[ -n "$docker_bridge" ] || docker_bridge=$(ip -4 -o addr show dev docker0 2>/dev/null | awk '{ print $4; exit }') || true
[ -n "$docker_bridge" ] || docker_bridge=${app_networks%.*.*/*}.0.1/$app_network_prefix

# --- packages ---------------------------------------------------------------------------------
# The engine's settings, merged into what daemon.json holds: the address pools above, the bridge,
# and log files that would otherwise grow until the disk is full. Written before docker.io is
# installed so that its first start already uses them.
docker_settings=$(jq -n --arg bip "$docker_bridge" --arg base "$app_networks" --argjson size "$app_network_prefix" '{
    "log-driver": "json-file",
    "log-opts": { "max-size": "10m", "max-file": "3" },
    "bip": $bip,
    "default-address-pools": [{ "base": $base, "size": $size }]
}')
docker_json=$(jq --argjson ours "$docker_settings" '. * $ours' /etc/docker/daemon.json 2>/dev/null) ||
    { [ ! -s /etc/docker/daemon.json ] || die "/etc/docker/daemon.json is not JSON"; docker_json=$docker_settings; }
docker_restart=false
put_file /etc/docker/daemon.json 644 <<<"$docker_json" && docker_restart=true

packages=(docker.io nginx postgresql redis-server git jq nodejs curl certbot unattended-upgrades
    sudo openssl iproute2 procps ca-certificates)
missing=()
for package in "${packages[@]}"; do
    [ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)" = "install ok installed" ] || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    "${apt[@]}" update
    "${apt[@]}" install -y --no-install-recommends "${missing[@]}" >/dev/null
    changed "installed ${missing[*]}"
fi

# --- swap: small plans build images with it -----------------------------------------------------
if [ "$swap_mib" -gt 0 ] && [ -z "$(swapon --noheadings --show=NAME)" ]; then
    # A container (the local test host) cannot swap: say so and carry on without.
    if [ ! -f /swapfile ] && fallocate -l "${swap_mib}M" /swapfile && chmod 600 /swapfile &&
        mkswap /swapfile >/dev/null && swapon /swapfile 2>/dev/null; then
        grep -q '^/swapfile ' /etc/fstab || echo '/swapfile none swap sw 0 0' >>/etc/fstab
        changed "swap ${swap_mib} MiB"
    else
        [ -n "$(swapon --noheadings --show=NAME)" ] || { rm -f /swapfile; echo "bootstrap: no swap on this host" >&2; }
    fi
fi

# --- SSH: keys only ---------------------------------------------------------------------------
# sshd takes the first value it reads and reads sshd_config.d in name order: 00- comes first,
# before whatever the image or cloud-init put there.
if put_file /etc/ssh/sshd_config.d/00-paas.conf 644 <<'EOF'; then
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
EOF
    sshd -t || die "sshd rejects its configuration"
    systemctl reload ssh
fi

# --- Docker -----------------------------------------------------------------------------------
if ! systemctl is-active --quiet docker; then
    systemctl enable --now docker >/dev/null 2>&1
    changed "docker started"
elif $docker_restart; then
    # The engine reads daemon.json only when it starts. The restart stops every container for a
    # few seconds; those started with --restart unless-stopped (every app's web and worker
    # containers) come back by themselves. Networks made before keep their subnets until they
    # are made again (each app's, at its next deploy); pg_hba below keeps admitting them.
    systemctl restart docker
fi
# Apps reach Postgres and Redis on the bridge's address (the name paas-host in containers).
bridge_ip=$(ip -4 -o addr show dev docker0 2>/dev/null | awk '{ split($4, a, "/"); print a[1]; exit }') || true
bridge_ip=${bridge_ip:-172.17.0.1}
# Postgres and Redis bind that address, so they start after Docker has made the bridge.
after_docker() { # UNIT: a drop-in ordering UNIT after docker.service
    if put_file "/etc/systemd/system/$1.d/10-paas-after-docker.conf" 644 <<'EOF'; then
[Unit]
After=docker.service
EOF
        systemctl daemon-reload
    fi
}

# --- PostgreSQL: loopback and the Docker bridge; containers must give a password ----------------
pg_version=$(find /etc/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -1)
[ -n "$pg_version" ] || die "no PostgreSQL cluster in /etc/postgresql"
pg_dir=/etc/postgresql/$pg_version/main
pg_restart=false
# max_connections: Debian's 100 is 2 per app at 40 apps; 300 leaves about 3 per app at the
# README's 100 apps. A slot unused costs a few kB of shared memory, a connection open a few MB.
put_file "$pg_dir/conf.d/paas.conf" 644 postgres:postgres <<EOF && pg_restart=true
listen_addresses = 'localhost,$bridge_ip'
password_encryption = 'scram-sha-256'
max_connections = 300
EOF
# App containers reach their database from their network's address: the planned range, with a
# password, each app role its own database only (sameuser: the role and the database share the
# add-on's name). A line an earlier version wrote (172.16.0.0/12, Docker's default pools) stays, for
# the networks made before, until each app's next deploy makes its network anew; lines of earlier
# versions for all databases become sameuser. Over the socket a password too: Debian's `peer` would
# let a local account (git, redis, nobody) in as the add-on role of its name.
pg_hba_marker='# paas: app containers reach their database over Docker networks, with a password'
pg_hba_apps="host sameuser all $app_networks scram-sha-256"
pg_hba=$(awk -v marker="$pg_hba_marker" -v line="$pg_hba_apps" '
    $0 == marker { print; print line; seen = 1; next }
    seen && NF == 5 && $1 == "host" && $2 == "all" && $3 == "all" && $5 == "scram-sha-256" { $2 = "sameuser" }
    NF == 4 && $1 == "local" && $2 == "all" && $3 == "all" && $4 == "peer" { $4 = "scram-sha-256" }
    $0 == line { next }
    { print }
    END { if (!seen) { print marker; print line } }' "$pg_dir/pg_hba.conf")
if [ "$pg_hba" != "$(cat "$pg_dir/pg_hba.conf")" ]; then
    put_file "$pg_dir/pg_hba.conf" 640 postgres:postgres <<<"$pg_hba" && pg_restart=true
fi
# The runtime runs as root and connects as role postgres over the socket: peer authentication
# through the map `paas`, on a line before Debian's `local all postgres peer` (first match wins).
pg_ident=$(cat "$pg_dir/pg_ident.conf")
pg_ident_missing=false
for pg_user in root postgres; do
    if ! grep -Eq "^paas[[:space:]]+${pg_user}[[:space:]]+postgres[[:space:]]*\$" <<<"$pg_ident"; then
        pg_ident+=$'\n'"paas $pg_user postgres"
        pg_ident_missing=true
    fi
done
if $pg_ident_missing; then put_file "$pg_dir/pg_ident.conf" 640 postgres:postgres <<<"$pg_ident" && pg_restart=true; fi
pg_hba=$(awk '
    /^[[:space:]]*local[[:space:]]+all[[:space:]]+postgres[[:space:]]+peer[[:space:]]+map=paas[[:space:]]*$/ { next }
    !done && /^[[:space:]]*local[[:space:]]/ { print "local all postgres peer map=paas"; done = 1 }
    { print }
    END { if (!done) print "local all postgres peer map=paas" }' "$pg_dir/pg_hba.conf")
if [ "$pg_hba" != "$(cat "$pg_dir/pg_hba.conf")" ]; then
    put_file "$pg_dir/pg_hba.conf" 640 postgres:postgres <<<"$pg_hba" && pg_restart=true
fi
after_docker postgresql@.service
if $pg_restart; then systemctl restart postgresql; fi
if ! systemctl is-active --quiet "postgresql@$pg_version-main"; then
    systemctl enable --now postgresql >/dev/null 2>&1
    changed "postgresql started"
fi
# Every role may connect to postgres, template1 and databases earlier versions made, until PUBLIC's
# right to is revoked (each add-on's role keeps its own database).
node "$here/paas.js" addon postgres upgrade </dev/null || die "postgres: the databases could not be closed to other roles"

# --- Redis: a server of its own per add-on (redis-server@paas-<name>, host/addons/redis.ts) -------
# Before the bridge exists an add-on's server would serve on loopback only, out of its app's reach.
after_docker redis-server@.service
# Debian's unit waits for ever on stop; a server that cannot save (its folder gone) would hang
# every later stop, restart or delete. Its append-only file has what it acknowledged.
if put_file /etc/systemd/system/redis-server@.service.d/10-paas-stop.conf 644 <<'EOF'; then
[Service]
TimeoutStopSec=60
EOF
    systemctl daemon-reload
fi
# Each add-on's server configured by this version's rules; the shared server of earlier versions
# (redis-server, its admin user) retired, its add-ons moved to servers of their own
# (host/addons/redis-upgrade.ts). Debian's package starts that server on install: masked too.
node "$here/paas.js" addon redis upgrade </dev/null || die "redis: the add-ons' servers could not be upgraded"

# --- nginx: the router ------------------------------------------------------------------------
ensure_dir /etc/nginx/paas 755
ensure_dir /etc/nginx/paas/upstreams 755
ensure_dir /var/lib/paas 755
# The webroot of Let's Encrypt's HTTP-01 challenges, served by nginx for every host.
ensure_dir /var/lib/paas/acme 755
nginx_reload=false
# conf.d/*.conf is included inside http {}: the app upstreams are declared there.
put_file /etc/nginx/conf.d/paas.conf 644 <<'EOF' && nginx_reload=true
# App upstreams (written by `paas app deploy`); app vhosts are sites-enabled/paas-*.conf.
include /etc/nginx/paas/upstreams/*.conf;
# Long app hostnames fit.
server_names_hash_bucket_size 128;
map $http_upgrade $connection_upgrade {
    default upgrade;
    ''      close;
}
EOF
put_file /etc/nginx/sites-available/default 644 <<'EOF' && nginx_reload=true
# Hosts the platform does not know get a 404 (and no app's certificate on 443); Let's Encrypt
# challenges are answered for every host.
server {
    listen 80 default_server;
    listen [::]:80 default_server;
    listen 443 ssl default_server;
    listen [::]:443 ssl default_server;
    ssl_reject_handshake on;
    server_name _;
    location /.well-known/acme-challenge/ { root /var/lib/paas/acme; }
    location / { return 404; }
}
EOF
if [ "$(readlink /etc/nginx/sites-enabled/default)" != /etc/nginx/sites-available/default ]; then
    ln -sfn /etc/nginx/sites-available/default /etc/nginx/sites-enabled/default
    changed /etc/nginx/sites-enabled/default
    nginx_reload=true
fi
if ! systemctl is-active --quiet nginx; then
    nginx -t -q || die "nginx rejects its configuration"
    systemctl enable --now nginx >/dev/null 2>&1
    changed "nginx started"
elif $nginx_reload; then
    # Returns once nginx's new workers serve, so whatever runs next (`pulumi up` goes on at once) sees it.
    node "$here/paas.js" router reload || die "nginx rejects its configuration"
fi

# --- the platform's own scripts ---------------------------------------------------------------
lib_changed=false
if [ "$here" != "$lib" ] && ! diff -r "$here" "$lib" >/dev/null 2>&1; then
    # Replaced as a whole, so no file of an older version stays behind.
    rm -rf "$lib.new"
    cp -r "$here" "$lib.new"
    chown -R root:root "$lib.new"
    chmod -R u=rwX,go=rX "$lib.new"
    find "$lib.new" -maxdepth 1 -type f \( -name '*.sh' -o -name paas.js -o -name paas-git-shell -o -name paas-oom-watch \) -exec chmod 755 {} +
    rm -rf "$lib"
    mv "$lib.new" "$lib"
    changed "$lib"
    lib_changed=true
fi
# Scripts copied for other versions, and what earlier versions copied to /tmp, go; this copy
# stays, so that an interrupted `pulumi up` finds it when it runs the bootstrap again.
removed=$(node "$lib/paas.js" system uploads-clean "$here" 2>&1) || die "$removed"
while read -r old; do [ -z "$old" ] || changed "$old removed"; done <<<"$removed"
if [ "$(readlink /usr/local/bin/paas)" != "$lib/paas.js" ]; then
    ln -sfn "$lib/paas.js" /usr/local/bin/paas
    changed /usr/local/bin/paas
fi
# App state holds config vars: root only.
ensure_dir /var/lib/paas/apps 700

# --- git receiver: pushes arrive as user git, whose only program is paas-git-shell -------------
if ! id git >/dev/null 2>&1; then
    useradd --system --create-home --home-dir /home/git --shell "$lib/paas-git-shell" git
    changed "user git"
elif [ "$(getent passwd git | cut -d: -f7)" != "$lib/paas-git-shell" ]; then
    usermod --shell "$lib/paas-git-shell" git
    changed "shell of user git"
fi
ensure_dir /home/git 755 git:git
# Inside git's home, as git: root never follows a link git may have put there.
as_git() { runuser -u git -- "$@"; }
if [ "$(as_git stat -c '%F %a' /home/git/.ssh 2>/dev/null)" != "directory 700" ]; then
    as_git install -d -m 700 /home/git/.ssh
    changed /home/git/.ssh
fi
if ! as_git test -f /home/git/.ssh/authorized_keys; then
    # Only created here: `paas keys set` owns its content.
    as_git install -m 600 /dev/null /home/git/.ssh/authorized_keys
    changed /home/git/.ssh/authorized_keys
fi
# The push hook may run exactly one command as root: the deploy of a pushed commit.
if put_file /etc/sudoers.d/paas-git 440 <<EOF; then
git ALL=(root) NOPASSWD: $lib/paas.js app push-deploy *
EOF
    visudo -c -q -f /etc/sudoers.d/paas-git || { rm -f /etc/sudoers.d/paas-git; die "sudoers rejects /etc/sudoers.d/paas-git"; }
fi

# Pushed trees are unpacked as this user, which owns nothing else (host/names.ts buildUser).
if ! id paas-build >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin paas-build
    changed "user paas-build"
fi

# --- TLS and upgrades -------------------------------------------------------------------------
# put_setting FILE VALUE: FILE holds VALUE, or is absent when VALUE is empty.
put_setting() {
    if [ -n "$2" ]; then
        put_file "$1" 644 <<<"$2" || true
    elif [ -f "$1" ]; then
        rm -f "$1"
        changed "$1 removed"
    fi
}
put_setting /etc/paas/acme-email "$acme_email"
put_setting /etc/paas/acme-server "$acme_server"
# Old releases' images, dangling layers and build cache go daily (and after every deploy).
for unit in paas-prune.service paas-prune.timer; do
    if put_file "/etc/systemd/system/$unit" 644 <"$here/$unit"; then systemctl daemon-reload; fi
done
systemctl is-enabled --quiet paas-prune.timer || { systemctl enable --now paas-prune.timer >/dev/null 2>&1; changed "paas-prune.timer enabled"; }
# App containers killed for memory go to the journal with the app's fields; it runs the new paas.js.
if put_file /etc/systemd/system/paas-oom-watch.service 644 <"$here/paas-oom-watch.service"; then systemctl daemon-reload; lib_changed=true; fi
systemctl is-enabled --quiet paas-oom-watch.service || { systemctl enable paas-oom-watch.service >/dev/null 2>&1; changed "paas-oom-watch.service enabled"; }
if ! systemctl is-active --quiet paas-oom-watch.service; then
    systemctl start paas-oom-watch.service
    changed "paas-oom-watch.service started"
elif $lib_changed; then
    systemctl restart paas-oom-watch.service
fi
# Security updates install themselves (Debian's unattended-upgrades, its default origins).
put_file /etc/apt/apt.conf.d/20auto-upgrades 644 <<'EOF' || true
APT::Periodic::Update-Package-Lists "1";
APT::Periodic::Unattended-Upgrade "1";
EOF
