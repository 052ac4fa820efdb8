/**
 * `serverless package` (osls, offline, no AWS credentials) builds both
 * Lambdas, and the template it writes carries least privilege: each function
 * its own role, reading only its own SSM parameter; the search function gets
 * its key by reference (the parameter's name), never a key in the template;
 * /health is routed.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, any> }> };

test('the packaged template: one role per function, each reading only its own parameter', async () => {
  const out = mkdtempSync(join(tmpdir(), 'package-'));
  try {
    await run('npx', ['serverless', 'package', '--stage', 'ci', '--package', out], {
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', SLS_DEPRECATION_DISABLE: '*' },
      timeout: 180_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const template = JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
    const resources = template.Resources;
    const fn = (name: string) => Object.values(resources).find((r) => r.Type === 'AWS::Lambda::Function' && JSON.stringify(r.Properties.Handler ?? '').includes(name));
    const search = fn('src/handlers/http');
    const indexer = fn('indexer/handlers/scheduled');
    expect(search?.Properties.Role).toEqual({ 'Fn::GetAtt': ['SearchRole', 'Arn'] });
    expect(indexer?.Properties.Role).toEqual({ 'Fn::GetAtt': ['IndexerRole', 'Arn'] });

    const searchEnv = search?.Properties.Environment.Variables as Record<string, unknown>;
    expect(searchEnv.ELASTICSEARCH_API_KEY_PARAMETER).toBe('/commerce-search/ci/search-key');
    expect(searchEnv).not.toHaveProperty('ELASTICSEARCH_API_KEY');
    expect(searchEnv).not.toHaveProperty('COMMERCE_SECRETS_PARAMETER');
    expect((indexer?.Properties.Environment.Variables as Record<string, unknown>).COMMERCE_SECRETS_PARAMETER).toBe('/commerce-search/ci/secrets');

    const statements = (role: string) =>
      (resources[role]?.Properties.Policies as Array<{ PolicyDocument: { Statement: Array<{ Action: string; Resource: unknown }> } }>).flatMap((p) => p.PolicyDocument.Statement);
    const parameterOf = (role: string) => JSON.stringify(statements(role).find((s) => s.Action === 'ssm:GetParameter')?.Resource);
    expect(parameterOf('SearchRole')).toContain(':parameter/commerce-search/ci/search-key');
    expect(parameterOf('SearchRole')).not.toContain('secrets');
    expect(parameterOf('IndexerRole')).toContain(':parameter/commerce-search/ci/secrets');
    for (const role of ['SearchRole', 'IndexerRole']) {
      expect(statements(role).map((s) => s.Action).sort()).toEqual(['kms:Decrypt', 'ssm:GetParameter']);
    }
    const routes = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route').map((r) => r.Properties.RouteKey);
    expect(routes).toEqual(expect.arrayContaining(['GET /search', 'GET /suggest', 'GET /health', 'POST /1/indexes/{indexName}/queries']));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 200_000);
