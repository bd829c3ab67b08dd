#!/usr/bin/env bash
# Runs the whole test suite; CI runs exactly this. Extra arguments go to dotnet test
# (e.g. scripts/test.sh --filter FullyQualifiedName~Contacts).
# Ends with one line "N passed, N failed, N skipped", counted from the TRX results
# (LogFilePrefix gives each test project its own file, stamped to the millisecond).
set -euo pipefail
cd "$(dirname "$0")/.."
results="$PWD/TestResults"
mkdir -p "$results"
find "$results" -maxdepth 1 -name '*.trx' -delete

# A hung test fails after 10 minutes, naming itself, instead of using up CI's whole time.
status=0
dotnet test ContactBox.sln -c Release \
  --logger "console;verbosity=normal" --logger "trx;LogFilePrefix=tests" --results-directory "$results" \
  --blame-hang-timeout 10m --blame-hang-dump-type none \
  "$@" || status=$?

python3 - "$results" <<'PY'
import glob, sys
import xml.etree.ElementTree as ET

ns = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
counts = {"Passed": 0, "Failed": 0, "NotExecuted": 0}
failed = []
files = sorted(glob.glob(f"{sys.argv[1]}/*.trx"))
for path in files:
    for result in ET.parse(path).getroot().iter(f"{ns}UnitTestResult"):
        outcome = result.get("outcome", "Failed")
        if outcome not in counts:
            outcome = "Failed"  # Error, Timeout, Aborted and the like are failures too.
        counts[outcome] += 1
        if outcome == "Failed":
            failed.append(result.get("testName", "?"))

print()
if not files:
    print("No TRX results were written: the build or the test run failed before any test ran.")
for name in failed:
    print(f"FAILED: {name}")
print(f"{counts['Passed']} passed, {counts['Failed']} failed, {counts['NotExecuted']} skipped")
PY

exit "$status"
