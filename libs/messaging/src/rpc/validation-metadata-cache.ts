import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/**
 * class-validator 0.14 looks up a class's rules on every `validate()` by walking the metadata of
 * every registered class (`target.prototype instanceof key` over the whole storage, for inherited
 * rules): with the suite's hundreds of contract classes that was the largest single item of the
 * gateway's CPU profile after I/O (docs/performance.md, sections 5 and 9). The rules of a class do
 * not change once its module is loaded, so the answer is kept per class and options; registering
 * any new rule (a class defined later, a schema) forgets everything kept.
 */
type Lookup = (target: Function, schema: string, always: boolean, strictGroups: boolean, groups?: string[]) => ValidationMetadata[];

interface Storage {
  getTargetValidationMetadatas: Lookup;
  addValidationMetadata(m: ValidationMetadata): void;
  groupByPropertyName(ms: ValidationMetadata[]): Record<string, ValidationMetadata[]>;
}

const INSTALLED = Symbol.for('grid122.validation-metadata-cache');

export function cacheValidationMetadata(): void {
  const storage = getMetadataStorage() as unknown as Storage & { [INSTALLED]?: boolean };
  if (storage[INSTALLED]) return;
  storage[INSTALLED] = true;
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let kept = new Map<Function | string, Map<string, ValidationMetadata[]>>();
  let grouped = new WeakMap<ValidationMetadata[], Record<string, ValidationMetadata[]>>();
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}`;
    let byOptions = kept.get(target);
    if (!byOptions) kept.set(target, (byOptions = new Map()));
    let rules = byOptions.get(key);
    if (!rules) byOptions.set(key, (rules = lookup(target, schema, always, strictGroups, groups)));
    return rules;
  };
  // The executor groups the rules it was given by property on every call: kept per answer too.
  storage.groupByPropertyName = (ms) => {
    let g = grouped.get(ms);
    if (!g) grouped.set(ms, (g = group(ms)));
    return g;
  };
  storage.addValidationMetadata = (m) => {
    kept = new Map();
    grouped = new WeakMap();
    add(m);
  };
}
