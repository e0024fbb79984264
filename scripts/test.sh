#!/usr/bin/env bash
# Runs the whole test suite: sets up what is missing (Debian packages, a JDK >= 21, the demo
# footage, the demo model), then `mvn -B verify` (unit tests via surefire, end-to-end tests tagged
# e2e via failsafe), then prints "tests: N passed, M failed, K skipped". Exits with Maven's status,
# or 1 when no tests ran at all.
# Usage: scripts/test.sh [MAVEN ARGS...]      e.g. scripts/test.sh -pl common
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib/common.sh"

# sum_test_reports MARKER: prints "tests failures errors skipped", summed over the surefire and
# failsafe XML reports written after MARKER was created (so earlier runs and other -pl selections
# do not count).
sum_test_reports() {
  local reports=()
  mapfile -d '' reports < <(find "$GRADSTREAM_ROOT" -name .git -prune -o -type f \
    \( -path '*/target/surefire-reports/TEST-*.xml' -o -path '*/target/failsafe-reports/TEST-*.xml' \) \
    -newer "$1" -print0)
  if ((${#reports[@]} == 0)); then echo '0 0 0 0'; return 0; fi
  awk '
    function attr(s, name,   m) {
      if (match(s, " " name "=\"[0-9]+\"")) { m = substr(s, RSTART, RLENGTH); gsub(/[^0-9]/, "", m); return m + 0 }
      return 0
    }
    FNR == 1 { seen = 0 }
    !seen && /<testsuite[ >]/ {
      s = substr($0, index($0, "<testsuite")); s = substr(s, 1, index(s, ">"))
      t += attr(s, "tests"); f += attr(s, "failures"); e += attr(s, "errors"); k += attr(s, "skipped")
      seen = 1
    }
    END { printf "%d %d %d %d\n", t, f, e, k }
  ' "${reports[@]}"
}

steps_total 6

step "Checking Debian packages"
install_debian_packages "${GRADSTREAM_DEBIAN_PACKAGES[@]}"

step "Finding a JDK >= $GRADSTREAM_MIN_JAVA"
find_java_home

step "Checking the demo footage"
ensure_demo_footage

# The model tests run the imported demo model; importing needs the jar, built here when missing.
step "Checking the demo model"
ensure_demo_model

# The worker's reliability score and the tests of it read the model fitted on evaluation/.
step "Checking the reliability model"
ensure_reliability_model

mvn_args=(-B)
# CI logs do not need a line per downloaded file.
if [[ -n "${CI:-}" ]]; then mvn_args+=(--no-transfer-progress); fi
mvn_args+=(verify "$@")
step "Running the tests: mvn ${mvn_args[*]}"

marker=$(mktemp)
trap 'rm -f "$marker"' EXIT
set +e
mvn_run "${mvn_args[@]}"
rc=$?
set -e

read -r tests failures errors skipped < <(sum_test_reports "$marker")
passed=$((tests - failures - errors - skipped))
failed=$((failures + errors))

if ((tests == 0)); then
  if ((rc == 0)); then rc=1; fi
  printf 'error: no tests ran (no surefire or failsafe report was written). Maven args: %s\n' "${mvn_args[*]}" >&2
elif ((rc != 0)); then
  printf 'error: mvn exited with status %d (see its output above)\n' "$rc" >&2
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$rc"
