#!/usr/bin/env bash
# The platform's command on the host. Everything a user chose arrives as JSON on stdin and is
# handed to programs as data: containers are created through the Docker Engine API with a JSON
# body, so config values never reach a command line, an env file or a shell.
#
#   paas app deploy                  spec on stdin (components/server/README.md)
#   paas app releases APP            release records, oldest first
#   paas app rollback APP N          release N's image and config, as a new release
#   paas app destroy [APP]           stdin: {"app", "keepData"}
#   paas app push-deploy APP SHA     build the pushed commit and deploy it (run by the git hook)
#   paas addon postgres|redis create|delete   stdin: {"name", "password", "keepData"}
#   paas keys set [APP]              stdin: {"app", "keys": ["ssh-ed25519 AAAA... comment"]}
set -euo pipefail

apps_root=/var/lib/paas/apps
upstreams=/etc/nginx/paas/upstreams
vhosts=/etc/nginx/sites-enabled
docker_socket=/var/run/docker.sock
health_timeout=${PAAS_HEALTH_TIMEOUT:-60}
# Seconds nginx's old workers get to finish requests to the old containers after a reload.
drain_seconds=2

die() { echo "$*" >&2; exit 1; }
cleanup_paths=()
trap 'rm -rf "${cleanup_paths[@]}"' EXIT

# --- input rules: each failure names the field and the rule ---------------------------------
check_app_name() {
    [[ $1 =~ ^[a-z]([a-z0-9-]{0,28}[a-z0-9])?$ ]] || die "app: must be a DNS label of lowercase letters, digits and '-', 1 to 30 characters"
}

# check_spec SPEC: the deploy spec's fields, with jq, before anything changes.
check_spec() {
    local problem
    problem=$(jq -r '
        def bad(f; rule): "\(f): \(rule)";
        [ (if (.env // {}) | type != "object" then bad("env"; "must be an object of strings") else empty end),
          ((.env // {}) | to_entries[]? |
              (if (.key | test("^[A-Z_][A-Z0-9_]*$") | not) then bad("env.\(.key)"; "names are uppercase letters, digits and _, not starting with a digit") else empty end),
              (if (.value | type) != "string" then bad("env.\(.key)"; "must be a string") else empty end)),
          (if (.source | IN("image", "git") | not) then bad("source"; "must be image or git") else empty end),
          (if .source == "image" and ((.image | type) != "string" or (.image | test("^[a-zA-Z0-9][a-zA-Z0-9._/:@-]*$") | not))
              then bad("image"; "must be an image reference") else empty end),
          ((.processes // {}) | to_entries[] |
              (if (.key | test("^[a-z][a-z0-9-]{0,19}$") | not) then bad("processes.\(.key)"; "names are lowercase letters, digits and -") else empty end),
              (if ((.value.count | type) != "number" or .value.count < 0 or .value.count > 20 or (.value.count | floor) != .value.count)
                  then bad("processes.\(.key).count"; "must be a whole number from 0 to 20") else empty end),
              (if (.value.command != null and ((.value.command | type) != "array" or any(.value.command[]; type != "string")))
                  then bad("processes.\(.key).command"; "must be a list of strings") else empty end)),
          (if ((.port | type) != "number" or .port < 1 or .port > 65535) then bad("port"; "must be 1 to 65535") else empty end),
          (if ((.healthPath // "/") | test("^/[^[:space:]]*$") | not) then bad("healthPath"; "must be a path starting with /") else empty end),
          (if (.releaseCommand != null and ((.releaseCommand | type) != "array" or any(.releaseCommand[]; type != "string")))
              then bad("releaseCommand"; "must be a list of strings") else empty end),
          (if ((.vhost.http | type) != "string") then bad("vhost.http"; "must be the rendered nginx server block") else empty end)
        ] | first // empty' <<<"$1") || die "spec: must be a JSON object"
    [ -z "$problem" ] || die "$problem"
    check_app_name "$(jq -r '.app // ""' <<<"$1")"
}

# --- Docker Engine API ------------------------------------------------------------------------
docker_api() { # METHOD PATH [BODY on stdin]
    curl -sS --fail-with-body --unix-socket "$docker_socket" -X "$1" -H 'Content-Type: application/json' \
        --data-binary @- "http://docker/v1.41$2"
}

# create_container NAME JSON: creates and starts a container from a Docker API body on stdin.
start_container() {
    local name=$1 id
    id=$(docker_api POST "/containers/create?name=$name" | jq -r .Id) || die "could not create container $name"
    docker_api POST "/containers/$id/start" </dev/null >/dev/null || die "could not start container $name"
    echo "$id"
}

# container_body IMAGE ENV_FILE RELEASE PROCESS PORT PUBLISH COMMAND_JSON: the create body.
container_body() {
    jq -n --arg image "$1" --slurpfile env "$2" --arg app "$app" --arg release "$3" --arg process "$4" \
        --argjson port "$5" --argjson publish "$6" --argjson command "$7" '
        {
            Image: $image,
            Env: ([{PORT: ($port | tostring)} + $env[0] | to_entries[] | "\(.key)=\(.value)"]),
            Labels: {"paas.app": $app, "paas.release": $release, "paas.process": $process},
            HostConfig: {
                ExtraHosts: ["paas-host:host-gateway"],
                RestartPolicy: {Name: (if $process == "release" then "no" else "unless-stopped" end)},
                PortBindings: (if $publish then {"\($port)/tcp": [{HostIp: "127.0.0.1", HostPort: ""}]} else {} end)
            }
        }
        + (if $publish then {ExposedPorts: {"\($port)/tcp": {}}} else {} end)
        + (if $command == null then {} else {Cmd: $command} end)'
}

app_containers() { # APP [RELEASE]: ids of the app's containers, of one release or of all
    local filters=(--filter "label=paas.app=$1")
    [ -n "${2:-}" ] && filters+=(--filter "label=paas.release=$2")
    docker ps -aq "${filters[@]}"
}

remove_containers() { # IDS...: stop, then remove
    [ $# -gt 0 ] || return 0
    docker stop -t 10 "$@" >/dev/null 2>&1 || true
    docker rm -f "$@" >/dev/null 2>&1 || true
}

# --- releases ---------------------------------------------------------------------------------
last_release() { cat "$app_dir/current-release" 2>/dev/null || echo 0; }

# release_identity SPEC ENV_FILE IMAGE: what makes two deploys the same release.
release_identity() {
    { jq -S -c --arg image "$3" '{image: $image, processes, port, healthPath, releaseCommand, vhost, tlsDomains}' <<<"$1"
      jq -S -c . "$2"; } | sha256sum | cut -d' ' -f1
}

# deploy_release SPEC ENV_FILE IMAGE SOURCE: the zero-downtime deploy of a new release.
deploy_release() {
    local spec=$1 env_file=$2 image=$3 source=$4
    local version=$(( $(last_release) + 1 )) release port health new_ids=() web_ids=()
    release=v$version
    port=$(jq -r .port <<<"$spec")
    health=$(jq -r '.healthPath // "/"' <<<"$spec")

    # 1. The release command (migrations) runs first; a failure blocks the release.
    if [ "$(jq -r '.releaseCommand // [] | length' <<<"$spec")" -gt 0 ]; then
        echo "-----> running release command"
        local id code
        id=$(container_body "$image" "$env_file" "$release" release "$port" false "$(jq -c .releaseCommand <<<"$spec")" |
            start_container "paas-$app-release-$release")
        code=$(docker_api POST "/containers/$id/wait" </dev/null | jq -r .StatusCode)
        docker logs "$id" 2>&1 | sed 's/^/       /'
        docker rm -f "$id" >/dev/null
        [ "$code" = 0 ] || die "release command failed with exit code $code; $(last_release_label) keeps serving"
    fi

    # 2. New containers, one per process instance.
    local process count command i id
    while IFS=$'\t' read -r process count command; do
        for ((i = 1; i <= count; i++)); do
            local publish=false
            [ "$process" = web ] && publish=true
            id=$(container_body "$image" "$env_file" "$release" "$process" "$port" "$publish" "$command" |
                start_container "paas-$app-$process-$release-$i")
            new_ids+=("$id")
            [ "$process" = web ] && web_ids+=("$id")
        done
    done < <(jq -r '.processes // {web: {count: 1}} | to_entries[] | [.key, .value.count, (.value.command | tojson)] | @tsv' <<<"$spec")

    # 3. Every new web container must answer its health check before it gets traffic.
    local addresses=() address deadline=$((SECONDS + health_timeout))
    for id in "${web_ids[@]}"; do
        address=$(docker port "$id" "$port/tcp" | head -1)
        until [[ $(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://$address$health" || true) =~ ^[23] ]]; do
            if [ "$SECONDS" -ge "$deadline" ] || [ "$(docker inspect -f '{{.State.Running}}' "$id")" != true ]; then
                docker logs --tail 20 "$id" 2>&1 | sed 's/^/       /' >&2
                remove_containers "${new_ids[@]}"
                die "health check failed: $health did not answer 2xx/3xx within ${health_timeout}s; $(last_release_label) keeps serving"
            fi
            sleep 1
        done
        addresses+=("$address")
    done

    # 4. Switch nginx to the new containers, keeping the old config if nginx refuses the new one.
    switch_router "$spec" "${addresses[@]}" || { remove_containers "${new_ids[@]}"; die "nginx refused the new configuration; $(last_release_label) keeps serving"; }

    # 5. Retire the old release.
    sleep "$drain_seconds"
    local old_ids=()
    mapfile -t old_ids < <(docker ps -aq --filter "label=paas.app=$app" | grep -v -F -x -f <(printf '%s\n' "${new_ids[@]}" | cut -c1-12) || true)
    remove_containers "${old_ids[@]}"

    # 6. Record it.
    local digest
    digest=$(jq -S -c . "$env_file" | sha256sum | cut -d' ' -f1)
    mkdir -p "$app_dir/releases"
    jq -n --argjson version "$version" --arg image "$image" --arg digest "$digest" --arg source "$source" \
        --arg created "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg identity "$(release_identity "$spec" "$env_file" "$image")" \
        --argjson spec "$spec" \
        '{version: $version, image: $image, configDigest: $digest, createdAt: $created, source: $source, identity: $identity, spec: $spec}' \
        >"$app_dir/releases/$release.json"
    install -m 600 "$env_file" "$app_dir/releases/$release.env.json"
    install -m 600 "$env_file" "$app_dir/env.json"
    jq . <<<"$spec" >"$app_dir/current.json"
    echo "$version" >"$app_dir/current-release"
    echo "-----> serving at http://$(jq -r '.hostnames[0] // .app' <<<"$spec")/"
    echo "released $release $image"
}

last_release_label() { local v; v=$(last_release); [ "$v" = 0 ] && echo "no release" || echo "release v$v"; }

# switch_router SPEC ADDRESSES...: writes upstream and vhost, checks, reloads; restores on failure.
switch_router() {
    local spec=$1; shift
    local upstream=$upstreams/$app.conf vhost=$vhosts/paas-$app.conf backup
    backup=$(mktemp -d)
    cp -p "$upstream" "$backup/upstream" 2>/dev/null || true
    cp -p "$vhost" "$backup/vhost" 2>/dev/null || true
    {
        echo "upstream paas_$app {"
        if [ $# -eq 0 ]; then echo "    server 127.0.0.1:1 down;"; fi
        printf '    server %s;\n' "$@"
        echo "}"
    } >"$upstream"
    local variant=http
    if [ "$(jq -r '.tlsDomains // [] | length' <<<"$spec")" -gt 0 ] && obtain_certificate "$spec"; then variant=https; fi
    jq -r --arg v "$variant" '.vhost[$v]' <<<"$spec" >"$vhost"
    if nginx -t -q 2>/dev/null; then
        systemctl reload nginx
        rm -rf "$backup"
        return 0
    fi
    for f in upstream vhost; do
        local dest=$upstream
        [ $f = vhost ] && dest=$vhost
        if [ -f "$backup/$f" ]; then cp -p "$backup/$f" "$dest"; else rm -f "$dest"; fi
    done
    rm -rf "$backup"
    return 1
}

# obtain_certificate SPEC: a Let's Encrypt certificate for the app's TLS domains (HTTP-01).
obtain_certificate() {
    local email args=()
    [ -f "/etc/letsencrypt/live/paas-$app/fullchain.pem" ] && return 0
    email=$(cat /etc/paas/acme-email 2>/dev/null) || { echo "no acmeEmail configured: serving HTTP only" >&2; return 1; }
    mapfile -t domains < <(jq -r '.tlsDomains[]' <<<"$1")
    for d in "${domains[@]}"; do args+=(-d "$d"); done
    certbot certonly --webroot -w /var/lib/paas/acme --non-interactive --agree-tos -m "$email" \
        --cert-name "paas-$app" "${args[@]}" >&2 || { echo "certificate not issued yet: serving HTTP only" >&2; return 1; }
}

# --- app commands -----------------------------------------------------------------------------
# build_if_needed SPEC IMAGE: a Dockerfile release copied to the host (`buildContext`) is built
# on the host's engine once; its tag is the digest of the context.
build_if_needed() {
    local context
    context=$(jq -r '.buildContext // ""' <<<"$1")
    [ -n "$context" ] || return 0
    [[ $context =~ ^/tmp/paas-build/[a-z0-9-]+$ ]] || die "buildContext: must be a folder under /tmp/paas-build"
    docker image inspect "$2" >/dev/null 2>&1 && return 0
    echo "-----> building $2"
    docker build -t "$2" "$context" 2>&1 | sed 's/^/       /'
    [ "${PIPESTATUS[0]}" = 0 ] || die "build failed; $(last_release_label) keeps serving"
}

app_deploy() {
    local spec image source env_file
    spec=$(cat)
    check_spec "$spec"
    app=$(jq -r .app <<<"$spec")
    app_dir=$apps_root/$app
    install -d -m 700 "$app_dir"
    env_file=$(mktemp)
    cleanup_paths+=("$env_file")
    jq -S '.env // {}' <<<"$spec" >"$env_file"
    spec=$(jq -S -c 'del(.env)' <<<"$spec")

    source=$(jq -r .source <<<"$spec")
    if [ "$source" = git ]; then
        image=$(cat "$app_dir/pushed-image" 2>/dev/null || true)
        if [ -z "$image" ]; then
            jq . <<<"$spec" >"$app_dir/current.json"
            install -m 600 "$env_file" "$app_dir/env.json"
            echo "waiting for git push: git push git@<this host>:$app main"
            return 0
        fi
    else
        image=$(jq -r .image <<<"$spec")
        build_if_needed "$spec" "$image"
    fi

    if [ -f "$app_dir/current-release" ]; then
        local current
        current=v$(last_release)
        if [ "$(jq -r .identity "$app_dir/releases/$current.json")" = "$(release_identity "$spec" "$env_file" "$image")" ]; then
            echo "unchanged: $current $image"
            return 0
        fi
    fi
    deploy_release "$spec" "$env_file" "$image" "$source"
}

app_releases() {
    app=$1; check_app_name "$app"
    local dir=$apps_root/$app/releases
    if compgen -G "$dir/v*[0-9].json" >/dev/null; then
        jq -s 'sort_by(.version) | map(del(.spec.vhost))' "$dir"/v*[0-9].json
    else
        echo '[]'
    fi
}

app_rollback() {
    app=$1 app_dir=$apps_root/$1; check_app_name "$app"
    [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "release: must be a release number"
    local record=$app_dir/releases/v$2.json
    [ -f "$record" ] || die "release: $app has no release v$2"
    echo "-----> rolling $app back to v$2"
    deploy_release "$(jq -c .spec "$record")" "$app_dir/releases/v$2.env.json" "$(jq -r .image "$record")" "rollback:v$2"
}

app_destroy() {
    # The app comes as an argument or as `app` of the JSON on stdin; keepData concerns add-ons,
    # which decide for themselves.
    local input
    input=$(cat)
    app=${1:-$(jq -r '.app // ""' <<<"$input")}
    check_app_name "$app"
    app_dir=$apps_root/$app
    # Stop routing first, then stop the containers once nginx's old workers are done.
    rm -f "$vhosts/paas-$app.conf" "$upstreams/$app.conf"
    nginx -t -q 2>/dev/null && systemctl reload nginx && sleep "$drain_seconds"
    local ids=()
    mapfile -t ids < <(app_containers "$app")
    remove_containers "${ids[@]}"
    docker images -q "paas/$app" | sort -u | xargs -r docker rmi -f >/dev/null 2>&1 || true
    sed -i "/ paas:$app\$/d" /home/git/.ssh/authorized_keys 2>/dev/null || true
    rm -rf "$app_dir" "/home/git/$app.git"
    echo "destroyed $app"
}

# app_push_deploy APP SHA: runs as root through sudo from the git hook; both arguments checked.
app_push_deploy() {
    app=$1 app_dir=$apps_root/$1; check_app_name "$app"
    [[ ${2:-} =~ ^[0-9a-f]{40}$ ]] || die "commit: must be a full commit id"
    local sha=$2 context image
    image=paas/$app:${sha:0:12}
    context=$(mktemp -d)
    cleanup_paths+=("$context")
    git --git-dir "/home/git/$app.git" archive "$sha" | tar -x -C "$context"
    [ -f "$context/Dockerfile" ] || die "Dockerfile: the pushed commit has none at its root"
    echo "-----> building $image"
    docker build -t "$image" "$context" 2>&1 | sed 's/^/       /'
    [ "${PIPESTATUS[0]}" = 0 ] || die "build failed; $(last_release_label) keeps serving"
    install -d -m 700 "$app_dir"
    echo "$image" >"$app_dir/pushed-image"
    if [ "$(jq -r .source "$app_dir/current.json" 2>/dev/null)" != git ]; then
        echo "-----> built $image; $app does not deploy from git pushes (its release source is not git)"
        return 0
    fi
    local env_file
    env_file=$(mktemp)
    cleanup_paths+=("$env_file")
    cp "$app_dir/env.json" "$env_file"
    deploy_release "$(jq -c . "$app_dir/current.json")" "$env_file" "$image" "git:${sha:0:12}"
}

# --- add-ons ----------------------------------------------------------------------------------
addon_input() { # sets name, password, keep_data from stdin
    local input
    input=$(cat)
    name=$(jq -r '.name // ""' <<<"$input")
    password=$(jq -r '.password // ""' <<<"$input")
    keep_data=$(jq -r 'if .keepData == false then "false" else "true" end' <<<"$input")
    [[ $name =~ ^[a-z][a-z0-9_]{0,62}$ ]] || die "name: lowercase letters, digits and _, starting with a letter, at most 63"
}

addon_postgres() {
    addon_input
    case "$1" in
    create)
        [[ $password =~ ^[A-Za-z0-9]{16,}$ ]] || die "password: at least 16 letters and digits"
        # Name and password reach psql on stdin (never as arguments) and are quoted by format().
        { printf '\\set name %s\n\\set password %s\n' "$name" "$password"; cat <<'SQL'; } | runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 >/dev/null
SELECT format('CREATE ROLE %I LOGIN', :'name') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'name') \gexec
SELECT format('ALTER ROLE %I PASSWORD %L', :'name', :'password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'name', :'name') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'name') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'name') \gexec
SQL
        echo "postgres database $name ready" ;;
    delete)
        if [ "$keep_data" = true ]; then echo "postgres database $name kept"; return 0; fi
        { printf '\\set name %s\n' "$name"; cat <<'SQL'; } | runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 >/dev/null
SELECT format('DROP DATABASE IF EXISTS %I WITH (FORCE)', :'name') \gexec
SELECT format('DROP ROLE IF EXISTS %I', :'name') \gexec
SQL
        echo "postgres database $name dropped" ;;
    *) die "usage: paas addon postgres create|delete" ;;
    esac
}

addon_redis() {
    addon_input
    local admin=(redis-cli --no-auth-warning --user paas)
    REDISCLI_AUTH=$(cat /etc/redis/paas-admin.pass)
    export REDISCLI_AUTH
    case "$1" in
    create)
        [[ $password =~ ^[A-Za-z0-9]{16,}$ ]] || die "password: at least 16 letters and digits"
        # ACL commands read from stdin: the password is never an argument of a process.
        printf 'ACL SETUSER %s reset on #%s ~%s:* &%s:* +@all -@admin -@dangerous\nACL SAVE\n' \
            "$name" "$(printf '%s' "$password" | sha256sum | cut -d' ' -f1)" "$name" "$name" | "${admin[@]}" >/dev/null
        echo "redis user $name ready" ;;
    delete)
        if [ "$keep_data" = true ]; then echo "redis user $name kept"; return 0; fi
        printf 'ACL DELUSER %s\nACL SAVE\n' "$name" | "${admin[@]}" >/dev/null
        echo "redis user $name removed" ;;
    *) die "usage: paas addon redis create|delete" ;;
    esac
}

# --- deploy keys ------------------------------------------------------------------------------
keys_set() {
    local input keys file=/home/git/.ssh/authorized_keys tmp
    input=$(cat)
    app=${1:-$(jq -r '.app // ""' <<<"$input")}
    check_app_name "$app"
    keys=$(jq -r '.keys[]' <<<"$input" 2>/dev/null) || die "keys: must be a list of SSH public keys"
    tmp=$(mktemp)
    grep -v " paas:$app\$" "$file" >"$tmp" 2>/dev/null || true
    while IFS= read -r key; do
        [ -n "$key" ] || continue
        [[ $key =~ ^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521))\ ([A-Za-z0-9+/]+=*)(\ .*)?$ ]] ||
            { rm -f "$tmp"; die "keys: each must be an OpenSSH public key (ssh-ed25519, ssh-rsa or ecdsa)"; }
        printf 'restrict,command="paas-git-shell %s" %s %s paas:%s\n' "$app" "${BASH_REMATCH[1]}" "${BASH_REMATCH[3]}" "$app" >>"$tmp"
    done <<<"$keys"
    install -m 600 -o git -g git "$tmp" "$file"
    rm -f "$tmp"
    if [ ! -d "/home/git/$app.git" ]; then
        runuser -u git -- git init -q --bare "/home/git/$app.git"
        ln -sf /usr/local/lib/paas/git-post-receive.sh "/home/git/$app.git/hooks/post-receive"
    fi
    echo "deploy keys of $app: $(grep -c " paas:$app\$" "$file")"
}

[ "$(id -u)" = 0 ] || die "paas: run as root"
case "${1:-} ${2:-}" in
    "app deploy") app_deploy ;;
    "app releases") app_releases "${3:-}" ;;
    "app rollback") app_rollback "${3:-}" "${4:-}" ;;
    "app destroy") app_destroy "${3:-}" ;;
    "app push-deploy") app_push_deploy "${3:-}" "${4:-}" ;;
    "addon postgres") addon_postgres "${3:-}" ;;
    "addon redis") addon_redis "${3:-}" ;;
    "keys set") keys_set "${3:-}" ;;
    *) die "usage: paas app deploy|releases|rollback|destroy|push-deploy, paas addon postgres|redis create|delete, paas keys set APP" ;;
esac
