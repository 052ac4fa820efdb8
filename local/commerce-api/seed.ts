/**
 * Seed data for the local commerce API: real products from a WANDS-format TSV,
 * or a deterministic generated catalog of any size.
 *
 * WANDS has no prices, brands or images. Price is derived from the product id
 * (a stable hash) so facets and sorting have something real to work on; the
 * README says so. Brand stays empty rather than invented.
 */
import { readFileSync } from 'node:fs';
import type { ProductInput } from './catalog.js';

/** A small, fast, deterministic PRNG (mulberry32) so generated catalogs repeat exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function priceFor(id: string): number {
  const random = seededRandom(Number.parseInt(id, 10) || id.length * 7919);
  // Log-uniform between $9 and $2,500: most home goods are cheap, a few are not.
  const price = Math.exp(Math.log(9) + random() * (Math.log(2500) - Math.log(9)));
  return Math.round(price * 100 - 1) / 100; // a .x9 shelf price
}

export function parseWandsProducts(tsv: string): ProductInput[] {
  const lines = tsv.split('\n').filter((line) => line.length > 0);
  const header = lines.shift()?.split('\t') ?? [];
  const column = (name: string) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`products TSV has no "${name}" column (header: ${header.join(', ')})`);
    return index;
  };
  const [idCol, nameCol, classCol, categoryCol] = [
    column('product_id'),
    column('product_name'),
    column('product_class'),
    column('category_hierarchy'),
  ];
  return lines.map((line) => {
    const cells = line.split('\t');
    const id = cells[idCol]?.trim() ?? '';
    const productClass = (cells[classCol] ?? '').split('|').map((c) => c.trim()).filter(Boolean);
    return {
      id,
      sku: `W-${id.padStart(6, '0')}`,
      name: cells[nameCol]?.trim() ?? '',
      description: null,
      price: priceFor(id),
      currency: 'USD',
      categoryPath: (cells[categoryCol] ?? '').split(' / ').map((c) => c.trim()).filter(Boolean),
      productClass,
      brand: null,
      imageUrl: null,
      attributes: [],
    };
  });
}

export function loadWandsProducts(path: string): ProductInput[] {
  return parseWandsProducts(readFileSync(path, 'utf8'));
}

const STYLES = ['modern', 'rustic', 'mid-century', 'industrial', 'coastal', 'farmhouse', 'scandinavian', 'traditional'];
const MATERIALS = ['oak', 'walnut', 'velvet', 'linen', 'leather', 'metal', 'rattan', 'marble', 'bamboo', 'acacia'];
const COLORS = ['black', 'white', 'grey', 'navy', 'green', 'beige', 'brown', 'blue', 'pink', 'gold'];
const BRANDS = ['Northfield', 'Harbor & Pine', 'Atelier Nord', 'Oakridge', 'Lumen Co', 'Casa Verde', 'Brightwell', 'Maison Élan'];
const TYPES: Array<{ noun: string; productClass: string; path: string[] }> = [
  { noun: 'sofa', productClass: 'Sofas', path: ['Furniture', 'Living Room Furniture', 'Sofas & Couches'] },
  { noun: 'accent chair', productClass: 'Accent Chairs', path: ['Furniture', 'Living Room Furniture', 'Chairs & Seating'] },
  { noun: 'coffee table', productClass: 'Coffee Tables', path: ['Furniture', 'Living Room Furniture', 'Tables'] },
  { noun: 'bed frame', productClass: 'Beds', path: ['Furniture', 'Bedroom Furniture', 'Beds & Headboards'] },
  { noun: 'dresser', productClass: 'Dressers', path: ['Furniture', 'Bedroom Furniture', 'Dressers & Chests'] },
  { noun: 'area rug', productClass: 'Area Rugs', path: ['Rugs', 'Area Rugs'] },
  { noun: 'table lamp', productClass: 'Table Lamps', path: ['Lighting', 'Lamps', 'Table Lamps'] },
  { noun: 'pendant light', productClass: 'Pendants', path: ['Lighting', 'Ceiling Lights', 'Pendants'] },
  { noun: 'throw pillow', productClass: 'Throw Pillows', path: ['Décor & Pillows', 'Decorative Pillows & Blankets'] },
  { noun: 'bookcase', productClass: 'Bookcases', path: ['Furniture', 'Office Furniture', 'Bookcases'] },
  { noun: 'bar stool', productClass: 'Bar Stools', path: ['Furniture', 'Kitchen & Dining Furniture', 'Bar Stools'] },
  { noun: 'wall mirror', productClass: 'Mirrors', path: ['Décor & Pillows', 'Mirrors'] },
];

function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)] as T;
}

/** `count` generated products with ids `1..count`; the same seed gives the same catalog. */
export function generateProducts(count: number, seed = 42): ProductInput[] {
  const random = seededRandom(seed);
  const products: ProductInput[] = [];
  for (let n = 1; n <= count; n += 1) {
    const type = pick(random, TYPES);
    const style = pick(random, STYLES);
    const material = pick(random, MATERIALS);
    const color = pick(random, COLORS);
    const brand = pick(random, BRANDS);
    const width = 12 + Math.floor(random() * 84);
    const id = String(n);
    products.push({
      id,
      sku: `G-${id.padStart(7, '0')}`,
      name: `${brand} ${style} ${material} ${type.noun} ${width}" ${color}`,
      description: `A ${style} ${type.noun} in ${color} ${material}, ${width} inches wide.`,
      price: priceFor(id),
      currency: 'USD',
      categoryPath: type.path,
      productClass: [type.productClass],
      brand,
      imageUrl: null,
      attributes: [
        { name: 'color', value: color },
        { name: 'material', value: material },
        { name: 'style', value: style },
      ],
    });
  }
  return products;
}
