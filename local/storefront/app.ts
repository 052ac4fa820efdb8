/**
 * The demo storefront: stock InstantSearch.js widgets talking to our
 * Algolia-compatible endpoint through the official client (no custom
 * adapter), an autocomplete dropdown on /suggest, and the indexer status.
 */
import { liteClient } from 'algoliasearch/lite';
import instantsearch from 'instantsearch.js';
import aa from 'search-insights';
import type { UiState } from 'instantsearch.js/es/types/ui-state.js';
import {
  clearRefinements,
  configure,
  currentRefinements,
  hierarchicalMenu,
  hits,
  pagination,
  queryRuleCustomData,
  rangeInput,
  refinementList,
  searchBox,
  sortBy,
  stats,
} from 'instantsearch.js/es/widgets/index.js';

const tenant = new URLSearchParams(location.search).get('tenant') ?? 'demo';
document.getElementById('tenant-name')!.textContent = tenant;

/** The page's words in the tenant's language (the server sets <html lang> from TENANT_LANGUAGES). */
const WORDS = {
  en: {
    placeholder: 'Search sofas, rugs, lamps…', relevant: 'Most relevant', priceAsc: 'Price: low to high', priceDesc: 'Price: high to low', newest: 'Newest',
    nameAsc: 'Name A–Z', findType: 'Find a type', to: 'to', go: 'Go', clear: 'Clear all filters', didYouMean: 'Did you mean', noProducts: 'No products for',
    department: 'Department', productType: 'Product type', price: 'Price', locale: 'en-US',
  },
  fi: {
    placeholder: 'Hae sohvia, mattoja, valaisimia…', relevant: 'Osuvimmat', priceAsc: 'Hinta: halvin ensin', priceDesc: 'Hinta: kallein ensin', newest: 'Uusimmat',
    nameAsc: 'Nimi A–Ö', findType: 'Etsi tuotetyyppi', to: '–', go: 'Hae', clear: 'Tyhjennä rajaukset', didYouMean: 'Tarkoititko', noProducts: 'Ei tuotteita haulla',
    department: 'Osasto', productType: 'Tuotetyyppi', price: 'Hinta', locale: 'fi-FI',
  },
  sv: {
    placeholder: 'Sök soffor, mattor, lampor…', relevant: 'Mest relevanta', priceAsc: 'Pris: lägst först', priceDesc: 'Pris: högst först', newest: 'Nyast',
    nameAsc: 'Namn A–Ö', findType: 'Sök produkttyp', to: '–', go: 'Sök', clear: 'Rensa filter', didYouMean: 'Menade du', noProducts: 'Inga produkter för',
    department: 'Avdelning', productType: 'Produkttyp', price: 'Pris', locale: 'sv-SE',
  },
} as const;
const words = WORDS[(document.documentElement.lang as keyof typeof WORDS) in WORDS ? (document.documentElement.lang as keyof typeof WORDS) : 'en'];
document.querySelectorAll<HTMLElement>('[data-word]').forEach((element) => {
  element.textContent = words[element.dataset.word as keyof typeof words] ?? element.textContent;
});

// The Algolia application id names the tenant; the API key is not a secret here.
const client = liteClient(tenant, 'storefront', {
  hosts: [{ url: location.host, protocol: location.protocol.replace(':', '') as 'http' | 'https', accept: 'readWrite' }],
  // One host, no fallback: a first search that also loads the tenant's catalog vocabulary may take more than the default 2 s.
  timeouts: { connect: 2_000, read: 10_000, write: 10_000 },
});

// InstantSearch's stock insights middleware with the stock search-insights client, sending to our /1/events
// (search analytics, docs/analytics.md): it turns on clickAnalytics (a queryID per result) and sends views and clicks.
const search = instantsearch({
  indexName: 'products',
  searchClient: client,
  routing: true,
  insights: { insightsClient: aa as never, insightsInitParams: { appId: tenant, apiKey: 'storefront', host: location.origin, useCookie: false, anonymousUserToken: true } },
});

const money = (value: number | null, currency: string | null) =>
  value === null ? '' : new Intl.NumberFormat(words.locale, { style: 'currency', currency: currency ?? 'USD' }).format(value);

/** The template helpers InstantSearch passes (htm-based `html`, which escapes interpolated values). */
type Html = (strings: TemplateStringsArray, ...values: unknown[]) => never;
type TemplateHelpers = {
  html: Html;
  components: { Highlight: (props: { hit: never; attribute: string }) => unknown };
  sendEvent: (type: 'click' | 'conversion', hit: never, name: string) => void;
};
type Hit = { objectID: string; name: string; price: number | null; currency: string | null; category: string | null; categoryPath: string | null; image: string | null };

search.addWidgets([
  configure({ hitsPerPage: 12 }),
  searchBox({ container: '#searchbox', placeholder: words.placeholder, showReset: true, showLoadingIndicator: true }),
  stats({ container: '#stats' }),
  sortBy({
    container: '#sort',
    items: [
      { label: words.relevant, value: 'products' },
      { label: words.priceAsc, value: 'products_price_asc' },
      { label: words.priceDesc, value: 'products_price_desc' },
      { label: words.newest, value: 'products_newest' },
      { label: words.nameAsc, value: 'products_name_asc' },
    ],
  }),
  queryRuleCustomData({
    container: '#did-you-mean',
    templates: {
      default: ({ items }: { items: unknown[] }, { html }: TemplateHelpers): unknown => {
        const suggestion = (items as Array<{ didYouMean?: string }>).find((item) => item.didYouMean)?.didYouMean;
        return suggestion ? html`<p class="dym">${words.didYouMean} <a href="#" data-query="${suggestion}">${suggestion}</a>?</p>` : '';
      },
    },
  }),
  hierarchicalMenu({
    container: '#departments',
    attributes: ['hierarchicalCategories.lvl0', 'hierarchicalCategories.lvl1', 'hierarchicalCategories.lvl2'],
    limit: 12,
  }),
  refinementList({ container: '#classes', attribute: 'product_class', limit: 8, showMore: true, showMoreLimit: 30, searchable: true, searchablePlaceholder: words.findType }),
  rangeInput({ container: '#price', attribute: 'price', templates: { separatorText: words.to, submitText: words.go } }),
  clearRefinements({ container: '#clear', templates: { resetLabel: words.clear } }),
  currentRefinements({ container: '#refinements' }),
  hits({
    container: '#hits',
    templates: {
      item: (hit: never, { html, components, sendEvent }: TemplateHelpers) => {
        const h = hit as Hit;
        const initial = (h.category ?? h.name).slice(0, 1).toUpperCase();
        return html`<article class="card" data-id="${h.objectID}" onClick=${() => sendEvent('click', hit, 'Product clicked')}>
          <div class="thumb">${h.image ? html`<img src="${h.image}" alt="" loading="lazy">` : html`<span>${initial}</span>`}</div>
          <h4 class="name">${components.Highlight({ hit, attribute: 'name' })}</h4>
          <p class="category">${h.category ?? ''}</p>
          <p class="price">${money(h.price, h.currency)}</p>
        </article>`;
      },
      empty: (results: { query: string }, { html }: TemplateHelpers) => html`<p class="empty">${words.noProducts} “${results.query}”.</p>`,
    },
  }),
  pagination({ container: '#pagination', padding: 2 }),
]);

search.start();

// "Did you mean" link: search for the correction.
document.getElementById('did-you-mean')!.addEventListener('click', (event) => {
  const target = (event.target as HTMLElement).closest('a[data-query]');
  if (!target) return;
  event.preventDefault();
  search.setUiState((state: UiState) => ({ ...state, products: { ...state.products, query: target.getAttribute('data-query') ?? '', page: 1 } }));
});

// Autocomplete on /suggest for every keystroke (debounced), in a dropdown under the search box.
const list = document.getElementById('autocomplete') as HTMLUListElement;
let timer: number | undefined;
let lastTyped = '';
function hideSuggestions(): void {
  list.hidden = true;
  list.replaceChildren();
}
document.addEventListener('input', (event) => {
  const input = event.target as HTMLInputElement;
  if (!input.matches('#searchbox input')) return;
  lastTyped = input.value;
  clearTimeout(timer);
  if (!input.value.trim()) return hideSuggestions();
  timer = window.setTimeout(async () => {
    const typed = input.value;
    const response = await fetch(`/suggest?q=${encodeURIComponent(typed)}&size=6`, { headers: { 'x-tenant-id': tenant } });
    if (!response.ok || typed !== lastTyped) return;
    const body = (await response.json()) as { suggestions: Array<{ type: string; text: string }> };
    list.replaceChildren(
      ...body.suggestions.map((suggestion) => {
        const item = document.createElement('li');
        item.role = 'option';
        item.className = `suggestion ${suggestion.type}`;
        item.textContent = suggestion.text;
        item.addEventListener('mousedown', (e) => {
          e.preventDefault();
          hideSuggestions();
          search.setUiState((state: UiState) => ({ ...state, products: { ...state.products, query: suggestion.text, page: 1 } }));
        });
        return item;
      }),
    );
    list.hidden = body.suggestions.length === 0;
  }, 120);
});
document.addEventListener('focusout', (event) => {
  if ((event.target as HTMLElement).matches('#searchbox input')) setTimeout(hideSuggestions, 100);
});
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' || event.key === 'Enter') hideSuggestions();
});

// The indexer's status for this tenant, refreshed every 10 s.
async function refreshStatus(): Promise<void> {
  const target = document.getElementById('status') as HTMLElement;
  try {
    const response = await fetch('/status', { headers: { 'x-tenant-id': tenant } });
    const s = await response.json();
    const rows: Array<[string, string]> = [
      ['Alias', `${s.alias} → ${s.index ?? '(none yet)'}`],
      ['Documents', `${s.documents ?? '—'} indexed${s.sourceProducts !== undefined ? ` of ${s.sourceProducts} active at the source` : ''}`],
      ['Last sync', s.lastSyncAt ? new Date(s.lastSyncAt).toLocaleString() : '—'],
      ['Watermark', s.watermark ?? '—'],
      ['Last run', s.lastRun ? `${s.lastRun.status} (${s.lastRun.mode}, ${s.lastRun.stats.documentsIndexed} indexed, ${s.lastRun.stats.requests} requests)` : '—'],
      ['Rate budget left', `${s.rateBudget.remaining} of ${s.rateBudget.limit} requests / ${s.rateBudget.windowSeconds} s`],
    ];
    target.replaceChildren(
      ...rows.flatMap(([term, value]) => {
        const dt = document.createElement('dt');
        dt.textContent = term;
        const dd = document.createElement('dd');
        dd.textContent = value;
        dd.dataset.field = term.toLowerCase().replace(/\s+/g, '-');
        return [dt, dd];
      }),
    );
  } catch {
    target.textContent = 'status unavailable';
  }
}
void refreshStatus();
setInterval(refreshStatus, 10_000);
