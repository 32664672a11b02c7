#!/usr/bin/env bash
# `npm test` — the one test command: lint, types, unit, integration (PostgreSQL and PGlite),
# production build, end-to-end in Chromium. Ends with one line `tests: N passed, N failed`
# (vitest + Playwright) and exits non-zero if any step failed.
#
# Needs PostgreSQL on DATABASE_URL's server (default 127.0.0.1:5432, user postgres); tests create
# and drop their own databases there. Installs Debian's Chromium when it is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
export NEXT_TELEMETRY_DISABLED=1
E2E_DIST=".next-e2e"

if [ ! -x "$CHROMIUM_PATH" ]; then
  echo "== installing Chromium (Debian package)"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update
  $SUDO apt-get install -y chromium
fi

REPORTS="$(mktemp -d -t psa-relay-tests.XXXXXX)"
trap 'rm -rf "$REPORTS"' EXIT
FAILED_STEPS=()
START=$(date +%s)

# step NAME COMMAND... : runs a step, records a failure, never stops the run.
step() {
  local name="$1"
  shift
  local t0
  t0=$(date +%s)
  echo
  echo "== $name"
  if "$@"; then
    echo "== $name: ok ($(($(date +%s) - t0)) s)"
  else
    echo "== $name: FAILED ($(($(date +%s) - t0)) s)"
    FAILED_STEPS+=("$name")
  fi
}

# Prints "passed failed" from a vitest or Playwright JSON report ("0 0" when missing).
count() {
  node -e '
    const fs = require("node:fs");
    const [kind, file] = process.argv.slice(1);
    let r;
    try { r = JSON.parse(fs.readFileSync(file, "utf8")); } catch { console.log("0 0"); process.exit(0); }
    if (kind === "vitest") {
      const failed = r.numFailedTests ?? 0;
      // A file that fails to load has no failed test but a failed suite: count it too.
      console.log(`${r.numPassedTests ?? 0} ${failed || (r.numFailedTestSuites ?? 0)}`);
    }
    else {
      const s = r.stats ?? {};
      const errors = (r.errors ?? []).length;
      console.log(`${(s.expected ?? 0) + (s.flaky ?? 0)} ${(s.unexpected ?? 0) + (errors && !s.unexpected ? errors : 0)}`);
    }
  ' "$1" "$2"
}

step "eslint" npx eslint . --ignore-pattern ".next*/**" --ignore-pattern ".vitest/**"
step "tsc --noEmit" npx tsc --noEmit
step "vitest unit" npx vitest run --project unit \
  --reporter=default --reporter=json --outputFile.json="$REPORTS/unit.json"
step "vitest int-pg + int-pglite" npx vitest run --project int-pg --project int-pglite \
  --reporter=default --reporter=json --outputFile.json="$REPORTS/int.json"
# `next build` adds its dist folder's type paths to tsconfig.json when they are missing; a test
# run must not change tracked files, so the original is put back.
cp tsconfig.json "$REPORTS/tsconfig.json"
step "next build ($E2E_DIST)" env NEXT_DIST_DIR="$E2E_DIST" npx next build
if ! cmp -s tsconfig.json "$REPORTS/tsconfig.json"; then
  cp "$REPORTS/tsconfig.json" tsconfig.json
  echo "(tsconfig.json restored: next build wanted \"$E2E_DIST/types/**/*.ts\" in its include)"
fi
if [[ " ${FAILED_STEPS[*]} " == *" next build"* ]]; then
  echo "== playwright: skipped (no build)"
  FAILED_STEPS+=("playwright (not run)")
else
  step "playwright" env PLAYWRIGHT_JSON_OUTPUT_FILE="$REPORTS/e2e.json" npx playwright test --reporter=list,json
fi

PASSED=0
FAILED=0
for pair in "vitest unit.json" "vitest int.json" "playwright e2e.json"; do
  read -r kind file <<<"$pair"
  read -r p f < <(count "$kind" "$REPORTS/$file")
  PASSED=$((PASSED + p))
  FAILED=$((FAILED + f))
done

echo
echo "== finished in $(($(date +%s) - START)) s"
if [ ${#FAILED_STEPS[@]} -gt 0 ]; then
  echo "failed steps: ${FAILED_STEPS[*]}"
fi
echo "tests: $PASSED passed, $FAILED failed"
if [ ${#FAILED_STEPS[@]} -gt 0 ] || [ "$FAILED" -gt 0 ]; then exit 1; fi
