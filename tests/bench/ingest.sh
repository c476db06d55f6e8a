#!/bin/sh
# make bench: ingestion throughput and peak memory, side by side with the
# validation floor: `xmllint --noout --stream --schema schemas/filing.xsd`
# on the same files (what validating them costs, before storing anything).
#
#   sh tests/bench/ingest.sh BUILD [RUNS]
#
# Each figure is the median of RUNS runs (default 3), fenliu and xmllint
# taking turns, so that a busy machine slows both alike.  The targets are
# issue 10's: small filings at most 2.0 times the floor, typical ones at
# most 1.5, peak RSS flat and at most 64 MiB.  Data is generated once into
# BUILD/bench (deterministic, seed 2026).
set -eu
build=$1
runs=${2:-3}
fenliu=$build/fenliu
fgen=$build/fgen
runstat=$build/runstat
data=$build/bench
xsd=schemas/filing.xsd
mkdir -p "$data"

gen() { # NAME COUNT BATCH [FGEN OPTIONS...]
    name=$1 count=$2 batch=$3
    shift 3
    if [ ! -f "$data/$name/manifest.tsv" ]; then
        rm -rf "${data:?}/$name"
        "$fgen" --seed 2026 --count "$count" --batch "$batch" "$@" --out "$data/$name" >/dev/null
    fi
}

# KEY of the last runstat report in FILE
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" "$2" | tail -n 1; }

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

bench() { # LABEL NAME TARGET
    label=$1 dir=$data/$2 target=$3
    files=$(find "$dir" -name '*.xml' | wc -l)
    filings=$(grep -c . "$dir/manifest.tsv")
    bytes=$(find "$dir" -name '*.xml' -exec cat {} + | wc -c)
    find "$dir" -name '*.xml' | sort > "$data/list"
    : > "$data/walls"
    : > "$data/floors"
    : > "$data/rsses"
    i=0
    while [ "$i" -lt "$runs" ]; do
        "$runstat" sh -c "xargs -s 1000000 xmllint --noout --stream --schema $xsd < $data/list" \
            2> "$data/stat"
        field wall_s "$data/stat" >> "$data/floors"
        rm -f "$data/bench.db" "$data/bench.db-wal" "$data/bench.db-shm"
        "$fenliu" init --db "$data/bench.db" >/dev/null
        "$runstat" "$fenliu" ingest --db "$data/bench.db" "$dir" 2> "$data/stat"
        field wall_s "$data/stat" >> "$data/walls"
        field maxrss_kib "$data/stat" >> "$data/rsses"
        status=$(sed -n 's/.*status=\([0-9]*\).*/\1/p' "$data/stat")
        i=$((i + 1))
    done
    wall=$(median < "$data/walls")
    floor=$(median < "$data/floors")
    rss=$(sort -n "$data/rsses" | tail -n 1)
    stored=$(sqlite3 "$data/bench.db" 'SELECT count(*) FROM filings')
    echo "$label: $filings filings in $files files, $(echo "$bytes $filings" |
        awk '{printf "%.1f MB, %.2f KB a filing", $1 / 1e6, $1 / $2 / 1e3}')"
    awk -v n="$filings" -v b="$bytes" -v w="$wall" -v f="$floor" -v r="$rss" -v s="$status" \
        -v st="$stored" -v t="$target" -v k="$runs" \
        -v ws="$(tr '\n' ' ' < "$data/walls")" -v fs="$(tr '\n' ' ' < "$data/floors")" 'BEGIN {
        printf "  fenliu ingest   %7.2f s  %8.0f filings/s  %6.1f MB/s  peak RSS %.1f MiB  (exit %d, %d stored)\n",
               w, n / w, b / 1e6 / w, r / 1024, s, st
        printf "  xmllint floor   %7.2f s  %8.0f filings/s  %6.1f MB/s\n", f, n / f, b / 1e6 / f
        printf "  ratio to floor  %7.2f   (target %s; medians of %d runs: fenliu %s, xmllint %s)\n",
               w / f, t, k, ws, fs
    }'
    echo "$label $rss" >> "$data/rss"
}

: > "$data/rss"
gen small-20k 20000 1000 --min-size 400 --max-size 800
gen batch-100k 100000 1000
gen single-20k 20000 0
gen batch-1k 1000 1000
echo "fenliu ingest benchmark ($(nproc) cores)"
bench "small filings, 20 batches of 1,000" small-20k "<= 2.0"
bench "typical filings, 100 batches of 1,000" batch-100k "<= 1.5"
bench "20,000 single files" single-20k "(none)"
bench "1 batch of 1,000" batch-1k "(none)"
awk '/^typical/ {big=$NF} /^1 batch/ {small=$NF}
     END {printf "peak RSS 1,000 vs 100,000 filings: %.1f vs %.1f MiB (ratio %.2f; target <= 64 MiB, flat)\n",
          small / 1024, big / 1024, big / small}' "$data/rss"
