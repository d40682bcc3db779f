#!/usr/bin/env bash
# Benchmarks for verify and start-up, each against a baseline measured in the same run.
# Run by hand (not in CI): needs hyperfine and openssl (apt-get install hyperfine openssl).
#   scripts/bench-verify.sh            # writes a report to stdout
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "needs hyperfine: apt-get install hyperfine" >&2; exit 2; }
cargo build --quiet --release
hs=$PWD/target/release/hookscope
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOOKSCOPE_SECRET=bench-secret

mean() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["mean"])' "$@"; }

echo "## 1. HMAC-SHA256 over a 64 MiB body"
head -c $((64 << 20)) /dev/urandom >"$work/big.bin"
sig=$("$hs" sign --scheme blue --body "$work/big.bin" | sed -n 's/^X-Signature: //p')
# Same work for both: read the 64 MiB file, HMAC-SHA256 it, compare/print.
hyperfine --warmup 2 --runs 10 --export-json "$work/big.json" \
  "$hs verify --scheme blue --body $work/big.bin -H 'X-Signature: $sig'" \
  "openssl dgst -sha256 -hmac bench-secret $work/big.bin" >/dev/null
hs_s=$(mean "$work/big.json" 0)
ossl_s=$(mean "$work/big.json" 1)
# In-memory HMAC over 16 KiB blocks, the measure openssl speed reports, for both.
speed=$(openssl speed -seconds 3 -hmac sha256 2>/dev/null | awk '/^hmac\(sha256\)/ {print $NF}' | tr -d k)
ours=$(cargo run --quiet --release --example hmac_speed 3)
python3 - "$hs_s" "$ossl_s" "$speed" "$ours" <<'PY'
import sys
hs, ossl, speed, ours = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
s = speed * 1000 / (1 << 20)
mib = 64
print(f"in memory, 16 KiB blocks: hookscope {ours:.0f} MiB/s, openssl speed -hmac sha256 {s:.0f} MiB/s")
print(f"  ratio hookscope / openssl speed: {ours / s:.2f}  (target >= 0.8)")
print(f"end to end, verify a 64 MiB file: hookscope verify {mib/hs:.0f} MiB/s ({hs*1000:.1f} ms), openssl dgst -hmac {mib/ossl:.0f} MiB/s ({ossl*1000:.1f} ms)")
print(f"  ratio hookscope / openssl dgst: {ossl/hs:.2f}")
PY

echo
echo "## 2. 10,000 small capture files"
mkdir -p "$work/many"
printf '{"event":"TODO_CREATED","currentValue":{"id":"clb4zna6x0000vt1swuwso25f","title":"GGGG"}}' >"$work/small.json"
"$hs" sign --scheme blue --body "$work/small.json" --format capture --path /hooks/blue >"$work/one.json"
python3 - "$work/one.json" "$work/many" <<'PY'
import sys, shutil, os
src, dst = sys.argv[1], sys.argv[2]
data = open(src, "rb").read()
for i in range(10000):
    with open(os.path.join(dst, f"{i:05}.json"), "wb") as f:
        f.write(data)
PY
# Baseline: what a user would write by hand, a Python loop that parses each capture and checks
# its HMAC (the same work hookscope does).
cat >"$work/check.py" <<'PY'
import hmac, hashlib, json, os, sys
d, key, bad = sys.argv[1], b"bench-secret", 0
for name in sorted(os.listdir(d)):
    c = json.load(open(os.path.join(d, name), "rb"))
    sig = dict((k.lower(), v) for k, v in c["headers"])["x-signature"]
    mac = hmac.new(key, c["body"].encode(), hashlib.sha256).hexdigest()
    bad += not hmac.compare_digest(mac, sig)
print(10000 - bad, "valid")
PY
hyperfine --warmup 1 --runs 10 --export-json "$work/many.json" \
  "$hs verify $work/many" \
  "python3 $work/check.py $work/many" >/dev/null
python3 - "$(mean "$work/many.json" 0)" "$(mean "$work/many.json" 1)" <<'PY'
import sys
hs, py = float(sys.argv[1]), float(sys.argv[2])
print(f"hookscope verify, 10,000 files: {hs*1000:.0f} ms  (target < 1000 ms)")
print(f"python hmac loop, same files  : {py*1000:.0f} ms")
print(f"ratio python / hookscope       : {py/hs:.1f}x faster")
PY

echo
echo "## 3. Start-up: hookscope --version"
hyperfine -N --warmup 20 --runs 300 --export-json "$work/start.json" "$hs --version" "true" >/dev/null 2>&1 ||
  hyperfine --warmup 20 --runs 300 --export-json "$work/start.json" "$hs --version" "true" >/dev/null
python3 - "$(mean "$work/start.json" 0)" "$(mean "$work/start.json" 1)" <<'PY'
import sys
hs, t = float(sys.argv[1]), float(sys.argv[2])
print(f"hookscope --version: {hs*1000:.2f} ms  (target <= 1.5 ms)")
print(f"true (process spawn floor, same run): {t*1000:.2f} ms; ratio {hs/t:.2f}")
PY
