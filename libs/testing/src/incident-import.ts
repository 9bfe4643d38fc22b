import { ImportIncidentRecord } from '@grid122/contracts';
import { TEST_STREET, TestRequest } from './service-test';

/**
 * Historical incident number `i` as a bulk import (历史数据迁移) sends it: a closed street-occupation
 * case of 2024 in the test street's first building cluster, its days spread by `i`; `over` replaces
 * or removes fields (undefined). For the office's import spec and the gateway's route spec.
 */
export function importRecord(i: number, over: Record<string, unknown> = {}): TestRequest<ImportIncidentRecord> {
  return {
    source: 'district_platform',
    sourceRef: `OLD-${i}`,
    title: `占道经营 历史 #${i}`,
    keyArea: 'illegal_business',
    category: 'street_occupation',
    gridPath: `${TEST_STREET}.c01.g2_01.g3_01`,
    location: { lng: 118.7712, lat: 32.1031 },
    state: 'closed',
    closureType: 'fixed',
    resolutionLevel: 'community',
    reportedAt: `2024-03-0${1 + (i % 5)}T02:00:00Z`,
    closedAt: `2024-03-1${i % 5}T02:00:00Z`,
    ...over,
  } as TestRequest<ImportIncidentRecord>;
}
