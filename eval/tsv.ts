/**
 * Tab-separated files with a header row, as WANDS ships them. A field may be
 * CSV-quoted (`"writing desk 48"""` is `writing desk 48"`), so quotes are
 * undone rather than kept.
 */
import { readFileSync } from 'node:fs';

function unquote(field: string): string {
  return field.length >= 2 && field.startsWith('"') && field.endsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field;
}

export function parseTsv(text: string): Array<Record<string, string>> {
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  const header = (lines.shift() ?? '').split('\t').map(unquote);
  return lines.map((line) => {
    const cells = line.split('\t').map(unquote);
    return Object.fromEntries(header.map((name, i) => [name, cells[i] ?? '']));
  });
}

export function readTsv(path: string, required: readonly string[]): Array<Record<string, string>> {
  const rows = parseTsv(readFileSync(path, 'utf8'));
  const first = rows[0] ?? {};
  for (const column of required) {
    if (!(column in first)) throw new Error(`${path}: no "${column}" column`);
  }
  return rows;
}
