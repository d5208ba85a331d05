#!/usr/bin/env bash
# post-receive hook of every app repository (a link to this file), run as `git`; host/git.ts
# (gitHook) deploys a push to main through the one sudo rule bootstrap.sh installs.
exec /usr/local/lib/paas/paas.js git-hook
