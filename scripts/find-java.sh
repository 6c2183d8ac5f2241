#!/usr/bin/env bash
# Prints the path of a `java` launcher of JDK 21 or newer, the same JDKs Maven's toolchains plugin
# discovers: $JAVA_HOME, then the usual install folders; the newest wins. Exits 1 if there is none.
set -euo pipefail

major() { # major version of a java launcher, or 0
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1 || echo 0
}

best="" best_major=0
candidates=()
[ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
for dir in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
  [ -x "$dir/bin/java" ] && candidates+=("$dir/bin/java")
done
command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")

for j in "${candidates[@]}"; do
  m=$(major "$j")
  if [ "${m:-0}" -ge 21 ] && [ "$m" -gt "$best_major" ]; then
    best="$j" best_major="$m"
  fi
done
if [ -z "$best" ]; then
  echo "no JDK 21 or newer found (looked at JAVA_HOME and /usr/lib/jvm, /opt, ~/.sdkman, ~/.jdks)" >&2
  exit 1
fi
echo "$best"
