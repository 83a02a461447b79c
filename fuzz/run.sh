#!/usr/bin/env bash
# Runs one fuzz target for a number of executions (or a time bound), with the bounds every
# input must stay within: 10 s and 512 MB each (grille's own readers stay under 200 MB).
#
#   fuzz/run.sh TARGET EXECS [SECONDS]
#   fuzz/run.sh workbook 10000000          # ten million executions
#   fuzz/run.sh zip_batch 1000000000 60    # CI smoke run: one minute at most
#
# Targets: workbook grid referential_md referential_html referential_tsv roster zip_batch.
# Needs a nightly toolchain and cargo-fuzz (cargo install cargo-fuzz). Built in release
# with overflow checks off, as the shipped binary, and without a sanitizer (grille has no
# unsafe code; SANITIZER=address fuzz/run.sh … to use one). A crash is written to
# fuzz/artifacts/TARGET/ and the script exits non-zero.
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: fuzz/run.sh TARGET EXECS [SECONDS]}
runs=${2:?usage: fuzz/run.sh TARGET EXECS [SECONDS]}
seconds=${3:-0}
sanitizer=${SANITIZER:-none}

if [ ! -d "corpus/$target" ] || [ -z "$(ls -A "corpus/$target" 2>/dev/null)" ]; then
  ./seed.sh "$target"
fi
max_len=65536
case $target in
  referential_*|roster) max_len=16384 ;;
  grid) max_len=4096 ;;
esac
args=(-runs="$runs" -timeout=10 -rss_limit_mb=512 -max_len="$max_len" -print_final_stats=1)
[ "$seconds" -gt 0 ] && args+=(-max_total_time="$seconds")
exec cargo +nightly fuzz run --release --sanitizer "$sanitizer" "$target" "corpus/$target" \
  -- "${args[@]}"
