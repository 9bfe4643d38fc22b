import { IsOptional } from 'class-validator';
import { rpcSubject } from '../common/rpc';
import { GridRoot, QueryInt, Text } from '../common/fields';

/** What an address matched in the registry: a building (楼栋), an organisation (a shop …), a compound (小区) or a community (社区). */
export type AddressCandidateKind = 'building' | 'organisation' | 'compound' | 'community';

export interface AddressCandidate {
  kind: AddressCandidateKind;
  id: string;
  name: string;
  /** A point at the place: the building's or organisation's, or a point inside the compound or community. */
  point: { lng: number; lat: number };
  /** The level-3 grid the point lies in (the grid an incident there belongs to). */
  gridId: string;
  gridPath: string;
  gridName: string;
  /** The compound and community the place belongs to, for the desk to tell look-alikes apart. */
  compoundName: string | null;
  communityName: string | null;
  /** 0..1, higher is closer (trigram similarity of the normalised address and the name). */
  score: number;
}

/**
 * `registry.address.search` (按地址定位, issue 23 item 2): an address in Chinese — whole, partial or
 * misspelt, as a 12345 caller gives it — matched against the registry's buildings, organisations,
 * compounds and communities (pg_trgm), ranked. `clear` says the best one stands out enough to place
 * an incident there without asking.
 */
export namespace SearchAddresses {
  export const subject = rpcSubject<Request, Reply>('registry.address.search');
  export class Request {
    @Text(300, 2) q: string;
    /** Only places at or below this grid path (within the caller's scope anyway). */
    @IsOptional() @GridRoot() root?: string;
    @IsOptional() @QueryInt(1, 20) limit?: number;
  }
  export interface Reply {
    /** The address as matched (admin prefixes, units and rooms taken off; 幢/号楼 read as 栋, 三 as 3). */
    normalised: string;
    items: AddressCandidate[];
    /** The first item is the place: clearly better than the next, and close to the address. */
    clear: boolean;
  }
}
