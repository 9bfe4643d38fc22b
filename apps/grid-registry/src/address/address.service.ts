import { Injectable } from '@nestjs/common';
import { Actor, AddressCandidate, SearchAddresses } from '@grid122/contracts';
import { rowPoint } from '@grid122/persistence';
import { AppError } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';
import { scopeParam } from '../shared/access';
import { AddressRepository, CandidateRow } from './address.repository';
import { normaliseAddress } from './normalise';

/** A best candidate this close to the address, and this far ahead of the next of its kind, is the place. */
const CLEAR_SCORE = 0.5;
const CLEAR_MARGIN = 0.15;
const SPECIFIC = new Set(['building', 'organisation']);

/** 按地址定位: an address to ranked places of the registry, each with its level-3 grid. */
@Injectable()
export class AddressService {
  constructor(private readonly repo: AddressRepository) {}

  async search(actor: Actor, req: SearchAddresses.Request): Promise<SearchAddresses.Reply> {
    const scope = scopeParam(actor);
    const root = req.root ?? scope;
    if (req.root && !isWithinScope(req.root, scope) && !isWithinScope(scope, req.root)) throw AppError.validation([{ field: 'root', messages: ['root is outside your scope'] }]);
    const within = isWithinScope(root, scope) ? root : scope;
    const normalised = normaliseAddress(req.q);
    if (normalised.length < 2) return { normalised, items: [], clear: false };
    const items = (await this.repo.search(normalised, within, req.limit ?? 8, /(\d+栋)$/.exec(normalised)?.[1] ?? null)).map(candidate);
    return { normalised, items, clear: isClear(items) };
  }
}

/**
 * The first is clear when it is close to the address and no rival of its own kind (a building for
 * a building, a compound for a compound) comes near it: the compound a building stands in is no
 * rival of the building.
 */
export function isClear(items: Pick<AddressCandidate, 'kind' | 'score'>[]): boolean {
  const [top, ...rest] = items;
  if (!top || top.score < CLEAR_SCORE) return false;
  const rival = rest.find((c) => SPECIFIC.has(c.kind) === SPECIFIC.has(top.kind));
  return !rival || top.score - rival.score >= CLEAR_MARGIN;
}

function candidate(r: CandidateRow): AddressCandidate {
  return {
    kind: r.kind,
    id: r.id,
    name: r.name,
    point: rowPoint(r.lng, r.lat),
    gridId: r.grid_id,
    gridPath: r.grid_path,
    gridName: r.grid_name,
    compoundName: r.compound_name,
    communityName: r.community_name,
    score: Math.round(Number(r.score) * 1000) / 1000,
  };
}
