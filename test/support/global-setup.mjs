/**
 * One real Elasticsearch per test run (not per file): started here, its
 * coordinates handed to the test workers through the environment, stopped in
 * global-teardown.mjs. Jest loads global setup outside its module system, so
 * the TypeScript launcher is imported through tsx.
 */
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const started = Date.now();
  const { startElasticsearch } = await tsImport('../../local/elasticsearch/launcher.ts', import.meta.url);
  const es = await startElasticsearch({ heap: '768m', log: (message) => process.stderr.write(`[elasticsearch] ${message}\n`) });
  globalThis.__ELASTICSEARCH__ = es;
  Object.assign(process.env, es.env);
  process.env.TEST_ELASTICSEARCH_SOURCE = es.source;
  process.stderr.write(`[elasticsearch] ${es.source} at ${es.url}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
