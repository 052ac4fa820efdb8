/**
 * `npm run admin-key -- --tenant <id> [--label <who>]`: a new admin key for
 * a tenant. Prints the key (give it to the merchant, once) and the ADMIN_KEYS
 * entry to configure (its hash only). Add it beside the old one to rotate.
 */
import { parseArgs } from 'node:util';
import { newAdminKey } from '../core/keys.js';
import { TENANT_ID_PATTERN } from '../../common/env.js';

const { values } = parseArgs({ options: { tenant: { type: 'string' }, label: { type: 'string', default: 'merchant' } } });
if (!values.tenant || !TENANT_ID_PATTERN.test(values.tenant)) {
  console.error('usage: npm run admin-key -- --tenant <tenant id> [--label <who>]');
  process.exit(2);
}
const { key, sha256 } = newAdminKey();
console.log(`key (give it to the merchant; it is not stored anywhere): ${key}`);
console.log(`ADMIN_KEYS entry: ${JSON.stringify({ [values.tenant]: [{ label: values.label, sha256 }] })}`);
