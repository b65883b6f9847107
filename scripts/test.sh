#!/usr/bin/env bash
# Runs every Chapp test on a fresh Debian 12 machine of ours: installs and starts what the tests need
# (Chromium, PostgreSQL and its test role), builds in Release, runs all test projects, prints "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Browser tests drive Debian's Chromium through Playwright (never Playwright's own download: there is no internet).
if [ ! -x /usr/bin/chromium ]; then
  echo "== installing Chromium"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

# PostgreSQL is installed but stopped on a fresh machine: start it and make the role the tests connect as.
if ! command -v pg_ctlcluster >/dev/null; then
  echo "== installing PostgreSQL"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
pg_version=$(ls /etc/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" && $4 == "online" { found = 1 } END { exit !found }'; then
  echo "== starting PostgreSQL $pg_version"
  as_root pg_ctlcluster "$pg_version" main start
fi
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
as_root su postgres -c "psql -q -tAc \"SELECT 1 FROM pg_roles WHERE rolname = 'chapp'\"" | grep -q 1 ||
  as_root su postgres -c "psql -q -c \"CREATE ROLE chapp LOGIN PASSWORD 'chapp' CREATEDB\""

echo "== building (Release)"
dotnet build Chapp.sln -c Release -warnaserror -nologo -clp:ErrorsOnly

results=artifacts/test-results
rm -rf "$results"
echo "== testing"
status=0
# One test project at a time: the machine has 2 cores, and the browser tests need one of them.
dotnet test Chapp.sln -c Release --no-build -m:1 --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$results" || status=$?

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
# The failures again, names and first lines, just above the count: a CI log that keeps only its tail still says
# which test failed and why.
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  python3 - "$trx" <<'PY' || true
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for result in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult", ns):
    if result.get("outcome") != "Failed":
        continue
    message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=ns).strip()
    print(f"FAILED {result.get('testName')}: " + " / ".join(message.splitlines()[:4])[:600])
PY
done
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then status=1; echo "no test ran"; fi
echo "$passed passed, $failed failed"
exit "$status"
