// Turns the statements PostgreSQL logged for one request (log_statement =
// all) into a pgbench script: the service's exact transaction, its
// parameters written in as literals.
//
//   node sql_to_pgbench.mjs [--key KEY] [--spread UUID PREFIX N] [--pipeline] < log-excerpt > script.sql
//
// --key KEY: the Idempotency-Key the request was sent with; each pgbench
//   transaction gets a key of its own in its place, as the service's
//   clients send them.
// --spread UUID PREFIX N: the consultation the request wrote to (UUID) is
//   in each pgbench transaction one of N consultations picked at random,
//   whose ids are PREFIX and a number of 12 digits (1 to N): the writes
//   spread over a clinic's consultations, as wrk sends them. Only the
//   standalone literal (a parameter) is replaced; the id inside another
//   text (a path hashed, a response stored) stays as it was.
//
// Statements sent in a pipeline log alike (an "execute" line each, then
// its "DETAIL: parameters:" line), so a pipelined transaction is read as
// well; pgbench replays its statements one round trip each, or with
// --pipeline all of them in one (\startpipeline ... \endpipeline).
import { readFileSync } from 'node:fs';

const options = { key: null, spread: null, pipeline: false };
for (let args = process.argv.slice(2); args.length > 0; ) {
  const flag = args.shift();
  if (flag === '--key' && args.length >= 1) options.key = args.shift();
  else if (flag === '--spread' && args.length >= 3) options.spread = args.splice(0, 3);
  else if (flag === '--pipeline') options.pipeline = true;
  else {
    process.stderr.write(`sql_to_pgbench: unknown or incomplete option '${flag}'\n`);
    process.exit(2);
  }
}

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
  // one terminator, whether or not the client sent one
  out.push(`${sql.replace(/;\s*$/, '')};`);
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

// --pipeline: every statement sent before any answer is read, one sync:
// the same work in one round trip, the least the design can cost
let script = (options.pipeline ? ['\\startpipeline', ...out, '\\endpipeline'] : out).join('\n');
const preamble = [];
if (options.key) {
  const { key } = options;
  preamble.push('\\set k random(1, 2000000000)');
  script = script.split(`'${key}'`).join(`('${key}-' || :client_id || '-' || :k)`);
}
if (options.spread) {
  const [uuid, prefix, n] = options.spread;
  // lpad's argument is text, so pgbench's untyped parameter is read as text
  preamble.push(`\\set spread random(1, ${Number(n)})`);
  script = script.split(`'${uuid}'`).join(`('${prefix}' || lpad(:spread, 12, '0'))::uuid`);
}
process.stdout.write(`${[...preamble, script].join('\n')}\n`);
