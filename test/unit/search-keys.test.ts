/** The key check alone: plain keys, secured keys' restrictions and expiry, patterns of restrictIndices. */
import { createHmac } from 'node:crypto';
import { authorizeSearch, indexAllowed } from '../../src/auth/search-keys.js';

const keys = [{ label: 'old', key: 'old-key-0000000000000' }, { label: 'new', key: 'new-key-1111111111111' }];
const secured = (parent: string, query: string) => Buffer.from(createHmac('sha256', parent).update(query).digest('hex') + query).toString('base64');

describe('search keys', () => {
  test('a tenant without keys is open; with keys, either key during a rotation, nothing else', () => {
    expect(authorizeSearch(undefined, undefined)).toEqual({ ok: true, label: null, restrictions: null });
    expect(authorizeSearch('new-key-1111111111111', keys)).toMatchObject({ ok: true, label: 'new' });
    expect(authorizeSearch('old-key-0000000000000', keys)).toMatchObject({ ok: true, label: 'old' });
    expect(authorizeSearch(undefined, keys).ok).toBe(false);
    expect(authorizeSearch('new-key-1111111111112', keys).ok).toBe(false);
  });

  test('a secured key carries its parameters; key-only restrictions are read apart; expiry is checked', () => {
    const now = Date.parse('2026-12-05T00:00:00Z');
    const access = authorizeSearch(secured('old-key-0000000000000', `filters=brand%3AAcme&hitsPerPage=5&restrictIndices=products%2Cproducts_price%2A&validUntil=${now / 1000 + 3600}`), keys, now);
    expect(access).toMatchObject({ ok: true, label: 'old', restrictions: { restrictIndices: ['products', 'products_price*'] } });
    expect(access.ok && { ...access.restrictions?.params }).toEqual({ filters: 'brand:Acme', hitsPerPage: '5' });
    expect(authorizeSearch(secured('old-key-0000000000000', `validUntil=${now / 1000 - 1}`), keys, now)).toMatchObject({ ok: false, message: expect.stringMatching(/expired/) });
    expect(authorizeSearch(secured('someone-elses-key-000', 'filters=brand%3AAcme'), keys, now).ok).toBe(false);
  });

  test('restrictIndices: exact names and prefix patterns', () => {
    expect(indexAllowed('products_price_asc', ['products', 'products_price*'])).toBe(true);
    expect(indexAllowed('products_newest', ['products', 'products_price*'])).toBe(false);
    expect(indexAllowed('anything', null)).toBe(true);
  });
});
