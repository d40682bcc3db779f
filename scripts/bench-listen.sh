#!/usr/bin/env bash
# Load benchmark for `hookscope listen`, against adnanh/webhook and a minimal Node.js HMAC server
# measured in the same run, and against the floor: tiny_http doing the same HMAC check and
# nothing else (examples/http_floor.rs), the most any tiny_http receiver can do here. Run by hand (not in CI):
#   apt-get install wrk webhook nodejs   # once
#   scripts/bench-listen.sh [SECONDS]    # default 10 s per measurement
# Every server checks the same HMAC-SHA256 signature (X-Hub-Signature-256: sha256=<hex>) of the
# same fixed JSON body, on 127.0.0.1, with wrk at 16 connections on 2 threads.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
for tool in wrk webhook node; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install wrk webhook nodejs)" >&2; exit 2; }
done
cargo build --quiet --release --bin hookscope --example http_floor
hs=$PWD/target/release/hookscope
floor=$PWD/target/release/examples/http_floor
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
secret=bench-secret

# Bodies: JSON of about 1 KiB and 1 MiB, and their signatures.
python3 - "$work" <<'PY'
import json, sys
d = sys.argv[1]
def body(size):
    # Grows the list one item at a time, counting its length as it goes (linear, not quadratic).
    items, n, length = [], 0, len(json.dumps({"event": "bench", "items": []}))
    while True:
        item = {"id": n, "name": f"item-{n:06}", "ok": n % 2 == 0}
        extra = len(json.dumps(item)) + (2 if items else 0)
        if length + extra >= size - 64:
            break
        items.append(item); length += extra; n += 1
    return json.dumps({"event": "bench", "items": items}).encode()
for name, size in (("1k", 1024), ("1m", 1 << 20)):
    open(f"{d}/{name}.json", "wb").write(body(size))
PY
for b in 1k 1m; do
  sig=$("$hs" sign --scheme github --secret "$secret" --body "$work/$b.json" | sed -n 's/^X-Hub-Signature-256: //p')
  cat >"$work/$b.lua" <<LUA
wrk.method = "POST"
local f = io.open("$work/$b.json", "rb"); wrk.body = f:read("*a"); f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Hub-Signature-256"] = "$sig"
LUA
done

cat >"$work/server.js" <<'JS'
const http = require("http"), crypto = require("crypto");
const secret = process.argv[3];
http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    const want = Buffer.from("sha256=" + crypto.createHmac("sha256", secret).update(body).digest("hex"));
    const got = Buffer.from(req.headers["x-hub-signature-256"] || "");
    const ok = got.length === want.length && crypto.timingSafeEqual(got, want);
    res.writeHead(ok ? 200 : 401, { "Content-Type": "application/json" });
    res.end(ok ? '{"ok":true}' : '{"ok":false}');
  });
}).listen(Number(process.argv[2]), "127.0.0.1");
JS
cat >"$work/hooks.json" <<JSON
[{"id": "bench", "execute-command": "/bin/true", "response-message": "ok",
  "trigger-rule": {"match": {"type": "payload-hmac-sha256", "secret": "$secret",
                             "parameter": {"source": "header", "name": "X-Hub-Signature-256"}}}}]
JSON

wait_port() { for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; exit 1; }
rss() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
hwm() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }

# run NAME URL BODY: wrk for $secs; prints "requests/s p99(ms) non-2xx"
run() {
  local out
  out=$(wrk -t2 -c16 -d"${secs}s" --latency -s "$work/$3.lua" "$2")
  python3 - "$out" <<'PY'
import re, sys
t = sys.argv[1]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
m = re.search(r"99%\s+([\d.]+)(us|ms|s)", t)
p99 = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
print(f"{rps:.0f} {p99:.2f} {bad.group(1) if bad else 0}")
PY
}

declare -A R
start_hookscope() { # $1: port, rest: flags
  local port=$1; shift
  "$hs" listen --quiet --port "$port" --secret "$secret" --scheme github "$@" >/dev/null &
  pids+=($!); wait_port "$port"; HS_PID=$!
}

start_hookscope 18081 --no-store
idle=$(rss "$HS_PID")
for b in 1k 1m; do R[hs_nostore_$b]=$(run hs "http://127.0.0.1:18081/hook" $b); done
peak_nostore=$(hwm "$HS_PID")
kill "$HS_PID"

mkdir -p "$work/store"
start_hookscope 18082 --store "$work/store"
for b in 1k 1m; do R[hs_store_$b]=$(run hs "http://127.0.0.1:18082/hook" $b); done
peak_store=$(hwm "$HS_PID")
stored=$(find "$work/store" -name '*.json' | wc -l)
kill "$HS_PID"

# The floor: tiny_http with the same HMAC check and nothing else (no parsing, no output).
"$floor" 18085 "$(nproc)" "$secret" & pids+=($!); wait_port 18085
for b in 1k 1m; do R[floor_$b]=$(run floor "http://127.0.0.1:18085/hook" $b); done

node "$work/server.js" 18083 "$secret" & pids+=($!); wait_port 18083
for b in 1k 1m; do R[node_$b]=$(run node "http://127.0.0.1:18083/hook" $b); done

webhook -hooks "$work/hooks.json" -ip 127.0.0.1 -port 18084 -max-multipart-mem 67108864 >/dev/null 2>&1 & pids+=($!); wait_port 18084
for b in 1k 1m; do R[webhook_$b]=$(run webhook "http://127.0.0.1:18084/hooks/bench" $b); done

python3 - "$secs" "$idle" "$peak_nostore" "$peak_store" "$stored" \
  "${R[hs_nostore_1k]}" "${R[hs_store_1k]}" "${R[node_1k]}" "${R[webhook_1k]}" "${R[floor_1k]}" \
  "${R[hs_nostore_1m]}" "${R[hs_store_1m]}" "${R[node_1m]}" "${R[webhook_1m]}" "${R[floor_1m]}" <<'PY'
import sys
secs, idle, peak_ns, peak_s, stored = sys.argv[1:6]
rows = sys.argv[6:]
names = ["hookscope --no-store", "hookscope (store on)", "node http + crypto", "adnanh/webhook",
         "tiny_http floor"]
print(f"wrk -t2 -c16 -d{secs}s, HMAC-SHA256 checked by every server\n")
for i, body in enumerate(("1 KiB", "1 MiB")):
    res = [tuple(float(x) for x in r.split()) for r in rows[i * 5:(i + 1) * 5]]
    best = max(res[2][0], res[3][0])
    print(f"body {body}:")
    print(f"  {'server':<22} {'req/s':>9} {'p99 ms':>8} {'non-2xx':>8}")
    for n, (rps, p99, bad) in zip(names, res):
        print(f"  {n:<22} {rps:>9.0f} {p99:>8.2f} {bad:>8.0f}")
    print(f"  ratio hookscope --no-store / best baseline: {res[0][0] / best:.2f}")
    print(f"  ratio hookscope (store on) / best baseline: {res[1][0] / best:.2f}")
    print(f"  ratio tiny_http floor / best baseline:      {res[4][0] / best:.2f}")
    print(f"  hookscope --no-store reaches {res[0][0] / res[4][0]:.0%} of the floor\n")
print(f"hookscope idle RSS: {int(idle) / 1024:.1f} MiB")
print(f"hookscope peak RSS (VmHWM) after 1 KiB + 1 MiB load: --no-store {int(peak_ns) / 1024:.1f} MiB, store on {int(peak_s) / 1024:.1f} MiB")
print(f"captures written in the store run: {stored}")
PY
