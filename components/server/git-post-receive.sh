#!/usr/bin/env bash
# post-receive hook of every app repository (a link to this file), run as `git`. A push to main
# (or master) builds the pushed commit's Dockerfile and deploys it; the output streams back to
# the pusher. Deploying needs root: sudoers lets `git` run exactly `paas.sh app push-deploy`.
set -euo pipefail
app=$(basename "$(cd "${GIT_DIR:-.}" && pwd)" .git)
[[ $app =~ ^[a-z]([a-z0-9-]{0,28}[a-z0-9])?$ ]] || { echo "-----> $app is not an app repository" >&2; exit 1; }
deploy=
while read -r _old new ref; do
    case "$ref" in
        refs/heads/main | refs/heads/master) ;;
        *) echo "-----> $ref is not deployed (push main to deploy)"; continue ;;
    esac
    [[ $new =~ ^0+$ ]] && continue
    deploy=$new
done
[ -n "$deploy" ] || exit 0
exec sudo -n /usr/local/lib/paas/paas.sh app push-deploy "$app" "$deploy"
