#!/usr/bin/env bash
# Runs the soak test (app/src/test/java/io/gradstream/app/e2e/SoakIT.java): 4 RTSP cameras, ingest and the
# publisher, two inference worker processes on one embedded KRaft broker; the broker is stopped for 15 s and
# restarted, later one worker is killed; then alerts expected (a replay of the detections topic) must equal
# alerts delivered (alerts topic and webhook). Sets up what is missing first (packages, JDK, footage, model).
#
# Usage: scripts/soak.sh [--minutes N] [--save]
#   (no option)   the short CI form: 90 s of streaming, about 2.5 minutes in all
#   --minutes N   the full form: N minutes of streaming (N >= 2; 10 is the documented run), the broker down at
#                 a third of it and a worker killed at two thirds
#   --save        also copy the report to docs/benchmarks/<date>-soak-<N>min.json (full form) to commit it
# Prints the report table and where its JSON is (app/target/soak/report-<form>.json, worker logs beside it).
# Run it on a quiet machine: it needs both cores, and other heavy work makes the recovery times meaningless.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib/common.sh"

minutes=""
save=""
while (($#)); do
  case "$1" in
    --minutes) [[ $# -ge 2 ]] || die "--minutes needs a number, e.g. --minutes 10"; minutes=$2; shift 2 ;;
    --minutes=*) minutes=${1#--minutes=}; shift ;;
    --save) save=1; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option: $1" "Usage: $(gs_self) [--minutes N] [--save]" ;;
  esac
done
if [[ -n "$minutes" && ! "$minutes" =~ ^[0-9]+([.][0-9]+)?$ ]]; then
  die "--minutes $minutes is not a number of minutes" "e.g. $(gs_self) --minutes 10"
fi
form=ci
if [[ -n "$minutes" ]]; then form=full; fi

steps_total 5
step "Checking Debian packages"
install_debian_packages "${GRADSTREAM_DEBIAN_PACKAGES[@]}"
step "Finding a JDK >= $GRADSTREAM_MIN_JAVA"
find_java_home
step "Checking the demo footage"
ensure_demo_footage
step "Checking the demo model"
ensure_demo_model

mvn_args=(-B verify -pl app -am -Dtest=none -Dit.test=SoakIT
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false)
if [[ -n "$minutes" ]]; then mvn_args+=("-Dsoak.minutes=$minutes"); fi
step "Running the soak ($form form): mvn ${mvn_args[*]}"
set +e
mvn_run "${mvn_args[@]}"
rc=$?
set -e

report="$GRADSTREAM_ROOT/app/target/soak/report-$form.json"
if [[ ! -f "$report" ]]; then
  die "the soak wrote no report (mvn exited $rc)" "See the Maven output above and app/target/failsafe-reports/."
fi
headline "Soak report: $report"
info "worker logs: $GRADSTREAM_ROOT/app/target/soak/$form/"
if [[ -n "$save" && "$form" == full ]]; then
  saved="$GRADSTREAM_ROOT/docs/benchmarks/$(date -u +%F)-soak-${minutes}min.json"
  cp "$report" "$saved"
  info "copied to $saved"
elif [[ -n "$save" ]]; then
  warn "--save keeps full-form reports only (give --minutes N)"
fi
if ((rc != 0)); then
  printf 'error: the soak failed (mvn exited %d); the report above says what went wrong\n' "$rc" >&2
fi
exit "$rc"
