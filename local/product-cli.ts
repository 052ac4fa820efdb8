/**
 * `npm run product -- --tenant demo --id 13 [--name "…"] [--price 12.5] [--deactivate | --activate] [--delete]`
 *
 * Changes a product in the running local commerce API (npm start), which
 * stamps a new DateModified; the next incremental sync (within a minute)
 * carries it into search. With no change flags it prints the product.
 */
import { parseArgs } from 'node:util';
import { loadLocalStackEnv } from './stack-env.js';

const USAGE = 'usage: npm run product -- --tenant <id> --id <product id> [--name <text>] [--price <number>] [--deactivate | --activate] [--delete]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      tenant: { type: 'string', default: 'demo' },
      id: { type: 'string' },
      name: { type: 'string' },
      price: { type: 'string' },
      deactivate: { type: 'boolean', default: false },
      activate: { type: 'boolean', default: false },
      delete: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.id) throw new Error(USAGE);
  loadLocalStackEnv();
  const graphql = process.env.COMMERCE_GRAPHQL_URL;
  const secret = process.env.COMMERCE_GRAPHQL_SECRET;
  if (!graphql || !secret) throw new Error('no local stack found: start it with `npm start` first');
  const url = `${graphql.replace(/\/graphql$/, '')}/admin/tenants/${encodeURIComponent(values.tenant)}/products/${encodeURIComponent(values.id)}`;
  const change: Record<string, unknown> = {};
  if (values.name !== undefined) change.name = values.name;
  if (values.price !== undefined) {
    const price = Number(values.price);
    if (!Number.isFinite(price) || price < 0) throw new Error('--price must be a non-negative number');
    change.price = price;
  }
  if (values.deactivate) change.active = false;
  if (values.activate) change.active = true;
  const method = values.delete ? 'DELETE' : Object.keys(change).length > 0 ? 'PATCH' : 'GET';
  const response = await fetch(url, {
    method,
    headers: { 'x-graphql-secret': secret, 'content-type': 'application/json' },
    ...(method === 'PATCH' ? { body: JSON.stringify(change) } : {}),
  });
  if (!response.ok) throw new Error(`local commerce API answered ${response.status}: ${await response.text()}`);
  console.log(method === 'DELETE' ? `deleted ${values.id} (a hard delete: the hourly reconciliation removes it from search)` : await response.text());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
