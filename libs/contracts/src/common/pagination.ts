/** Keyset (cursor) pagination: `cursor` is opaque to clients. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
