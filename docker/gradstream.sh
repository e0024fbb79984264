#!/usr/bin/env bash
# The gradstream command inside the container images (installed as /opt/gradstream/bin/gradstream).
# It starts the JVM exactly as the repository's ./gradstream launcher does (same flags, same JavaCPP
# cache under $HOME), minus the launcher's JDK search: the images carry one Java runtime (a JRE, which
# the launcher's JDK check would refuse) and no Maven build to check for.
# GRADSTREAM_JAVA_OPTS: extra JVM options, separated by spaces (the image sets -XX:MaxRAMPercentage).
set -euo pipefail

home=/opt/gradstream
cachedir="${HOME:-/home/gradstream}/.cache/gradstream/javacpp"
mkdir -p "$cachedir"

# The launcher's gradstream_jvm_compat_opts: JDK 24+ warns about native access and sun.misc.Unsafe.
compat_opts=()
major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')
if ((${major:-0} >= 24)); then
  compat_opts=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
fi
read -r -a user_opts <<<"${GRADSTREAM_JAVA_OPTS:-}"
# exec: SIGTERM from Docker or the kubelet goes straight to the JVM, which stops the roles cleanly.
exec java "${compat_opts[@]}" "${user_opts[@]}" \
  -Dorg.bytedeco.javacpp.cachedir="$cachedir" \
  -jar "$home/gradstream.jar" "$@"
