/**
 * One tenant's product catalog held in memory by the local commerce API.
 * Every change stamps `dateModified` from the catalog's clock, as the real
 * platform does, so syncs can find changes by time.
 */
export interface ProductAttribute {
  name: string;
  value: string;
}

export interface CatalogProduct {
  id: string;
  sku: string | null;
  name: string;
  description: string | null;
  price: number | null;
  currency: string | null;
  dateModified: string;
  active: boolean;
  categoryPath: string[];
  productClass: string[];
  brand: string | null;
  imageUrl: string | null;
  attributes: ProductAttribute[];
}

export type ProductInput = Omit<CatalogProduct, 'dateModified' | 'active'> & { active?: boolean };

export type ProductOrder = 'ID_ASC' | 'DATE_MODIFIED_ASC';

export interface ProductQuery {
  limit: number;
  offset: number;
  modifiedSince?: string | null;
  activeOnly?: boolean | null;
  ids?: readonly string[] | null;
  orderBy?: ProductOrder | null;
}

/** Numeric ids sort numerically, others by code point, so ID_ASC is a total order. */
export function compareIds(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isSafeInteger(na) && Number.isSafeInteger(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

export class Catalog {
  private readonly products = new Map<string, CatalogProduct>();
  /** Both orders, kept until the next change: paging a large catalog must not re-sort it per request. */
  private sorted: Partial<Record<ProductOrder, SortedView>> = {};

  /** `clock` returns epoch milliseconds; tests pass a fixed clock to create ties. */
  constructor(private readonly clock: () => number = Date.now) {}

  get size(): number {
    return this.products.size;
  }

  /** `at`: the DateModified to stamp (seeding a catalog "as of" a past instant); default: the clock. */
  upsert(input: ProductInput, at: number = this.clock()): CatalogProduct {
    const product: CatalogProduct = {
      ...input,
      active: input.active ?? true,
      dateModified: new Date(at).toISOString(),
    };
    this.products.set(product.id, product);
    this.sorted = {};
    return product;
  }

  /** Applies a partial change to an existing product and stamps it modified. */
  update(id: string, change: Partial<ProductInput>): CatalogProduct | undefined {
    const current = this.products.get(id);
    if (!current) return undefined;
    return this.upsert({ ...current, ...change, id });
  }

  /**
   * One change to many products stamped with one DateModified, as an ERP
   * price import does (`ids` undefined: every product). Builds tie groups
   * of any size. Returns how many products changed.
   */
  updateMany(ids: readonly string[] | undefined, change: Partial<ProductInput>, at: number = this.clock()): number {
    let changed = 0;
    for (const id of ids ?? [...this.products.keys()]) {
      const current = this.products.get(id);
      if (!current) continue;
      this.upsert({ ...current, ...change, id }, at);
      changed += 1;
    }
    return changed;
  }

  /** A hard delete: the product disappears from the API without a trace. */
  remove(id: string): boolean {
    this.sorted = {};
    return this.products.delete(id);
  }

  get(id: string): CatalogProduct | undefined {
    return this.products.get(id);
  }

  all(): CatalogProduct[] {
    return [...this.products.values()];
  }

  count(activeOnly = false): number {
    if (!activeOnly) return this.products.size;
    let n = 0;
    for (const p of this.products.values()) if (p.active) n += 1;
    return n;
  }

  /**
   * The catalog in one order, with a running count of active products
   * (`activeBefore[i]`: active products among the first i), so a page is a
   * binary search plus `limit` steps, not a pass over a million products.
   */
  private inOrder(order: ProductOrder): SortedView {
    const cached = this.sorted[order];
    if (cached) return cached;
    const products = this.all();
    if (order === 'DATE_MODIFIED_ASC') {
      // Stored stamps are all toISOString(): they sort as strings.
      products.sort((a, b) => (a.dateModified < b.dateModified ? -1 : a.dateModified > b.dateModified ? 1 : compareIds(a.id, b.id)));
    } else {
      products.sort((a, b) => compareIds(a.id, b.id));
    }
    const activeBefore = new Uint32Array(products.length + 1);
    products.forEach((p, i) => {
      activeBefore[i + 1] = (activeBefore[i] as number) + (p.active ? 1 : 0);
    });
    const view = { products, activeBefore };
    this.sorted[order] = view;
    return view;
  }

  query(q: ProductQuery): { total: number; items: CatalogProduct[] } {
    const order = q.orderBy ?? 'ID_ASC';
    // Stored stamps are all toISOString(), so the normalised bound compares correctly as a string.
    const since = q.modifiedSince ? new Date(Date.parse(q.modifiedSince)).toISOString() : undefined;
    const wanted = (p: CatalogProduct) => (!q.activeOnly || p.active) && (since === undefined || p.dateModified >= since);
    if (q.ids) {
      // A handful of ids: look them up rather than scan.
      const products = [...new Set(q.ids)].map((id) => this.products.get(id)).filter((p): p is CatalogProduct => p !== undefined && wanted(p));
      products.sort(order === 'DATE_MODIFIED_ASC' ? (a, b) => (a.dateModified < b.dateModified ? -1 : a.dateModified > b.dateModified ? 1 : compareIds(a.id, b.id)) : (a, b) => compareIds(a.id, b.id));
      return { total: products.length, items: products.slice(q.offset, q.offset + q.limit) };
    }
    const { products, activeBefore } = this.inOrder(order);
    if (since !== undefined && order !== 'DATE_MODIFIED_ASC') {
      // Not an order the bound can cut: a plain scan (no caller of ours pages this way).
      const matching = products.filter(wanted);
      return { total: matching.length, items: matching.slice(q.offset, q.offset + q.limit) };
    }
    const start = since === undefined ? 0 : firstAtOrAfter(products, since);
    if (!q.activeOnly) {
      return { total: products.length - start, items: products.slice(start + q.offset, start + q.offset + q.limit) };
    }
    const total = (activeBefore[products.length] as number) - (activeBefore[start] as number);
    // The first position holding the (offset+1)-th active product after `start`.
    const target = (activeBefore[start] as number) + q.offset;
    let lo = start;
    let hi = products.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((activeBefore[mid + 1] as number) <= target) lo = mid + 1;
      else hi = mid;
    }
    const items: CatalogProduct[] = [];
    for (let i = lo; i < products.length && items.length < q.limit; i += 1) {
      const p = products[i] as CatalogProduct;
      if (p.active) items.push(p);
    }
    return { total, items };
  }
}

interface SortedView {
  products: CatalogProduct[];
  activeBefore: Uint32Array;
}

/** The first index whose DateModified is at or after `since` in a DATE_MODIFIED_ASC view. */
function firstAtOrAfter(products: readonly CatalogProduct[], since: string): number {
  let lo = 0;
  let hi = products.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((products[mid] as CatalogProduct).dateModified < since) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}