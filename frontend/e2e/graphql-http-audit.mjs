// The GraphQL-over-HTTP server audits of graphql-http against a running server:
// `node e2e/graphql-http-audit.mjs http://127.0.0.1:8080/graphql`. Exits non-zero on any MUST
// or SHOULD failure; MAY notices are printed only.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node e2e/graphql-http-audit.mjs <graphql url>');
  process.exit(2);
}
const results = await auditServer({ url });
const failed = { MUST: 0, SHOULD: 0, MAY: 0 };
for (const r of results) {
  if (r.status === 'ok') continue;
  const level = r.name.split(' ')[0];
  failed[level] = (failed[level] ?? 0) + 1;
  const body = r.response ? (await r.response.text()).slice(0, 300) : '';
  console.log(`${r.status}: ${r.name} — ${r.reason ?? ''} ${body}`);
}
console.log(`${results.length} audits: ${failed.MUST} MUST, ${failed.SHOULD} SHOULD, ${failed.MAY} MAY not met`);
process.exit(failed.MUST + failed.SHOULD === 0 ? 0 : 1);
