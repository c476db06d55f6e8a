#!/bin/sh
# make demo: a court's database as it looks after three months of work, then
# the interface on it (or, without a terminal, the queue and the clocks).
#
# 3,000 filings from build/fgen (a few malformed, so rejected) arrive in 30
# batches over the last 95 days; users are the login running this (made
# an admin by `fenliu init`), five judges, three clerks and a president.
# Each case then runs its course by its number and age, each step recorded
# on its own day (FENLIU_NOW and --date): awaiting review (the recent ones,
# some routed to a clerk's inbox), returned for correction, refused,
# pre-suit mediation, accepted and assigned to a judge, in-suit mediation,
# suspended for an appraisal, extended or converted with a president's
# approval, counterclaims, closed (judgment, mediation, withdrawal), and
# some past their limits.  The cases' courses run in parallel (one process
# a step; xargs -P).  Run again to start over.
set -eu
build=$1
demo=demo
fenliu="$build/fenliu"
db="$demo/fenliu.db"
count=3000
batch=100
span=95             # the first batch arrived this many days ago, the last today
rm -rf "$demo"
mkdir -p "$demo"

# D[k]: the date k days ago (negative: to come), for k in -60..200.
seq -60 200 | sed 's/.*/& days ago/' | date -f - +%F | awk '{ print NR - 61, $0 }' >"$demo/dates"
at() { awk -v k="$1" '$1 == k { print $2 }' "$demo/dates"; }

echo "generating $count demo filings (a few malformed) in $demo/filings ..."
"$build/fgen" --seed 2026 --count $count --batch $batch --malformed 1 --out "$demo/filings" >/dev/null
FENLIU_NOW="$(at $span)T08:00:00+08:00" "$fenliu" init --db "$db" >/dev/null
FENLIU_NOW="$(at $span)T08:00:00+08:00" "$fenliu" config set court_code 川0191 --db "$db" >/dev/null
for u in wang:judge li:judge zhang:judge liu:judge chen:judge \
         zhao:clerk qian:clerk sun:clerk zhou:president; do
    FENLIU_NOW="$(at $span)T08:00:00+08:00" \
        "$fenliu" user add "${u%%:*}" --role "${u#*:}" --db "$db" >/dev/null
done

echo "ingesting them over $span days (some rejections are expected) ..."
b=0
nb=$(((count + batch - 1) / batch)) # batches, spread evenly over the span
for f in "$demo"/filings/batch-*.xml; do
    age=$((span - span * b / (nb > 1 ? nb - 1 : 1)))
    FENLIU_NOW="$(at $age)T09:30:00+08:00" "$fenliu" ingest --db "$db" "$f" >/dev/null || true
    b=$((b + 1))
done

# The course of each stored filing, one step a line: the day (days ago)
# and the command.  Filing i arrived in batch (i-1)/100, AGE days ago; its
# number decides its course (R = i mod 20), its age how far it got.
echo "moving the cases along (accept, assign, mediate, suspend, extend, close …) ..."
"$fenliu" cases --db "$db" --format tsv | cut -f2 | sed 1d |
awk -v span=$span -v batch=$batch -v nb=$nb -v F="$fenliu" -v DB="$db" '
    NR == FNR { D[$1] = $2; next }
    function step(k, args) {
        if (k < 0) k = 0;              # nothing after today
        printf "%d\t%s\tFENLIU_NOW=%sT10:00:00+08:00 %s case %s --date %s --db %s %s\n",
               k, id, D[k], F, args, D[k], DB, id
    }
    {
        id = $1
        i = substr(id, length(id) - 6) + 0
        age = span - int(span * int((i - 1) / batch) / (nb > 1 ? nb - 1 : 1))
        r = i % 20
        split("wang li zhang liu chen", judges, " ")
        split("zhao qian sun", clerks, " ")
        judge = judges[i % 5 + 1]
        if (age <= 7) {                            # awaiting review
            if (r % 3 == 0)      step(age, "route --clerk " clerks[i % 3 + 1])
            else if (r == 1)     step(age - 1, "return --reasons parties,evidence --note 补充被告身份信息")
            else if (r == 2)     step(age - 1, "mediate --consent")
        } else if (r == 0) {
            step(age - 3, "refuse --reason 不属于本院管辖")
        } else if (r == 1) {                       # returned; some corrected and accepted
            step(age - 2, "return --reasons claims --note 诉讼请求不明确")
            if (age > 30) {
                step(age - 12, "correct")
                step(age - 14, "accept")
                step(age - 15, "assign --judge " judge)
            }
        } else if (r == 2) {                       # pre-suit mediation (委派调解)
            step(age - 2, "mediate --consent")
            if (age > 40)      step(age - 30, "mediation-end --result settled --confirmed")
        } else if (r == 3 && age <= 30) {
            # left unreviewed: its 7-day acceptance clock has run out
        } else {
            step(age - 2, "accept")
            if (age > 12 || r % 4 != 0)             # else awaiting a judge
                step(age - 3, "assign --judge " judge)
            if (r == 4 || r == 5 || r == 6) {          # decided
                if (age > 40) step(age - 35, "close --how judgment")
            } else if (r == 7 || r == 8) {              # mediated
                step(age - 8, "mediate")
                if (age > 25) {
                    step(age - 20, "mediation-end --result settled")
                    step(age - 21, "close --how mediation")
                } else if (age > 16) {
                    step(age - 14, "mediation-end --result failed")
                }
            } else if (r == 9) {
                if (age > 20) step(age - 15, "close --how withdrawal")
            } else if (r == 10) {                       # appraisal (鉴定)
                step(age - 10, "suspend --kind appraisal --until " D[-20] " --reason 申请司法鉴定")
            } else if (r == 11) {                       # extended
                if (age > 60) {
                    step(age - 55, "extend --length 3m --reason 案情复杂需延长审限")
                    step(age - 56, "approve --what extend")
                }
            } else if (r == 12) {                       # converted to ordinary
                step(age - 6, "counterclaim")
                if (age > 30) {
                    step(age - 20, "convert --to ordinary --reason 被告提起反诉，案情复杂")
                    step(age - 21, "approve --what convert")
                }
            } else if (r == 13) {
                step(age - 12, "suspend --kind public-notice --until " D[-40] " --reason 公告送达")
            } else if (r == 19) {
                # running on: the old ones are past their limit
            } else if (age > 70) {
                step(age - 60, "close --how judgment")
            }
        }
    }' "$demo/dates" - | sort -t "$(printf '\t')" -k1,1nr -s >"$demo/steps"
# Day by day, oldest first, so that case numbers follow the days cases were
# accepted; within a day the cases move in parallel (a case's steps of one
# day in order, in one shell).
jobs=$(nproc 2>/dev/null || echo 2)
for k in $(cut -f1 "$demo/steps" | uniq); do
    awk -F '\t' -v k="$k" '
        $1 != k { next }
        $2 != id { if (line != "") print line; line = ""; id = $2 }
        { line = line $3 " >/dev/null 2>&1; " }
        END { if (line != "") print line "true" }' "$demo/steps" |
        sed 's/; $/; true/' | xargs -d '\n' -n 1 -P "$jobs" sh -c
done
echo "$(wc -l <"$demo/steps") steps taken"

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
