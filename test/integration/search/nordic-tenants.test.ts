/**
 * Finnish and Swedish shops through the real route: the indexer and search
 * both read TENANT_LANGUAGES, so inflected forms, compounds and folded
 * spellings meet; a compound's last part names the kind of product.
 */
import { finnishCatalog, swedishCatalog } from '../../../local/commerce-api/nordic-catalogs.js';
import { product } from '../../support/indexer-harness.js';
import { startSearchStack, type SearchStack } from '../../support/search-stack.js';

type Hit = { id: string; name: string; class: string[] };
const LANGUAGES = JSON.stringify({ kauppa: 'fi', butik: 'sv' });

describe('Finnish and Swedish tenants', () => {
  let stack: SearchStack;
  beforeAll(async () => {
    const kauppa = [
      ...finnishCatalog(),
      // The same word spelled with and without ä, to see the exact spelling win.
      product(9001, { name: 'Kivi pöytä, harmaa', productClass: ['Pöydät'], categoryPath: ['Huonekalut', 'Pöydät'] }),
      product(9002, { name: 'Kivi poyta, harmaa', productClass: ['Pöydät'], categoryPath: ['Huonekalut', 'Pöydät'] }),
      product(9003, { name: 'Virta sähköpöytä, musta', productClass: ['Työpöydät'], categoryPath: ['Huonekalut', 'Työhuone', 'Työpöydät'] }),
    ];
    stack = await startSearchStack({
      tenants: { kauppa, butik: swedishCatalog() },
      env: { TENANT_LANGUAGES: LANGUAGES },
      indexerEnv: { TENANT_LANGUAGES: LANGUAGES },
    });
  }, 120_000);
  afterAll(() => stack.close());

  const search = async (tenant: string, q: string): Promise<Hit[]> => {
    const { status, body } = await stack.json(`/search?q=${encodeURIComponent(q)}&size=40`, { tenant });
    expect(status).toBe(200);
    return body.hits as Hit[];
  };

  test('Finnish inflections meet: sohvat, sohvaa, sohvan all find sofas first', async () => {
    for (const q of ['sohva', 'sohvat', 'sohvaa', 'sohvan', 'sohvia']) {
      const hits = await search('kauppa', q);
      expect(hits.slice(0, 10).every((hit) => hit.class.includes('Sohvat'))).toBe(true);
    }
    expect((await search('kauppa', 'matot')).slice(0, 5).every((hit) => hit.class.includes('Matot'))).toBe(true);
    expect((await search('kauppa', 'sängyt')).slice(0, 5).every((hit) => hit.class.includes('Sängyt'))).toBe(true);
    expect((await search('kauppa', 'pyyhkeet')).slice(0, 5).every((hit) => hit.class.includes('Pyyhkeet'))).toBe(true);
  });

  test('"sohva" finds the compounds that are sofas; "nahka sohva" puts the leather sofa first; tables and cushions come after sofas', async () => {
    const sofas = await search('kauppa', 'sohva');
    const names = sofas.map((hit) => hit.name.toLowerCase());
    expect(names.some((name) => name.includes('nahkasohva'))).toBe(true);
    expect(names.some((name) => name.includes('kulmasohva'))).toBe(true);
    const lastSofa = Math.max(...sofas.map((hit, i) => (hit.class.includes('Sohvat') ? i : -1)));
    const firstOther = sofas.findIndex((hit) => !hit.class.includes('Sohvat'));
    expect(firstOther === -1 || firstOther > lastSofa).toBe(true);
    expect((await search('kauppa', 'nahka sohva'))[0]?.name.toLowerCase()).toContain('nahkasohva');
    expect((await search('kauppa', 'sohvapöytä'))[0]?.class).toContain('Sohvapöydät');
  });

  test('folding: "sahkopoyta" finds "sähköpöytä"; the exact spelling scores higher', async () => {
    expect((await search('kauppa', 'sahkopoyta'))[0]?.name).toBe('Virta sähköpöytä, musta');
    const exact = await search('kauppa', 'kivi pöytä');
    expect(exact[0]?.id).toBe('9001');
    expect(exact.map((hit) => hit.id)).toContain('9002');
  });

  test('Swedish: inflections and compounds meet, the last part names the product', async () => {
    for (const q of ['soffa', 'soffor', 'soffan']) {
      const hits = await search('butik', q);
      expect(hits.slice(0, 10).every((hit) => hit.class.includes('Soffor'))).toBe(true);
    }
    const names = (await search('butik', 'soffa')).map((hit) => hit.name.toLowerCase());
    expect(names.some((name) => name.includes('lädersoffa'))).toBe(true);
    expect((await search('butik', 'läder soffa'))[0]?.name.toLowerCase()).toContain('lädersoffa');
    expect((await search('butik', 'lampor')).slice(0, 10).every((hit) => /lamp/i.test(hit.name))).toBe(true);
    expect((await search('butik', 'ladersoffa'))[0]?.name.toLowerCase()).toContain('lädersoffa');
  });

  test('highlights mark the inflected, folded and compound forms that matched, on the name as written', async () => {
    const { body } = await stack.json(`/search?q=${encodeURIComponent('sohvat')}&size=10`, { tenant: 'kauppa' });
    const hits = body.hits as Array<{ name: string; highlight: { name?: string } }>;
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits.filter((h) => /sohva/i.test(h.name))) expect(hit.highlight.name).toMatch(/<mark>[^<]*sohva[^<]*<\/mark>/i);
    const folded = await stack.json(`/search?q=${encodeURIComponent('sahkopoyta')}`, { tenant: 'kauppa' });
    expect(folded.body.hits[0].highlight.name).toBe('Virta <mark>sähköpöytä</mark>, musta');
    const swedish = await stack.json(`/search?q=${encodeURIComponent('soffor och bord')}&size=10`, { tenant: 'butik' });
    const marked = (swedish.body.hits as Array<{ highlight: { name?: string } }>).map((hit) => hit.highlight.name ?? '').join(' ');
    expect(marked).toMatch(/<mark>[^<]*soffa<\/mark>/i);
    expect(marked).not.toMatch(/<mark>och<\/mark>/i);
  });

  test('hostile text on these tenants is never a 5xx', async () => {
    for (const q of ['ä'.repeat(190), `sohva${'ö'.repeat(150)}`, 'ソファ sohva диван', '\u0000\u202esohva', 'å'.repeat(300)]) {
      for (const tenant of ['kauppa', 'butik']) {
        const { status } = await stack.json(`/search?q=${encodeURIComponent(q)}`, { tenant });
        expect(status).toBeLessThan(500);
      }
    }
  });
});

describe('/suggest in the tenant\'s language', () => {
  let stack: SearchStack;
  beforeAll(async () => {
    stack = await startSearchStack({ tenants: { kauppa: finnishCatalog() }, env: { TENANT_LANGUAGES: LANGUAGES }, indexerEnv: { TENANT_LANGUAGES: LANGUAGES } });
  }, 120_000);
  afterAll(() => stack.close());

  const suggested = async (q: string): Promise<string[]> => {
    const { status, body } = await stack.json(`/suggest?q=${encodeURIComponent(q)}&size=8`, { tenant: 'kauppa' });
    expect(status).toBe(200);
    return (body.suggestions as Array<{ type: string; text: string }>).filter((s) => s.type === 'product').map((s) => s.text.toLowerCase());
  };

  test('a typed word completes the compounds it heads first: "sohva" → nahkasohva, kulmasohva; "pöytä" → ruokapöytä, not only pöytälamppu', async () => {
    const sofas = await suggested('sohva');
    expect(sofas.slice(0, 4).every((name) => /\p{L}*sohva\b/u.test(name) && !/sohva(pöytä|tyyny)/u.test(name))).toBe(true);
    expect(sofas.some((name) => /(nahka|kulma|vuode|divaani|kangas|puutarha)sohva/u.test(name))).toBe(true);
    const tables = await suggested('pöytä');
    // Tables (a compound ending in pöytä: the same kind of product), not lamps for tables. (\b does not see ä.)
    expect(tables.slice(0, 4).every((name) => /pöytä(?!\p{L})/u.test(name) && !/pöytälamppu/u.test(name))).toBe(true);
    // Inflected as a shopper types it: the plural finds the same.
    expect((await suggested('sohvat')).slice(0, 3).every((name) => /sohva\b/u.test(name))).toBe(true);
  });
});
