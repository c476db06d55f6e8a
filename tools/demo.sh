#!/bin/sh
# make demo: generate demo filings, ingest them into demo/fenliu.db and show
# the result.  Run again to start over.
set -eu
build=$1
demo=demo
rm -rf "$demo"
mkdir -p "$demo"
echo "generating 3,000 demo filings (a few malformed) in $demo/filings ..."
"$build/fgen" --seed 2026 --count 3000 --batch 100 --malformed 1 --out "$demo/filings" >/dev/null
"$build/fenliu" init --db "$demo/fenliu.db"
echo "ingesting (rejections are listed; they are expected) ..."
"$build/fenliu" ingest --db "$demo/fenliu.db" "$demo/filings" | tail -n 8 || true
echo
# The terminal interface does not exist yet: show the stored cases.
"$build/fenliu" cases --db "$demo/fenliu.db" --limit 30
echo
first=$("$build/fenliu" cases --db "$demo/fenliu.db" --format tsv --limit 1 | sed -n '2p' | cut -f2)
"$build/fenliu" case show --db "$demo/fenliu.db" "$first"
echo
echo "Try: $build/fenliu cases --db $demo/fenliu.db | less"
echo "     $build/fenliu case show --db $demo/fenliu.db ID"
