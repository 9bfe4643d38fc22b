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
export { BAOTAQIAO_BOX, DEFAULT_SEED, STREET_SHAPE } from './city-layout';
export {
  demoAccountsScope,
  demoStreet,
  generateCity,
  iterateGrids,
  iterateStreets,
} from './generate';
// 督查: the shared options and the supervisor; diaries (民情日志) and meetings (三会一评)
export { DEMO_SUPERVISOR } from './supervision';
export type { SupervisionOptions } from './supervision';
export * from './diaries';
export * from './meetings';
