# Sourced (not run) by the launchers beside it with here=<their directory>, main=<class>, archive=<name> and
# tool_opts=<JVM options of that tool>: runs the npy4j CLI jar. JAVA_HOME picks the JDK (else java on the PATH),
# JAVA_OPTS is passed to the JVM after our defaults, so it wins. Start-up matters here (a header print is mostly
# JVM start-up), so it forks no subprocess: no dirname, no 'java -version' probe (bench/README "CLI start-up").
case $here in /*) ;; *) here=$PWD/$here ;; esac
lib=$here/..
if [ -n "$JAVA_HOME" ]; then
  java=$JAVA_HOME/bin/java
else # the PATH search exec would make, so that the archive check below has a file to compare
  java=java
  save_ifs=$IFS
  IFS=:
  set -f
  for dir in $PATH; do
    if [ -x "${dir:-.}/java" ] && [ ! -d "${dir:-.}/java" ]; then java=${dir:-.}/java; break; fi
  done
  set +f
  IFS=$save_ifs
fi
# A small-footprint JVM, so the tools also run under a tight 'ulimit -v' (about 1 GB of address space): one GC
# thread, small class-space and code-cache reservations, a modest heap (the tools stream through fixed buffers),
# and few glibc malloc arenas (each reserves 64 MiB of address space).
defaults="$tool_opts -XX:+UseSerialGC -XX:CompressedClassSpaceSize=64m -XX:ReservedCodeCacheSize=64m -Xmx256m -Xss1m"
# The archive mvn package trained with its JDK: an AOT cache (JDK 25+, JEP 483/514) or a class-data-sharing
# archive (JDK 17-24), used only by that same JDK (archive-jdk names its java). Another JDK (or the same one
# updated in place, which refuses the archive itself) starts with its own default CDS archive, quietly.
if [ -r "$lib/archive-jdk" ] && read -r built < "$lib/archive-jdk" && [ "$java" -ef "$built" ]; then
  if [ -f "$lib/$archive.aot" ]; then
    defaults="$defaults -XX:AOTCache=$lib/$archive.aot -Xlog:aot=off -Xlog:cds=off"
  elif [ -f "$lib/$archive.jsa" ]; then
    defaults="$defaults -XX:SharedArchiveFile=$lib/$archive.jsa -Xlog:cds=off -Xlog:cds+dynamic=off"
  fi
fi
MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
export MALLOC_ARENA_MAX
# shellcheck disable=SC2086 # the option strings hold several options on purpose
exec "$java" $defaults $JAVA_OPTS -cp "$lib/npy4j-cli.jar" "$main" "$@"
