#!/usr/bin/env python3
"""Interop, by hand: hookscope's asymmetric schemes against independent implementations.

For discord (Ed25519 over timestamp + body), standard v1a (Ed25519 over id.timestamp.body) and
sendgrid (ECDSA P-256/SHA-256, DER, over timestamp + body), with fresh random keys and bodies:

  1. hookscope signs (`sign --format capture`); PyNaCl and `cryptography` verify the headers;
  2. PyNaCl / `cryptography` sign; `hookscope verify --public-key` checks them, and refuses
     the same signature over a body with one byte changed.

`cryptography`'s ECDSA is randomised, so about half its signatures are high-S, as SendGrid's
are: the count of those hookscope accepted is printed.

Usage: scripts/interop-asymmetric.py [ROUNDS]   (default 20; needs python3 with PyNaCl and
cryptography). HOOKSCOPE=path picks the binary (default: target/debug/hookscope, built first).
"""

import base64
import json
import os
import random
import subprocess
import sys
import tempfile

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def binary():
    hs = os.environ.get("HOOKSCOPE")
    if hs:
        return hs
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    subprocess.run(["cargo", "build", "--quiet"], cwd=ROOT, check=True)
    return os.path.join(target, "debug", "hookscope")


HS = binary()
TMP = tempfile.mkdtemp(prefix="hookscope-interop-")
b64 = lambda b: base64.b64encode(b).decode()


def body(rng):
    """A JSON body with some variety: unicode, CRLFs, a trailing newline sometimes."""
    events = [{"event": rng.choice(["delivered", "open", "click"]), "n": rng.randrange(10**9),
               "text": "".join(rng.choice("abcé€😀 \"\\") for _ in range(rng.randrange(40)))}
              for _ in range(rng.randrange(1, 4))]
    text = json.dumps(events, ensure_ascii=rng.random() < 0.5)
    if rng.random() < 0.5:
        text = text.replace("}, {", "},\r\n{") + "\r\n"
    return text.encode()


def hookscope_sign(scheme, secret, payload, ts, msg_id=None):
    path = os.path.join(TMP, "body")
    with open(path, "wb") as f:
        f.write(payload)
    args = [HS, "sign", "--scheme", scheme, "--secret-env", "INTEROP_KEY", "--body", path,
            "--timestamp", str(ts), "--format", "capture"]
    if msg_id:
        args += ["--id", msg_id]
    out = subprocess.run(args, env={"INTEROP_KEY": secret}, capture_output=True, check=True)
    if secret.encode() in out.stdout + out.stderr:
        raise SystemExit(f"{scheme}: the private key was printed")
    capture = json.loads(out.stdout)
    headers = {n.lower(): v for n, v in capture["headers"]}
    assert capture["body"].encode() == payload
    return headers


def hookscope_verify(scheme, public, headers, payload, now):
    path = os.path.join(TMP, "body")
    with open(path, "wb") as f:
        f.write(payload)
    args = [HS, "verify", "--scheme", scheme, "--public-key", public, "--now", str(now),
            "--body", path]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    return subprocess.run(args, capture_output=True).returncode


def changed(payload, rng):
    b = bytearray(payload)
    i = rng.randrange(len(b))
    b[i] ^= 1 << rng.randrange(8)
    return bytes(b)


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    rng = random.Random(20260101)
    results = {}

    def tally(name, ok):
        passed, total = results.get(name, (0, 0))
        results[name] = (passed + bool(ok), total + 1)

    high_s = [0, 0]  # cryptography's high-S signatures: accepted, seen
    for _ in range(rounds):
        ts = 1767225600 + rng.randrange(1000)
        payload = body(rng)

        # ---- discord: Ed25519 over timestamp + body -------------------------------------------
        seed = os.urandom(32)
        nacl_key = SigningKey(seed)
        public = bytes(nacl_key.verify_key)
        secret = seed.hex() if rng.random() < 0.5 else (seed + public).hex()
        h = hookscope_sign("discord", secret, payload, ts)
        sig = bytes.fromhex(h["x-signature-ed25519"])
        msg = h["x-signature-timestamp"].encode() + payload
        try:
            VerifyKey(public).verify(msg, sig)
            Ed25519PublicKey.from_public_bytes(public).verify(sig, msg)
            tally("discord: hookscope signs, PyNaCl + cryptography verify", True)
        except (BadSignatureError, InvalidSignature):
            tally("discord: hookscope signs, PyNaCl + cryptography verify", False)
        theirs = nacl_key.sign(str(ts).encode() + payload).signature
        headers = {"X-Signature-Ed25519": theirs.hex(), "X-Signature-Timestamp": str(ts)}
        tally("discord: PyNaCl signs, hookscope verifies",
              hookscope_verify("discord", public.hex(), headers, payload, ts) == 0)
        tally("discord: one byte changed, hookscope refuses",
              hookscope_verify("discord", public.hex(), headers, changed(payload, rng), ts) == 1)

        # ---- standard v1a: Ed25519 over id.timestamp.body -------------------------------------
        seed = os.urandom(32)
        crypto_key = Ed25519PrivateKey.from_private_bytes(seed)
        public = crypto_key.public_key().public_bytes(serialization.Encoding.Raw,
                                                      serialization.PublicFormat.Raw)
        whsk = "whsk_" + b64(seed if rng.random() < 0.5 else seed + public)
        whpk = "whpk_" + b64(public)
        msg_id = f"msg_interop{rng.randrange(10**12)}"
        h = hookscope_sign("standard", whsk, payload, ts, msg_id)
        entries = h["webhook-signature"].split()
        assert len(entries) == 1 and entries[0].startswith("v1a,"), entries
        sig = base64.b64decode(entries[0][4:])
        msg = f"{h['webhook-id']}.{h['webhook-timestamp']}.".encode() + payload
        try:
            VerifyKey(public).verify(msg, sig)
            crypto_key.public_key().verify(sig, msg)
            tally("standard v1a: hookscope signs, PyNaCl + cryptography verify", True)
        except (BadSignatureError, InvalidSignature):
            tally("standard v1a: hookscope signs, PyNaCl + cryptography verify", False)
        theirs = crypto_key.sign(f"{msg_id}.{ts}.".encode() + payload)
        headers = {"webhook-id": msg_id, "webhook-timestamp": str(ts),
                   "webhook-signature": f"v1,{b64(os.urandom(32))} v1a,{b64(theirs)}"}
        tally("standard v1a: cryptography signs, hookscope verifies",
              hookscope_verify("standard", whpk, headers, payload, ts) == 0)
        tally("standard v1a: one byte changed, hookscope refuses",
              hookscope_verify("standard", whpk, headers, changed(payload, rng), ts) == 1)

        # ---- sendgrid: ECDSA P-256/SHA-256, DER, over timestamp + body ------------------------
        key = ec.generate_private_key(ec.SECP256R1())
        if rng.random() < 0.5:
            secret = b64(key.private_bytes(serialization.Encoding.DER,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
        else:
            secret = key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()).decode()
        spki = key.public_key().public_bytes(serialization.Encoding.DER,
                                             serialization.PublicFormat.SubjectPublicKeyInfo)
        public = b64(spki) if rng.random() < 0.5 else key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
        h = hookscope_sign("sendgrid", secret, payload, ts)
        sig = base64.b64decode(h["x-twilio-email-event-webhook-signature"])
        msg = h["x-twilio-email-event-webhook-timestamp"].encode() + payload
        try:
            key.public_key().verify(sig, msg, ec.ECDSA(hashes.SHA256()))
            tally("sendgrid: hookscope signs, cryptography verifies", True)
        except InvalidSignature:
            tally("sendgrid: hookscope signs, cryptography verifies", False)
        theirs = key.sign(str(ts).encode() + payload, ec.ECDSA(hashes.SHA256()))
        headers = {"X-Twilio-Email-Event-Webhook-Signature": b64(theirs),
                   "X-Twilio-Email-Event-Webhook-Timestamp": str(ts)}
        accepted = hookscope_verify("sendgrid", public, headers, payload, ts) == 0
        tally("sendgrid: cryptography signs, hookscope verifies", accepted)
        if decode_dss_signature(theirs)[1] > P256_N // 2:
            high_s[1] += 1
            high_s[0] += accepted
        tally("sendgrid: one byte changed, hookscope refuses",
              hookscope_verify("sendgrid", public, headers, changed(payload, rng), ts) == 1)

    failed = False
    for name, (passed, total) in results.items():
        failed |= passed != total
        print(f"{'ok  ' if passed == total else 'FAIL'} {passed}/{total}  {name}")
    print(f"     {high_s[0]}/{high_s[1]}  of cryptography's signatures that were high-S, accepted")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
