#!/bin/sh
# Run the test binaries named after BUILD, add up cmocka's counts, and end
# with one line: "N passed, N failed".  Each binary also runs on its own:
#   FENLIU_SRCDIR=. FENLIU_BUILD=build build/tests/test_parse
set -u
build=$1
shift
FENLIU_SRCDIR=$(pwd)
FENLIU_BUILD=$(cd "$build" && pwd)
export FENLIU_SRCDIR FENLIU_BUILD
# Tests never read the user's own database or clock.
unset FENLIU_DB FENLIU_NOW
passed=0
failed=0
log=$(mktemp)
for t in "$@"; do
    name=$(basename "$t")
    echo "== $name"
    "$t" >"$log" 2>&1
    rc=$?
    cat "$log"
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below.*/\1/p' "$log" | tail -n 1)
    p=${p:-0}
    f=${f:-0}
    if [ "$p" -eq 0 ] && [ "$f" -eq 0 ] || { [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; }; then
        echo "$name: exited with status $rc without a cmocka summary"
        f=$((f + 1))
    fi
    passed=$((passed + p))
    failed=$((failed + f))
done
rm -f "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
