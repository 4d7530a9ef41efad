#!/usr/bin/env bash
# Builds and runs every test project (browser in Debian's Chromium, integration on a throwaway PostgreSQL, unit),
# the console's Vitest tests, its API-contract check and its lint. Installs what is missing. The last line is
# "N passed, N failed"; the exit code is non-zero on any failure. Extra arguments go to "dotnet test", e.g.
#   ./test.sh --filter "FullyQualifiedName~AuthenticationTests"
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
source ./.ci/ensure-tools.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

require_dotnet
HOTLINE_PG_BIN="$(postgres_bindir)" || exit 1
export HOTLINE_PG_BIN
ensure_chromium
ensure_redis_haproxy
ensure_wrk

results="$PWD/TestResults/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$results"
export HOTLINE_TEST_ARTIFACTS="$results/artifacts"

dotnet tool restore >/dev/null
if ! dotnet build Hotline.sln -c Debug --nologo -v quiet -clp:ErrorsOnly; then
  echo "Build failed."
  echo "0 passed, 1 failed"
  exit 1
fi

# The console's checks (no server, no database); their counts ("passed failed") go to the file named.
console_checks() {
  local counts="$1" p f status
  if [[ ! -d src/Hotline.Console/node_modules ]]; then
    echo "Console tests skipped: src/Hotline.Console/node_modules is missing (built with SkipConsoleBuild?)"
    echo "0 0" >"$counts"
    return
  fi
  # The console's unit tests (Vitest; the state reducer, catalogues, time, the API client). dotnet build ran npm ci.
  (cd src/Hotline.Console && npx vitest run --reporter=default --reporter=json --outputFile="$results/console-vitest.json")
  status=$?
  p=$(node -e 'try { const r = require(process.argv[1]); console.log(r.numPassedTests) } catch { console.log(0) }' "$results/console-vitest.json")
  f=$(node -e 'try { const r = require(process.argv[1]); console.log(r.numFailedTests) } catch { console.log(0) }' "$results/console-vitest.json")
  p=${p:-0} f=${f:-0}
  if [[ $status -ne 0 && $f -eq 0 ]]; then f=1; fi
  # The API contract (one check): the build just wrote the server's OpenAPI document; the committed copy and
  # the TypeScript generated from it must match it (else run `npm run gen:api` in src/Hotline.Console).
  local contract="$results/api-contract"
  mkdir -p "$contract"
  if [[ -f src/Hotline.Server/obj/openapi/v1.json ]] \
    && (cd src/Hotline.Console && npx --no-install openapi-typescript ../Hotline.Server/obj/openapi/v1.json -o "$contract/schema.d.ts") >"$contract/gen.txt" 2>&1 \
    && diff -u src/Hotline.Console/openapi/v1.json src/Hotline.Server/obj/openapi/v1.json >"$contract/openapi.diff" \
    && diff -u src/Hotline.Console/src/api/schema.d.ts "$contract/schema.d.ts" >"$contract/schema.diff"; then
    echo "API contract: the committed OpenAPI document and TypeScript types are up to date."
    p=$((p + 1))
  else
    cat "$contract/gen.txt" "$contract"/*.diff 2>/dev/null | head -n 60
    echo "API contract out of date: run 'npm run gen:api' in src/Hotline.Console and commit openapi/v1.json and src/api/schema.d.ts."
    f=$((f + 1))
  fi
  # The console's lint (ESLint: types, hooks, accessibility, import boundaries; zero warnings): one check.
  if (cd src/Hotline.Console && npm run --silent lint) >"$results/console-lint.txt" 2>&1; then
    echo "Console lint: clean."
    p=$((p + 1))
  else
    cat "$results/console-lint.txt"
    echo "Console lint failed."
    f=$((f + 1))
  fi
  echo "$p $f" >"$counts"
}

# One test project, with its own TRX report, whose counters make its "passed failed".
test_project() {
  local project="$1" counts="$2" name status counters p f e
  shift 2
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Debug --no-build --nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@"
  status=$?
  counters=$(grep -o '<Counters [^>]*>' "$results/$name.trx" 2>/dev/null | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$((${f:-0} + ${e:-0}))
  # A run that failed without counting a failure (a crash, no report) still counts as one.
  if [[ $status -ne 0 && $f -eq 0 ]]; then f=1; fi
  echo "${p:-0} $f" >"$counts"
}

counts="$results/counts"
mkdir -p "$counts"
# Beside the browser tests, whose waits leave a core idle about a fifth of the time (vmstat during .ci/run): the
# console's checks, then the unit tests (no server, no database, about a minute), reported after them. Each step
# writes its counts to a file of its own; the closing line adds them up.
beside=tests/Hotline.Tests/Hotline.Tests.csproj
{
  console_checks "$counts/console"
  test_project "$beside" "$counts/Hotline.Tests" "$@"
} >"$results/beside-browser-tests.txt" 2>&1 &
beside_pid=$!
for project in tests/*/*.csproj; do
  grep -q 'Microsoft.NET.Test.Sdk' "$project" && [[ $project != "$beside" ]] || continue
  test_project "$project" "$counts/$(basename "$project" .csproj)" "$@"
done
wait "$beside_pid"
cat "$results/beside-browser-tests.txt"

passed=0 failed=0
for file in "$counts"/*; do
  read -r p f <"$file"
  passed=$((passed + p))
  failed=$((failed + f))
done
echo "Screenshots and results: $results"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
