/**
 * The run lock's fencing against the real Elasticsearch: a holder whose lock
 * expired and was taken over can neither write the state nor pass a fence.
 */
import { jest } from '@jest/globals';
import { LeaseExpiringError, LeaseLostError, TenantLease } from '../../../indexer/sink/tenant-lease.js';
import { StateStore } from '../../../indexer/sink/state-store.js';
import { EMPTY_SYNC_STATE, type SyncState } from '../../../indexer/sync/sync-state.js';
import { IndexerHarness } from '../../support/indexer-harness.js';

describe('tenant lease', () => {
  let h: IndexerHarness;
  afterEach(() => h.close());

  test('fencing: once another holder took the expired lock, the old holder can write nothing (Elasticsearch refuses it)', async () => {
    h = await new IndexerHarness({ products: [] }).start();
    const store = new StateStore(h.es, h.names.stateIndex);
    // The old holder was frozen (its clock stood still while it slept): it believes its lock is still fresh,
    // so nothing local stops it; only the fenced write in Elasticsearch can.
    await store.ensureIndex();
    let frozenAt: number | undefined;
    const old = await TenantLease.acquire<SyncState>(store, h.tenant, 'old-run', EMPTY_SYNC_STATE, { ttlMs: 1_000, now: () => frozenAt ?? Date.now() });
    expect(old).toBeDefined();
    expect(await TenantLease.acquire<SyncState>(store, h.tenant, 'new-run', EMPTY_SYNC_STATE, { ttlMs: 1_000 })).toBeUndefined();
    await new Promise((r) => setTimeout(r, 1_100)); // old-run never renewed: its lock expired
    const taker = await TenantLease.acquire<SyncState>(store, h.tenant, 'new-run', EMPTY_SYNC_STATE, { ttlMs: 60_000 });
    expect(taker).toBeDefined();
    await taker?.update((state) => ({ ...state, lastFullReindexAt: 'by new-run' }));

    frozenAt = (old?.state.lock?.expiresAt ?? 0) - 500; // still "within" its TTL by its own (frozen) clock
    const writes = jest.spyOn(store, 'write');
    await expect(old?.fence()).rejects.toBeInstanceOf(LeaseLostError);
    expect(writes).toHaveBeenCalled(); // refused by Elasticsearch (seq_no), not by a local flag
    await expect(old?.update((state) => ({ ...state, lastFullReindexAt: 'by old-run' }))).rejects.toBeInstanceOf(LeaseLostError);
    writes.mockRestore();
    const stored = await h.syncState();
    expect(stored?.lastFullReindexAt).toBe('by new-run');
    expect(stored?.lock?.owner).toBe('new-run');
  });

  test('a lock that could not be renewed stops the run before it expires (heartbeat failures are not swallowed)', async () => {
    h = await new IndexerHarness({ products: [] }).start();
    const store = new StateStore(h.es, h.names.stateIndex);
    // No heartbeat: as if every renewal failed (Elasticsearch unreachable for them).
    const holder = await TenantLease.acquire<SyncState>(store, h.tenant, 'holder', EMPTY_SYNC_STATE, { ttlMs: 600, expiryMarginMs: 200 });
    expect(() => holder?.check()).not.toThrow();
    await new Promise((r) => setTimeout(r, 450)); // 150 ms left: less than a write may take
    expect(() => holder?.check()).toThrow(LeaseExpiringError);
    await expect(holder?.fence()).rejects.toBeInstanceOf(LeaseExpiringError);
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
