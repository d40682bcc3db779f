#!/usr/bin/env bash
# Benchmark for `hookscope replay`: deliveries/s against a fast local receiver (Node.js http,
# answering 200 at once) at concurrency 1 and 16, beside, in the same run, the loop of curl
# calls a user would write (the baseline) and wrk at 16 connections (the ceiling).
# Run by hand (not in CI): apt-get install wrk curl nodejs; scripts/bench-replay.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5000}
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

t1=$(timed "$hs" replay "$work/caps" --to "$url" --concurrency 1 --format json)
t16=$(timed "$hs" replay "$work/caps" --to "$url" --concurrency 16 --format json)
m=$(( n < 500 ? n : 500 ))
curl_loop() {
  local i=0
  for f in "$work"/caps/*.json; do
    [ "$i" -ge "$m" ] && break
    curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -H "X-Hub-Signature-256: $sig" --data-binary @"$work/body.json" "$url"
    i=$((i + 1))
  done
}
tc=$(timed curl_loop)
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
local f = io.open("$work/body.json", "rb"); wrk.body = f:read("*a"); f:close()
wrk.headers["X-Hub-Signature-256"] = "$sig"
LUA
ceiling=$(wrk -t2 -c16 -d5s -s "$work/post.lua" "$url" | awk '/Requests\/sec/ {printf "%.0f", $2}')

r1=$(rate "$n" "$t1"); r16=$(rate "$n" "$t16"); rc=$(rate "$m" "$tc")
python3 - "$n" "$r1" "$r16" "$rc" "$ceiling" "$m" <<'PY'
import sys
n, r1, r16, rc, ceil, m = sys.argv[1], *map(float, sys.argv[2:6]), sys.argv[6]
print(f"{n} signed 1 KiB captures to a Node.js receiver on 127.0.0.1\n")
print(f"  hookscope replay --concurrency 1 : {r1:8.0f} deliveries/s")
print(f"  hookscope replay --concurrency 16: {r16:8.0f} deliveries/s")
print(f"  shell loop of curl ({m} calls)    : {rc:8.0f} deliveries/s   (baseline)")
print(f"  wrk -t2 -c16 (same body)         : {ceil:8.0f} requests/s     (ceiling)")
print(f"\n  concurrency 1 / curl loop : {r1 / rc:.1f}x  (target >= 20x)")
print(f"  concurrency 16 / wrk      : {r16 / ceil:.2f}   (target >= 0.5)")
PY
