import { sequenceRef } from './sequence-ref';

describe(sequenceRef.name, () => {
  it('numbers by the sequence under the street\'s year, zero-padded, the prefix and separator as given', () => {
    expect(sequenceRef('ZF', 'enforcement.case_ref_seq', 6)).toBe(
      `'ZF' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || (SELECT lpad(v::text, greatest(6, length(v::text)), '0') FROM nextval('enforcement.case_ref_seq') AS v)`,
    );
  });

  it('takes the date\'s format, no separator and the instant of another expression', () => {
    expect(sequenceRef('DN-', 'social.donation_seq', 5, { format: 'YYYYMM' })).toBe(
      `'DN-' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMM') || '-' || (SELECT lpad(v::text, greatest(5, length(v::text)), '0') FROM nextval('social.donation_seq') AS v)`,
    );
    expect(sequenceRef('XF', 'petitions.petition_ref_seq', 6, { separator: '', at: '$1::timestamptz' })).toBe(
      `'XF' || to_char($1::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYY') || (SELECT lpad(v::text, greatest(6, length(v::text)), '0') FROM nextval('petitions.petition_ref_seq') AS v)`,
    );
  });

  it('refuses anything but plain literals and a schema-qualified sequence', () => {
    expect(() => sequenceRef("Z'F", 'enforcement.case_ref_seq', 6)).toThrow(/prefix/);
    expect(() => sequenceRef('ZF', 'case_ref_seq', 6)).toThrow(/sequence/);
    expect(() => sequenceRef('ZF', 'enforcement.case_ref_seq', 6, { format: "YYYY')" })).toThrow(/format/);
  });
});
