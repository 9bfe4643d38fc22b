import { JointOperationStatus } from '@grid122/contracts';
import { operationStatus, unacknowledgedAtStart } from './operation.service';

describe('joint operation rules', () => {
  const starts = new Date('2026-05-10T08:00:00Z');
  const ends = new Date('2026-05-10T18:00:00Z');

  it('derives the status from the time window', () => {
    expect(operationStatus({ starts_at: starts, ends_at: ends }, new Date('2026-05-10T07:00:00Z'))).toBe(JointOperationStatus.Planned);
    expect(operationStatus({ starts_at: starts, ends_at: ends }, new Date('2026-05-10T09:00:00Z'))).toBe(JointOperationStatus.Active);
    expect(operationStatus({ starts_at: starts, ends_at: ends }, new Date('2026-05-11T09:00:00Z'))).toBe(JointOperationStatus.Finished);
  });

  it('flags a department not acknowledged by the start, never before the start', () => {
    const after = new Date('2026-05-10T09:00:00Z');
    expect(unacknowledgedAtStart({ acknowledged_at: null }, starts, new Date('2026-05-10T07:59:00Z'))).toBe(false);
    expect(unacknowledgedAtStart({ acknowledged_at: null }, starts, after)).toBe(true);
    expect(unacknowledgedAtStart({ acknowledged_at: new Date('2026-05-10T08:30:00Z') }, starts, after)).toBe(true);
    expect(unacknowledgedAtStart({ acknowledged_at: new Date('2026-05-09T20:00:00Z') }, starts, after)).toBe(false);
  });
});
