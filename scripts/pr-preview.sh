#!/usr/bin/env bash
# pr-preview.sh STACK OUTPUT: `pulumi preview --diff` of STACK, written to OUTPUT as the body of
# a pull request comment (Markdown). The preview workflow posts it; exits as the preview did.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 STACK OUTPUT" >&2; exit 2; }
stack=$1 output=$2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
pulumi preview --stack "$stack" --diff --non-interactive --color never >"$log" 2>&1 || status=$?
{
    if [ "$status" = 0 ]; then echo "#### \`pulumi preview\` of \`$stack\`"; else echo "#### \`pulumi preview\` of \`$stack\` failed"; fi
    echo
    # The summary first, so that a reviewer sees how much changes without opening the details.
    sed -n '/^Resources:/,/^$/p' "$log"
    echo
    echo "<details><summary>The whole preview</summary>"
    echo
    # A fence longer than any run of backquotes in the preview keeps it one code block.
    fence=$(awk '{ while (match($0, /`+/)) { if (RLENGTH > n) n = RLENGTH; $0 = substr($0, RSTART + RLENGTH) } }
        END { n = (n < 3 ? 3 : n + 1); for (i = 0; i < n; i++) s = s "`"; print s }' "$log")
    echo "$fence"
    cat "$log"
    echo "$fence"
    echo
    echo "</details>"
} >"$output"
exit "$status"
