import { GRID_DEPTH } from '@grid122/contracts';
export { ancestorAt, pathPrefixes } from '../common/month';

export const GRID_L1_DEPTH = GRID_DEPTH.community;
export const GRID_L2_DEPTH = GRID_DEPTH.compound;
export const GRID_L3_DEPTH = GRID_DEPTH.building_cluster;
