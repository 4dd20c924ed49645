#!/usr/bin/env bash
# Sparse rank mod p: exrank's sparse eliminator against LinBox's sparse elimination
# (LinBox::rankInPlace with Method::SparseElimination), same prime, same SMS files, same
# run. Prints a Markdown table: elimination seconds (each driver times its own
# elimination, parsing excluded), whole-process peak memory (/usr/bin/time -v), the
# ranks (they must agree) and the speed ratio. LinBox is skipped gracefully if it is not
# installed; runs past LINBOX_TIMEOUT seconds are reported as such.
#
# Usage: benches/sparse_vs_linbox.sh [quick|full]
#   quick (default): 10⁴ and 10⁵ rows;  full: also 10⁶ rows.
# Needs: cargo; optional: liblinbox-dev (pkg-config linbox), g++.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:-quick}
PRIME=67108859          # < 2^26, so Givaro::Modular<double> holds it exactly
LINBOX_TIMEOUT=${LINBOX_TIMEOUT:-600}
WORK=${WORK:-target/sparse-bench}
mkdir -p "$WORK"

cargo build --release --quiet --example sparse_rank
EX=target/release/examples/sparse_rank

LB=""
if pkg-config --exists linbox 2>/dev/null && command -v g++ >/dev/null; then
    # Debian's linbox.pc lists -lflint even when libflint-dev is absent; our driver
    # does not need it.
    FLAGS=$(pkg-config --cflags --libs linbox)
    [ -e /usr/lib/x86_64-linux-gnu/libflint.so ] || FLAGS=${FLAGS//-lflint/}
    if g++ -O2 benches/linbox_rank.cpp $FLAGS -o "$WORK/linbox_rank" 2>"$WORK/linbox_build.log"; then
        LB="$WORK/linbox_rank"
    else
        echo "note: building the LinBox driver failed (see $WORK/linbox_build.log); LinBox skipped" >&2
    fi
else
    echo "note: LinBox not installed (apt-get install liblinbox-dev); LinBox columns skipped" >&2
fi

# name | generator arguments
CASES=(
  "torus2_1e4|torus2 58"
  "torus2_1e5|torus2 183"
  "torus3_1e5|torus3 25"
  "rp2_1e5|rp2 183"
  "random_3k|random 3000 3000 1"
  "random_1e4|random 10000 10000 1"
)
if [ "$MODE" = full ]; then
  CASES+=("torus2_1e6|torus2 578" "torus3_1e6|torus3 53")
fi

# Runs "$@", printing "<output line> <peak KiB>" or "timeout" / "failed".
measure() {
    local log="$WORK/time.log" out
    if out=$(timeout "$1" /usr/bin/time -v "${@:2}" 2>"$log"); then
        echo "$out $(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")"
    elif [ $? -eq 124 ]; then echo "timeout"; else echo "failed"; fi
}

printf "| matrix | rows × cols | nnz | rank (exrank) | exrank s | exrank MiB | rank (LinBox) | LinBox s | LinBox MiB | LinBox / exrank |\n"
printf "|---|---|---|---|---|---|---|---|---|---|\n"
for c in "${CASES[@]}"; do
    name=${c%%|*}; gen=${c#*|}
    f="$WORK/$name.sms"
    [ -s "$f" ] || $EX gen $gen "$f"
    read -r rows cols _ < "$f"
    nnz=$(( $(wc -l < "$f") - 2 ))
    read -r _ er _ es ekb <<<"$(measure 3600 $EX rank "$f" $PRIME)"
    if [ -n "$LB" ]; then
        res=$(measure "$LINBOX_TIMEOUT" "$LB" "$f" $PRIME)
        if [ "$res" = timeout ]; then lr="—"; ls=">$LINBOX_TIMEOUT"; lkb=""; ratio=">$(awk -v a="$LINBOX_TIMEOUT" -v b="$es" 'BEGIN{printf "%.0f", a/(b>0.001?b:0.001)}')×"
        else read -r _ lr _ ls lkb <<<"$res"; ratio="$(awk -v a="$ls" -v b="$es" 'BEGIN{printf "%.1f", a/(b>0.001?b:0.001)}')×"; fi
        [ "$lr" = "—" ] || [ "$lr" = "$er" ] || lr="$lr (DISAGREES)"
        lmb=$([ -n "$lkb" ] && awk -v k="$lkb" 'BEGIN{printf "%.0f", k/1024}' || echo "—")
    else lr="skipped"; ls="—"; lmb="—"; ratio="—"; fi
    emb=$(awk -v k="$ekb" 'BEGIN{printf "%.0f", k/1024}')
    printf "| %s | %s × %s | %s | %s | %s | %s | %s | %s | %s | %s |\n" "$name" "$rows" "$cols" "$nnz" "$er" "$es" "$emb" "$lr" "$ls" "$lmb" "$ratio"
done
