/**
 * A reply's shape declared once, as data: its TypeScript type is inferred from the declaration
 * (`export type X = DocType<typeof X>`), and the gateway turns the same declaration into its
 * OpenAPI schema (apps/gateway/src/docs/openapi.ts, `replySchema`), so a field's name, type and
 * description are written in one place (#21: the hub document was declared twice, as interfaces
 * here and as @ApiProperty classes in the gateway, kept in step by `implements`).
 */

/** What OpenAPI says of a field besides its type; `nullable: true` also makes its type `| null`. */
export interface DocNote {
  nullable?: true;
  description?: string;
  example?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
}

/** One field: an OpenAPI fragment (`type`, `enum`, …) or a named object, possibly a list. `T` is its type (never set at run time). */
export interface DocField<T> {
  readonly spec?: Readonly<Record<string, unknown>>;
  readonly ref?: DocObject<unknown>;
  readonly list?: DocField<unknown>;
  readonly note: DocNote;
  readonly __type?: T;
}

/** A named object of fields (a schema of its own in OpenAPI). */
export interface DocObject<T> {
  readonly name: string;
  readonly fields: Readonly<Record<string, DocField<unknown>>>;
  readonly __type?: T;
}

/** The TypeScript type a declaration describes. */
export type DocType<S> = S extends DocObject<infer T> ? T : S extends DocField<infer T> ? T : never;

type Maybe<T, N> = N extends { nullable: true } ? T | null : T;
const field = <T>(f: Omit<DocField<T>, '__type'>): DocField<T> => f;

/** The field kinds of a declaration: `doc.number({ nullable: true, description: '结案率, percent' })`. */
export const doc = {
  number: <N extends DocNote = object>(note: N = {} as N) => field<Maybe<number, N>>({ spec: { type: 'number' }, note }),
  string: <T extends string = string, N extends DocNote = object>(note: N = {} as N) => field<Maybe<T, N>>({ spec: { type: 'string' }, note }),
  boolean: <N extends DocNote = object>(note: N = {} as N) => field<Maybe<boolean, N>>({ spec: { type: 'boolean' }, note }),
  oneOf: <T extends string, N extends DocNote = object>(values: readonly T[], note: N = {} as N) => field<Maybe<T, N>>({ spec: { type: 'string', enum: values }, note }),
  /** An object of any keys, each value as `values` says (an OpenAPI fragment). */
  record: <T, N extends DocNote = object>(values: Record<string, unknown>, note: N = {} as N) => field<Maybe<Record<string, T>, N>>({ spec: { type: 'object', additionalProperties: values }, note }),
  ref: <T, N extends DocNote = object>(o: DocObject<T>, note: N = {} as N) => field<Maybe<T, N>>({ ref: o, note }),
  list: <T, N extends DocNote = object>(item: DocField<T>, note: N = {} as N) => field<Maybe<T[], N>>({ list: item, note }),
  object: <F extends Record<string, DocField<unknown>>>(name: string, fields: F): DocObject<{ -readonly [K in keyof F]: DocType<F[K]> }> => ({ name, fields }),
};
