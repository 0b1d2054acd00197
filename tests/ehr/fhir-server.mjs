// The EHR's FHIR server as the CDS Hooks tests play it: a read of
// Patient/<id> answered from DIR/Patient-<id>.json, for the bearer token
// in DIR/token only (401 otherwise; 404 for a Patient it does not have).
// Each request is appended to DIR/requests.log as one JSON line (path,
// Accept, Authorization), so the tests can see what paingen sent.
//   node fhir-server.mjs DIR PORTFILE
//       listens on 127.0.0.1 (any free port, written to PORTFILE); the base
//       URL is http://127.0.0.1:<port>/fhir; stops on SIGTERM
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [dir, portFile] = process.argv.slice(2);
if (!dir || !portFile) {
  process.stderr.write('usage: fhir-server.mjs DIR PORTFILE\n');
  process.exit(2);
}

const server = createServer((req, res) => {
  const { accept = null, authorization = null } = req.headers;
  appendFileSync(`${dir}/requests.log`, JSON.stringify({ path: req.url, accept, authorization }) + '\n');
  const m = /^\/fhir\/Patient\/([A-Za-z0-9.-]{1,64})$/.exec(req.url);
  const file = m && `${dir}/Patient-${m[1]}.json`;
  const token = readFileSync(`${dir}/token`, 'utf8').trim();
  if (req.method !== 'GET' || !m) res.writeHead(404).end();
  else if (authorization !== `Bearer ${token}`) res.writeHead(401).end();
  else if (!existsSync(file)) res.writeHead(404, { 'Content-Type': 'application/fhir+json' }).end();
  else res.writeHead(200, { 'Content-Type': 'application/fhir+json' }).end(readFileSync(file));
});
server.listen(0, '127.0.0.1', () => writeFileSync(portFile, String(server.address().port)));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
