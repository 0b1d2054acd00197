// Prints every operation of an OpenAPI document as "METHOD /path", one a
// line, sorted: compared with `paingen --list-routes` by the tests.
// Usage: node tests/contract/list-operations.mjs openapi.yaml
import { OpenAPIBackend } from 'openapi-backend';

const [specPath] = process.argv.slice(2);
const api = new OpenAPIBackend({ definition: specPath, validate: false });
api.validateDefinition = () => api.document; // 3.1 is linted by redocly
await api.init();
const ops = api.getOperations().map((op) => `${op.method.toUpperCase()} ${op.path}`);
console.log(ops.sort().join('\n'));
