/**
 * The admin page at GET /admin, served by the admin Lambda itself (and by
 * npm start through the same handler). It is static: it holds no data and
 * no key; the merchant signs in with a tenant and its admin key, kept in the
 * tab's sessionStorage, and every figure comes from /admin/api with it.
 * Its one inline script is allowed by hash in the Content-Security-Policy,
 * and it writes text from the API only as text (never as markup).
 */
import { createHash } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ADMIN_SCRIPT, ADMIN_STYLE } from './admin-script.js';
import { chartScript } from './chart-asset.js';

const scriptHash = createHash('sha256').update(ADMIN_SCRIPT).digest('base64');

const BODY = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Search admin</title>
<style>${ADMIN_STYLE}</style>
</head>
<body>
<header><h1>Search admin</h1><span id="who"></span></header>
<section id="signin-panel">
  <h2>Sign in</h2>
  <label>Tenant <input id="tenant" autocomplete="off"></label>
  <label>Admin key <input id="key" type="password" autocomplete="off"></label>
  <button id="signin">Sign in</button>
</section>
<main id="editor" hidden>
  <p id="status" role="status"></p>
  <section>
    <h2>Synonyms</h2>
    <p class="hint">One group per line. <code>sofa, couch, settee</code>: each finds the others. <code>loveseat =&gt; sofa</code>: "loveseat" also finds sofas, not the other way.</p>
    <textarea id="synonyms" rows="6"></textarea>
  </section>
  <section>
    <h2>Rules</h2>
    <p class="hint">Pins: <code>product-id@position</code>, comma-separated. Hide: product ids, comma-separated. More: the rest of the consequence as JSON (boost, bury, filters, query, userData).</p>
    <div id="rules"></div>
    <button id="add-rule">Add a rule</button>
  </section>
  <section>
    <h2>Facets</h2>
    <label>Order <input id="facet-order" placeholder="brand, category, price"></label>
    <label>Hidden <input id="facet-hidden" placeholder="department"></label>
  </section>
  <section>
    <h2>Preview</h2>
    <p class="hint">Today's top 10 beside the draft's. Leave the queries empty to compare those the change touches.</p>
    <textarea id="preview-queries" rows="2" placeholder="one query per line"></textarea>
    <button id="preview">Preview the draft</button>
    <div id="preview-results"></div>
  </section>
  <section id="reports">
    <h2>Search analytics</h2>
    <label>From <input id="report-from" type="date"></label>
    <label>To <input id="report-to" type="date"></label>
    <button id="load-reports">Show</button>
    <p id="overview"></p>
    <div class="chart"><canvas id="searches-chart" height="90"></canvas></div>
    <div class="tables">
      <div><h3>Top queries</h3><table id="report-top-queries"></table><button class="csv" data-report="top-queries">CSV</button></div>
      <div><h3>No results</h3><table id="report-no-results"></table><button class="csv" data-report="no-results">CSV</button></div>
      <div><h3>Low click-through</h3><table id="report-low-click-through"></table><button class="csv" data-report="low-click-through">CSV</button></div>
      <div><h3>Top products</h3><table id="report-top-products"></table><button class="csv" data-report="top-products">CSV</button></div>
      <div><h3>Filters used</h3><table id="report-filters"></table><button class="csv" data-report="filters">CSV</button></div>
      <div><h3>Lifted by clicks</h3><table id="report-re-ranked"></table><button class="csv" data-report="re-ranked">CSV</button></div>
    </div>
  </section>
  <section>
    <h2>Publish</h2>
    <button id="publish">Publish</button> <span id="version"></span>
    <h3>Versions</h3>
    <table id="versions"><thead><tr><th>Version</th><th>When</th><th>Who</th><th>Change</th><th></th></tr></thead><tbody></tbody></table>
  </section>
</main>
<script src="/admin/assets/chart.js"></script>
<script>${ADMIN_SCRIPT}</script>
</body>
</html>
`;

/** GET /admin/assets/chart.js: the charting library (chart-asset.ts). */
export function chartAsset(): APIGatewayProxyStructuredResultV2 {
  const source = chartScript();
  if (source === null) return { statusCode: 404, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ error: 'not_found', message: 'the charting library is not shipped with this function' }) };
  return { statusCode: 200, headers: { 'content-type': 'application/javascript; charset=utf-8', 'cache-control': 'public, max-age=86400', 'x-content-type-options': 'nosniff' }, body: source };
}

export function adminPage(method: string): APIGatewayProxyStructuredResultV2 {
  const upper = method.toUpperCase();
  if (upper !== 'GET' && upper !== 'HEAD') {
    return { statusCode: 405, headers: { allow: 'GET, HEAD', 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ error: 'method_not_allowed', message: 'use GET' }) };
  }
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': `default-src 'none'; script-src 'self' 'sha256-${scriptHash}'; style-src 'unsafe-inline'; connect-src 'self'; img-src blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    },
    body: upper === 'HEAD' ? '' : BODY,
  };
}
