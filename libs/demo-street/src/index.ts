// @grid122/demo-street: deterministic demo street (宝塔桥街道) and scaled city for seeds and benchmarks.
export * from './types';
export * from './labels';
export * from './catalogue';
export * from './codes';
export * from './geometry';
export * from './ids';
export * from './rng';
export { cnNumber, BAOTAQIAO_COMMUNITIES, BAOTAQIAO_STREET_NAME, phoneNumber, personName } from './names';
export type { CommunitySpec, Gender } from './names';
export {
  BAOTAQIAO_BOX,
  DEFAULT_SEED,
  STREET_SHAPE,
  demoAccountsScope,
  demoStreet,
  generateCity,
  iterateGrids,
  iterateStreets,
} from './generate';
export * from './supervision';
