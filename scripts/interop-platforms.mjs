// Node half of scripts/interop-platforms.py: the platforms' own npm libraries, driven in
// batches. Not meant to be run alone: the Python script writes a JSON array of jobs to
// standard input and reads a JSON array of results (same order) from standard output.
//
//   node scripts/interop-platforms.mjs NODE_DIR  < jobs.json  > results.json
//
// NODE_DIR is a folder whose node_modules holds the packages of
// scripts/interop-node/package.json (default: $INTEROP_NODE_DIR, else scripts/interop-node).
//
// Jobs ({"op": ...}; bytes travel as base64 in *_b64 fields):
//   versions                                    -> {versions: {pkg: version}}
//   discord.verify  {body_b64, sig, ts, pk}     -> {ok}      discord-interactions verifyKey
//   discord.sign    {body_b64, ts, via}         -> {pk, seed, sig} via "tweetnacl" | "node-crypto"
//   sendgrid.verify {body_b64, sig, ts, pk}     -> {ok}      @sendgrid/eventwebhook
//   sendgrid.sign   {body_b64, ts}              -> {pk, priv, sig}  node crypto ECDSA P-256
//   standard.verify {body_b64, secret, headers, now} -> {ok, error}  standardwebhooks Webhook
//   standard.sign   {body_b64, secret, id, ts}  -> {sig}     standardwebhooks Webhook.sign
// A job that throws answers {error: "..."} (for verify jobs also ok: false).

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const nodeDir = path.resolve(
  process.argv[2] || process.env.INTEROP_NODE_DIR || path.join(here, 'interop-node'),
);
const require = createRequire(path.join(nodeDir, 'package.json'));

const PACKAGES = [
  'discord-interactions',
  '@sendgrid/eventwebhook',
  'starkbank-ecdsa',
  'standardwebhooks',
  'tweetnacl',
];

function version(pkg) {
  try {
    const file = path.join(nodeDir, 'node_modules', pkg, 'package.json');
    return JSON.parse(readFileSync(file, 'utf8')).version;
  } catch {
    return null;
  }
}

const lazy = (name) => {
  let mod;
  return () => (mod ??= require(name));
};
const discord = lazy('discord-interactions');
const sendgrid = lazy('@sendgrid/eventwebhook');
const standard = lazy('standardwebhooks');
const nacl = lazy('tweetnacl');

const bytes = (b64) => Buffer.from(b64, 'base64');

async function run(job) {
  switch (job.op) {
    case 'versions': {
      const versions = {};
      for (const p of PACKAGES) versions[p] = version(p);
      versions.node = process.version;
      return { versions };
    }
    case 'discord.verify': {
      // verifyKey(rawBody, signature, timestamp, clientPublicKey): rawBody as the Buffer a
      // server reads; it answers a Promise<boolean> in discord-interactions 4.x.
      const ok = await discord().verifyKey(bytes(job.body_b64), job.sig, job.ts, job.pk);
      return { ok: ok === true };
    }
    case 'discord.sign': {
      const msg = Buffer.concat([Buffer.from(job.ts, 'utf8'), bytes(job.body_b64)]);
      if (job.via === 'tweetnacl') {
        const kp = nacl().sign.keyPair();
        const sig = nacl().sign.detached(new Uint8Array(msg), kp.secretKey);
        return {
          pk: Buffer.from(kp.publicKey).toString('hex'),
          seed: Buffer.from(kp.secretKey.slice(0, 32)).toString('hex'),
          sig: Buffer.from(sig).toString('hex'),
        };
      }
      const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
      const sig = crypto.sign(null, msg, privateKey);
      const pk = Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url');
      const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d, 'base64url');
      return { pk: pk.toString('hex'), seed: seed.toString('hex'), sig: sig.toString('hex') };
    }
    case 'sendgrid.verify': {
      const ew = new (sendgrid().EventWebhook)();
      const key = ew.convertPublicKeyToECDSA(job.pk);
      // The payload as SendGrid's docs have it: the raw body (a Buffer).
      const ok = ew.verifySignature(key, bytes(job.body_b64), job.sig, job.ts);
      return { ok: ok === true };
    }
    case 'sendgrid.sign': {
      const { publicKey, privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      const msg = Buffer.concat([Buffer.from(job.ts, 'utf8'), bytes(job.body_b64)]);
      const sig = crypto.sign('sha256', msg, { key: privateKey, dsaEncoding: 'der' });
      return {
        pk: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
        priv: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
        sig: sig.toString('base64'),
      };
    }
    case 'standard.verify': {
      const wh = new (standard().Webhook)(job.secret);
      // The library reads the clock itself; the Python side signs with a current timestamp.
      try {
        wh.verify(bytes(job.body_b64).toString('utf8'), job.headers);
        return { ok: true };
      } catch (e) {
        return { ok: false, error: String(e && e.message || e) };
      }
    }
    case 'standard.sign': {
      const wh = new (standard().Webhook)(job.secret);
      const sig = wh.sign(job.id, new Date(job.ts * 1000), bytes(job.body_b64).toString('utf8'));
      return { sig };
    }
    default:
      throw new Error(`unknown op ${job.op}`);
  }
}

const jobs = JSON.parse(readFileSync(0, 'utf8'));
const out = [];
for (const job of jobs) {
  try {
    out.push(await run(job));
  } catch (e) {
    out.push({ ok: false, error: String((e && e.stack) || e) });
  }
}
process.stdout.write(JSON.stringify(out));
