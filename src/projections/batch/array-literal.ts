/**
 * A PostgreSQL array literal ('{"a","b",NULL}') of scalar values, every element quoted, NULL for
 * null or undefined. A projection batch sends each column of its rows as one array parameter; this
 * builds the same text node-postgres would, escaping only the elements that hold a quote or a
 * backslash (node-postgres runs two regular expressions over every element: in a rebuild that is
 * millions of elements). Nested arrays become nested literals.
 */
export function arrayLiteral(values: readonly unknown[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    out += element(values[i]);
  }
  return `${out}}`;
}

function element(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (Array.isArray(value)) return arrayLiteral(value);
  const text = typeof value === 'string' ? value : scalarText(value);
  return text.indexOf('"') < 0 && text.indexOf('\\') < 0 ? `"${text}"` : `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function scalarText(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  throw new TypeError(`arrayLiteral takes strings, numbers, booleans and null, not ${Object.prototype.toString.call(value)}`);
}
