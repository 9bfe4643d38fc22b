import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** Keyset (cursor) pagination: `cursor` is opaque to clients. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The query of a keyset-paged list: the previous page's `nextCursor`, and a page size up to 200. */
export class PageQuery {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
