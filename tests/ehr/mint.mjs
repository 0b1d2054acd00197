// An EHR as the integration tests play it (CDS Hooks 2.0): its keys, the
// JWTs it signs for each call, and a JWK Set server for jku.
//   node mint.mjs keys DIR
//       new key pairs in DIR: ec-1 (P-384), rsa-1 (2048 bits), ec-2 (the
//       key a rotation brings); DIR/jwks.json holds the public ec-1 and
//       rsa-1, DIR/jwks-rotated.json the public ec-2, DIR/ec-1.pem the
//       public ec-1 as PEM (what an attacker would use as an HMAC secret)
//   node mint.mjs token DIR name=value...
//       prints a JWT. key=ec-1|rsa-1|ec-2 (default ec-1), alg (default the
//       key's; none and HS256 are made by hand), kid (default the key's;
//       "-" for none), iss, aud (an array when it holds commas), jku, jti
//       (default random), exp and iat in seconds from now (default 240
//       and 0); "-" leaves jti, exp or iat out;
//       tamper=1 changes the claims after signing
//   node mint.mjs serve DIR FILE
//       serves DIR/<path> on 127.0.0.1 (any free port, written to FILE)
//       and counts each GET in DIR/<path>.count; stops on SIGTERM
import { createHmac, createPublicKey, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { SignJWT, exportJWK, generateKeyPair, importJWK } from 'jose';

const [cmd, dir, ...rest] = process.argv.slice(2);
const b64 = (s) => Buffer.from(s).toString('base64url');

async function keys() {
  const made = {
    'ec-1': await generateKeyPair('ES384', { extractable: true }),
    'rsa-1': await generateKeyPair('RS384', { extractable: true, modulusLength: 2048 }),
    'ec-2': await generateKeyPair('ES384', { extractable: true }),
  };
  const pub = {};
  for (const [kid, k] of Object.entries(made)) {
    const alg = kid.startsWith('rsa') ? 'RS384' : 'ES384';
    writeFileSync(`${dir}/${kid}.private.json`, JSON.stringify({ ...(await exportJWK(k.privateKey)), kid, alg }));
    pub[kid] = { ...(await exportJWK(k.publicKey)), kid, use: 'sig', alg };
  }
  writeFileSync(`${dir}/jwks.json`, JSON.stringify({ keys: [pub['ec-1'], pub['rsa-1']] }));
  writeFileSync(`${dir}/jwks-rotated.json`, JSON.stringify({ keys: [pub['ec-2']] }));
  const pem = createPublicKey({ key: pub['ec-1'], format: 'jwk' }).export({ type: 'spki', format: 'pem' });
  writeFileSync(`${dir}/ec-1.pem`, pem);
}

async function token() {
  const o = Object.fromEntries(rest.map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
  const keyName = o.key ?? 'ec-1';
  const jwk = JSON.parse(readFileSync(`${dir}/${keyName}.private.json`, 'utf8'));
  const alg = o.alg ?? jwk.alg;
  const kid = o.kid ?? jwk.kid;
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: o.iss, aud: o.aud?.includes(',') ? o.aud.split(',') : o.aud };
  if (o.jti !== '-') claims.jti = o.jti ?? randomUUID();
  if (o.exp !== '-') claims.exp = now + Number(o.exp ?? 240);
  if (o.iat !== '-') claims.iat = now + Number(o.iat ?? 0);
  const header = { alg, typ: 'JWT' };
  if (kid !== '-') header.kid = kid;
  if (o.jku) header.jku = o.jku;
  let jwt;
  if (alg === 'none') {
    jwt = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(claims))}.`;
  } else if (alg === 'HS256') {
    // the classic confusion: the public key's PEM as the HMAC secret
    const input = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(claims))}`;
    const secret = readFileSync(`${dir}/ec-1.pem`);
    jwt = `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
  } else {
    jwt = await new SignJWT(claims).setProtectedHeader(header).sign(await importJWK(jwk, jwk.alg));
  }
  if (o.tamper) {
    const [h, , s] = jwt.split('.');
    jwt = `${h}.${b64(JSON.stringify({ ...claims, jti: `${claims.jti}-changed` }))}.${s}`;
  }
  process.stdout.write(jwt + '\n');
}

function serve() {
  const portFile = rest[0];
  const server = createServer((req, res) => {
    const path = `${dir}/${req.url.replace(/^\/+/, '').replace(/[^A-Za-z0-9._-]/g, '_')}`;
    if (req.method !== 'GET' || !existsSync(path)) {
      res.writeHead(404).end();
      return;
    }
    const count = existsSync(`${path}.count`) ? Number(readFileSync(`${path}.count`, 'utf8')) : 0;
    writeFileSync(`${path}.count`, String(count + 1));
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(readFileSync(path));
  });
  server.listen(0, '127.0.0.1', () => writeFileSync(portFile, String(server.address().port)));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

if (cmd === 'keys') await keys();
else if (cmd === 'token') await token();
else if (cmd === 'serve') serve();
else {
  process.stderr.write('usage: mint.mjs keys DIR | token DIR name=value... | serve DIR PORTFILE\n');
  process.exit(2);
}
