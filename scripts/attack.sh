#!/usr/bin/env bash
# Hostile clients against `hookscope listen`: six attacks, each on a fresh listener, measuring
# the listener's threads, file descriptors and RSS (baseline, peak during, ~2 s after) and the
# latency of one normal signed GitHub delivery on a fresh connection during and after.
# By hand, not in CI: scripts/attack.sh [path-to-hookscope]   (default target/release/hookscope)
#
# All traffic goes to 127.0.0.1. Every attack is bounded in count and in time (each client
# run is also under `timeout`), and the script stops by itself in about a minute or two.
set -euo pipefail
cd "$(dirname "$0")/.."
hs=$(realpath "${1:-target/release/hookscope}")
[ -x "$hs" ] || { echo "no hookscope binary at $hs (cargo build --release)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is needed" >&2; exit 2; }

work=$(mktemp -d)
LPID=""
cleanup() {
  if [ -n "$LPID" ]; then kill -9 "$LPID" 2>/dev/null || true; fi
  exec 7>&- 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# ---------------------------------------------------------------------------------------------
# The clients, the probe and the measurements (python3, standard library only).
cat >"$work/attack.py" <<'PY'
import collections, hashlib, hmac, json, os, resource, socket, sys, threading, time, uuid

attack, PID, PORT, RESULTS = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
HOST = "127.0.0.1"          # the only address this script ever talks to
SECRET = b"s3cret"
PROBE_TIMEOUT = 10.0        # a probe slower than this counts as not answered
MiB = 1 << 20

# The attacking process may need many sockets: soft limit up to the hard one.
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if hard == resource.RLIM_INFINITY or hard > soft:
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def stats():
    """(threads, fds, rss MiB) of the listener, or None once it is gone."""
    try:
        threads = rss = None
        with open(f"/proc/{PID}/status") as f:
            for line in f:
                if line.startswith("Threads:"):
                    threads = int(line.split()[1])
                elif line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) / 1024
        fds = len(os.listdir(f"/proc/{PID}/fd"))
        return (threads, fds, rss)
    except (FileNotFoundError, ProcessLookupError):
        return None


class Sampler:
    """Peaks of threads, fds and RSS, sampled every 50 ms while an attack runs."""

    def __init__(self):
        self.peak = None
        self.samples = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _take(self):
        s = stats()
        if s is None:
            return
        self.samples += 1
        self.peak = s if self.peak is None else tuple(max(a, b) for a, b in zip(self.peak, s))

    def _run(self):
        while not self._stop.is_set():
            self._take()
            self._stop.wait(0.05)

    def __enter__(self):
        self._t.start()
        return self

    def __exit__(self, *exc):
        self._take()
        self._stop.set()
        self._t.join()


def github_request(body, delivery, path="/hook"):
    sig = hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {HOST}:{PORT}\r\nUser-Agent: GitHub-Hookshot/attack\r\n"
        "Content-Type: application/json\r\nX-GitHub-Event: ping\r\n"
        f"X-GitHub-Delivery: {delivery}\r\nX-Hub-Signature-256: sha256={sig}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body


def exchange(data, timeout=PROBE_TIMEOUT):
    """Sends a request on a fresh connection and reads the answer to its end.
    Returns (milliseconds, status) with status an int, or a string saying what went wrong."""
    t0 = time.monotonic()
    deadline = t0 + timeout
    try:
        with socket.create_connection((HOST, PORT), timeout=timeout) as s:
            s.sendall(data)
            got = b""
            while True:
                s.settimeout(max(0.01, deadline - time.monotonic()))
                chunk = s.recv(65536)
                if not chunk:
                    break
                got += chunk
        ms = (time.monotonic() - t0) * 1000
        try:
            return ms, int(got.split(b" ", 2)[1])
        except (IndexError, ValueError):
            return ms, "no answer" if not got else "unreadable answer"
    except socket.timeout:
        return (time.monotonic() - t0) * 1000, "timeout"
    except OSError as e:
        return (time.monotonic() - t0) * 1000, f"error {e.__class__.__name__}"


def probe():
    body = json.dumps({"zen": "Keep it logically awesome.", "hook_id": 1, "probe": True}).encode()
    return exchange(github_request(body, str(uuid.uuid4())))


def closed_by_server(socks):
    """How many of these sockets the server has closed (EOF or reset, nothing blocks)."""
    n = 0
    for s in socks:
        try:
            s.setblocking(False)
            if s.recv(65536, socket.MSG_PEEK) == b"":
                n += 1
        except BlockingIOError:
            pass
        except OSError:
            n += 1
    return n


def run_threads(n, target):
    ts = [threading.Thread(target=target, args=(i,), daemon=True) for i in range(n)]
    for t in ts:
        t.start()
    return ts


def wait_until(cond, limit):
    end = time.monotonic() + limit
    while not cond() and time.monotonic() < end:
        time.sleep(0.01)


notes = []
extra_ok = True   # attack-specific part of the target (6: every delivery answered 200)


# --- 1. HTTP/2.0 request lines, 2,000 connections, 4 at a time ------------------------------
def a1():
    ms, status = exchange(b"GET / HTTP/2.0\r\n\r\n", timeout=5)
    notes.append(f"server answers 'GET / HTTP/2.0' with {status}")
    total, per = 2000, 500
    done = [0]
    errors = collections.Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + 30

    def worker(_):
        for _ in range(per):
            if time.monotonic() > deadline:
                break
            try:
                s = socket.create_connection((HOST, PORT), timeout=2)
                s.sendall(b"GET / HTTP/2.0\r\n\r\n")
                s.close()
            except OSError as e:
                with lock:
                    errors[e.__class__.__name__] += 1
            with lock:
                done[0] += 1

    t0 = time.monotonic()
    with Sampler() as smp:
        ts = run_threads(total // per, worker)
        wait_until(lambda: done[0] >= total // 2, 30)
        during = probe()
        for t in ts:
            t.join(35)
    notes.append(f"{done[0]} connections in {time.monotonic() - t0:.1f} s; "
                 f"probe sent after {total // 2}; client errors: {dict(errors) or 'none'}")
    return smp, during


# --- 2. 2,000 idle connections at once (listener under ulimit -n 1024) ---------------------
def a2():
    socks, failed = [], collections.Counter()
    deadline = time.monotonic() + 30
    t0 = time.monotonic()
    with Sampler() as smp:
        for _ in range(2000):
            if time.monotonic() > deadline:
                break
            try:
                socks.append(socket.create_connection((HOST, PORT), timeout=2))
            except OSError as e:
                failed[e.__class__.__name__] += 1
        opened = time.monotonic() - t0
        time.sleep(1)
        during = probe()
        time.sleep(max(0, 5 - (time.monotonic() - t0)))   # held ~5 s in all
        gone = closed_by_server(socks)
    notes.append(f"attacker RLIMIT_NOFILE {resource.getrlimit(resource.RLIMIT_NOFILE)[0]}; "
                 f"{len(socks)} idle connections opened in {opened:.1f} s "
                 f"(failed: {dict(failed) or 'none'}); the server had closed {gone} of them "
                 f"after ~5 s")
    for s in socks:
        s.close()
    return smp, during


# --- 3. 300 stalled senders: head, one body byte, then nothing ------------------------------
def a3():
    socks, failed = [], collections.Counter()
    t0 = time.monotonic()
    with Sampler() as smp:
        for _ in range(300):
            try:
                s = socket.create_connection((HOST, PORT), timeout=2)
                s.sendall(b"POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\nx")
                socks.append(s)
            except OSError as e:
                failed[e.__class__.__name__] += 1
        time.sleep(1)
        during = probe()
        time.sleep(max(0, 5 - (time.monotonic() - t0)))   # held ~5 s in all
        gone = closed_by_server(socks)
    notes.append(f"{len(socks)} stalled senders held ~5 s (failed: {dict(failed) or 'none'}); "
                 f"the server had closed {gone} of them (body timeout is 10 s)")
    for s in socks:
        s.close()
    return smp, during


# --- 4. 3 clients streaming one endless header line ----------------------------------------
def a4():
    results = [None] * 3
    chunk = b"a" * 65536

    def worker(i):
        sent, why = 0, "1 GiB sent"
        end = time.monotonic() + 20
        try:
            s = socket.create_connection((HOST, PORT), timeout=2)
        except OSError as e:
            results[i] = (0, f"connect failed: {e}", None)
            return
        answer = None
        try:
            s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nX-A: ")
            while sent < (1 << 30):
                if time.monotonic() > end:
                    why = "20 s passed"
                    break
                s.settimeout(max(0.05, min(1.0, end - time.monotonic())))
                try:
                    n = s.send(chunk)
                except socket.timeout:
                    continue          # the server is not reading: keep trying until 20 s
                sent += n
        except (BrokenPipeError, ConnectionResetError) as e:
            why = f"server closed ({e.__class__.__name__})"
        except OSError as e:
            why = f"error {e}"
        try:
            s.settimeout(0.5)
            answer = s.recv(200).split(b"\r\n", 1)[0].decode("latin-1") or None
        except OSError:
            pass
        s.close()
        results[i] = (sent, why, answer)

    t0 = time.monotonic()
    with Sampler() as smp:
        ts = run_threads(3, worker)
        during = probe()      # sent while the three stream (for as long as they are let)
        for t in ts:
            t.join(25)
    took = time.monotonic() - t0
    for i, r in enumerate(results):
        if r:
            notes.append(f"client {i + 1}: {r[0] / MiB:.1f} MiB sent, stopped: {r[1]}; "
                         f"answer seen: {r[2] or 'none (reset)'}")
    notes.append(f"the attack lasted {took * 1000:.0f} ms (the probe started with it)")
    return smp, during


# --- 5. 150 deliveries with a ~1 MiB X-GitHub-Delivery (inspection mode, 1 MiB heads) ---------
def a5():
    body = b'{"zen":"big id","hook_id":5}'
    statuses = collections.Counter()
    lock = threading.Lock()
    done = [0]
    # The head (request line and headers together) may be at most 1 MiB: the id takes all of
    # it that the other headers leave.
    rest = len(github_request(body, "")) - len(body)
    id_len = MiB - rest - 7   # the 7 bytes of "NNNNNN-"
    pad = "d" * id_len

    def worker(w):
        for i in range(w, 150, 3):
            ms, st = exchange(github_request(body, f"{i:06}-" + pad), timeout=20)
            with lock:
                statuses[st] += 1
                done[0] += 1

    t0 = time.monotonic()
    with Sampler() as smp:
        ts = run_threads(3, worker)
        wait_until(lambda: done[0] >= 75, 60)
        during = probe()
        for t in ts:
            t.join(60)
    notes.append(f"{done[0]} deliveries with a {id_len + 7}-byte id (heads of exactly 1 MiB) in "
                 f"{time.monotonic() - t0:.1f} s; answers: {dict(statuses)}")
    return smp, during


# --- 6. 2,000 deliveries while nobody reads standard output --------------------------------
def a6():
    global extra_ok
    statuses = collections.Counter()
    slowest = [0.0]
    lock = threading.Lock()
    done = [0]

    def worker(w):
        for i in range(500):
            body = json.dumps({"zen": "unread stdout", "hook_id": 6, "n": w * 500 + i}).encode()
            ms, st = exchange(github_request(body, str(uuid.uuid4())), timeout=10)
            with lock:
                statuses[st] += 1
                slowest[0] = max(slowest[0], ms)
                done[0] += 1

    t0 = time.monotonic()
    with Sampler() as smp:
        ts = run_threads(4, worker)
        wait_until(lambda: done[0] >= 1000, 60)
        during = probe()
        for t in ts:
            t.join(90)
    extra_ok = statuses.get(200, 0) == 2000
    notes.append(f"{done[0]} deliveries in {time.monotonic() - t0:.1f} s, answers: "
                 f"{dict(statuses)}, slowest {slowest[0]:.0f} ms")
    return smp, during


ATTACKS = {"1": a1, "2": a2, "3": a3, "4": a4, "5": a5, "6": a6}

warm = probe()   # one normal delivery first, so the baseline is a listener that has served one
if warm[1] != 200:
    notes.append(f"warm-up delivery: {warm[1]}")
time.sleep(0.3)
base = stats()
smp, during = ATTACKS[attack]()
time.sleep(2)
after = stats()
after_lat = probe() if after else (None, "listener gone")


def near(a, b):
    return a is not None and b is not None and abs(a[0] - b[0]) <= 2 and abs(a[1] - b[1]) <= 2


late = None
if after and not near(base, after):
    # Not back yet: look again ~12 s after the attack (tokio keeps an idle blocking thread 10 s)
    time.sleep(10)
    late = stats()
    if late:
        notes.append(f"~12 s after: threads {late[0]}, fds {late[1]}, RSS {late[2]:.1f} MiB")
if stats() is None:
    notes.append("THE LISTENER IS GONE")


def answered(lat):
    return isinstance(lat[1], int) and lat[1] == 200 and lat[0] <= 1000


peak = smp.peak
met = bool(base and peak and after and answered(during) and answered(after_lat)
           and max(peak[2], after[2]) < 64 and near(base, after) and extra_ok)
why = []
if not answered(during):
    why.append("delivery during")
if not answered(after_lat):
    why.append("delivery after")
if peak and after and max(peak[2], after[2]) >= 64:
    why.append("RSS")
if after and not near(base, after):
    why.append("threads/fds after" + (" (back by ~12 s)" if late and near(base, late) else ""))
if not extra_ok:
    why.append("not every delivery answered 200")
with open(RESULTS, "a") as f:
    f.write(json.dumps({"attack": attack, "base": base, "during": peak, "after": after,
                        "lat_during": during, "lat_after": after_lat, "met": met,
                        "why": why, "notes": notes}) + "\n")
PY

cat >"$work/table.py" <<'PY'
import json, sys
names = {
    "1": "1 HTTP/2.0 lines x2000",
    "2": "2 idle conns x2000, ulimit 1024",
    "3": "3 stalled bodies x300",
    "4": "4 endless header x3",
    "5": "5 1 MiB delivery ids x150",
    "6": "6 stdout unread, x2000",
}
rows = [json.loads(l) for l in open(sys.argv[1])]
def trip(r, i, fmt):
    return "/".join("-" if r[k] is None else fmt(r[k][i]) for k in ("base", "during", "after"))
def lat(l):
    ms, st = l
    if st == 200:
        return f"{ms:.0f}"
    return f"{st}" + (f" @{ms:.0f}" if ms is not None else "")
head = ["attack", "threads b/d/a", "fds b/d/a", "RSS MiB b/d/a", "latency ms d/a", "target met?"]
table = []
for r in rows:
    table.append([names[r["attack"]], trip(r, 0, str), trip(r, 1, str),
                  trip(r, 2, lambda v: f"{v:.1f}"),
                  f"{lat(r['lat_during'])} / {lat(r['lat_after'])}",
                  "yes" if r["met"] else "NO: " + ", ".join(r["why"])])
w = [max(len(x[i]) for x in table + [head]) for i in range(len(head))]
line = lambda cells: "| " + " | ".join(c.ljust(w[i]) for i, c in enumerate(cells)) + " |"
print(line(head))
print("|" + "|".join("-" * (n + 2) for n in w) + "|")
for t in table:
    print(line(t))
print("\nb/d/a: baseline (after one warm-up delivery) / peak while the attack ran (50 ms samples) / ~2 s after.")
print("Target: the normal signed delivery answered 200 within 1000 ms during and after; RSS < 64 MiB;")
print("threads and fds within 2 of the baseline ~2 s after.\n")
for r in rows:
    print(f"{names[r['attack']]}:")
    for n in r["notes"]:
        print(f"  - {n}")
PY

results=$work/results.jsonl
: >"$results"

wait_port() { # $1 file holding the listener's stdout; sets PORT
  PORT=""
  for _ in $(seq 100); do
    PORT=$(sed -n '1s#^listening on http://127\.0\.0\.1:\([0-9]*\).*#\1#p' "$1" 2>/dev/null || true)
    [ -n "$PORT" ] && return 0
    kill -0 "$LPID" 2>/dev/null || break
    sleep 0.05
  done
  echo "the listener did not start:" >&2; cat "$1" "$1.err" >&2 || true; exit 2
}

stop_listener() {
  kill "$LPID" 2>/dev/null || true
  for _ in $(seq 30); do kill -0 "$LPID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$LPID" 2>/dev/null || true
  wait "$LPID" 2>/dev/null || true
  LPID=""
}

run_attack() { # $1 attack number
  echo "attack $1 on port $PORT (pid $LPID)"
  timeout 120 python3 "$work/attack.py" "$1" "$LPID" "$PORT" "$results" ||
    echo "  the clients of attack $1 failed or ran out of time (exit $?)" >&2
  stop_listener
}

common=(listen --port 0 --color never)
checked=(--secret s3cret --scheme github)

for n in 1 3 4; do
  "$hs" "${common[@]}" --no-store "${checked[@]}" >"$work/l$n.out" 2>"$work/l$n.out.err" &
  LPID=$!
  wait_port "$work/l$n.out"
  run_attack "$n"
  if [ "$n" = 1 ]; then
    # 2. the same, but many idle connections against a low open-files limit
    bash -c 'ulimit -n 1024; exec "$0" "$@"' "$hs" "${common[@]}" --no-store "${checked[@]}" \
      >"$work/l2.out" 2>"$work/l2.out.err" &
    LPID=$!
    wait_port "$work/l2.out"
    run_attack 2
  fi
done

# 5. inspection mode (no secret), heads up to 1 MiB
"$hs" "${common[@]}" --no-store --max-header-size 1MiB >"$work/l5.out" 2>"$work/l5.out.err" &
LPID=$!
wait_port "$work/l5.out"
run_attack 5

# 6. standard output into a fifo that, past its first line, nobody reads
mkfifo "$work/unread"
exec 7<>"$work/unread"
"$hs" "${common[@]}" --store "$work/store6" --no-fsync "${checked[@]}" \
  >"$work/unread" 2>"$work/l6.out.err" &
LPID=$!
first=""
read -r -t 5 first <&7 || true
echo "$first" >"$work/l6.out"
wait_port "$work/l6.out"
run_attack 6
exec 7>&-
echo "  captures stored by the listener of attack 6: $(find "$work/store6" -name '*.json' | wc -l)"

echo
python3 "$work/table.py" "$results"
for n in 1 2 3 4 5 6; do
  if [ -s "$work/l$n.out.err" ]; then
    echo "listener $n stderr (first lines):"; head -c 600 "$work/l$n.out.err" | head -5 | sed 's/^/  /'
  fi
done
echo "runtime: ${SECONDS}s"
