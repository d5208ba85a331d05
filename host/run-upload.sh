#!/usr/bin/env bash
# run-upload DIR SCRIPT [ARG...]: runs bash SCRIPT of DIR, a folder the components copied to the
# host (shared/uploads.ts), only when no user but root can have written to it: DIR and each of its
# parents a directory (not a link) owned by root that neither group nor others may write, and
# everything in DIR a plain file or directory of the same kind. The components send this file's
# text in the command itself (`bash -c <text> run-upload DIR SCRIPT`), so that what checks is not
# a file of the folder it checks. stdin goes to SCRIPT.
set -euo pipefail
die() { echo "run-upload: $*" >&2; exit 1; }
[ "$#" -ge 2 ] || die "usage: run-upload DIR SCRIPT [ARG...]"
dir=$1 script=$2
shift 2
[[ $dir =~ ^(/[A-Za-z0-9_][A-Za-z0-9._-]*)+$ && ! $dir =~ /\.\.?(/|$) ]] || die "$dir: not an absolute path without . or .."
[[ $script =~ ^[A-Za-z0-9_][A-Za-z0-9._-]*$ ]] || die "$script: not a file name"
p=$dir
while :; do
    { [ -d "$p" ] && [ ! -L "$p" ]; } || die "$p: not a directory"
    read -r uid mode <<<"$(stat -c '%u %a' -- "$p")"
    [ "$uid" = 0 ] || die "$p: owned by uid $uid, not root"
    (( (8#$mode & 8#022) == 0 )) || die "$p: others may write to it (mode $mode)"
    [ "$p" = / ] && break
    p=$(dirname -- "$p")
done
bad=$(find "$dir" -mindepth 1 \( \( ! -type f ! -type d \) -o ! -uid 0 -o -perm /022 \) -print -quit)
[ -z "$bad" ] || die "$bad: not a file or folder of root's that only root may write"
[ -f "$dir/$script" ] || die "$dir/$script: missing"
exec bash "$dir/$script" "$@"
