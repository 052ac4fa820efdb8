/**
 * The admin API against the real Elasticsearch: keys checked per tenant,
 * optimistic versions, every version kept and restorable, and bad input
 * refused with the field named and nothing written.
 */
import fc from 'fast-check';
import { startAdminApi, type AdminApi } from '../../support/admin-api.js';
import { uniquePrefix } from '../../support/indexer-harness.js';

const rule = (id: string, extra: Record<string, unknown> = {}) => ({ id, condition: { query: { anchoring: 'is', pattern: 'sofa' } }, consequence: { hide: ['1'] }, ...extra });
const settings = (...rules: unknown[]) => ({ synonyms: [{ id: 's1', type: 'synonym', synonyms: ['couch', 'sofa'] }], rules });

describe('admin API', () => {
  let admin: AdminApi;
  beforeAll(async () => {
    admin = await startAdminApi(uniquePrefix(), ['shop', 'other']);
  });
  afterAll(() => admin.close());

  test('no key or an unknown one is 401; another tenant\'s key is 403 and reads or writes nothing of this tenant', async () => {
    expect((await admin.call('GET', '/admin/api/settings', { key: null })).status).toBe(401);
    expect((await admin.call('GET', '/admin/api/settings', { key: 'adm_not-a-key' })).status).toBe(401);
    const otherKey = admin.keys.get('other') as string;
    expect((await admin.call('GET', '/admin/api/settings', { tenant: 'shop', key: otherKey })).status).toBe(403);
    const write = await admin.call('PUT', '/admin/api/settings', { tenant: 'shop', key: otherKey, body: { version: 0, settings: settings(rule('r1')) } });
    expect(write.status).toBe(403);
    const own = await admin.call('GET', '/admin/api/settings', { tenant: 'shop' });
    expect(own.status).toBe(200);
    expect(own.body.version).toBe(0);
  });

  test('publish over the version edited; a stale version is 409 with the current one, and nothing is lost', async () => {
    const first = await admin.call('PUT', '/admin/api/settings', { tenant: 'other', body: { version: 0, settings: settings(rule('a')) } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ version: 1, updated_by: 'other-merchant', change: 'update' });
    const stale = await admin.call('PUT', '/admin/api/settings', { tenant: 'other', body: { version: 0, settings: settings(rule('b')) } });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(1);
    expect((await admin.call('GET', '/admin/api/settings', { tenant: 'other' })).body.settings.rules[0].id).toBe('a');
    // Two editors racing from the same version: exactly one wins.
    const race = await Promise.all(['c', 'd'].map((id) => admin.call('PUT', '/admin/api/settings', { tenant: 'other', body: { version: 1, settings: settings(rule(id)) } })));
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  test('every version is kept: listed, read back, and rolled back to as a new version', async () => {
    await admin.call('PUT', '/admin/api/settings', { tenant: 'shop', body: { version: 0, settings: settings(rule('first')) } });
    await admin.call('PUT', '/admin/api/settings', { tenant: 'shop', body: { version: 1, settings: settings(rule('second')) } });
    const versions = await admin.call('GET', '/admin/api/settings/versions', { tenant: 'shop' });
    expect(versions.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect((await admin.call('GET', '/admin/api/settings/versions/1', { tenant: 'shop' })).body.settings.rules[0].id).toBe('first');
    expect((await admin.call('GET', '/admin/api/settings/versions/9', { tenant: 'shop' })).status).toBe(404);
    const rolledBack = await admin.call('POST', '/admin/api/settings/rollback', { tenant: 'shop', body: { to: 1, version: 2 } });
    expect(rolledBack.status).toBe(200);
    expect(rolledBack.body).toMatchObject({ version: 3, change: 'rollback to 1' });
    expect((await admin.call('GET', '/admin/api/settings', { tenant: 'shop' })).body.settings.rules[0].id).toBe('first');
  });

  test('bad input is a 400 naming the field, and nothing is written', async () => {
    const before = (await admin.call('GET', '/admin/api/settings', { tenant: 'shop' })).body.version;
    const cases: Array<[unknown, string]> = [
      [{ version: before, settings: settings(rule('x', { consequence: { pin: [{ productId: '1', position: 0 }] } })) }, 'settings.rules.0.consequence.pin.0.position'],
      [{ version: before, settings: settings(rule('x'), rule('x')) }, 'settings.rules.1.id'],
      [{ version: before, settings: { synonyms: [{ id: 's', type: 'synonym', synonyms: ['only one'] }], rules: [] } }, 'settings.synonyms.0.synonyms'],
      [{ version: before, settings: settings(rule('x', { consequence: { redirect: 'javascript:alert(1)' } })) }, 'settings.rules.0.consequence.redirect'],
      [{ version: -1, settings: settings() }, 'version'],
      [{ settings: settings() }, 'version'],
    ];
    for (const [body, field] of cases) {
      const response = await admin.call('PUT', '/admin/api/settings', { tenant: 'shop', body });
      expect(response.status).toBe(400);
      expect(response.body.field).toBe(field);
      expect(response.body.message).toContain(field.replace(/^settings\./, ''));
    }
    const validate = await admin.call('POST', '/admin/api/settings/validate', { tenant: 'shop', body: { settings: settings(rule('ok')) } });
    expect(validate).toMatchObject({ status: 200, body: { valid: true } });
    expect((await admin.call('GET', '/admin/api/settings', { tenant: 'shop' })).body.version).toBe(before);
  });

  test('hostile input is never a 5xx: prototype names, bodies that are not objects, odd paths and methods', async () => {
    const bodies = ['{"__proto__": {"admin": true}, "version": 0}', '{"constructor": {"prototype": {}}}', 'null', '[]', '"text"', '{', 'x'.repeat(1_010_000)];
    for (const body of bodies) {
      const response = await admin.call('PUT', '/admin/api/settings', { tenant: 'shop', body });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
    const names = await admin.call('PUT', '/admin/api/settings', {
      tenant: 'shop',
      body: { version: 0, settings: { synonyms: [{ id: 'constructor', type: 'oneWaySynonym', input: '__proto__', synonyms: ['toString'] }], rules: [rule('hasOwnProperty')] } },
    });
    expect([200, 409]).toContain(names.status);
    for (const [method, path] of [['DELETE', '/admin/api/settings'], ['GET', '/admin/api/nothing'], ['GET', '/admin/api/settings/versions/__proto__']] as const) {
      const response = await admin.call(method, path, { tenant: 'shop' });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
    expect((await admin.call('GET', '/admin/api/settings', { tenant: '__proto__' })).status).toBe(400);
  });

  test('fuzzed settings, versions, paths and headers: never a 5xx, errors always in the documented shape, nothing valid-looking written', async () => {
    const LEAKS = /exception|elasticsearch|lucene|\bat .+\(.*:\d+|stack|ECONN/i;
    const hostileText = fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom('__proto__', 'constructor', 'toString', '{"$ne":1}', '*', '\u0000', 'ä'.repeat(300)));
    const settingsLike = fc.oneof(
      fc.anything({ maxDepth: 3 }),
      fc.record({ synonyms: fc.array(fc.record({ id: hostileText, type: fc.constantFrom('synonym', 'oneWaySynonym', 'x'), synonyms: fc.array(hostileText, { maxLength: 5 }) }), { maxLength: 3 }), rules: fc.array(fc.anything({ maxDepth: 3 }), { maxLength: 3 }) }),
    );
    const before = (await admin.call('GET', '/admin/api/settings', { tenant: 'shop' })).body.version;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'PATCH'),
        fc.constantFrom('/admin/api/settings', '/admin/api/settings/validate', '/admin/api/settings/rollback', '/admin/api/settings/versions/1', '/admin/api/settings/versions/0x1', '/admin/api/%2e%2e/x'),
        fc.oneof(fc.record({ version: fc.oneof(fc.integer(), fc.string(), fc.constant(null)), to: fc.oneof(fc.integer(), fc.string()), settings: settingsLike }), fc.anything({ maxDepth: 2 })),
        async (method, path, body) => {
          const response = await admin.call(method, path, { tenant: 'shop', ...(method === 'GET' ? {} : { body: JSON.stringify(body) ?? 'null' }) });
          expect(response.status).toBeLessThan(500);
          if (response.status >= 400) {
            expect(typeof response.body.error).toBe('string');
            expect(typeof response.body.message).toBe('string');
            expect(response.body.message).not.toMatch(LEAKS);
          }
        },
      ),
      { numRuns: 300 },
    );
    // Only a well-formed publish over the right version could have written: the fuzz had version numbers at random.
    const after = (await admin.call('GET', '/admin/api/settings', { tenant: 'shop' })).body;
    expect(after.version - before).toBeLessThanOrEqual(1);
  }, 120_000);
});
