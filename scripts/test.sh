#!/usr/bin/env bash
# The project's test command (`npm test`): builds the engine when it is missing, then runs the
# unit tests and the end-to-end suites, two suites at a time: each starts hosts and servers of its
# own, and most of a suite's time is spent waiting on them.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/node-env.sh
source scripts/lib/node-env.sh
{ [ -d node_modules/@pulumi/pulumi ] && [ node_modules/.package-lock.json -nt package-lock.json ]; } || npm ci --no-audit --no-fund
# shellcheck source=scripts/lib/toolchain-env.sh
source scripts/lib/toolchain-env.sh
scripts/toolchain.sh --strict
if ! command -v shellcheck >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >/dev/null
fi
# actionlint, for the pull request workflow (test/unit/workflow.test.ts), from its Go module.
actionlint_version=1.7.7
PAAS_ACTIONLINT=${PAAS_TOOLCHAIN_CACHE:-$HOME/.cache/paas-toolchain}/actionlint-$actionlint_version/actionlint
[ -x "$PAAS_ACTIONLINT" ] || GOBIN=$(dirname "$PAAS_ACTIONLINT") GOFLAGS=-mod=mod GOSUMDB=off \
    go install "github.com/rhysd/actionlint/cmd/actionlint@v$actionlint_version"
export PAAS_ACTIONLINT
# The library installed as users install it, for the suites in test/e2e/library (npm, on the
# registry: the tests themselves reach only loopback and the hosts they make).
if [ "$#" -eq 0 ] || [[ "$*" == *library* ]]; then scripts/consumers.sh; fi
status=0
# The provider plugins' and the SDK generator's own tests (each a Go module of its own), unless only some
# jest suites were asked for.
if [ "$#" -eq 0 ]; then
    # -trimpath as the plugin builds: the tests reuse their compiled packages.
    export GOFLAGS="-mod=mod -trimpath" GOSUMDB=off
    for module in toolchain/providers/*/ toolchain/sdkgen/; do
        tags=$(build_tags "$module")
        (cd "$module" && go vet -tags "$tags" ./... && go test -tags "$tags" ./...) || status=1
    done
fi
report=$(mktemp)
trap 'rm -f "$report"' EXIT
scripts/with-pulumi.sh npx jest --maxWorkers=2 --json --outputFile="$report" "$@" || status=$?
node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    // A suite that fails before its tests run (a throw at load) counts as one failure.
    const failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
    console.log(`${r.numPassedTests} passed, ${failed} failed, ${r.numPendingTests} skipped`);
    if (r.numTotalTests === 0) process.exit(1);' "$report" || status=1
exit "$status"
