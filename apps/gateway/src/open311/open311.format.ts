import { XMLBuilder } from 'fast-xml-parser';

export type Open311Format = 'json' | 'xml';

const builder = new XMLBuilder({ format: true, ignoreAttributes: true, suppressEmptyNode: false, processEntities: true });

/**
 * GeoReport v2 documents: JSON is the plain array/object; XML wraps every list in its element
 * (`<services><service>…`, `<service_requests><request>…`, `<errors><error>…`), as the spec's examples.
 */
export function render(format: Open311Format, root: string, item: string | null, value: unknown): { body: string; contentType: string } {
  if (format === 'json') return { body: JSON.stringify(value), contentType: 'application/json; charset=utf-8' };
  const inner = item ? { [item]: (value as unknown[]).map(xmlSafe) } : xmlSafe(value);
  const xml = builder.build({ [root]: inner }) as string;
  return { body: `<?xml version="1.0" encoding="utf-8"?>\n${xml}`, contentType: 'text/xml; charset=utf-8' };
}

/** null becomes an empty element; arrays of scalars stay repeated elements. */
function xmlSafe(v: unknown): unknown {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(xmlSafe);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, xmlSafe(x)]));
  return v;
}

/** The spec's error document: `[{ code, description }]` / `<errors><error><code/><description/></error></errors>`. */
export function renderErrors(format: Open311Format, errors: { code: number; description: string }[]) {
  return render(format, 'errors', 'error', errors);
}
