# Sourced by the scripts and by ./mvnw (POSIX sh): selects a JDK >= 21 as JAVA_HOME: JAVA_HOME itself if it is one,
# else the java on PATH, else one under /usr/lib/jvm (Temurin 25 or 21 first).
# (the version line, wherever it is: JAVA_TOOL_OPTIONS makes java print a "Picked up ..." line first)
_mpc_java_ok() { [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && "$1/bin/java" -version 2>&1 | grep -qE ' version "(2[1-9]|[3-9][0-9])[."]'; }
if [ -n "${JAVA_HOME:-}" ] && _mpc_java_ok "$JAVA_HOME"; then
  :
else
  _path_java="$(command -v java 2>/dev/null || true)"
  _path_home=""
  if [ -n "$_path_java" ]; then _path_home="$(dirname "$(dirname "$(readlink -f "$_path_java")")")"; fi
  for _cand in $_path_home /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64 /usr/lib/jvm/*; do
    if _mpc_java_ok "$_cand"; then export JAVA_HOME="$_cand"; break; fi
  done
fi
if [ -z "${JAVA_HOME:-}" ] || ! _mpc_java_ok "$JAVA_HOME"; then
  echo "error: this project needs a JDK >= 21 and found none (JAVA_HOME, PATH, /usr/lib/jvm); install one, e.g. 'apt-get install openjdk-21-jdk-headless', or set JAVA_HOME to it" >&2
  exit 1
fi
export PATH="$JAVA_HOME/bin:$PATH"
# the ring matmul's vector kernel (RingMatmul): the JDK's incubating Vector API; the JVM prints one WARNING line for it
MPC_VECTOR_OPTS="--add-modules jdk.incubator.vector"
unset _cand _path_java _path_home

# Builds the project once if needed (or when MPC_REBUILD is set) and sets MPC_CP to the runtime class path
# (mpc-tools' classes and dependencies: the runtime, inference and the tools), for the tools and benchmarks the
# scripts run.
mpc_runtime_classpath() {
  if [ ! -f mpc-tools/target/classpath.txt ] || [ ! -f party-node/target/party-node.jar ] || [ -n "${MPC_REBUILD:-}" ]; then
    echo "building (first run only; set MPC_REBUILD=1 to force) ..." >&2
    ./mvnw -q -B -ntp -DskipTests install >&2
  fi
  MPC_CP="mpc-tools/target/classes:$(cat mpc-tools/target/classpath.txt)"
}
