#!/usr/bin/env bash
# How long `hookscope listen` takes to start on a large store: before its first line it reads
# the store's names and remembers the newest 10,000 captures of the last 24 h (repeats and
# Bpium gaps are then warned across a restart). Run by hand (not in CI):
#   scripts/bench-seed.sh [CAPTURES] [ROUNDS]   # default 200000 captures, 5 rounds
# The captures are GitHub pushes (each its own X-GitHub-Delivery) and Bpium events (numbered
# streams), made evenly over the last 48 hours, so half of them are in the last day. Prints the
# time from start to the "listening on" line, for this store and for an empty one.
set -euo pipefail
cd "$(dirname "$0")/.."
captures=${1:-200000}
rounds=${2:-5}
cargo build --quiet --release --bin hookscope
hs=${CARGO_TARGET_DIR:-$PWD/target}/release/hookscope
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work/store" "$captures" <<'PY'
import json, os, random, sys, time
store, n = sys.argv[1], int(sys.argv[2])
os.makedirs(store, mode=0o700)
github = json.load(open("fixtures/github-push.json"))
bpium = json.load(open("fixtures/bpium-record-created.json"))
now_ms = int(time.time() * 1000)
span_ms = 48 * 3600 * 1000
def uuid7(ms):
    r = random.getrandbits(74)
    h = f"{ms:012x}7{(r >> 62) & 0xfff:03x}{0x8 | ((r >> 60) & 0x3):x}{r & ((1 << 60) - 1):015x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
for i in range(n):
    ms = now_ms - span_ms + i * span_ms // n
    c = dict(github if i % 2 else bpium)
    c["id"] = uuid7(ms)
    c["received_at"] = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms / 1000)) + f".{ms % 1000:03d}Z"
    if i % 2:
        c["headers"] = [[k, f"bench-{i}" if k == "X-GitHub-Delivery" else v] for k, v in github["headers"]]
        scheme = "github"
    else:
        body = json.loads(bpium["body"])
        body["hook"]["id"] = str(i % 50)
        body["hook"]["sequenceId"] = i
        c["body"] = json.dumps(body)
        scheme = "bpium"
    c["remote_addr"] = "127.0.0.1:40000"
    c["verdict"] = {"signature": "valid", "scheme": scheme, "event": None}
    c["answer"] = {"status": 200, "headers": [], "body": "{\"ok\":true}", "decision": "accepted", "why": "notification"}
    with open(os.path.join(store, c["id"] + ".json"), "w") as f:
        json.dump(c, f, indent=2)
PY
mkdir -m 700 "$work/empty"

python3 - "$hs" "$work/store" "$work/empty" "$rounds" <<'PY'
import statistics, subprocess, sys, time
hs, store, empty, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def start(dir):
    t = time.monotonic()
    p = subprocess.Popen([hs, "listen", "--port", "0", "--store", dir, "--no-fsync"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={}, text=True)
    first = p.stdout.readline()
    took = time.monotonic() - t
    rest = [p.stdout.readline() for _ in range(2)]
    p.kill(); p.wait()
    assert first.startswith("listening on"), first
    return took, "".join(rest)
for name, dir in (("empty store", empty), ("store", store)):
    times, notes = zip(*(start(dir) for _ in range(rounds)))
    print(f"{name:12} median {statistics.median(times) * 1000:7.1f} ms  (min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})")
    note = next((l for l in notes[0].splitlines() if "remembering" in l), "")
    if note:
        print(f"{'':12} {note}")
PY
