#!/usr/bin/env bash
# The platform's command on the host (components/server/README.md is its contract). Everything a
# user chose arrives as JSON on stdin or as checked arguments, and reaches programs as separate
# arguments or through the environment: never through eval, `sh -c` or a built command line.
#
#   paas app register                stdin: {"app", "owner"}: the resource that owns the app
#   paas app config                  stdin: {"app", "env", "fingerprints"}: config for the next deploy
#   paas app deploy                  stdin: the app spec
#   paas app releases APP            release records, oldest first
#   paas app rollback APP N          release N's image and config, as a new release
#   paas app destroy [APP]           stdin: {"app"?, "keepData"?, "owner"?}
#   paas app push-deploy APP SHA     build a pushed commit and deploy it (the git hook, via sudo)
#   paas addon postgres create|delete   stdin: {"name", "password", "keepData", "owner"?}
#   paas addon redis create|delete      stdin: {"name", "password", "keepData", "owner"?}
#   paas keys set [APP]              stdin: {"app"?, "keys": ["ssh-ed25519 AAAA... comment"], "owner"?}
#   paas keys clear [APP]            stdin: {"app"?, "owner"?}: the app's deploy keys removed
#   paas router reload               nginx's configuration, applied (certbot's deploy hook)
set -euo pipefail
umask 022
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

apps_root=/var/lib/paas/apps
upstreams=/etc/nginx/paas/upstreams
vhosts=/etc/nginx/sites-enabled
git_home=/home/git
lib_dir=/usr/local/lib/paas
acme_root=/var/lib/paas/acme
addons_root=/var/lib/paas/addons
# How long new web containers get to answer their health check.
health_timeout=${PAAS_HEALTH_TIMEOUT:-60}
# Seconds nginx's old workers get to finish requests to the old containers after a reload.
drain_seconds=2

die() { echo "$*" >&2; exit 1; }
say() { echo "-----> $*"; }
indent() { sed -u 's/^/       /'; }

cleanup_paths=()
cleanup() { [ ${#cleanup_paths[@]} -eq 0 ] || rm -rf "${cleanup_paths[@]}"; }
trap cleanup EXIT

[[ $health_timeout =~ ^[0-9]{1,4}$ ]] || die "PAAS_HEALTH_TIMEOUT: must be whole seconds"

# --- input rules: each failure names the field and the rule ----------------------------------
app_name_rule="must be a DNS label of lowercase letters, digits and '-', 1 to 30 characters"
check_app_name() { # VALUE [FIELD]
    [[ $1 =~ ^[a-z]([a-z0-9-]{0,28}[a-z0-9])?$ ]] || die "${2:-app}: $app_name_rule"
    # An app's database and Redis user are named after it, with '_' for '-'.
    check_not_reserved "${2:-app}" "${1//-/_}" "$1"
}

# Config var names the host's own programs read while they hand the values to a container:
# the docker client (DOCKER_*), the dynamic linker (LD_*), the Go runtime of the docker client,
# and the variables bash manages itself. PORT is the platform's.
jq_rules='
def domain: type == "string" and length <= 253 and test("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
    and (split(".") | last | test("^[0-9]+$") | not);
def argv: type == "array" and length > 0 and all(.[]; type == "string" and (explode | any(. == 0) | not)) and .[0] != "";
def reserved: test("^(DOCKER_.*|LD_.*|BASH|BASH_.*|BASHOPTS|BASHPID|SHELLOPTS|GODEBUG|GOGC|GOMAXPROCS|GOMEMLIMIT|GOTRACEBACK|_|OPTIND|SECONDS|RANDOM|SRANDOM|UID|EUID|PPID|GROUPS|LINENO|FUNCNAME|HISTCMD|EPOCHSECONDS|EPOCHREALTIME|DIRSTACK|PIPESTATUS)$");
def bad(f; rule): "\(f): \(rule)";
def env_problems:
    if type != "object" then bad("env"; "must be an object of strings")
    elif ([to_entries[] | (.key | utf8bytelength) + (.value | tostring | utf8bytelength)] | add // 0) > 32768
        then bad("config"; "names and values at most 32 KiB in all")
    else to_entries[] |
        if (.key | test("^[A-Z_][A-Z0-9_]*$") | not) then bad("env.\(.key)"; "names are uppercase letters, digits and _, not starting with a digit")
        elif .key == "PORT" then bad("env.PORT"; "set by the platform from port")
        elif (.key | reserved) then bad("env.\(.key)"; "reserved: programs on the host read this name")
        elif (.value | type) != "string" then bad("env.\(.key)"; "must be a string")
        elif (.value | explode | any(. == 0)) then bad("env.\(.key)"; "must not contain a NUL character")
        else empty end
    end;
'

# check_spec SPEC: every field of a deploy spec, before anything changes.
check_spec() {
    local problem
        problem=$(jq -r --arg rule "$app_name_rule" "$jq_rules"'
        if type != "object" then bad("spec"; "must be a JSON object") else
        [ (if (.app | type) != "string" or (.app | test("^[a-z]([a-z0-9-]{0,28}[a-z0-9])?$") | not)
              then bad("app"; $rule) else empty end),
          (if (.source | IN("image", "git") | not) then bad("source"; "must be image or git") else empty end),
          (if .source == "image" and ((.image | type) != "string"
                  or (.image | length) > 255
                  or (.image | test("^[a-z0-9]([a-z0-9._-]*[a-z0-9])?(:[0-9]{1,5})?(/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)*(:[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?(@sha256:[a-f0-9]{64})?$") | not))
              then bad("image"; "must be an image reference such as registry.example.com/team/app:1.2") else empty end),
          ((.env // {}) | env_problems),
          (if .env != null and .config != null then bad("config"; "only one of env and config")
           elif .config != null and ((.config | type) != "object" or (.config | to_entries | any((.value | type) != "string" or (.value | test("^[0-9a-f]{16}$") | not))))
              then bad("config"; "must map each config var to its fingerprint") else empty end),
          (if (.processes // {}) | type != "object" then bad("processes"; "must be an object of process types")
           else (.processes // {}) | to_entries[] |
              (if (.key | test("^[a-z][a-z0-9-]{0,19}$") | not) then bad("processes.\(.key)"; "names are lowercase letters, digits and -, at most 20") else empty end),
              (if (.value | type) != "object" then bad("processes.\(.key)"; "must be an object with count and command")
               elif ((.value.count | type) != "number" or .value.count < 0 or .value.count > 20 or (.value.count | floor) != .value.count)
                  then bad("processes.\(.key).count"; "must be a whole number from 0 to 20")
               elif (.value.command != null and (.value.command | argv | not))
                  then bad("processes.\(.key).command"; "must be a non-empty list of arguments, the first not empty") else empty end)
           end),
          (if ((.port | type) != "number" or .port < 1 or .port > 65535 or (.port | floor) != .port)
              then bad("port"; "must be a whole number from 1 to 65535") else empty end),
          ((.healthPath // "/") as $h | if ($h | type) != "string" or ($h | test("^/[^\\s]*$") | not) then bad("healthPath"; "must be a path starting with / and without spaces") else empty end),
          (if (.releaseCommand != null and (.releaseCommand | argv | not))
              then bad("releaseCommand"; "must be a non-empty list of arguments, the first not empty") else empty end),
          (if .releaseTimeoutSeconds != null and ((.releaseTimeoutSeconds | type) != "number" or .releaseTimeoutSeconds < 1
                  or .releaseTimeoutSeconds > 86400 or (.releaseTimeoutSeconds | floor) != .releaseTimeoutSeconds)
              then bad("releaseTimeoutSeconds"; "must be a whole number of seconds from 1 to 86400") else empty end),
          (if (.vhost | type) != "object" or (.vhost.plain | type) != "string" then bad("vhost.plain"; "must be the rendered nginx server block") else empty end),
          (if (.vhost.tls // {} | type) != "object"
                  or ((.vhost.tls // {}) | to_entries | any(((.key | domain) | not) or (.value | type) != "object"
                      or (.value.http | type) != "string" or (.value.https | type) != "string"))
              then bad("vhost.tls"; "must map each TLS domain to its rendered http and https blocks") else empty end),
          (if ((.tlsDomains // []) | type == "array") and ((.tlsDomains // []) | sort) != ((.vhost.tls // {}) | keys)
              then bad("tlsDomains"; "must be the domains of vhost.tls") else empty end),
          (if (.hostnames // []) | type != "array" or any(.[]; domain | not) then bad("hostnames"; "must be a list of lowercase domain names") else empty end),
          (if (.tlsDomains // []) | type != "array" or any(.[]; domain | not) then bad("tlsDomains"; "must be a list of lowercase domain names") else empty end),
          (if .buildContext != null and ((.buildContext | type) != "string" or (.buildContext | test("^/tmp/paas-build/[a-z0-9-]+$") | not))
              then bad("buildContext"; "must be a folder under /tmp/paas-build") else empty end)
        ] | first // empty end' <<<"$1" 2>/dev/null) || die "spec: must be a JSON object"
    [ -z "$problem" ] || die "$problem"
}

# --- docker -------------------------------------------------------------------------------
docker_bin=$(command -v docker || true)

# docker_with_env ENV_FILE PORT DOCKER_ARGS...: runs docker with PORT and every config var of
# ENV_FILE in its own environment, so that `-e NAME` (no value) hands each value to the
# container. No value is ever an argument of a process. The names are checked (env_problems):
# none of them can change how this shell or the docker client behave.
docker_with_env() {
    local env_file=$1 port=$2
    shift 2
    local pairs=()
    mapfile -d '' pairs < <(jq -j 'to_entries[] | .key, "\u0000", .value, "\u0000"' "$env_file")
    (
        for ((i = 0; i < ${#pairs[@]}; i += 2)); do export "${pairs[i]}=${pairs[i + 1]}"; done
        export PORT="$port" DOCKER_CONFIG=/root/.docker
        exec "$docker_bin" "$@"
    )
}

# env_flags ENV_FILE: prints `-e NAME` pairs, NUL-separated, for mapfile -d ''.
env_flags() { jq -j 'keys[] | "-e", "\u0000", ., "\u0000"' "$1"; }

app_container_ids() { # APP: every container of the app
    docker ps -aq --no-trunc --filter "label=paas.app=$1"
}

remove_containers() { # IDS...: stop (letting requests finish), then remove
    [ $# -gt 0 ] || return 0
    docker stop -t 10 "$@" >/dev/null 2>&1 || true
    docker rm -f "$@" >/dev/null 2>&1 || true
}

# Web containers publish on a loopback port chosen here, not an ephemeral one: docker gives an
# ephemeral port anew each time it restarts a container (after a crash, a reboot), behind
# nginx's back; a chosen port stays with the container.
port_range_start=20000
port_range_size=10000
used_ports() {
    {
        docker ps -aq --filter label=paas.app |
            xargs -r docker inspect -f '{{range $p, $b := .HostConfig.PortBindings}}{{range $b}}{{.HostPort}} {{end}}{{end}}'
        ss -Htln | awk '{print $4}' | sed 's/.*://'
    } | tr ' ' '\n' | grep -E '^[0-9]+$' | sort -u
}
pick_port() {
    local used p _
    used=$(used_ports)
    for _ in $(seq 100); do
        p=$((port_range_start + (RANDOM * 32768 + RANDOM) % port_range_size))
        grep -qx "$p" <<<"$used" || { echo "$p"; return 0; }
    done
    return 1
}

# --- state --------------------------------------------------------------------------------
current_version() { cat "$app_dir/current-release" 2>/dev/null || echo 0; }
last_version() { # the highest release number ever recorded
    local v=0 f n
    for f in "$app_dir"/releases/v*.json; do
        [[ $f =~ /v([0-9]+)\.json$ ]] || continue
        n=${BASH_REMATCH[1]}
        [ "$n" -gt "$v" ] && v=$n
    done
    echo "$v"
}
serving_label() { local v; v=$(current_version); [ "$v" = 0 ] && echo "no release" || echo "release v$v"; }

config_digest() { jq -S -c . "$1" | sha256sum | cut -d' ' -f1; }
# release_identity SPEC ENV_FILE IMAGE: two deploys with the same identity are the same release.
release_identity() {
    jq -S -c --arg image "$3" --arg digest "$(config_digest "$2")" \
        '{spec: del(.env, .buildContext), image: $image, configDigest: $digest}' <<<"$1" | sha256sum | cut -d' ' -f1
}

# lock_app: one change at a time per app (a git push and a `pulumi up` may meet).
lock_app() {
    install -d -m 700 "$apps_root"
    exec 9>"$apps_root/.$app.lock"
    flock 9
}
# nginx's configuration and ~git/.ssh/authorized_keys are shared by every app: each has a lock
# of its own (fd 7 and 6), held only while it is changed, so that deploys of different apps
# never test or reload half of another's change.
lock_router() { exec 7>"$apps_root/.router.lock" && flock 7; }
unlock_router() { exec 7>&-; }
lock_keys() { exec 6>"$apps_root/.keys.lock" && flock 6; }
unlock_keys() { exec 6>&-; }

# ensure_repo: the app's bare repository, owned by git, with the push hook.
ensure_repo() {
    local repo=$git_home/$app.git
    id git >/dev/null 2>&1 || die "git: the host has no git user; run bootstrap.sh"
    if [ ! -d "$repo" ]; then
        runuser -u git -- git init -q --bare "$repo"
        say "created $repo"
    fi
    [ "$(readlink "$repo/hooks/post-receive" 2>/dev/null)" = "$lib_dir/git-post-receive.sh" ] ||
        runuser -u git -- ln -sfn "$lib_dir/git-post-receive.sh" "$repo/hooks/post-receive"
    # The hook deploys as root through exactly one sudo rule (bootstrap.sh installs the same).
    if [ ! -f /etc/sudoers.d/paas-git ]; then
        local rule
        rule=$(mktemp)
        cleanup_paths+=("$rule")
        echo "git ALL=(root) NOPASSWD: $lib_dir/paas.sh app push-deploy *" >"$rule"
        visudo -cqf "$rule" && install -m 440 "$rule" /etc/sudoers.d/paas-git
    fi
}

# --- the router -----------------------------------------------------------------------------
# reload_nginx: applies nginx's configuration, and returns once new workers serve it: a reload
# only signals nginx, and a request right after it may still meet the old configuration.
reload_nginx() {
    local before now
    before=$(nginx_workers)
    systemctl reload-or-restart nginx 2>/dev/null || nginx -s reload
    for _ in $(seq 200); do
        now=$(nginx_workers)
        # New workers run, and every old one has stopped accepting connections.
        [ -n "$(comm -13 <(echo "$before") <(echo "$now"))" ] && [ -z "$(comm -12 <(echo "$before") <(echo "$now"))" ] &&
            return 0
        sleep 0.05
    done
    say "nginx has not started new workers after 10 s"
}
# Workers shutting down after a reload are named "nginx: worker process is shutting down".
# Only the host nginx's own workers: app containers may run nginx too.
nginx_workers() { pgrep -P "$(cat /run/nginx.pid 2>/dev/null || echo 1)" -f '^nginx: worker process$' | sort || true; }

# switch_router SPEC ADDRESSES...: writes the upstream and the vhost, checks, reloads; puts the
# previous files back when nginx refuses the new ones. Each TLS domain is served over HTTPS once
# its certificate exists, over HTTP until then.
switch_router() {
    local spec=$1; shift
    local upstream=$upstreams/$app.conf vhost=$vhosts/paas-$app.conf backup domain variant
    lock_router
    backup=$(mktemp -d)
    cleanup_paths+=("$backup")
    [ -f "$upstream" ] && cp -p "$upstream" "$backup/upstream"
    [ -f "$vhost" ] && cp -p "$vhost" "$backup/vhost"
    mkdir -p "$upstreams" "$vhosts"
    {
        echo "upstream paas_$app {"
        [ $# -gt 0 ] || echo "    server 127.0.0.1:1 down;"
        [ $# -eq 0 ] || printf '    server %s;\n' "$@"
        echo "}"
    } >"$upstream.new"
    mv "$upstream.new" "$upstream"
    {
        jq -r '.vhost.plain' <<<"$spec"
        while read -r domain; do
            variant=http
            ! has_certificate "$domain" || variant=https
            jq -r --arg d "$domain" --arg v "$variant" '.vhost.tls[$d][$v]' <<<"$spec"
        done < <(jq -r '.vhost.tls // {} | keys[]' <<<"$spec")
    } >"$vhost.new"
    mv "$vhost.new" "$vhost"
    if nginx -t -q 2>/dev/null; then
        reload_nginx
        unlock_router
        return 0
    fi
    nginx -t 2>&1 | indent >&2 || true
    if [ -f "$backup/upstream" ]; then cp -p "$backup/upstream" "$upstream"; else rm -f "$upstream"; fi
    if [ -f "$backup/vhost" ]; then cp -p "$backup/vhost" "$vhost"; else rm -f "$vhost"; fi
    unlock_router
    return 1
}

# The certbot certificate of the app's DOMAIN (components/nginx-vhost.ts names it the same way).
certificate_name() { echo "paas-${app}_$1"; }
has_certificate() { [ -f "/etc/letsencrypt/live/$(certificate_name "$1")/fullchain.pem" ]; }

# delete_certificates KEEP_DOMAIN...: deletes the app's certificates of every other domain.
delete_certificates() {
    local conf name
    for conf in /etc/letsencrypt/renewal/"paas-${app}_"*.conf; do
        [ -e "$conf" ] || continue
        name=$(basename "$conf" .conf)
        printf '%s\n' "$@" | grep -qxF "${name#"paas-${app}_"}" ||
            certbot delete --non-interactive --cert-name "$name" >/dev/null 2>&1 || true
    done
}

# obtain_certificates SPEC: a certificate for each TLS domain that has none, over ACME (HTTP-01
# through the webroot every vhost serves), then the HTTPS blocks for those it got. A domain the
# ACME server refuses stays on HTTP, and that is not an error: the next deploy asks again.
obtain_certificates() {
    local spec=$1 email server domain obtained=false domains=() server_args=()
    mapfile -t domains < <(jq -r '.tlsDomains // [] | .[]' <<<"$spec")
    delete_certificates "${domains[@]}"
    email=$(cat /etc/paas/acme-email 2>/dev/null || true)
    # certbot keeps the server in the certificate's renewal settings, so renewals use it too.
    server=$(cat /etc/paas/acme-server 2>/dev/null || true)
    [ -z "$server" ] || server_args=(--server "$server")
    for domain in "${domains[@]}"; do
        has_certificate "$domain" && continue
        [ -n "$email" ] || { say "no acmeEmail configured: serving $domain over HTTP"; continue; }
        say "requesting a certificate for $domain"
        if timeout 300 certbot certonly --webroot -w "$acme_root" --non-interactive --agree-tos -m "$email" \
            --cert-name "$(certificate_name "$domain")" --keep-until-expiring \
            --deploy-hook "/usr/local/bin/paas router reload" -d "$domain" "${server_args[@]}" 2>&1 | indent; then
            obtained=true
        else
            say "certificate for $domain not issued yet: serving it over HTTP"
        fi
    done
    if $obtained; then
        local addresses=()
        mapfile -t addresses < <(sed -n 's/^    server \(127\.0\.0\.1:[0-9]*\);$/\1/p' "$upstreams/$app.conf")
        switch_router "$spec" "${addresses[@]}" || say "nginx refused the HTTPS blocks: serving HTTP only"
    fi
}

# --- releases -------------------------------------------------------------------------------
new_release=
# fail MESSAGE: removes the containers this deploy made, then stops with MESSAGE.
fail() {
    local ids=()
    [ -z "$new_release" ] || mapfile -t ids < <(docker ps -aq --filter "label=paas.app=$app" --filter "label=paas.release=$new_release")
    remove_containers "${ids[@]}"
    die "$1; $(serving_label) keeps serving"
}

# deploy_release SPEC ENV_FILE IMAGE SOURCE: the zero-downtime deploy of a new release.
deploy_release() {
    local spec=$1 env_file=$2 image=$3 source=$4
    local version release port health
    version=$(( $(last_version) + 1 ))
    release=v$version
    port=$(jq -r .port <<<"$spec")
    health=$(jq -r '.healthPath // "/"' <<<"$spec")
    [ -n "$docker_bin" ] || die "docker: not installed; run bootstrap.sh"
    docker image inspect "$image" >/dev/null 2>&1 || docker pull -q "$image" >/dev/null ||
        die "image: $image is neither on the host nor pullable; $(serving_label) keeps serving"

    # Leftovers of an interrupted attempt at this release number never served: remove them.
    local stale=()
    mapfile -t stale < <(docker ps -aq --filter "label=paas.app=$app" --filter "label=paas.release=$release")
    remove_containers "${stale[@]}"
    new_release=$release

    local env_args=()
    mapfile -d '' env_args < <(env_flags "$env_file")
    # --init: a small init as PID 1 passes `docker stop`'s SIGTERM on, so every app stops promptly.
    local common=(--init --label "paas.app=$app" --label "paas.release=$release" --add-host paas-host:host-gateway
        --log-opt max-size=10m --log-opt max-file=3 -e PORT "${env_args[@]}")

    # 1. The release command (migrations) runs first, with the config; failure blocks the release.
    local release_command=()
    mapfile -d '' release_command < <(jq -j '.releaseCommand // [] | .[] | ., "\u0000"' <<<"$spec")
    if [ ${#release_command[@]} -gt 0 ]; then
        say "running release command"
        local code timeout_seconds logs_pid one_off=paas-$app-release-$release
        timeout_seconds=$(jq -r '.releaseTimeoutSeconds // 1800' <<<"$spec")
        # Detached, so that a command past its time is stopped for sure: killing an attached
        # `docker run` would leave its container running.
        if ! docker_with_env "$env_file" "$port" run -d --name "$one_off" "${common[@]}" \
            --label paas.process=release "$image" "${release_command[@]}" >/dev/null; then
            docker rm -f "$one_off" >/dev/null 2>&1 || true
            fail "release command could not start"
        fi
        docker logs -f "$one_off" 2>&1 | indent &
        logs_pid=$!
        local waited=0
        code=$(timeout "$timeout_seconds" docker wait "$one_off") || waited=$?
        docker rm -f "$one_off" >/dev/null 2>&1 || true
        wait "$logs_pid" || true
        [ "$waited" != 124 ] || fail "release command did not finish within $timeout_seconds s"
        [ "$waited" = 0 ] || fail "release command: docker wait failed"
        [ "$code" = 0 ] || fail "release command failed with exit code $code"
    fi

    # 2. The new containers: web published on a loopback port, the other processes unpublished.
    local process count i id web_ids=() new_ids=() command=() run_args host_port
    while IFS=$'\t' read -r process count; do
        mapfile -d '' command < <(jq -j --arg p "$process" '.processes[$p].command // [] | .[] | ., "\u0000"' <<<"$spec")
        for ((i = 1; i <= count; i++)); do
            run_args=(run -d --name "paas-$app-$process-$release-$i" "${common[@]}" --label "paas.process=$process"
                --restart unless-stopped)
            if [ "$process" = web ]; then
                # One deploy at a time picks a port and binds it.
                exec 8>"$apps_root/.ports.lock"
                flock 8
                host_port=$(pick_port) || fail "no free loopback port from $port_range_start"
                run_args+=(-p "127.0.0.1:$host_port:$port")
            fi
            id=$(docker_with_env "$env_file" "$port" "${run_args[@]}" "$image" "${command[@]}") ||
                fail "could not start $process container $i of $release"
            [ "$process" != web ] || flock -u 8
            new_ids+=("$id")
            [ "$process" = web ] && web_ids+=("$id")
        done
    done < <(jq -r '.processes // {web: {count: 1}} | to_entries[] | [.key, .value.count] | @tsv' <<<"$spec")
    [ ${#new_ids[@]} -eq 0 ] || say "started ${#new_ids[@]} container(s) of $release"

    # 3. Every new web container answers its health check before it gets traffic.
    local addresses=() address deadline=$((SECONDS + health_timeout)) status
    for id in "${web_ids[@]}"; do
        address=$(docker port "$id" "$port/tcp" | grep -m1 '^127\.0\.0\.1:' || true)
        while :; do
            status=000
            [ -z "$address" ] || status=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://$address$health" || true)
            [[ $status =~ ^[23] ]] && break
            if [ "$SECONDS" -ge "$deadline" ] || [ "$(docker inspect -f '{{.State.Running}}' "$id")" != true ]; then
                docker logs --tail 20 "$id" 2>&1 | indent >&2 || true
                fail "health check failed: $health did not answer 2xx/3xx within ${health_timeout}s"
            fi
            sleep 0.5
            [ -n "$address" ] || address=$(docker port "$id" "$port/tcp" | grep -m1 '^127\.0\.0\.1:' || true)
        done
        addresses+=("$address")
    done
    [ ${#web_ids[@]} -eq 0 ] || say "health check passed on ${#web_ids[@]} web container(s)"

    # 4. nginx sends new requests to the new containers (the old config stays if nginx refuses).
    switch_router "$spec" "${addresses[@]}" || fail "nginx refused the new configuration"

    # 5. The release is recorded as soon as it serves.
    install -d -m 700 "$app_dir/releases"
    jq -n --argjson version "$version" --arg image "$image" --arg digest "$(config_digest "$env_file")" \
        --arg source "$source" --arg created "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
        --arg identity "$(release_identity "$spec" "$env_file" "$image")" --argjson spec "$spec" \
        '{version: $version, image: $image, configDigest: $digest, createdAt: $created, source: $source, spec: $spec, identity: $identity}' \
        >"$app_dir/releases/$release.json.new"
    mv "$app_dir/releases/$release.json.new" "$app_dir/releases/$release.json"
    install -m 600 "$env_file" "$app_dir/releases/$release.env.json"
    install -m 600 "$env_file" "$app_dir/env.json"
    jq . <<<"$spec" >"$app_dir/current.json"
    echo "$version" >"$app_dir/current-release"

    # 6. The old release stops once nginx's old workers have finished their requests.
    sleep "$drain_seconds"
    local old_ids=() line
    while read -r id line; do
        [ "$line" = "$release" ] || old_ids+=("$id")
    done < <(docker ps -a --no-trunc --filter "label=paas.app=$app" --format '{{.ID}} {{.Label "paas.release"}}')
    [ ${#old_ids[@]} -eq 0 ] || say "stopping ${#old_ids[@]} container(s) of the previous release"
    remove_containers "${old_ids[@]}"

    obtain_certificates "$spec"
    local urls="" hostname scheme
    while read -r hostname; do
        scheme=http
        if jq -e --arg h "$hostname" '.vhost.tls // {} | has($h)' >/dev/null <<<"$spec" && has_certificate "$hostname"; then
            scheme=https
        fi
        urls+="${urls:+, }$scheme://$hostname/"
    done < <(jq -r '.hostnames // [] | .[]' <<<"$spec")
    [ -z "$urls" ] || say "serving at $urls"
    echo "released $release $image"
}

# --- owners: the resource (a Pulumi URN) an app or add-on belongs to -----------------------------
# A resource that is renamed without an alias is created anew before the old one is deleted:
# the old one's delete then finds the app or data owned by the new one, and leaves it.
owner_rule="must be a resource name: printable characters, at most 1024"
check_owner() { [[ $1 =~ ^[[:print:]]{1,1024}$ ]] || die "owner: $owner_rule"; }
record_owner() { # FILE OWNER
    [ -n "$2" ] || return 0
    check_owner "$2"
    printf '%s\n' "$2" >"$1.new" && mv "$1.new" "$1"
}
owned_by_another() { # FILE OWNER: true when FILE names an owner other than OWNER
    [ -n "$2" ] && [ -f "$1" ] && [ "$(cat "$1")" != "$2" ]
}

# --- app commands -----------------------------------------------------------------------------
# build_context SPEC IMAGE: a Dockerfile folder copied to the host (`buildContext`) is built once;
# its image tag is the digest of the folder.
build_context() {
    local context
    context=$(jq -r '.buildContext // ""' <<<"$1")
    [ -n "$context" ] || return 0
    docker image inspect "$2" >/dev/null 2>&1 && return 0
    [ -f "$context/Dockerfile" ] || die "buildContext: $context has no Dockerfile"
    say "building $2"
    set +e
    docker build -t "$2" "$context" 2>&1 | indent
    local code=${PIPESTATUS[0]}
    set -e
    [ "$code" = 0 ] || die "build failed; $(serving_label) keeps serving"
}

app_deploy() {
    local spec image source env_file current
    spec=$(cat)
    check_spec "$spec"
    app=$(jq -r .app <<<"$spec")
    check_app_name "$app"
    app_dir=$apps_root/$app
    lock_app
    install -d -m 700 "$app_dir"
    env_file=$(mktemp "$app_dir/.env.XXXXXX")
    cleanup_paths+=("$env_file")
    if jq -e '.config != null' <<<"$spec" >/dev/null; then
        # The config `paas app config` staged: the one whose fingerprints the spec names.
        [ -f "$app_dir/staged-config.json" ] || die "config: nothing staged for $app (paas app config comes first)"
        jq -e --argjson want "$(jq -c .config <<<"$spec")" '.fingerprints == $want' "$app_dir/staged-config.json" >/dev/null ||
            die "config: the staged config is not the one this deploy names; $(serving_label) keeps serving"
        jq -S .env "$app_dir/staged-config.json" >"$env_file"
    else
        jq -S '.env // {}' <<<"$spec" >"$env_file"
    fi
    spec=$(jq -S -c 'del(.env, .config) | .healthPath //= "/" | .processes //= {web: {count: 1}}' <<<"$spec")
    current=$(current_version)

    source=$(jq -r .source <<<"$spec")
    if [ "$source" = git ]; then
        ensure_repo >&2
        # A git app serves what was pushed: a `pulumi up` changes its config, never its image.
        if [ "$current" != 0 ] && [ "$(jq -r .spec.source "$app_dir/releases/v$current.json")" = git ]; then
            image=$(jq -r .image "$app_dir/releases/v$current.json")
        else
            image=$(cat "$app_dir/pushed-image" 2>/dev/null || true)
        fi
        if [ -z "$image" ]; then
            jq . <<<"$spec" >"$app_dir/current.json"
            install -m 600 "$env_file" "$app_dir/env.json"
            echo "waiting for git push: git push git@<host>:$app main"
            return 0
        fi
    else
        image=$(jq -r .image <<<"$spec")
        build_context "$spec" "$image"
    fi

    if [ "$current" != 0 ] &&
        [ "$(jq -r .identity "$app_dir/releases/v$current.json")" = "$(release_identity "$spec" "$env_file" "$image")" ]; then
        # A domain still without its certificate is asked for again.
        obtain_certificates "$spec"
        echo "unchanged: v$current $image"
        return 0
    fi
    deploy_release "$spec" "$env_file" "$image" "$source"
}

# app_input: reads stdin, a JSON object naming an app, into `input`; sets and checks `app`.
app_input() {
    input=$(cat)
    jq -e 'type == "object" and (.app | type == "string")' <<<"$input" >/dev/null 2>&1 || die "input: must be a JSON object with app"
    app=$(jq -r .app <<<"$input")
    check_app_name "$app"
    app_dir=$apps_root/$app
}

app_register() {
    local input owner
    app_input
    owner=$(jq -r '.owner | strings' <<<"$input")
    check_owner "$owner"
    lock_app
    install -d -m 700 "$app_dir"
    record_owner "$app_dir/owner" "$owner"
    echo "$app belongs to $owner"
}

# app_config: the config vars the app's next deploy takes, staged with their fingerprints (the
# deploy spec names them by fingerprint, so that it carries no secret).
app_config() {
    local input problem staged
    app_input
    problem=$(jq -r "$jq_rules"'
        [ ((.env // null) | if type == "object" then env_problems else bad("env"; "must be an object of strings") end),
          (if (.fingerprints | type) != "object" or (.fingerprints | keys) != (.env | keys)
                or (.fingerprints | to_entries | any((.value | type) != "string" or (.value | test("^[0-9a-f]{16}$") | not)))
              then bad("fingerprints"; "must map each config var to its fingerprint") else empty end)
        ] | first // empty' <<<"$input" 2>/dev/null) || die "input: must be a JSON object"
    [ -z "$problem" ] || die "$problem"
    lock_app
    install -d -m 700 "$app_dir"
    staged=$(mktemp "$app_dir/.config.XXXXXX")
    cleanup_paths+=("$staged")
    jq -S '{env, fingerprints}' <<<"$input" >"$staged"
    chmod 600 "$staged"
    mv "$staged" "$app_dir/staged-config.json"
    echo "config of $app staged: $(jq '.env | length' "$app_dir/staged-config.json") var(s)"
}

app_releases() {
    app=$1
    check_app_name "$app"
    app_dir=$apps_root/$app
    local files=() f
    for f in "$app_dir"/releases/v*.json; do [[ $f =~ /v[0-9]+\.json$ ]] && files+=("$f"); done
    if [ ${#files[@]} -eq 0 ]; then echo '[]'; return 0; fi
    jq -s 'sort_by(.version) | map(del(.identity))' "${files[@]}"
}

app_rollback() {
    app=$1
    check_app_name "$app"
    app_dir=$apps_root/$app
    [[ ${2:-} =~ ^[1-9][0-9]{0,8}$ ]] || die "release: must be a release number such as 3"
    lock_app
    local record=$app_dir/releases/v$2.json
    [ -f "$record" ] || die "release: $app has no release v$2"
    local env_file
    env_file=$(mktemp "$app_dir/.env.XXXXXX")
    cleanup_paths+=("$env_file")
    cp "$app_dir/releases/v$2.env.json" "$env_file"
    say "rolling $app back to v$2"
    deploy_release "$(jq -c .spec "$record")" "$env_file" "$(jq -r .image "$record")" "rollback:v$2"
}

app_destroy() {
    local input keep_data
    input=$(cat)
    [ -n "$input" ] || input='{}'
    jq -e 'type == "object"' <<<"$input" >/dev/null 2>&1 || die "input: must be a JSON object"
    app=${1:-$(jq -r '.app // ""' <<<"$input")}
    check_app_name "$app"
    [ -z "${1:-}" ] || [ "$(jq -r --arg a "$1" '.app // $a' <<<"$input")" = "$1" ] || die "app: the argument and stdin name different apps"
    keep_data=$(jq -r 'if .keepData == false then "false" else "true" end' <<<"$input")
    local owner
    owner=$(jq -r '.owner // "" | strings' <<<"$input")
    app_dir=$apps_root/$app
    lock_app
    if owned_by_another "$app_dir/owner" "$owner"; then
        echo "kept $app: it belongs to $(cat "$app_dir/owner") now"
        return 0
    fi

    # Routing stops first; the containers stop once nginx's old workers are done with them.
    lock_router
    rm -f "$vhosts/paas-$app.conf" "$upstreams/$app.conf"
    if nginx -t -q 2>/dev/null; then reload_nginx; fi
    unlock_router
    sleep "$drain_seconds"
    local ids=()
    mapfile -t ids < <(app_container_ids "$app")
    remove_containers "${ids[@]}"
    delete_certificates

    # Its images: those the platform built (paas/APP) and those only its releases used.
    local images=() image
    mapfile -t images < <(
        docker images --format '{{.Repository}}:{{.Tag}}' "paas/$app" | grep -v ':<none>$' || true
        cat "$app_dir"/releases/v*.json 2>/dev/null | jq -r '.image' || true
    )
    for image in $(printf '%s\n' "${images[@]}" | sort -u); do
        if [[ $image != paas/$app:* ]] &&
            grep -rqsF --include='v*.json' "\"image\": \"$image\"" "$apps_root" --exclude-dir="$app"; then
            continue
        fi
        docker rmi "$image" >/dev/null 2>&1 || true
    done
    docker images -q --filter dangling=true --filter "label=paas.app=$app" | xargs -r docker rmi >/dev/null 2>&1 || true

    local keys=$git_home/.ssh/authorized_keys tmp
    lock_keys
    if [ -f "$keys" ] && grep -q " paas:$app\$" "$keys"; then
        tmp=$(mktemp)
        cleanup_paths+=("$tmp")
        grep -v " paas:$app\$" "$keys" >"$tmp" || true
        install -m 600 -o git -g git "$tmp" "$keys"
    fi
    unlock_keys
    # Its build contexts only (`<app>-<12 hex>`): another app's name may start with this one's.
    rm -rf "$app_dir" "${git_home:?}/$app.git"
    find /tmp/paas-build -mindepth 1 -maxdepth 1 -regextype posix-extended -regex "/tmp/paas-build/$app-[0-9a-f]{12}" \
        -exec rm -rf {} + 2>/dev/null || true
    # The lock file stays: a deploy waiting on it must exclude any that comes after it.
    if [ "$keep_data" = false ]; then
        local db=${app//-/_}
        postgres_drop "$db"
        redis_drop "$db"
        echo "destroyed $app and its data"
    else
        echo "destroyed $app"
    fi
}

# app_push_deploy APP SHA: run as root (sudo) by the git hook. Builds the pushed commit's
# Dockerfile as paas/APP:SHA12, records it as the pushed image and deploys it.
app_push_deploy() {
    app=$1
    check_app_name "$app"
    app_dir=$apps_root/$app
    [[ ${2:-} =~ ^[0-9a-f]{40}$ ]] || die "commit: must be a full commit id"
    local sha=$2 repo=$git_home/$1.git context image
    [ -d "$repo" ] || die "app: $app has no repository"
    lock_app
    install -d -m 700 "$app_dir"
    image=paas/$app:${sha:0:12}
    context=$(mktemp -d)
    cleanup_paths+=("$context")
    # As the repository's owner: root never runs git on a repository another user can configure.
    runuser -u git -- git --git-dir "$repo" archive --format=tar "$sha" | tar -x -C "$context" ||
        die "commit: $sha cannot be read from $repo"
    [ -f "$context/Dockerfile" ] || die "Dockerfile: the pushed commit has none at its root"
    say "building $image"
    set +e
    docker build --label "paas.app=$app" -t "$image" "$context" 2>&1 | indent
    local code=${PIPESTATUS[0]}
    set -e
    [ "$code" = 0 ] || die "build failed; $(serving_label) keeps serving"
    echo "$image" >"$app_dir/pushed-image"
    if [ ! -f "$app_dir/current.json" ]; then
        say "built $image; $app deploys once \`paas app deploy\` has its spec"
        return 0
    fi
    if [ "$(jq -r .source "$app_dir/current.json")" != git ]; then
        say "built $image; $app deploys an image, not git pushes"
        return 0
    fi
    local spec env_file
    spec=$(jq -c . "$app_dir/current.json")
    # A copy: the deploy writes env.json itself.
    env_file=$(mktemp "$app_dir/.env.XXXXXX")
    cleanup_paths+=("$env_file")
    cp "$app_dir/env.json" "$env_file"
    if [ "$(current_version)" != 0 ] && [ "$(jq -r .identity "$app_dir/releases/v$(current_version).json")" = \
        "$(release_identity "$spec" "$env_file" "$image")" ]; then
        echo "unchanged: v$(current_version) $image"
        return 0
    fi
    deploy_release "$spec" "$env_file" "$image" "git:${sha:0:12}"
}

# --- add-ons ----------------------------------------------------------------------------------
# addon_input: sets name, password, keep_data from the JSON on stdin.
addon_input() { # also sets owner
    local input
    input=$(cat)
    jq -e 'type == "object"' <<<"$input" >/dev/null 2>&1 || die "input: must be a JSON object"
    name=$(jq -r '.name // "" | strings' <<<"$input")
    password=$(jq -r '.password // "" | strings' <<<"$input")
    keep_data=$(jq -r 'if .keepData == false then "false" else "true" end' <<<"$input")
    owner=$(jq -r '.owner // "" | strings' <<<"$input")
    [[ $name =~ ^[a-z][a-z0-9_]{0,62}$ ]] || die "name: lowercase letters, digits and _, starting with a letter, at most 63"
    check_not_reserved name "$name"
    [ -z "$owner" ] || check_owner "$owner"
    install -d -m 700 "$addons_root"
}
# check_not_reserved FIELD NAME [AS_GIVEN]: the names of the host's own database accounts and users.
check_not_reserved() {
    case $2 in
        postgres | template0 | template1 | pg_* | paas | default) die "$1: ${3:-$2} is reserved by the platform" ;;
    esac
}
check_password() {
    [[ $password =~ ^[A-Za-z0-9]{16,128}$ ]] || die "password: 16 to 128 letters and digits"
}

# Name and password reach psql on its stdin (never as arguments) and are quoted by format().
# A failing statement is not written to the server log, where it would show the password.
psql_admin() {
    { echo "SET log_min_error_statement = panic;"; cat; } | runuser -u postgres -- psql -q -X -v ON_ERROR_STOP=1 >/dev/null
}

postgres_drop() { # NAME
    { printf '\\set name %s\n' "$1"; cat <<'SQL'; } | psql_admin
SELECT format('DROP DATABASE IF EXISTS %I WITH (FORCE)', :'name') \gexec
SELECT format('DROP ROLE IF EXISTS %I', :'name') \gexec
SQL
}

addon_postgres() {
    addon_input
    case "${1:-}" in
    create)
        check_password
        { printf '\\set name %s\n\\set password %s\n' "$name" "$password"; cat <<'SQL'; } | psql_admin
SELECT format('CREATE ROLE %I LOGIN', :'name') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'name') \gexec
SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', :'name', :'password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'name', :'name') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'name') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'name') \gexec
SQL
        record_owner "$addons_root/postgres-$name.owner" "$owner"
        echo "postgres database $name ready" ;;
    delete)
        if [ "$keep_data" = true ]; then echo "postgres database $name kept"; return 0; fi
        if owned_by_another "$addons_root/postgres-$name.owner" "$owner"; then
            echo "postgres database $name kept: it belongs to $(cat "$addons_root/postgres-$name.owner") now"
            return 0
        fi
        rm -f "$addons_root/postgres-$name.owner"
        postgres_drop "$name"
        echo "postgres database $name dropped" ;;
    *) die "usage: paas addon postgres create|delete" ;;
    esac
}

# Redis commands go to redis-cli on stdin; the admin password is in its environment.
redis_admin() {
    # -e: an error reply makes redis-cli exit non-zero.
    REDISCLI_AUTH=$(cat /etc/redis/paas-admin.pass) redis-cli -e --no-auth-warning --user paas
}

redis_drop() { # NAME: the ACL user and its keys
    local out
    out=$(printf 'ACL DELUSER %s\nACL SAVE\n' "$1" | redis_admin 2>&1) || die "redis: $out"
    printf 'EVAL "local n = 0 for _, k in ipairs(redis.call(%s, ARGV[1])) do n = n + redis.call(%s, k) end return n" 0 %s:*\n' \
        "'KEYS'" "'DEL'" "$1" | redis_admin >/dev/null 2>&1 || true
}

addon_redis() {
    addon_input
    local out
    case "${1:-}" in
    create)
        check_password
        # The password travels as its SHA-256: `#<hash>` in ACL SETUSER.
        out=$(printf 'ACL SETUSER %s reset on #%s ~%s:* &%s:* +@all -@admin -@dangerous\nACL SAVE\n' \
            "$name" "$(printf '%s' "$password" | sha256sum | cut -d' ' -f1)" "$name" "$name" | redis_admin 2>&1) || die "redis: $out"
        [ "$out" = $'OK\nOK' ] || die "redis: $out"
        record_owner "$addons_root/redis-$name.owner" "$owner"
        echo "redis user $name ready" ;;
    delete)
        if [ "$keep_data" = true ]; then echo "redis user $name kept"; return 0; fi
        if owned_by_another "$addons_root/redis-$name.owner" "$owner"; then
            echo "redis user $name kept: it belongs to $(cat "$addons_root/redis-$name.owner") now"
            return 0
        fi
        rm -f "$addons_root/redis-$name.owner"
        redis_drop "$name"
        echo "redis user $name removed" ;;
    *) die "usage: paas addon redis create|delete" ;;
    esac
}

# --- deploy keys ------------------------------------------------------------------------------
# keys_set [APP] [clear]: with `clear`, the app's keys are removed whatever stdin lists.
keys_set() {
    local input file=$git_home/.ssh/authorized_keys tmp keys=() key n=0
    input=$(cat)
    [ "${2:-}" != clear ] || input=$(jq -c '.keys = []' <<<"$input" 2>/dev/null) || die "keys: stdin must be a JSON object"
    jq -e 'type == "object" and (.keys | type == "array") and all(.keys[]; type == "string")' <<<"$input" >/dev/null 2>&1 ||
        die "keys: must be a list of SSH public keys"
    app=${1:-$(jq -r '.app // ""' <<<"$input")}
    check_app_name "$app"
    [ -z "${1:-}" ] || [ "$(jq -r --arg a "$1" '.app // $a' <<<"$input")" = "$1" ] || die "app: the argument and stdin name different apps"
    app_dir=$apps_root/$app
    mapfile -d '' keys < <(jq -j '.keys[] | ., "\u0000"' <<<"$input")
    local owner
    owner=$(jq -r '.owner // "" | strings' <<<"$input")
    lock_app
    # A clear from the app's former owner (a rename without an alias) keeps the new owner's keys.
    if [ "${2:-}" = clear ] && owned_by_another "$app_dir/owner" "$owner"; then
        echo "deploy keys of $app kept: it belongs to $(cat "$app_dir/owner") now"
        return 0
    fi
    ensure_repo >/dev/null
    tmp=$(mktemp)
    cleanup_paths+=("$tmp")
    lock_keys
    grep -v " paas:$app\$" "$file" >"$tmp" 2>/dev/null || true
    for key in "${keys[@]}"; do
        [[ $key =~ ^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521))\ ([A-Za-z0-9+/]+=*)(\ [^$'\n\r']*)?$ ]] ||
            die "keys[$n]: must be one OpenSSH public key line (ssh-ed25519, ssh-rsa or ecdsa)"
        # The key's own comment is dropped: the entry's comment marks the app it belongs to.
        printf 'restrict,command="paas-git-shell %s" %s %s paas:%s\n' "$app" "${BASH_REMATCH[1]}" "${BASH_REMATCH[3]}" "$app" >>"$tmp"
        n=$((n + 1))
    done
    install -d -m 700 -o git -g git "$git_home/.ssh"
    install -m 600 -o git -g git "$tmp" "$file"
    unlock_keys
    echo "deploy keys of $app: $n"
}

[ "$(id -u)" = 0 ] || die "paas: run as root"
case "${1:-} ${2:-}" in
    "app register") app_register ;;
    "app config") app_config ;;
    "app deploy") app_deploy ;;
    "app releases") app_releases "${3:-}" ;;
    "app rollback") app_rollback "${3:-}" "${4:-}" ;;
    "app destroy") app_destroy "${3:-}" ;;
    "app push-deploy") app_push_deploy "${3:-}" "${4:-}" ;;
    "addon postgres") addon_postgres "${3:-}" ;;
    "addon redis") addon_redis "${3:-}" ;;
    "keys set") keys_set "${3:-}" ;;
    "keys clear") keys_set "${3:-}" clear ;;
    "router reload") lock_router && nginx -t -q && reload_nginx ;;
    *) die "usage: paas app register|config|deploy|releases|rollback|destroy, paas addon postgres|redis create|delete, paas keys set|clear APP, paas router reload" ;;
esac
