#!/usr/bin/env bash
# Runs the failover drills N times in a row (default 10) on real processes and prints min / median / max of the time
# until sends succeed and until live delivery resumes. Needs a Release build and PostgreSQL as scripts/test.sh sets up;
# run as root (the PostgreSQL restart drill runs its own server as the postgres user).
# Usage: scripts/failover-drills.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
log=$(mktemp /tmp/chapp-drills-XXXX.log)
export CHAPP_DRILL_RUNS=$runs CHAPP_DRILL_LOG=$log
dotnet test test/Chapp.Web.Tests -c Release --no-build -nologo \
  --filter "FullyQualifiedName~FailoverTests|FullyQualifiedName~DatabaseRestartTests"
summary() { # drill, field number (sends / live)
  grep "^.*DRILL $1:" "$log" | sed -E 's/.*sends resumed after ([0-9.]+) s, live delivery after ([0-9.]+) s.*/\1 \2/' |
    awk -v f="$2" '{ print $f }' | sort -n |
    awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
      printf "min %.2f s, median %.2f s, max %.2f s (%d runs)\n", v[1], m, v[NR], NR }'
}
for drill in kill-host postgres-restart; do
  echo "$drill: sends resumed: $(summary $drill 1)"
  echo "$drill: live delivery resumed: $(summary $drill 2)"
done
echo "every line: $log"
