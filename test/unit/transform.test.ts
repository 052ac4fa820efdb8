import { toAction } from '../../indexer/transform/to-document.js';

const valid = {
  id: 42,
  sku: ' ABC-1 ',
  name: 'Velvet Sofas',
  description: 'A  plush sofa',
  price: 499.5,
  currency: 'USD',
  dateModified: '2026-03-01T10:00:00.000Z',
  active: true,
  categoryPath: ['Furniture', 'Living Room Furniture', 'Sofas', ''],
  productClass: ['Sofas', 'Sectionals'],
  brand: 'Maison Élan',
  imageUrl: null,
  attributes: [{ name: 'Color', value: 'Green' }, { name: 'color', value: 'Blue' }, { name: '', value: 'x' }],
};

describe('API product → index action', () => {
  test('an active product becomes a versioned index action with normalised search fields', () => {
    const action = toAction(valid);
    expect(action.kind).toBe('index');
    if (action.kind !== 'index') return;
    expect(action.id).toBe('42');
    expect(action.version).toBe(Date.parse(valid.dateModified));
    expect(action.document).toMatchObject({
      sku: 'ABC-1',
      name: 'Velvet Sofas',
      name_norm: 'velvet sofa',
      brand_norm: 'maison elan',
      category: 'Sofas',
      category_path: ['Furniture', 'Furniture > Living Room Furniture', 'Furniture > Living Room Furniture > Sofas'],
      category_lvl0: 'Furniture',
      category_lvl2: 'Furniture > Living Room Furniture > Sofas',
      class_norm: 'sofa sectional',
      attributes: { color: ['Green', 'Blue'] },
      date_modified: '2026-03-01T10:00:00.000Z',
      suggest: { input: ['Velvet Sofas', 'Sofas'], weight: 1 },
    });
  });

  test('an inactive product becomes a delete with the same version rule', () => {
    expect(toAction({ ...valid, active: false })).toEqual({ kind: 'delete', id: '42', version: Date.parse(valid.dateModified) });
  });

  test.each([
    [{ ...valid, name: '  ' }, 'name: name is empty'],
    [{ ...valid, price: -1 }, 'price:'],
    [{ ...valid, dateModified: 'yesterday' }, 'dateModified: dateModified is not a date-time'],
    [{ ...valid, active: 'yes' }, 'active:'],
    [{ ...valid, id: '' }, 'id:'],
  ])('a malformed product is rejected with its id and the reason (%#)', (raw, reason) => {
    const action = toAction(raw);
    expect(action.kind).toBe('invalid');
    if (action.kind !== 'invalid') return;
    expect(action.reason).toContain(reason);
    expect(action.raw).toBe(raw);
  });

  test('garbage never throws', () => {
    for (const raw of [null, undefined, 42, 'text', [], {}]) expect(toAction(raw).kind).toBe('invalid');
  });
});
