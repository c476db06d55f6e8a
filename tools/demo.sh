#!/bin/sh
# make demo: generate demo filings, ingest them into demo/fenliu.db, move
# some cases along (accepted, assigned, suspended, closed) so the queues
# and clocks have something to show, then open the interface (or, without
# a terminal, print the queue).  Run again to start over.
set -eu
build=$1
demo=demo
fenliu="$build/fenliu"
db="$demo/fenliu.db"
rm -rf "$demo"
mkdir -p "$demo"
echo "generating 3,000 demo filings (a few malformed) in $demo/filings ..."
"$build/fgen" --seed 2026 --count 3000 --batch 100 --malformed 1 --out "$demo/filings" >/dev/null
"$fenliu" init --db "$db"
"$fenliu" config set court_code 川0191 --db "$db"
echo "ingesting (some rejections are expected) ..."
"$fenliu" ingest --db "$db" "$demo/filings" | tail -n 3 || true

echo "moving some cases along (accept, assign, suspend, close) ..."
"$fenliu" cases --db "$db" --format tsv | cut -f2 | sed 1d > "$demo/ids"
n=0
judges="wang li zhang liu chen"
while read -r id; do
    n=$((n + 1))
    [ $((n % 3)) -eq 0 ] || continue           # a third of the cases
    "$fenliu" case accept "$id" --db "$db" >/dev/null 2>&1 || continue
    set -- $judges
    shift $((n % 5))
    "$fenliu" case assign "$id" --judge "${1:-wang}" --db "$db" >/dev/null 2>&1 || true
    if [ $((n % 27)) -eq 0 ]; then
        "$fenliu" case suspend "$id" --kind appraisal --until "$(date -d '+20 days' +%F)" \
            --reason 申请鉴定 --db "$db" >/dev/null 2>&1 || true
    elif [ $((n % 21)) -eq 0 ]; then
        "$fenliu" case close "$id" --how judgment --db "$db" >/dev/null 2>&1 || true
    fi
done < "$demo/ids"

if [ -t 0 ] && [ -t 1 ] && "$fenliu" ui --help >/dev/null 2>&1; then
    exec "$fenliu" ui --db "$db"
fi
echo
"$fenliu" cases --db "$db" --open --limit 25
echo
"$fenliu" deadlines --db "$db" | tail -n 12
echo
echo "Try: $fenliu cases --db $db --by-urgency | less"
echo "     $fenliu case show --db $db ID        $fenliu deadlines --db $db"
