// Makes the fixed keys and tokens of the unit tests (tests/unit/test_jose.c):
// run once, its output committed as tests/unit/data/jose_jwks.json and
// tests/unit/data/jose_tokens.tsv. The claims check takes "now" as a
// parameter, so the tokens stay valid in the tests for ever.
//   node tests/ehr/make-unit-fixtures.mjs tests/unit/data
import { generateKeyPairSync, createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { SignJWT, exportJWK } from 'jose';

const dir = process.argv[2] ?? '.';
const NOW = 1767225600; // 2026-01-01T00:00:00Z, the tests' "now"
const ISS = 'https://ehr.example.org';
const AUD = 'https://paingen.clinic.example/cds-services/pain-workup';

const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const otherEc = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });

const pub = async (k, extra) => ({ ...(await exportJWK(k.publicKey)), ...extra });
const jwks = {
  keys: [
    await pub(ec, { kid: 'ec-1', use: 'sig', alg: 'ES384' }),
    await pub(rsa, { kid: 'rsa-1', use: 'sig', alg: 'RS384' }),
    // an encryption key of the same kid: never used to verify
    await pub(otherEc, { kid: 'ec-1', use: 'enc' }),
  ],
};
writeFileSync(`${dir}/jose_jwks.json`, JSON.stringify(jwks, null, 1) + '\n');
// keys the registration must refuse, one per line: why, the member
// named as at fault, the JWK
const bad = [
  ['RSA of 1024 bits', 'n', await pub(small, { kid: 'small' })],
  ['EC on P-256', 'crv', await pub(p256, { kid: 'p256' })],
  ['a private key', 'd', { ...(await exportJWK(ec.privateKey)), kid: 'priv' }],
];
writeFileSync(`${dir}/jose_bad_keys.tsv`,
  '# why\tmember\tJWK a JWKS registration must refuse (made by tests/ehr/make-unit-fixtures.mjs)\n' +
  bad.map(([w, m, k]) => `${w}\t${m}\t${JSON.stringify(k)}`).join('\n') + '\n');

const claims = (over = {}) => {
  const c = { iss: ISS, aud: AUD, iat: NOW - 10, exp: NOW + 240, jti: 'jti-0001', ...over };
  for (const k of Object.keys(c)) if (c[k] === undefined) delete c[k];
  return c;
};
const sign = (c, key, header) => new SignJWT(c).setProtectedHeader({ typ: 'JWT', ...header }).sign(key);
const b64 = (s) => Buffer.from(s).toString('base64url');

const good = await sign(claims(), ec.privateKey, { alg: 'ES384', kid: 'ec-1' });
const [gh, gp] = good.split('.');
const pem = ec.publicKey.export({ type: 'spki', format: 'pem' });
const hsHeader = b64(JSON.stringify({ alg: 'HS256', kid: 'ec-1', typ: 'JWT' }));
const hsInput = `${hsHeader}.${gp}`;
const hs = `${hsInput}.${createHmac('sha256', pem).update(hsInput).digest('base64url')}`;
const derSig = (() => {
  // the same ES384 signature as DER instead of raw r||s: refused
  const raw = Buffer.from(good.split('.')[2], 'base64url');
  const int = (b) => { let i = 0; while (i < b.length - 1 && b[i] === 0) i++; b = b.subarray(i);
    return b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b; };
  const r = int(raw.subarray(0, 48)), s = int(raw.subarray(48));
  const body = Buffer.concat([Buffer.from([2, r.length]), r, Buffer.from([2, s.length]), s]);
  return `${gh}.${gp}.${Buffer.concat([Buffer.from([0x30, body.length]), body]).toString('base64url')}`;
})();

// name, what jose_verify then jose_check_claims must answer, token
const rows = [
  ['ES384 good', 'OK', good],
  ['RS384 good', 'OK', await sign(claims(), rsa.privateKey, { alg: 'RS384', kid: 'rsa-1' })],
  ['aud as an array holding the URL', 'OK', await sign(claims({ aud: ['https://other.example', AUD] }), ec.privateKey, { alg: 'ES384', kid: 'ec-1' })],
  ['ES384 signed by another key', 'BAD_SIGNATURE', await sign(claims(), otherEc.privateKey, { alg: 'ES384', kid: 'ec-1' })],
  ['RS384 claims changed after signing', 'BAD_SIGNATURE', (await sign(claims(), rsa.privateKey, { alg: 'RS384', kid: 'rsa-1' })).replace(/\.[^.]+\./, `.${b64(JSON.stringify(claims({ jti: 'jti-9999' })))}.`)],
  ['ES384 signature as DER', 'BAD_SIGNATURE', derSig],
  ['alg none', 'ALG_NONE', `${b64(JSON.stringify({ alg: 'none', kid: 'ec-1', typ: 'JWT' }))}.${gp}.`],
  ['HS256 with the public key as secret', 'ALG_HMAC', hs],
  ['ES256', 'ALG_UNSUPPORTED', await sign(claims(), p256.privateKey, { alg: 'ES256', kid: 'ec-1' })],
  ['RS384 header naming the EC key', 'UNKNOWN_KID', await sign(claims(), rsa.privateKey, { alg: 'RS384', kid: 'ec-1' })],
  ['unknown kid', 'UNKNOWN_KID', await sign(claims(), ec.privateKey, { alg: 'ES384', kid: 'ec-9' })],
  ['no kid', 'NO_KID', await sign(claims(), ec.privateKey, { alg: 'ES384' })],
  ['typ other than JWT', 'BAD_TYP', await sign(claims(), ec.privateKey, { alg: 'ES384', kid: 'ec-1', typ: 'JOSE+JSON' })],
  ['wrong iss', 'ISS', await sign(claims({ iss: 'https://ehr.example.com' }), ec.privateKey, { alg: 'ES384', kid: 'ec-1' })],
  ['wrong aud', 'AUD', await sign(claims({ aud: 'https://paingen.clinic.example/cds-services' }), ec.privateKey, { alg: 'ES384', kid: 'ec-1' })],
  ['aud array without the URL', 'AUD', await sign(claims({ aud: ['https://other.example'] }), ec.privateKey, { alg: 'ES384', kid: 'ec-1' })],
  ['expired', 'EXPIRED', await sign(claims({ iat: NOW - 400, exp: NOW - 100 }), ec.privateKey, { alg: 'ES384', kid: 'ec-1' })],
  ['exp more than 5 minutes ahead', 'EXP_TOO_FAR', await sign(claims({ exp: NOW + 600 }), ec.privateKey, { alg: 'ES384', kid: 'ec-1' })],
  ['no exp', 'NO_EXP', await sign(claims({ exp: undefined }), ec.privateKey, { alg: 'ES384', kid: 'ec-1' })],
  ['iat in the future', 'IAT_FUTURE', await sign(claims({ iat: NOW + 120 }), ec.privateKey, { alg: 'ES384', kid: 'ec-1' })],
  ['no iat', 'NO_IAT', await sign(claims({ iat: undefined }), ec.privateKey, { alg: 'ES384', kid: 'ec-1' })],
  ['no jti', 'NO_JTI', await sign(claims({ jti: undefined }), ec.privateKey, { alg: 'ES384', kid: 'ec-1' })],
  ['jti too long', 'NO_JTI', await sign(claims({ jti: 'x'.repeat(256) }), ec.privateKey, { alg: 'ES384', kid: 'ec-1' })],
  ['payload not base64url', 'BAD_BASE64', `${gh}.${gp.slice(0, 10)}*${gp.slice(11)}.${good.split('.')[2]}`],
  ['payload not JSON', 'BAD_JSON', `${gh}.${b64('{"iss": ')}.${good.split('.')[2]}`],
  ['payload a JSON array', 'BAD_JSON', `${gh}.${b64('["iss"]')}.${good.split('.')[2]}`],
  ['two parts', 'MALFORMED', `${gh}.${gp}`],
  ['four parts', 'MALFORMED', `${good}.${gp}`],
];
writeFileSync(`${dir}/jose_tokens.tsv`,
  `# case\texpected\ttoken (made by tests/ehr/make-unit-fixtures.mjs; now ${NOW}, iss ${ISS}, aud ${AUD})\n` +
  rows.map((r) => r.join('\t')).join('\n') + '\n');
