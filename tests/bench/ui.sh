#!/bin/sh
# make bench: the terminal interface on a database of 1,000,000 cases.
#
#   sh tests/bench/ui.sh BUILD [RUNS]
#
# The database is made once and kept in BUILD/bench/ui (remove the folder,
# or change RECIPE below, to make it again): 5,000 generated filings
# ingested with `fenliu ingest` on five days, about a third of them moved
# along with `fenliu case STEP` (accepted, assigned to one of 16 judges,
# suspended, closed, refused, returned, mediated), then 199 copies of every
# case made by bench-mkcases (each copy received and moved along K days
# earlier), whose status rows fenliu itself rebuilds and whose search
# words it indexes.
#
# Then `fenliu ui` runs headless (FENLIU_UI_SCRIPT) RUNS times (default 5)
# per step, with FENLIU_UI_TIMINGS: the engine's figure for a step is the
# time to handle the key and draw the screen after it, queries included.
# The table gives the median, the slowest run and the target (100 ms).
set -eu
build=$1
runs=${2:-5}
fenliu=$build/fenliu
data=$build/bench/ui
db=$data/queue.db
now=2026-03-02T09:15:00+08:00
RECIPE=3 # change to make the database again
stamp="recipe $RECIPE $(cksum < tests/bench/mkcases.c)"

at() { # DATE(YYYY-MM-DD) fenliu ARGS...: run fenliu on DATE at 09:30
    at_date=$1
    shift
    FENLIU_NOW="${at_date}T09:30:00+08:00" "$fenliu" "$@" --db "$db" </dev/null >/dev/null
}

day() { # DATE N: the date N days after DATE
    date -d "$1 + $2 days" +%F
}

# The steps of the cases received on DATE whose ids are in FILE, every
# other one (PART 0 or 1), so two processes share the work.
move_cases() { # DATE FILE PART
    d=$1 ids=$2 part=$3 n=0
    judges="王法官 李法官 张法官 刘法官 陈法官 杨法官 赵法官 黄法官 周法官 吴法官 徐法官 孙法官 胡法官 朱法官 高法官 林法官"
    while read -r id; do
        n=$((n + 1))
        [ $((n % 2)) -eq "$part" ] || continue
        r=$((n % 100))
        if [ $r -lt 30 ]; then
            at "$(day "$d" 2)" case accept "$id" || continue
            [ $r -lt 26 ] || continue
            set -- $judges
            shift $((n % 16))
            at "$(day "$d" 3)" case assign "$id" --judge "$1" || continue
            if [ $r -lt 2 ]; then
                at "$(day "$d" 20)" case suspend "$id" --kind appraisal \
                    --until "$(day "$d" 60)" --reason 申请鉴定
            elif [ $r -lt 8 ]; then
                at "$(day "$d" 25)" case close "$id" --how judgment
            fi
        elif [ $r -lt 32 ]; then
            at "$(day "$d" 1)" case refuse "$id" --reason 不属于本院管辖
        elif [ $r -lt 35 ]; then
            at "$(day "$d" 1)" case return "$id" --reasons claims
        elif [ $r -lt 37 ]; then
            at "$(day "$d" 1)" case mediate "$id" --consent
        fi
    done < "$ids"
}

make_db() {
    rm -rf "$data"
    mkdir -p "$data"
    echo "making the 1,000,000-case database in $db (once; kept for the next runs) ..."
    t0=$(date +%s)
    FENLIU_NOW=2025-10-01 "$fenliu" init --db "$db" >/dev/null
    at 2025-10-01 config set court_code 川0191
    i=0
    for d in 2025-11-03 2025-12-01 2026-01-05 2026-02-02 2026-02-25; do
        "$build/fgen" --seed 2026 --start $((i * 1000 + 1)) --count 1000 --batch 500 \
            --out "$data/filings-$d" >/dev/null
        at "$d" ingest "$data/filings-$d"
        cut -f2 "$data/filings-$d/manifest.tsv" > "$data/ids-$d"
        i=$((i + 1))
    done
    for d in 2025-11-03 2025-12-01 2026-01-05 2026-02-02 2026-02-25; do
        move_cases "$d" "$data/ids-$d" 0 &
        move_cases "$d" "$data/ids-$d" 1
        wait
    done
    t1=$(date +%s)
    echo "  5,000 cases ingested and moved along with fenliu ($((t1 - t0)) s)"
    FENLIU_NOW=$now "$build/bench-mkcases" "$db" 199
    rm -rf "$data"/filings-* "$data"/ids-*
    echo "$stamp" > "$data/stamp"
    echo "  done in $(($(date +%s) - t0)) s: $(du -h "$db" | cut -f1)"
}

if [ ! -f "$data/stamp" ] || [ "$(cat "$data/stamp")" != "$stamp" ]; then
    make_db
fi
# Bring the database to this fenliu's schema (new indexes) before timing.
FENLIU_NOW=$now "$fenliu" init --db "$db" >/dev/null

# run NAME STEPS...: the steps, one a line, RUNS times; the figure of the
# last step of each run goes to $data/NAME.ms.
run() {
    name=$1
    shift
    printf '%s\n' "$@" > "$data/$name.steps"
    : > "$data/$name.ms"
    k=0
    while [ $k -lt "$runs" ]; do
        rm -f "$data/timings"
        FENLIU_NOW=$now FENLIU_UI_SCRIPT="$data/$name.steps" FENLIU_UI_TIMINGS="$data/timings" \
            FENLIU_UI_DUMP_DIR="$data" LINES=50 COLUMNS=160 TERM=xterm-256color \
            LANG=C.UTF-8 "$fenliu" ui --db "$db"
        tail -n 1 "$data/timings" | cut -f2 >> "$data/$name.ms"
        k=$((k + 1))
    done
}

report() { # NAME LABEL
    sort -n "$data/$1.ms" | awk -v label="$2" '
        { v[NR] = $1 }
        END {
            m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "  %8.1f %8.1f  %-4s  %s\n", m, v[NR], m < 100 ? "ok" : "OVER", label
        }'
}

run open ':dump open'
run page '<PgDn>'
run last 'G'
run filter f ':type judge' '<Enter>' ':type 王法官' '<Enter>'
run filter-page f ':type judge' '<Enter>' ':type 王法官' '<Enter>' '<PgDn>'
run state f ':type state' '<Enter>' ':type trial' '<Enter>'
run flag f ':type flag' '<Enter>' ':type foreign-related' '<Enter>'
run rare f ':type procedure' '<Enter>' ':type simple' '<Enter>'
run none f ':type judge' '<Enter>' ':type 林法官' '<Enter>' f ':type state' '<Enter>' \
    ':type trial' '<Enter>' / ':type 没有这个人' '<Enter>'
run search / ':type 借款' '<Enter>'
run search-name / ':type 李涛超' '<Enter>'
run search-no / ':type 民初15号' '<Enter>'
run search-judge f ':type judge' '<Enter>' ':type 王法官' '<Enter>' / ':type 借款' '<Enter>'
run search-broad / ':type 成都' '<Enter>'
run case '<Enter>'
# The whole process: start, open the database, read the calendar, draw
# the queue, quit.
printf 'q\n' > "$data/start.steps"
: > "$data/start.ms"
k=0
while [ $k -lt "$runs" ]; do
    FENLIU_NOW=$now FENLIU_UI_SCRIPT="$data/start.steps" LINES=50 COLUMNS=160 \
        TERM=xterm-256color LANG=C.UTF-8 "$build/runstat" "$fenliu" ui --db "$db" 2> "$data/stat"
    sed -n 's/.*wall_s=\([0-9.]*\).*/\1/p' "$data/stat" | awk '{ print $1 * 1000 }' >> "$data/start.ms"
    k=$((k + 1))
done

cases=$(sqlite3 "$db" 'SELECT count(*) FROM cases' 2>/dev/null || echo 1000000)
open=$(sqlite3 "$db" "SELECT count(*) FROM case_status WHERE state NOT IN ('closed', 'not-accepted')" \
    2>/dev/null || echo '?')
echo "fenliu ui on $cases cases ($open open), $(nproc) cores, 160x50, $runs runs:"
echo "  the time to handle the key and draw the screen after it (ms, target 100)"
echo "    median  slowest"
report open "opening the queue (the first screen)"
report page "moving a page (<PgDn>)"
report last "the last page (G)"
report filter "applying a filter (f judge 王法官)"
report filter-page "a page of the filtered queue"
report state "filter state=trial (200,000 cases)"
report flag "filter flag=foreign-related"
report rare "filter procedure=simple (bankruptcy, 1%)"
report none "three filters that leave nothing"
report search "search /借款 (in 19% of the causes)"
report search-name "search /李涛超 (a party)"
report search-no "search /民初15号 (case numbers)"
report search-judge "search /借款 among one judge's cases"
report search-broad "search /成都 (in 55% of the party names)"
report case "opening a case (<Enter>)"
report start "fenliu ui: start, first screen, quit (whole process)"
