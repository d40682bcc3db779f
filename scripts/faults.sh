#!/usr/bin/env bash
# Fault injection for `hookscope listen` and `replay`. By hand, not in CI (needs root for the
# full-disk case: a small tmpfs): scripts/faults.sh
set -uo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release || exit 2
hs=$PWD/target/release/hookscope
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
  wait 2>/dev/null
  umount "$work/full" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
export HOOKSCOPE_SECRET=fault-secret
printf '{"event":"fault","text":"%s"}' "$(head -c 900 /dev/zero | tr '\0' 'y')" >"$work/body.json"
"$hs" sign --scheme github --body "$work/body.json" --format capture --path /f >"$work/one.json"
mkdir "$work/send"
python3 -c "
import os, sys
d = open('$work/one.json', 'rb').read()
for i in range(30000): open(os.path.join('$work/send', f'{i:06}.json'), 'wb').write(d)"

start_listen() { # $1 store dir; sets LPID and url
  rm -f "$work/l.out"
  "$hs" listen --quiet --port 0 --scheme github --store "$1" >"$work/l.out" 2>&1 &
  LPID=$!
  pids+=("$LPID")
  for _ in $(seq 100); do grep -q 'listening on' "$work/l.out" 2>/dev/null && break; sleep 0.1; done
  url=$(sed -n 's/^listening on //p' "$work/l.out")
}
count_status() { grep -c "\"status\":$1" "$2" || true; }

echo "## 1. kill -9 in the middle of the load"
start_listen "$work/k9"
"$hs" replay "$work/send" --to "$url/f" --concurrency 16 --format json >"$work/k9.jsonl" 2>/dev/null &
rp=$!
sleep 1.5
kill -9 "$LPID"
wait "$rp"
ok=$(count_status 200 "$work/k9.jsonl")
stored=$(find "$work/k9" -maxdepth 1 -name '*.json' | wc -l)
temps=$(find "$work/k9" -maxdepth 1 -name '.*.tmp' | wc -l)
"$hs" verify --format json "$work/k9" >"$work/k9.verify" 2>"$work/k9.err"; vcode=$?
echo "  answered 200: $ok; captures: $stored; hidden temp files left: $temps (skipped by verify and replay)"
echo "  verify over the store: exit $vcode, $(grep -c '"valid":true' "$work/k9.verify") valid, $(grep -c 'malformed' "$work/k9.err") malformed"
[ "$stored" -ge "$ok" ] && echo "  every acknowledged delivery is stored" || echo "  PROBLEM: acknowledged but not stored"

echo "## 2. store full in the middle of the load (2 MiB tmpfs)"
mkdir -p "$work/full"
if mount -t tmpfs -o size=2m tmpfs "$work/full" 2>/dev/null; then
  start_listen "$work/full/store"
  "$hs" replay "$work/send" --to "$url/f" --concurrency 16 --format json >"$work/full.jsonl" 2>/dev/null
  ok=$(count_status 200 "$work/full.jsonl"); busy=$(count_status 503 "$work/full.jsonl")
  stored=$(find "$work/full/store" -maxdepth 1 -name '*.json' | wc -l)
  echo "  answered 200: $ok; answered 503: $busy; captures stored: $stored"
  [ "$ok" -eq "$stored" ] && echo "  every 200 has its capture; every unstored delivery got a 503" || echo "  PROBLEM: 200s $ok != stored $stored"
  kill "$LPID"
else
  echo "  skipped: mounting a tmpfs needs root"
fi

echo "## 3. 1000 idle connections and 20 slow senders (a byte a second)"
start_listen "$work/slow"
port=${url##*:}
python3 - "$port" <<'PY' &
import socket, sys, time
port = int(sys.argv[1])
idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(1000)]
slow = []
for _ in range(20):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
    slow.append(s)
for _ in range(30):
    for s in slow:
        s.sendall(b"x")
    time.sleep(1)
PY
hold=$!
pids+=("$hold")
sleep 3
mapfile -t some < <(ls "$work/send" | head -200 | sed "s|^|$work/send/|")
"$hs" replay "${some[@]}" --to "$url/f" --format json >"$work/slow.jsonl" 2>"$work/slow.txt"
echo "  while they hold: $(count_status 200 "$work/slow.jsonl") of 200 deliveries answered 200; $(head -1 "$work/slow.txt")"
kill "$hold" "$LPID" 2>/dev/null

echo "## 4. replay against a receiver that drops connections mid-answer"
python3 - <<'PY' >"$work/drop.port" &
import socket, threading
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(64)
print(srv.getsockname()[1], flush=True)
def serve(c):
    data = b""
    while b"\r\n\r\n" not in data:
        data += c.recv(65536)
    head, _, rest = data.partition(b"\r\n\r\n")
    n = int([l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")][0].split(b":")[1])
    while len(rest) < n:
        rest += c.recv(65536)
    c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\npartial")
    c.close()
while True:
    c, _ = srv.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
PY
dp=$!
pids+=("$dp")
sleep 0.5
dport=$(cat "$work/drop.port")
"$hs" replay "${some[@]:0:5}" --to "http://127.0.0.1:$dport/" --retries 2 >"$work/drop.txt" 2>&1
code=$?
echo "  replay exit $code; $(grep -c 'broke off' "$work/drop.txt") deliveries reported as broken off; $(grep '^sent' "$work/drop.txt")"
[ "$code" -eq 1 ] && echo "  none was counted as delivered" || echo "  PROBLEM"
