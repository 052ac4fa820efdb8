/**
 * A local Serverless plugin (osls, CommonJS) that keeps a deploy honest:
 *
 * - It refuses to deploy an Elasticsearch or commerce API URL that points at
 *   this machine (localhost, 127.0.0.0/8, ::1) or at a placeholder domain
 *   (example.*, .invalid, .test), unless `--param=allowPlaceholderUrls=true`
 *   says so. serverless.yml ships placeholders; a shell set up for local tests
 *   must not turn into a Lambda that searches 127.0.0.1.
 * - It derives the search function's timeout from SEARCH_TIMEOUT_MS, the one
 *   budget a search has across every Elasticsearch call: the function gets
 *   that plus a margin for a cold start, so a slow cluster is answered by our
 *   503 with Retry-After, never by API Gateway's bare 503.
 *
 * `npm run package` (CI) runs the timeout derivation too; the URL check runs
 * only for `deploy`, so packaging offline with the placeholders still works.
 */
'use strict';

/** Seconds a search function may run beyond SEARCH_TIMEOUT_MS: cold start (config, SSM read) and the answer. */
const SEARCH_TIMEOUT_MARGIN_SECONDS = 3;

const PLACEHOLDER_LABELS = new Set(['example', 'invalid', 'test', 'localhost']);

/** Why `url` must not be deployed, or undefined when it may. Pure. */
function refusedUrlReason(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === '::1' || host === '0.0.0.0' || /^127\./.test(host)) return 'points at this machine (loopback)';
  const labels = host.split('.');
  if (labels.some((label) => PLACEHOLDER_LABELS.has(label))) return 'is a placeholder (example, invalid, test or localhost domain)';
  return undefined;
}

/** Every refused URL in the deployment's environment, as messages naming the variable. Pure. */
function refusedUrls(variables) {
  const problems = [];
  for (const [name, value] of Object.entries(variables)) {
    if (typeof value !== 'string' || value === '') continue;
    for (const url of value.split(',').map((part) => part.trim()).filter(Boolean)) {
      const reason = refusedUrlReason(url);
      if (reason) problems.push(`${name}=${url} ${reason}`);
    }
  }
  return problems;
}

/** The search Lambda's timeout in whole seconds for a SEARCH_TIMEOUT_MS budget. Pure. */
function searchLambdaTimeoutSeconds(searchTimeoutMs) {
  const ms = Number(searchTimeoutMs);
  if (!Number.isInteger(ms) || ms <= 0) throw new Error(`SEARCH_TIMEOUT_MS must be a positive whole number of milliseconds, got "${searchTimeoutMs}"`);
  return Math.ceil(ms / 1000) + SEARCH_TIMEOUT_MARGIN_SECONDS;
}

class DeployGuard {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = {
      'before:package:initialize': () => this.prepare(),
      'before:deploy:function:initialize': () => this.prepare(),
    };
  }

  prepare() {
    const service = this.serverless.service;
    const search = service.functions && service.functions.search;
    if (search && search.environment && search.environment.SEARCH_TIMEOUT_MS !== undefined) {
      search.timeout = searchLambdaTimeoutSeconds(search.environment.SEARCH_TIMEOUT_MS);
    }
    const commands = (this.serverless.processedInput && this.serverless.processedInput.commands) || [];
    if (commands[0] !== 'deploy') return;
    const allow = String((service.custom && service.custom.deployGuard && service.custom.deployGuard.allowPlaceholderUrls) || 'false') === 'true';
    if (allow) return;
    const provider = service.provider.environment || {};
    const variables = { ELASTICSEARCH_URL: provider.ELASTICSEARCH_URL };
    for (const fn of Object.values(service.functions || {})) {
      const env = fn.environment || {};
      if (env.ELASTICSEARCH_URL !== undefined) variables.ELASTICSEARCH_URL = env.ELASTICSEARCH_URL;
      if (env.APP_LOAD_BALANCER_URL !== undefined) variables.APP_LOAD_BALANCER_URL = env.APP_LOAD_BALANCER_URL;
    }
    const problems = refusedUrls(variables);
    if (problems.length > 0) {
      throw new this.serverless.classes.Error(
        `Refusing to deploy: ${problems.join('; ')}. Pass the real URL with --param="elasticsearchUrl=…" / --param="appLoadBalancerUrl=…", ` +
          'or --param="allowPlaceholderUrls=true" if this is really meant.',
      );
    }
  }
}

module.exports = DeployGuard;
module.exports.refusedUrlReason = refusedUrlReason;
module.exports.refusedUrls = refusedUrls;
module.exports.searchLambdaTimeoutSeconds = searchLambdaTimeoutSeconds;
module.exports.SEARCH_TIMEOUT_MARGIN_SECONDS = SEARCH_TIMEOUT_MARGIN_SECONDS;
