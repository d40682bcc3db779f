#!/usr/bin/env bash
# Runs every cargo-fuzz target for SECONDS each (default 600), two at a time, and prints the
# executions and crashes per target. By hand, not in CI:
#   cargo install cargo-fuzz        # once
#   scripts/fuzz.sh [SECONDS] [TARGET…]
# cargo-fuzz needs nightly features; RUSTC_BOOTSTRAP=1 lets the stable toolchain build them.
# A crash leaves its input in fuzz/artifacts/TARGET/: add it to the regression tests.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(schemes capture form config render)
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O >/dev/null
logs=$(mktemp -d)
run() {
  cargo fuzz run -O "$1" -- -max_total_time="$secs" -max_len=65536 -print_final_stats=1 >"$logs/$1.log" 2>&1 || true
}
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  run "${targets[i]}" &
  [ -n "${targets[i + 1]:-}" ] && run "${targets[i + 1]}" &
  wait
done
printf '%-10s %14s %8s\n' target executions crashes
for t in "${targets[@]}"; do
  execs=$(awk '/stat::number_of_executed_units:/ {print $2}' "$logs/$t.log" | tail -1)
  crashes=$(find "artifacts/$t" -type f 2>/dev/null | wc -l)
  printf '%-10s %14s %8s\n' "$t" "${execs:-?}" "$crashes"
done
echo "logs: $logs"
