import { streetZoneSql } from '@grid122/calendar';

/**
 * A reference numbered by a sequence under the street's date, as a SQL expression: `prefix`, the
 * instant `at` (a SQL expression, now() by default) in the street's calendar as `format`, then
 * `separator` and the sequence's next value zero-padded to at least `digits` — `ZF2026-000123`
 * (`sequenceRef('ZF', 'enforcement.case_ref_seq', 6)`), `DN-202612-00042` (`'DN-'`, `'YYYYMM'`).
 * The prefix, format and separator are the repository's literals, never a caller's text.
 */
export function sequenceRef(prefix: string, sequence: string, digits: number, o: { format?: string; separator?: string; at?: string } = {}): string {
  const { format = 'YYYY', separator = '-', at = 'now()' } = o;
  for (const [name, v] of [['prefix', prefix], ['format', format], ['separator', separator]] as const) {
    if (!/^[A-Za-z0-9-]*$/.test(v)) throw new RangeError(`sequenceRef: ${name} ${v} is not a plain literal`);
  }
  if (!/^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/.test(sequence)) throw new RangeError(`sequenceRef: sequence ${sequence} is not schema.name`);
  // lpad alone cuts a longer number to `digits` (the 10,000th YJ warning would be numbered as the
  // 1,000th): the number is padded to at least `digits`, never cut.
  const d = Number(digits);
  const n = `(SELECT lpad(v::text, greatest(${d}, length(v::text)), '0') FROM nextval('${sequence}') AS v)`;
  return `'${prefix}' || to_char(${at} AT TIME ZONE ${streetZoneSql()}, '${format}')${separator ? ` || '${separator}'` : ''} || ${n}`;
}
