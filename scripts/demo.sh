#!/usr/bin/env bash
# Runs the gradstream demo end to end: sets up what is missing (packages, JDK, build, footage),
# then starts `./gradstream demo`. Extra arguments go to `gradstream demo`.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib/common.sh"
"$GRADSTREAM_ROOT/scripts/setup.sh"
headline "Starting the demo: $(gs_cmd gradstream) demo $*"
exec "$GRADSTREAM_ROOT/gradstream" demo "$@"
