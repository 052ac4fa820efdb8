/**
 * `npm run status -- [--tenant <id> …] [--stage <stage> [--region <region>]]`
 *
 * Each tenant's indexing status as JSON. With --stage it asks the deployed
 * indexer Lambda (`commerce-search-<stage>-indexer`, mode "status") with your
 * AWS credentials: the Lambda sits in the cluster's VPC, so no network path
 * to Elasticsearch is needed, and IAM (lambda:InvokeFunction) decides who may
 * read it. Without --stage it reads the cluster in ELASTICSEARCH_URL directly
 * (the local stack, or a machine inside the VPC).
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../../common/env.js';
import { loadIndexerConfig, resolveSecrets } from '../config.js';
import { createElasticsearchClient } from '../sink/elasticsearch-client.js';
import { tenantStatus } from '../status.js';
import { selectTenants } from '../tenants.js';

const USAGE = 'usage: npm run status -- [--tenant <id> …] [--stage <stage> [--region <region>]]';

async function fromStage(stage: string, region: string | undefined, tenants: string[] | undefined): Promise<unknown> {
  const { LambdaClient, InvokeCommand } = await import('@aws-sdk/client-lambda');
  const client = new LambdaClient(region ? { region } : {});
  const functionName = `commerce-search-${stage}-indexer`;
  const response = await client.send(
    new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify({ mode: 'status', ...(tenants ? { tenants } : {}) })) }),
  );
  const body = response.Payload ? Buffer.from(response.Payload).toString('utf8') : '';
  if (response.FunctionError) throw new Error(`${functionName} failed: ${body.slice(0, 500)}`);
  return JSON.parse(body) as unknown;
}

async function fromCluster(tenants: string[] | undefined): Promise<unknown> {
  const config = loadIndexerConfig();
  const secrets = await resolveSecrets(config);
  const es = createElasticsearchClient({ ...config.elasticsearch, apiKey: config.elasticsearch.apiKey ?? secrets.elasticsearchApiKey });
  try {
    const selected = selectTenants(config, secrets, tenants);
    return { mode: 'status', tenants: await Promise.all(selected.map((tenant) => tenantStatus(es, config, tenant))) };
  } finally {
    await es.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      tenant: { type: 'string', multiple: true },
      stage: { type: 'string' },
      region: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const status = values.stage ? await fromStage(values.stage, values.region, values.tenant) : await fromCluster(values.tenant);
  console.log(JSON.stringify(status, null, 2));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `status failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
