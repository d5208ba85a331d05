#!/usr/bin/env bash
# post-receive hook of every app repository: a push to main (or master) builds and deploys the
# pushed commit. Output streams back to the pusher.
set -euo pipefail
app=$(basename "$(cd "${GIT_DIR:-.}" && pwd)" .git)
while read -r _old new ref; do
    case "$ref" in
        refs/heads/main | refs/heads/master) ;;
        *) echo "-----> $ref is not deployed (push main to deploy)"; continue ;;
    esac
    [ "$new" = 0000000000000000000000000000000000000000 ] && continue
    sudo -n /usr/local/lib/paas/paas.sh app push-deploy "$app" "$new"
done
