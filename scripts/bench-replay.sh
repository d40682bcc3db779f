#!/usr/bin/env bash
# Benchmark for `hookscope replay`: deliveries/s against a fast local receiver (Node.js http,
# answering 200 at once) at concurrency 1 and 16, beside, in the same run, the loop of curl
# calls a user would write (the baseline) and wrk at 16 connections (the ceiling).
# Run by hand (not in CI): apt-get install wrk curl nodejs; scripts/bench-replay.sh [N] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5000}
rounds=${2:-3}
for tool in wrk curl node; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
cargo build --quiet --release
hs=$PWD/target/release/hookscope
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

cat >"$work/server.js" <<'JS'
require("http").createServer((req, res) => {
  req.on("data", () => {});
  req.on("end", () => { res.writeHead(200, { "Content-Type": "application/json" }); res.end('{"ok":true}'); });
}).listen(Number(process.argv[2]), "127.0.0.1");
JS
node "$work/server.js" 18201 & pid=$!
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/18201) 2>/dev/null && break; sleep 0.1; done
url=http://127.0.0.1:18201/hook

# N captures of a signed 1 KiB GitHub-style delivery.
head -c 700 /dev/zero | tr '\0' 'x' | sed 's/.*/{"event":"bench","pad":"&"}/' >"$work/body.json"
"$hs" sign --scheme github --secret bench --body "$work/body.json" --format capture --path /hook >"$work/one.json"
mkdir "$work/caps"
python3 - "$work/one.json" "$work/caps" "$n" <<'PY'
import sys, os
data = open(sys.argv[1], "rb").read()
for i in range(int(sys.argv[3])):
    open(os.path.join(sys.argv[2], f"{i:06}.json"), "wb").write(data)
PY
sig=$(sed -n 's/.*"X-Hub-Signature-256", "\(.*\)".*/\1/p' "$work/one.json")

rate() { python3 -c "import sys; print(f'{int(sys.argv[1]) / float(sys.argv[2]):.0f}')" "$@"; }
timed() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); python3 -c "print($e - $s)"; }

m=$(( n < 500 ? n : 500 ))
curl_loop() {
  local i=0
  for f in "$work"/caps/*.json; do
    [ "$i" -ge "$m" ] && break
    curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -H "X-Hub-Signature-256: $sig" --data-binary @"$work/body.json" "$url"
    i=$((i + 1))
  done
}
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
local f = io.open("$work/body.json", "rb"); wrk.body = f:read("*a"); f:close()
wrk.headers["X-Hub-Signature-256"] = "$sig"
LUA

# Round-robin rounds, so a change in the machine's load touches every measure alike; the
# report gives medians and the ratios of each round.
r1s=; r16s=; rcs=; ceils=
for _ in $(seq "$rounds"); do
  r1s+="$(rate "$n" "$(timed "$hs" replay "$work/caps" --to "$url" --concurrency 1 --format json)") "
  r16s+="$(rate "$n" "$(timed "$hs" replay "$work/caps" --to "$url" --concurrency 16 --format json)") "
  rcs+="$(rate "$m" "$(timed curl_loop)") "
  ceils+="$(wrk -t2 -c16 -d5s -s "$work/post.lua" "$url" | awk '/Requests\/sec/ {printf "%.0f", $2}') "
done

python3 - "$n" "$m" "$r1s" "$r16s" "$rcs" "$ceils" <<'PY'
import statistics, sys
n, m = sys.argv[1:3]
r1, r16, rc, ceil = ([float(x) for x in a.split()] for a in sys.argv[3:7])
med = statistics.median
print(f"{n} signed 1 KiB captures to a Node.js receiver on 127.0.0.1; median of {len(r1)} rounds\n")
def row(name, v, unit):
    print(f"  {name:<33}: {med(v):8.0f} {unit:<14} ({' '.join(f'{x:.0f}' for x in v)})")
row("hookscope replay --concurrency 1", r1, "deliveries/s")
row("hookscope replay --concurrency 16", r16, "deliveries/s")
row(f"shell loop of curl ({m} calls)", rc, "deliveries/s")
row("wrk -t2 -c16 (same body)", ceil, "requests/s")
per1 = " ".join(f"{a / b:.1f}" for a, b in zip(r1, rc))
per16 = " ".join(f"{a / b:.2f}" for a, b in zip(r16, ceil))
print(f"\n  concurrency 1 / curl loop : {med(r1) / med(rc):.1f}x  (target >= 20x; rounds: {per1})")
print(f"  concurrency 16 / wrk      : {med(r16) / med(ceil):.2f}   (target >= 0.5; rounds: {per16})")
PY
