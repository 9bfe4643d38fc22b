import 'reflect-metadata';
import { KEY_AREA_LABELS, KeyArea } from './key-areas';
import { FEDERATION_TASK_CHANNEL_LABELS, FEDERATION_TASK_CHANNELS } from './federation';
import { labelled, labelOr } from './labelled';

describe(labelOr.name, () => {
  const { values: Colour, labels: COLOUR_LABELS } = labelled({ Red: ['red', '红', 'Red'], Green: ['green', '绿', 'Green'] });

  it('answers the table\'s own label for every code the table lists, never the code', () => {
    for (const code of Object.values(Colour)) expect(labelOr(COLOUR_LABELS, code)).toBe(COLOUR_LABELS[code]);
    for (const code of Object.values(KeyArea)) expect(labelOr(KEY_AREA_LABELS, code)).toBe(KEY_AREA_LABELS[code]);
    for (const code of FEDERATION_TASK_CHANNELS) expect(labelOr(FEDERATION_TASK_CHANNEL_LABELS, code)).toBe(FEDERATION_TASK_CHANNEL_LABELS[code]);
  });

  it('answers the code as its own label for a code the table does not list (configured at run time)', () => {
    expect(labelOr(COLOUR_LABELS, 'street_own_colour')).toEqual({ zh: 'street_own_colour', en: 'street_own_colour' });
  });

  it('does not take a property every object has for a label', () => {
    for (const code of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(labelOr(COLOUR_LABELS, code)).toEqual({ zh: code, en: code });
  });
});
