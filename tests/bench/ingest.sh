#!/bin/sh
# make bench: ingestion throughput, peak memory and the ratio to the
# validation floor (xmllint streaming XSD validation of the same files).
#
#   sh tests/bench/ingest.sh BUILD
#
# Data is generated once into BUILD/bench (deterministic, seed 2026).
set -eu
build=$1
fenliu=$build/fenliu
fgen=$build/fgen
runstat=$build/runstat
data=$build/bench
xsd=schemas/filing.xsd
mkdir -p "$data"

gen() { # NAME COUNT BATCH
    if [ ! -f "$data/$1/manifest.tsv" ]; then
        rm -rf "${data:?}/$1"
        "$fgen" --seed 2026 --count "$2" --batch "$3" --out "$data/$1" >/dev/null
    fi
}

# stat KEY: the value of KEY=... in the last runstat report
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" "$data/stat" | tail -n 1; }

bench() { # LABEL NAME
    label=$1 dir=$data/$2
    files=$(find "$dir" -name '*.xml' | wc -l)
    filings=$(grep -c . "$dir/manifest.tsv")
    bytes=$(find "$dir" -name '*.xml' -exec cat {} + | wc -c)
    mb=$(echo "$bytes" | awk '{printf "%.1f", $1 / 1e6}')

    find "$dir" -name '*.xml' | sort > "$data/list"
    "$runstat" sh -c "xargs -s 1000000 xmllint --noout --stream --schema $xsd < $data/list" \
        2> "$data/stat"
    floor=$(field wall_s)

    rm -f "$data/bench.db" "$data/bench.db-wal" "$data/bench.db-shm"
    "$fenliu" init --db "$data/bench.db" >/dev/null
    "$runstat" "$fenliu" ingest --db "$data/bench.db" "$dir" 2> "$data/stat"
    wall=$(field wall_s)
    rss=$(field maxrss_kib)
    status=$(sed -n 's/.*status=\([0-9]*\).*/\1/p' "$data/stat")
    stored=$(sqlite3 "$data/bench.db" 'SELECT count(*) FROM filings')

    echo "$label: $filings filings in $files files, $mb MB"
    awk -v n="$filings" -v b="$bytes" -v w="$wall" -v f="$floor" -v r="$rss" -v s="$status" \
        -v st="$stored" 'BEGIN {
        printf "  fenliu ingest   %7.2f s  %8.0f filings/s  %6.1f MB/s  peak RSS %.1f MiB  (exit %d, %d stored)\n",
               w, n / w, b / 1e6 / w, r / 1024, s, st
        printf "  xmllint floor   %7.2f s  %8.0f filings/s  %6.1f MB/s\n", f, n / f, b / 1e6 / f
        printf "  ratio to floor  %7.2f   (target <= 3.0)\n", w / f
    }'
    echo "$label $rss" >> "$data/rss"
}

: > "$data/rss"
gen batch-1k 1000 1000
gen batch-100k 100000 1000
gen single-20k 20000 0
echo "fenliu ingest benchmark ($(nproc) cores)"
bench "100 batches of 1,000" batch-100k
bench "20,000 single files" single-20k
bench "1 batch of 1,000" batch-1k
awk '/^100 batches/ {big=$NF} /^1 batch/ {small=$NF}
     END {printf "peak RSS 1,000 vs 100,000 filings: %.1f vs %.1f MiB (ratio %.2f; target <= 64 MiB, flat)\n",
          small / 1024, big / 1024, big / small}' "$data/rss"
