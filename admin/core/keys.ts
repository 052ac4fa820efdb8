/**
 * Per-tenant admin keys. Only their SHA-256 hashes are configured
 * (ADMIN_KEYS); a presented key is hashed and compared with each stored
 * hash in constant time. A tenant may have several keys at once, so a key
 * is rotated by adding the new one, moving clients over, then removing the
 * old one. Each key has a label, recorded as who made a change (the key
 * itself is never logged or stored).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface AdminKey {
  label: string;
  /** Hex SHA-256 of the key. */
  sha256: string;
}

export type Authentication = { ok: true; label: string } | { ok: false; status: 401 | 403; message: string };

const digest = (key: string) => createHash('sha256').update(key, 'utf8').digest();

/** A new random key and the hash to configure for it. */
export function newAdminKey(): { key: string; sha256: string } {
  const key = `adm_${randomBytes(24).toString('base64url')}`;
  return { key, sha256: digest(key).toString('hex') };
}

/** The first configured key of `keys` whose hash equals the presented key's (every one compared, in constant time). */
function matching(presented: Buffer, keys: readonly AdminKey[]): AdminKey | undefined {
  let found: AdminKey | undefined;
  for (const key of keys) {
    const stored = Buffer.from(key.sha256, 'hex');
    if (stored.length === presented.length && timingSafeEqual(stored, presented) && !found) found = key;
  }
  return found;
}

/**
 * Pure: may `presented` act for `tenant`? No key or an unknown one: 401. A key of another tenant: 403
 * (it authenticates, but not for this tenant's settings).
 */
export function authenticate(presented: string | undefined, tenant: string, keys: ReadonlyMap<string, readonly AdminKey[]>): Authentication {
  if (!presented) return { ok: false, status: 401, message: 'an admin key is required: send it as "Authorization: Bearer <key>"' };
  const hash = digest(presented);
  const own = matching(hash, keys.get(tenant) ?? []);
  if (own) return { ok: true, label: own.label };
  for (const [other, list] of keys) {
    if (other !== tenant && matching(hash, list)) return { ok: false, status: 403, message: `this admin key is not valid for tenant "${tenant}"` };
  }
  return { ok: false, status: 401, message: 'unknown admin key' };
}
