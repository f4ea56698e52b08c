# Sourced by the scripts: selects a JDK >= 21 (the Temurin 25 on the build machine if present) as JAVA_HOME.
_mpc_java_ok() { [ -x "$1/bin/java" ] && "$1/bin/java" -version 2>&1 | head -1 | grep -qE '"(2[1-9]|[3-9][0-9])[."]'; }
if [ -n "${JAVA_HOME:-}" ] && _mpc_java_ok "$JAVA_HOME"; then
  :
else
  for _cand in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64 /usr/lib/jvm/*; do
    if _mpc_java_ok "$_cand"; then export JAVA_HOME="$_cand"; break; fi
  done
fi
if [ -z "${JAVA_HOME:-}" ] || ! _mpc_java_ok "$JAVA_HOME"; then
  echo "error: no JDK >= 21 found; install one (e.g. Temurin 21 or 25) and set JAVA_HOME" >&2
  exit 1
fi
export PATH="$JAVA_HOME/bin:$PATH"
unset _cand

# Builds the project once if needed (or when MPC_REBUILD is set) and sets MPC_CP to the runtime class path
# (mpc-runtime's classes and dependencies), for the tools and benchmarks the scripts run.
mpc_runtime_classpath() {
  if [ ! -f mpc-runtime/target/classpath.txt ] || [ ! -f party-node/target/party-node.jar ] || [ -n "${MPC_REBUILD:-}" ]; then
    echo "building (first run only; set MPC_REBUILD=1 to force) ..." >&2
    ./mvnw -q -B -ntp -DskipTests install >&2
  fi
  MPC_CP="mpc-runtime/target/classes:$(cat mpc-runtime/target/classpath.txt)"
}
