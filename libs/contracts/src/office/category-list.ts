import { KeyArea } from '../common/key-areas';
import { rpcSubject } from '../common/rpc';
import type { LimitUnit } from './labels';

/** `office.category.list`: the category table with key area and time limits. */
export namespace ListCategories {
  export const subject = rpcSubject<Request, Reply>('office.category.list');
  export class Request {}
  export interface Limit {
    value: number;
    unit: LimitUnit;
    label: string;
  }
  export interface Category {
    code: string;
    name: string;
    keyArea: KeyArea;
    keyAreaLabel: { zh: string; en: string };
    limits: { registerDispatch: Limit; dispose: Limit };
    stages: { code: string; name: string; limit: Limit }[] | null;
  }
  export interface Reply {
    items: Category[];
  }
}
