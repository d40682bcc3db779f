#!/usr/bin/env bash
# Load benchmark for `hookscope listen`, against adnanh/webhook and a minimal Node.js HMAC server
# measured in the same run, and against the floor: hyper on the same runtime doing the same HMAC
# check and nothing else (examples/http_floor.rs), the most any hyper receiver can do here.
# Also `listen --ui` with an inspector page open beside the same store-on listener without it,
# for what the inspector costs the webhook path. Run by hand (not in CI):
#   apt-get install wrk webhook nodejs   # once
#   scripts/bench-listen.sh [SECONDS] [ROUNDS]   # default 5 s per measurement, 3 rounds
# Every server checks the same HMAC-SHA256 signature (X-Hub-Signature-256: sha256=<hex>) of the
# same fixed JSON body, on 127.0.0.1, with wrk at 16 connections on 2 threads.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-5}
rounds=${2:-3}
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

start_hookscope() { # $1: port, rest: flags
  local port=$1; shift
  "$hs" listen --quiet --port "$port" --secret "$secret" --scheme github "$@" >"$work/out-$port" &
  pids+=($!); wait_port "$port"; HS_PID=$!
}

# The --ui server is measured with a page open: an event stream reading every delivery, as the
# inspector's page does (its URL and token are read from the listener's first lines).
UI_READER=
open_page() { # PORT of a listener started with --ui
  local url=
  for _ in $(seq 100); do
    url=$(sed -n 's/^inspector on //p' "$work/out-$1")
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "$url" ] || { echo "the --ui listener printed no inspector URL" >&2; exit 1; }
  curl -sN -H "X-Hookscope-Token: ${url##*#token=}" "${url%%/#*}/api/events" >/dev/null &
  UI_READER=$!; pids+=($!)
}

# Every server runs from the start (idle ones cost nothing); the measurements go round-robin,
# each server once per round, so a change in the machine's load touches them all alike, and
# the report takes each one's median over the rounds.
start_hookscope 18081 --no-store
nostore_pid=$HS_PID
idle=$(rss "$nostore_pid")
# Each store-on server gets a new store before each of its runs: a directory that once held
# 100,000 captures stays several times slower to create files in (ext4 does not shrink
# directories), which would make the rounds measure the history of the disk.
declare -A STORE_PID
stored=0
peak_store=0
fresh_store() { # NAME PORT [FLAGS]: (re)starts a store-on server on a new, empty store
  local name=$1 port=$2; shift 2
  local pid=${STORE_PID[$name]:-}
  if [ "$name" = hs_ui ] && [ -n "$UI_READER" ]; then kill "$UI_READER" 2>/dev/null || true; fi
  if [ -n "$pid" ]; then
    peak_store=$(( $(hwm "$pid") > peak_store ? $(hwm "$pid") : peak_store ))
    stored=$((stored + $(find "$work/store-$name" -name '*.json' | wc -l)))
    kill "$pid"; wait "$pid" 2>/dev/null || true
    rm -rf "$work/store-$name"; sync
  fi
  mkdir -p "$work/store-$name"
  start_hookscope "$port" --store "$work/store-$name" "$@"
  STORE_PID[$name]=$HS_PID
  if [ "$name" = hs_ui ]; then open_page "$port"; fi
}
restart_store() { # NAME: a fresh store for that server
  case $1 in
    hs_store) fresh_store hs_store 18082 ;;
    hs_nofsync) fresh_store hs_nofsync 18086 --no-fsync ;;
    hs_ui) fresh_store hs_ui 18087 --ui --ui-port 0 ;;
  esac
}
restart_store hs_store
restart_store hs_nofsync
restart_store hs_ui
# The floor: hyper with the same HMAC check and nothing else (no parsing, no output, no limits).
"$floor" 18085 "$(nproc)" "$secret" & pids+=($!); wait_port 18085
node "$work/server.js" 18083 "$secret" & pids+=($!); wait_port 18083
webhook -hooks "$work/hooks.json" -ip 127.0.0.1 -port 18084 -max-multipart-mem 67108864 >/dev/null 2>&1 & pids+=($!); wait_port 18084
webhook_pid=$!

# webhook answers first and runs its command afterwards, so a run against it leaves thousands
# of /bin/true still to start, which took half the CPU from whatever was measured next (the
# 1 MiB --no-store figure fell from about 1,900 to 800 req/s). Before each measurement, wait
# for those to finish and for the CPU to be quiet.
cpu_idle() { # percent of CPU time idle over 0.3 s
  local a b
  read -r -a a < <(head -1 /proc/stat); sleep 0.3; read -r -a b < <(head -1 /proc/stat)
  local total=0 i
  for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
  echo $(( total ? 100 * (b[4] - a[4]) / total : 100 ))
}
settle() {
  local i
  for i in $(seq 600); do pgrep -P "$webhook_pid" >/dev/null || break; sleep 0.1; done
  for i in $(seq 30); do [ "$(cpu_idle)" -ge 85 ] && break; done
  # A machine that never went quiet is measured as it is (set -e must not end the run here).
  return 0
}

servers=(hs_nostore hs_store hs_nofsync hs_ui node webhook floor)
declare -A URL=(
  [hs_nostore]=http://127.0.0.1:18081/hook [hs_store]=http://127.0.0.1:18082/hook
  [hs_nofsync]=http://127.0.0.1:18086/hook [hs_ui]=http://127.0.0.1:18087/hook
  [node]=http://127.0.0.1:18083/hook [webhook]=http://127.0.0.1:18084/hooks/bench
  [floor]=http://127.0.0.1:18085/hook
)
declare -A R
for round in $(seq "$rounds"); do
  for b in 1k 1m; do
    for s in "${servers[@]}"; do
      settle
      R[${s}_$b]+="$(run "$s" "${URL[$s]}" "$b"),"
      # A new store after each store-on run; the sync also lets the gigabytes of 1 MiB
      # captures reach the disk before anything else is measured.
      restart_store "$s"
    done
  done
done
peak_nostore=$(hwm "$nostore_pid")

cols=()
for b in 1k 1m; do for s in "${servers[@]}"; do cols+=("${R[${s}_$b]}"); done; done
python3 - "$secs" "$rounds" "$idle" "$peak_nostore" "$peak_store" "$stored" "${cols[@]}" <<'PY'
import statistics, sys
secs, rounds, idle, peak_ns, peak_s, stored = sys.argv[1:7]
cols = sys.argv[7:]
# In the order of `servers` above.
names = ["hookscope --no-store", "hookscope (store on)", "store, --no-fsync", "store, --ui, page open",
         "node http + crypto", "adnanh/webhook", "hyper floor"]
NS, ST, NF, UI, NODE, WH, FLOOR = range(7)
k = len(names)
print(f"wrk -t2 -c16 -d{secs}s, HMAC-SHA256 checked by every server; median of {rounds} rounds\n")
for i, body in enumerate(("1 KiB", "1 MiB")):
    # runs[server][round] = (req/s, p99 ms, non-2xx)
    runs = [[tuple(float(x) for x in r.split()) for r in c.strip(",").split(",")]
            for c in cols[i * k:(i + 1) * k]]
    med = [statistics.median(r[0] for r in s) for s in runs]
    p99 = [statistics.median(r[1] for r in s) for s in runs]
    bad = [sum(r[2] for r in s) for s in runs]
    best = max(med[NODE], med[WH])
    print(f"body {body}:")
    print(f"  {'server':<22} {'req/s':>9} {'p99 ms':>8} {'non-2xx':>8}   req/s in each round")
    for n, m, p, b, s in zip(names, med, p99, bad, runs):
        each = " ".join(f"{r[0]:.0f}" for r in s)
        print(f"  {n:<22} {m:>9.0f} {p:>8.2f} {b:>8.0f}   {each}")
    per_round = [runs[NS][j][0] / max(runs[NODE][j][0], runs[WH][j][0]) for j in range(len(runs[NS]))]
    print(f"  ratio hookscope --no-store / best baseline: {med[NS] / best:.2f}"
          f"  (rounds: {' '.join(f'{r:.2f}' for r in per_round)})")
    print(f"  ratio hookscope (store on) / best baseline: {med[ST] / best:.2f}")
    print(f"  ratio store, --no-fsync / best baseline:    {med[NF] / best:.2f}")
    print(f"  ratio hyper floor / best baseline:          {med[FLOOR] / best:.2f}")
    ui_rounds = [runs[UI][j][0] / runs[ST][j][0] for j in range(len(runs[ST]))]
    print(f"  ratio store with --ui (a page open) / store on: {med[UI] / med[ST]:.2f}"
          f"  (rounds: {' '.join(f'{r:.2f}' for r in ui_rounds)})")
    print(f"  hookscope --no-store reaches {med[NS] / med[FLOOR]:.0%} of the floor\n")
print(f"hookscope idle RSS: {int(idle) / 1024:.1f} MiB")
print(f"hookscope peak RSS (VmHWM): --no-store over all rounds {int(peak_ns) / 1024:.1f} MiB, store on (most of any run) {int(peak_s) / 1024:.1f} MiB")
print(f"captures written by the store-on servers: {stored}")
PY
