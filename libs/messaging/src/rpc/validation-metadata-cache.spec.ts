import 'reflect-metadata';
import { getMetadataStorage, IsInt, IsString, Max, MaxLength, MetadataStorage, validateSync } from 'class-validator';
import * as contracts from '@grid122/contracts';
import { cacheValidationMetadata } from './validation-metadata-cache';

class Base {
  @IsString() @MaxLength(5) name: string;
}

describe('cacheValidationMetadata', () => {
  beforeAll(() => cacheValidationMetadata());
  const storage = getMetadataStorage();
  const uncached = (t: Function) => MetadataStorage.prototype.getTargetValidationMetadatas.call(storage, t, '', false, false);

  it("answers every contract class's rules as class-validator's own lookup does", () => {
    const classes = Object.values(contracts).flatMap((x) => (x && typeof x === 'object' && 'Request' in x && typeof x.Request === 'function' ? [x.Request as Function] : []));
    expect(classes.length).toBeGreaterThan(50);
    for (const c of classes) {
      expect(storage.getTargetValidationMetadatas(c, '', false, false)).toEqual(uncached(c));
      // Kept: the same answer again.
      expect(storage.getTargetValidationMetadatas(c, '', false, false)).toBe(storage.getTargetValidationMetadatas(c, '', false, false));
    }
  });

  it('a class defined after a lookup (new rules) is validated with its own and its ancestors\' rules', () => {
    expect(validateSync(Object.assign(new Base(), { name: 'too long' })).map((e) => e.property)).toEqual(['name']);
    class Later extends Base {
      @IsInt() @Max(3) n: number;
    }
    expect(validateSync(Object.assign(new Later(), { name: 'too long', n: 9 })).map((e) => e.property).sort()).toEqual(['n', 'name']);
    expect(validateSync(Object.assign(new Later(), { name: 'ok', n: 2 }))).toEqual([]);
    expect(storage.getTargetValidationMetadatas(Later, '', false, false)).toEqual(uncached(Later));
  });
});
