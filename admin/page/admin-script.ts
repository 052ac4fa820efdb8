/**
 * The admin page's script and style, as text the page inlines (admin-page.ts
 * allows the script by its hash). Plain browser JavaScript, no build step:
 * it reads the form into a settings document, and calls /admin/api with the
 * merchant's key for the preview, publish, the versions and rollback.
 * Everything from the API is written with textContent, never innerHTML.
 */
export const ADMIN_STYLE = String.raw`
body { font: 15px/1.4 system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 0 1rem 3rem; color: #222; }
header { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 1px solid #ddd; }
section { margin: 1.5rem 0; }
label { display: block; margin: .4rem 0; }
input, select, textarea { font: inherit; padding: .3rem; }
textarea { width: 100%; box-sizing: border-box; }
#facet-order, #facet-hidden { width: 30rem; }
.hint { color: #666; font-size: 13px; }
.rule { border: 1px solid #ccc; border-radius: 4px; padding: .5rem; margin: .5rem 0; display: grid; grid-template-columns: repeat(4, 1fr); gap: .4rem; }
.rule .wide { grid-column: span 4; }
.rule input[type=text], .rule textarea { width: 100%; box-sizing: border-box; }
.preview { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; border-top: 1px solid #eee; padding: .5rem 0; }
.preview h4 { grid-column: span 2; margin: .2rem 0; }
.preview ol { margin: 0; padding-left: 1.6rem; }
.chart { max-width: 900px; }
.tables { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 1rem; }
.entered { background: #e6f7e6; }
.left { background: #fbe9e9; text-decoration: line-through; }
.moved { background: #fff7d6; }
#status.error { color: #b00020; }
table { border-collapse: collapse; } td, th { padding: .2rem .6rem; text-align: left; border-bottom: 1px solid #eee; }
`;

export const ADMIN_SCRIPT = String.raw`
(function () {
  'use strict';
  var state = { tenant: '', key: '', version: 0, settings: { synonyms: [], rules: [] } };
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (name) {
      if (name === 'text') node.textContent = props[name];
      else if (name === 'className') node.className = props[name];
      else node.setAttribute(name, props[name]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function say(message, isError) {
    var status = $('status');
    status.textContent = message;
    status.className = isError ? 'error' : '';
  }

  function api(method, path, body) {
    var headers = { 'x-tenant-id': state.tenant, authorization: 'Bearer ' + state.key };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch('/admin/api' + path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (response) {
        return response.text().then(function (text) {
          var parsed = text ? JSON.parse(text) : {};
          if (!response.ok) {
            var error = new Error(parsed.message || ('HTTP ' + response.status));
            error.status = response.status;
            error.body = parsed;
            throw error;
          }
          return parsed;
        });
      });
  }

  // Synonyms as lines: "a, b, c" two-way; "a => b, c" one-way. Ids are kept for unchanged groups.
  function synonymsToText(synonyms) {
    return synonyms.map(function (s) {
      return s.type === 'oneWaySynonym' ? s.input + ' => ' + s.synonyms.join(', ') : s.synonyms.join(', ');
    }).join('\n');
  }

  function textToSynonyms(text, previous) {
    var byLine = new Map();
    previous.forEach(function (s) { byLine.set(synonymsToText([s]), s.id); });
    var used = new Set();
    return text.split('\n').map(function (line) { return line.trim(); }).filter(Boolean).map(function (line, i) {
      var id = byLine.get(line);
      if (!id || used.has(id)) { id = 'synonym-' + (i + 1); while (used.has(id)) id += 'x'; }
      used.add(id);
      var arrow = line.indexOf('=>');
      var list = function (part) { return part.split(',').map(function (p) { return p.trim(); }).filter(Boolean); };
      if (arrow >= 0) return { id: id, type: 'oneWaySynonym', input: line.slice(0, arrow).trim(), synonyms: list(line.slice(arrow + 2)) };
      return { id: id, type: 'synonym', synonyms: list(line) };
    });
  }

  function field(label, input, wide) {
    return el('label', { className: wide ? 'wide' : '' }, [document.createTextNode(label + ' '), input]);
  }

  function ruleCard(rule) {
    var condition = rule.condition || {};
    var consequence = rule.consequence || {};
    var query = condition.query || { anchoring: 'is', pattern: '' };
    var more = {};
    Object.keys(consequence).forEach(function (name) { if (['pin', 'hide', 'redirect'].indexOf(name) < 0) more[name] = consequence[name]; });
    if (condition.from) more.from = condition.from;
    if (condition.until) more.until = condition.until;
    var anchoring = el('select', { className: 'rule-anchoring' }, ['is', 'contains', 'startsWith'].map(function (a) { return el('option', { value: a, text: a }); }));
    anchoring.value = query.anchoring;
    var enabled = el('input', { type: 'checkbox', className: 'rule-enabled' });
    enabled.checked = rule.enabled !== false;
    var card = el('div', { className: 'rule' }, [
      field('Id', el('input', { type: 'text', className: 'rule-id', value: rule.id || '' })),
      field('Enabled', enabled),
      field('Query', anchoring),
      field('Words', el('input', { type: 'text', className: 'rule-pattern', value: query.pattern || '' })),
      field('Pins', el('input', { type: 'text', className: 'rule-pins', value: (consequence.pin || []).map(function (p) { return p.productId + '@' + p.position; }).join(', ') }), true),
      field('Hide', el('input', { type: 'text', className: 'rule-hide', value: (consequence.hide || []).join(', ') }), true),
      field('Redirect', el('input', { type: 'text', className: 'rule-redirect', value: consequence.redirect || '' }), true),
      field('More', el('textarea', { className: 'rule-more', rows: '2' }), true),
    ]);
    card.querySelector('.rule-more').value = Object.keys(more).length ? JSON.stringify(more) : '';
    var remove = el('button', { className: 'rule-remove', text: 'Remove rule' });
    remove.addEventListener('click', function () { card.remove(); });
    card.appendChild(remove);
    return card;
  }

  function readRule(card, i) {
    var value = function (cls) { return card.querySelector('.' + cls).value.trim(); };
    var list = function (text) { return text.split(',').map(function (p) { return p.trim(); }).filter(Boolean); };
    var more = {};
    if (value('rule-more')) {
      try { more = JSON.parse(value('rule-more')); } catch (e) { throw new Error('rule ' + (i + 1) + ': "More" is not valid JSON'); }
    }
    var condition = {};
    if (value('rule-pattern')) condition.query = { anchoring: value('rule-anchoring'), pattern: value('rule-pattern') };
    if (more.from) condition.from = more.from;
    if (more.until) condition.until = more.until;
    delete more.from; delete more.until;
    var consequence = more;
    var pins = list(value('rule-pins')).map(function (pin) {
      var at = pin.lastIndexOf('@');
      return { productId: at > 0 ? pin.slice(0, at) : pin, position: at > 0 ? Number(pin.slice(at + 1)) : 1 };
    });
    if (pins.length) consequence.pin = pins;
    if (value('rule-hide')) consequence.hide = list(value('rule-hide'));
    if (value('rule-redirect')) consequence.redirect = value('rule-redirect');
    return { id: value('rule-id') || ('rule-' + (i + 1)), enabled: card.querySelector('.rule-enabled').checked, condition: condition, consequence: consequence };
  }

  function show(stored) {
    state.version = stored.version;
    state.settings = stored.settings;
    $('version').textContent = 'version ' + stored.version + (stored.updated_at ? ' (' + stored.updated_at + ', ' + stored.updated_by + ')' : '');
    $('synonyms').value = synonymsToText(stored.settings.synonyms);
    var rules = $('rules');
    rules.replaceChildren.apply(rules, stored.settings.rules.map(ruleCard));
    var facets = stored.settings.facets || {};
    $('facet-order').value = (facets.order || []).join(', ');
    $('facet-hidden').value = (facets.hidden || []).join(', ');
  }

  function draft() {
    var list = function (text) { return text.split(',').map(function (p) { return p.trim(); }).filter(Boolean); };
    var facets = Object.assign({}, state.settings.facets || {});
    var order = list($('facet-order').value);
    var hidden = list($('facet-hidden').value);
    if (order.length) facets.order = order; else delete facets.order;
    if (hidden.length) facets.hidden = hidden; else delete facets.hidden;
    var settings = {
      synonyms: textToSynonyms($('synonyms').value, state.settings.synonyms),
      rules: Array.prototype.map.call($('rules').querySelectorAll('.rule'), readRule),
    };
    if (Object.keys(facets).length) settings.facets = facets;
    return settings;
  }

  function loadVersions() {
    return api('GET', '/settings/versions').then(function (answer) {
      var body = $('versions').querySelector('tbody');
      body.replaceChildren.apply(body, answer.versions.map(function (v) {
        var back = el('button', { className: 'rollback', 'data-version': String(v.version), text: 'Roll back to this' });
        back.disabled = v.version === state.version;
        back.addEventListener('click', function () {
          api('POST', '/settings/rollback', { to: v.version, version: state.version })
            .then(function (stored) { show(stored); say('Rolled back: version ' + stored.version + ' is live within 30 s.'); return loadVersions(); })
            .catch(failed);
        });
        return el('tr', {}, [el('td', { text: String(v.version) }), el('td', { text: v.updated_at }), el('td', { text: v.updated_by }), el('td', { text: v.change }), el('td', {}, [back])]);
      }));
    });
  }

  function failed(error) {
    if (error.status === 409) say('Someone published version ' + error.body.currentVersion + ' meanwhile: reload to see it, then make your change again.', true);
    else say((error.body && error.body.field ? error.body.field + ': ' : '') + error.message, true);
  }

  function productList(products, classes) {
    return el('ol', {}, products.map(function (p) {
      return el('li', { className: classes(p) || '', 'data-id': p.id, text: p.name + ' (' + p.id + ')' });
    }));
  }

  function renderPreview(answer) {
    var out = $('preview-results');
    var blocks = answer.queries.map(function (q) {
      var entered = new Set(q.entered.map(function (p) { return p.id; }));
      var left = new Set(q.left.map(function (p) { return p.id; }));
      var moved = new Set(q.moved.map(function (p) { return p.id; }));
      var title = '"' + q.query + '": ' + q.current.total + ' → ' + q.draft.total + ' results' + (q.totalChange ? ' (' + (q.totalChange > 0 ? '+' : '') + q.totalChange + ')' : '') +
        (q.changed ? '' : ', no change') + (q.draft.redirect ? ', redirects to ' + q.draft.redirect : '');
      return el('div', { className: 'preview', 'data-query': q.query }, [
        el('h4', { text: title }),
        el('div', { className: 'current' }, [el('strong', { text: 'Today' }), productList(q.current.top, function (p) { return left.has(p.id) ? 'left' : moved.has(p.id) ? 'moved' : ''; })]),
        el('div', { className: 'draft' }, [el('strong', { text: 'Draft' }), productList(q.draft.top, function (p) { return entered.has(p.id) ? 'entered' : moved.has(p.id) ? 'moved' : ''; })]),
      ]);
    });
    if (!blocks.length) blocks = [el('p', { text: 'No queries to compare: give some, or change a rule or synonym.' })];
    out.replaceChildren.apply(out, blocks);
    say(answer.changedQueries + ' of ' + answer.queries.length + ' queries change.');
  }

  var REPORTS = ['top-queries', 'no-results', 'low-click-through', 'top-products', 'filters', 're-ranked'];
  var chart = null;

  function reportRange() {
    var from = $('report-from').value;
    var to = $('report-to').value;
    // Dates are whole days: "to" includes its day.
    var end = to ? new Date(Date.parse(to) + 86400000).toISOString() : '';
    return '?' + new URLSearchParams(Object.assign({}, from ? { from: new Date(Date.parse(from)).toISOString() } : {}, end ? { to: end } : {})).toString();
  }

  function table(node, rows) {
    if (!rows.length) { node.replaceChildren(el('tr', {}, [el('td', { text: 'Nothing yet' })])); return; }
    var columns = Object.keys(rows[0]);
    node.replaceChildren(
      el('thead', {}, [el('tr', {}, columns.map(function (c) { return el('th', { text: c }); }))]),
      el('tbody', {}, rows.map(function (row) { return el('tr', {}, columns.map(function (c) { return el('td', { text: row[c] === null ? '' : String(row[c]) }); })); }))
    );
  }

  function loadReports() {
    var range = reportRange();
    var overview = api('GET', '/reports/overview' + range).then(function (answer) {
      var all = answer.rows[0];
      var days = answer.rows.slice(1);
      $('overview').textContent = all.searches + ' searches; ' + Math.round(all.noResultRate * 1000) / 10 + '% found nothing; latency p50 ' + (all.latencyP50 === null ? '–' : all.latencyP50.toFixed(1)) + ' ms, p95 ' + (all.latencyP95 === null ? '–' : all.latencyP95.toFixed(1)) + ' ms.';
      if (chart) chart.destroy();
      if (window.Chart) {
        chart = new window.Chart($('searches-chart'), {
          type: 'line',
          data: { labels: days.map(function (d) { return d.day; }), datasets: [{ label: 'Searches per day', data: days.map(function (d) { return d.searches; }), tension: 0.2 }] },
          options: { animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
        });
      }
    });
    return Promise.all([overview].concat(REPORTS.map(function (name) {
      return api('GET', '/reports/' + name + range).then(function (answer) { table($('report-' + name), answer.rows); });
    }))).then(function () { $('reports').dataset.loaded = 'true'; }).catch(failed);
  }

  function downloadCsv(name) {
    fetch('/admin/api/reports/' + name + reportRange() + '&format=csv', { headers: { 'x-tenant-id': state.tenant, authorization: 'Bearer ' + state.key } })
      .then(function (response) { if (!response.ok) throw new Error('HTTP ' + response.status); return response.blob(); })
      .then(function (blob) {
        var link = el('a', { href: URL.createObjectURL(blob), download: state.tenant + '-' + name + '.csv' });
        document.body.appendChild(link);
        link.click();
        link.remove();
      })
      .catch(failed);
  }

  function signIn() {
    state.tenant = $('tenant').value.trim().toLowerCase();
    state.key = $('key').value.trim();
    return api('GET', '/settings').then(function (stored) {
      sessionStorage.setItem('admin', JSON.stringify({ tenant: state.tenant, key: state.key }));
      $('signin-panel').hidden = true;
      $('editor').hidden = false;
      $('who').textContent = state.tenant;
      show(stored);
      say('Signed in.');
      var today = new Date();
      $('report-to').value = today.toISOString().slice(0, 10);
      $('report-from').value = new Date(today.getTime() - 6 * 86400000).toISOString().slice(0, 10);
      return Promise.all([loadVersions(), loadReports()]);
    }).catch(function (error) {
      $('editor').hidden = true;
      $('signin-panel').hidden = false;
      $('who').textContent = error.status === 401 || error.status === 403 ? 'Not signed in: ' + error.message : 'Sign-in failed: ' + error.message;
    });
  }

  $('signin').addEventListener('click', signIn);
  $('load-reports').addEventListener('click', loadReports);
  Array.prototype.forEach.call(document.querySelectorAll('button.csv'), function (button) {
    button.addEventListener('click', function () { downloadCsv(button.dataset.report); });
  });
  $('add-rule').addEventListener('click', function () {
    $('rules').appendChild(ruleCard({ id: 'rule-' + ($('rules').children.length + 1), condition: { query: { anchoring: 'is', pattern: '' } }, consequence: {} }));
  });
  $('preview').addEventListener('click', function () {
    var settings;
    try { settings = draft(); } catch (error) { return say(error.message, true); }
    var queries = $('preview-queries').value.split('\n').map(function (q) { return q.trim(); }).filter(Boolean);
    say('Searching …');
    api('POST', '/settings/preview', queries.length ? { settings: settings, queries: queries } : { settings: settings }).then(renderPreview).catch(failed);
  });
  $('publish').addEventListener('click', function () {
    var settings;
    try { settings = draft(); } catch (error) { return say(error.message, true); }
    api('PUT', '/settings', { version: state.version, settings: settings })
      .then(function (stored) { show(stored); say('Published: version ' + stored.version + ' is live within 30 s.'); return loadVersions(); })
      .catch(failed);
  });

  var saved = sessionStorage.getItem('admin');
  if (saved) {
    try {
      var parsed = JSON.parse(saved);
      $('tenant').value = parsed.tenant;
      $('key').value = parsed.key;
      signIn();
    } catch (e) { sessionStorage.removeItem('admin'); }
  }
})();
`;
