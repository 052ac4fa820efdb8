/**
 * The run lock's fencing against the real Elasticsearch: a holder whose lock
 * expired and was taken over can neither write the state nor pass a fence.
 */
import { LeaseLostError, TenantLease } from '../../../indexer/sink/tenant-lease.js';
import { StateStore } from '../../../indexer/sink/state-store.js';
import { EMPTY_SYNC_STATE, type SyncState } from '../../../indexer/sync/sync-state.js';
import { IndexerHarness } from '../../support/indexer-harness.js';

describe('tenant lease', () => {
  let h: IndexerHarness;
  afterEach(() => h.close());

  test('fencing: once another holder took the expired lock, the old holder can write nothing', async () => {
    h = await new IndexerHarness({ products: [] }).start();
    const store = new StateStore(h.es, h.names.stateIndex);
    const old = await TenantLease.acquire<SyncState>(store, h.tenant, 'old-run', EMPTY_SYNC_STATE, { ttlMs: 200 });
    expect(old).toBeDefined();
    expect(await TenantLease.acquire<SyncState>(store, h.tenant, 'new-run', EMPTY_SYNC_STATE, { ttlMs: 200 })).toBeUndefined();
    await new Promise((r) => setTimeout(r, 300)); // old-run never renewed: its lock expired
    const taker = await TenantLease.acquire<SyncState>(store, h.tenant, 'new-run', EMPTY_SYNC_STATE, { ttlMs: 60_000 });
    expect(taker).toBeDefined();
    await taker?.update((state) => ({ ...state, lastFullReindexAt: 'by new-run' }));

    await expect(old?.update((state) => ({ ...state, lastFullReindexAt: 'by old-run' }))).rejects.toBeInstanceOf(LeaseLostError);
    await expect(old?.fence()).rejects.toBeInstanceOf(LeaseLostError);
    const stored = await h.syncState();
    expect(stored?.lastFullReindexAt).toBe('by new-run');
    expect(stored?.lock?.owner).toBe('new-run');
  });

  test('the heartbeat keeps the lock through a wait several TTLs long', async () => {
    h = await new IndexerHarness({ products: [] }).start();
    const store = new StateStore(h.es, h.names.stateIndex);
    const holder = await TenantLease.acquire<SyncState>(store, h.tenant, 'holder', EMPTY_SYNC_STATE, { ttlMs: 300 });
    holder?.startHeartbeat();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await TenantLease.acquire<SyncState>(store, h.tenant, 'intruder', EMPTY_SYNC_STATE, { ttlMs: 300 })).toBeUndefined();
    await holder?.release();
    expect(await TenantLease.acquire<SyncState>(store, h.tenant, 'next', EMPTY_SYNC_STATE, { ttlMs: 300 })).toBeDefined();
  });
});
