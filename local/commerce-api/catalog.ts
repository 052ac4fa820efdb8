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
  private sorted: Partial<Record<ProductOrder, CatalogProduct[]>> = {};

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

  private inOrder(order: ProductOrder): CatalogProduct[] {
    const cached = this.sorted[order];
    if (cached) return cached;
    const all = this.all();
    const stamps = new Map(all.map((p) => [p, Date.parse(p.dateModified)]));
    all.sort((a, b) =>
      order === 'DATE_MODIFIED_ASC' ? (stamps.get(a) as number) - (stamps.get(b) as number) || compareIds(a.id, b.id) : compareIds(a.id, b.id),
    );
    this.sorted[order] = all;
    return all;
  }

  query(q: ProductQuery): { total: number; items: CatalogProduct[] } {
    // Stored stamps are all toISOString(), so the normalised bound compares correctly as a string.
    const since = q.modifiedSince ? new Date(Date.parse(q.modifiedSince)).toISOString() : undefined;
    const idSet = q.ids ? new Set(q.ids) : undefined;
    const matching = this.inOrder(q.orderBy ?? 'ID_ASC').filter(
      (p) => (!q.activeOnly || p.active) && (since === undefined || p.dateModified >= since) && (!idSet || idSet.has(p.id)),
    );
    return { total: matching.length, items: matching.slice(q.offset, q.offset + q.limit) };
  }
}
