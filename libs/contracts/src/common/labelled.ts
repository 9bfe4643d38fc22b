/**
 * Values that carry their names: a code the API answers with, said once with its Chinese and English
 * label, so a new value cannot be added without them. Plain TypeScript (no decorators, no imports):
 * apps/hub-web imports the label maps into the browser bundle.
 */

/** What a screen shows for a code: Chinese first, English beside it. Users never see the code. */
export type Label = { zh: string; en: string };

/** One value: the code (what the API and the database hold), its Chinese label, its English label. */
export type LabelledEntry = readonly [value: string, zh: string, en: string];

/** The values by name (`PetitionState.Received` → 'received'); doc comments carry over. */
export type LabelledValues<T extends Record<string, LabelledEntry>> = { readonly [K in keyof T]: T[K][0] };

/** The union of a values object's values: `type PetitionState = ValueOf<typeof PetitionState>`. */
export type ValueOf<V> = V[keyof V];

/**
 * A set of values with their labels, in place of a string `enum` and its `Record<Enum, Label>`:
 * ```ts
 * export const { values: PetitionState, labels: PETITION_STATE_LABELS } = labelled({
 *   Received: ['received', '已登记', 'Received'],
 * });
 * export type PetitionState = ValueOf<typeof PetitionState>;
 * ```
 * `values` reads like the enum it replaces (`PetitionState.Received`, `Object.values`, `@IsEnum`,
 * TypeORM's and Swagger's `enum:`); as a type, one member is `typeof PetitionState.Received`.
 * `labels` maps each value to its label, in the order given. A value said twice throws on load.
 */
export function labelled<const T extends Record<string, LabelledEntry>>(
  entries: T,
): { values: LabelledValues<T>; labels: Readonly<Record<T[keyof T][0], Label>> } {
  const values: Record<string, string> = {};
  const labels: Record<string, Label> = {};
  for (const [name, [value, zh, en]] of Object.entries(entries)) {
    if (Object.prototype.hasOwnProperty.call(labels, value)) throw new Error(`value ${value} is listed twice`);
    values[name] = value;
    labels[value] = Object.freeze({ zh, en });
  }
  return { values: Object.freeze(values) as LabelledValues<T>, labels: Object.freeze(labels) as Record<T[keyof T][0], Label> };
}

/**
 * The label of a code from a label table, or the code as its own label when the table does not
 * name it: for codes configured at run time (a street's own recipient categories) or sent by a
 * newer peer, never for a code the table lists (those always get their name). Only the table's
 * own keys count, so a code like 'constructor' is not taken for a label.
 */
export function labelOr<C extends string>(labels: Readonly<Record<C, Label>>, code: string): Label {
  return Object.prototype.hasOwnProperty.call(labels, code) ? labels[code as C] : { zh: code, en: code };
}
