// Checks recorded HTTP responses (one JSON object per line) against the OpenAPI 3.1 spec:
// the operation, status and media type must be declared, and JSON bodies must match their schema.
// Usage: node tests/contract/validate-responses.mjs openapi.yaml responses.jsonl
import { readFileSync } from 'node:fs';
import { OpenAPIBackend, OpenAPIValidator } from 'openapi-backend';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const [specPath, responsesPath, ...extra] = process.argv.slice(2);
if (!specPath || !responsesPath || extra.length) {
  console.error('usage: node validate-responses.mjs openapi.yaml responses.jsonl');
  process.exit(2);
}

let api, lines;
try {
  lines = readFileSync(responsesPath, 'utf8').split('\n');
  api = new OpenAPIBackend({ definition: specPath, strict: true, validate: false, ignoreTrailingSlashes: false });
  // openapi-backend's own definition check knows only OpenAPI 3.0; the spec is 3.1 and redocly lints it.
  api.validateDefinition = () => api.document;
  await api.init();
} catch (err) {
  console.error(`contract: cannot load input: ${err.message}`);
  process.exit(2);
}

// OpenAPI 3.1 schemas are JSON Schema 2020-12; keywords such as `example` are not validation keywords.
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const compiled = new WeakMap();
function validatorFor(schema) {
  if (!compiled.has(schema)) compiled.set(schema, OpenAPIValidator.compileSchema(ajv, schema));
  return compiled.get(schema);
}

const isJson = (mediaType) => mediaType === 'application/json' || mediaType.endsWith('+json');

// Returns a failure message, or null when the record conforms to the spec.
function check(rec) {
  const op = api.router.matchOperation({ method: rec.method, path: rec.path });
  if (!op) return `no operation for ${rec.method} ${rec.path.split('?')[0]}`;
  const responses = op.responses || {};
  const status = String(rec.status);
  const response = responses[status] ?? responses[`${status[0]}XX`] ?? responses.default;
  if (!response) return `status ${status} not declared for ${op.method.toUpperCase()} ${op.path}`;

  const content = response.content || {};
  const declared = Object.keys(content);
  const mediaType = (rec.content_type || '').split(';')[0].trim().toLowerCase();
  if (!mediaType) {
    if (declared.length) return `no Content-Type, but ${status} declares ${declared.join(', ')}`;
    return rec.body ? `body returned, but ${status} declares no content` : null;
  }
  const key = declared.find((k) => k.toLowerCase() === mediaType)
    ?? declared.find((k) => k === `${mediaType.split('/')[0]}/*`)
    ?? declared.find((k) => k === '*/*');
  if (!key) return `content type ${mediaType} not declared for ${status} (declared: ${declared.join(', ') || 'none'})`;

  if (!isJson(mediaType)) return null;
  let body;
  try {
    body = JSON.parse(rec.body ?? '');
  } catch {
    return `body is not valid JSON: ${JSON.stringify(String(rec.body ?? '').slice(0, 80))}`;
  }
  const schema = content[key].schema;
  if (schema === undefined) return null;
  const validate = validatorFor(schema);
  return validate(body) ? null : `schema mismatch for ${status} ${key}: ${ajv.errorsText(validate.errors, { dataVar: 'body' })}`;
}

let checked = 0, failed = 0, skipped = 0;
lines.forEach((line, i) => {
  if (!line.trim()) return;
  let rec;
  try {
    rec = JSON.parse(line);
  } catch {
    rec = null;
  }
  if (!rec || typeof rec.method !== 'string' || typeof rec.path !== 'string' || rec.status === undefined) {
    checked++, failed++;
    console.log(`FAIL ${responsesPath}:${i + 1}: not a response record`);
    return;
  }
  if (Number(rec.status) === 0) return void skipped++;
  checked++;
  const problem = check(rec);
  if (problem) {
    failed++;
    console.log(`FAIL [${rec.test || 'unnamed test'}] ${rec.method} ${rec.path} -> ${rec.status}: ${problem}`);
  }
});

if (skipped) console.log(`contract: skipped ${skipped} records with status 0 (request failed)`);
console.log(`contract: ${checked} responses checked, ${failed} failed`);
process.exit(failed ? 1 : 0);
