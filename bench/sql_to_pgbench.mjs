// Turns the statements PostgreSQL logged for one request (log_statement =
// all) into a pgbench script: the service's exact transaction, its
// parameters written in as literals.
//
//   node sql_to_pgbench.mjs [KEY] < log-excerpt > script.sql
//
// KEY: the Idempotency-Key the request was sent with; each pgbench
// transaction gets a key of its own in its place, as the service's
// clients send them.
import { readFileSync } from 'node:fs';

const key = process.argv[2];

const lines = readFileSync(0, 'utf8').split('\n');
const out = [];
let pending = null;
// pgbench reads ":name" as a variable even inside a string literal; in
// the literals written in (JSON: "present":false) a space after such a
// colon keeps the text's meaning and pgbench's hands off it.
const literal = (v) => v.replace(/:(?=[A-Za-z_])/g, ': ');
const flush = (params) => {
  if (!pending) return;
  let sql = pending;
  // $10 before $1: replace the highest numbers first
  for (const [n, v] of [...params.entries()].sort((a, b) => b[0] - a[0])) {
    sql = sql.split(`$${n}`).join(literal(v));
  }
  out.push(`${sql};`);
  pending = null;
};
for (const line of lines) {
  const exec = line.match(/LOG:\s+(?:execute [^:]*|statement): (.*)$/);
  const detail = line.match(/DETAIL:\s+parameters: (.*)$/);
  if (exec) {
    flush(new Map());
    pending = exec[1];
  } else if (detail && pending) {
    const params = new Map();
    for (const m of detail[1].matchAll(/\$(\d+) = (NULL|'(?:[^']|'')*')/g)) params.set(Number(m[1]), m[2]);
    flush(params);
  }
}
flush(new Map());
let script = out.join('\n');
if (key) {
  script = `\\set k random(1, 2000000000)\n${script.split(`'${key}'`).join(`('${key}-' || :client_id || '-' || :k)`)}`;
}
process.stdout.write(`${script}\n`);
