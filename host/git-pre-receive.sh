#!/usr/bin/env bash
# pre-receive hook of every app repository (a link to this file), run as `git`; host/git.ts
# (gitHook) builds and deploys a push to main before the branch moves, so a failed deploy rejects
# the push and leaves the branch where it was.
exec /usr/local/lib/paas/paas.js git-hook
