import { IsEnum, IsOptional } from 'class-validator';
import { GridLevel } from './grid-locate';
import { rpcSubject } from '../common/rpc';
import { GridRoot, QueryInt } from '../common/fields';

/**
 * `registry.grid.neighbours`: the grids of one level under a root path and which of them are
 * neighbours — sharing a border (polygons within a hair of each other), or within `distanceM`
 * metres. The spatial weights of the office's hotspot analysis (issue 26).
 */
export namespace GridNeighbours {
  export const subject = rpcSubject<Request, Reply>('registry.grid.neighbours');
  export const MAX_PLACES = 5000;
  export class Request {
    @GridRoot() root: string;
    @IsEnum(GridLevel) level: GridLevel;
    /** 0 (default): sharing a border; more: polygons within this many metres. */
    @IsOptional() @QueryInt(0, 5000) distanceM?: number;
  }
  export interface Place {
    id: string;
    path: string;
    name: string;
    /** [lng, lat] */
    centroid: [number, number];
  }
  export interface Reply {
    root: string;
    level: GridLevel;
    distanceM: number;
    /** ordered by path */
    places: Place[];
    /** neighbour pairs as indexes into `places` (i < j, each pair once) */
    pairs: [number, number][];
  }
}
