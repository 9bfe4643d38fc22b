import { serviceUnderTest } from '@grid122/testing';
import { addressesCases } from './desk/addresses';
import { callerLoopCases } from './desk/caller-loop';
import { jointDispatchCases } from './desk/joint-dispatch';
import { photosCases } from './desk/photos';
import { triageCases } from './desk/triage';
import { officeBesideRegistry } from './support/office-beside-registry';

jest.setTimeout(120_000);

/**
 * The desk's day (issue 23) through the office's contracts, as the demo street's accounts, with the
 * real registry beside the office: one office and one registry booted for the five groups below
 * (each in apps/office/test/desk/, as its own describe), instead of one boot each — a boot (a
 * database, both schemas migrated, the demo street seeded, two apps) cost more than the groups' tests.
 * The groups stay independent of each other: each reports in categories of its own (so no report
 * links to another group's as "me too") and asserts counts as differences, never as totals of the
 * shared ledger; they pass in any order. Queues and the escalated clock, which read what waits in
 * the whole street, keep their own files (queues.e2e-spec.ts, escalated-clock.e2e-spec.ts).
 */
describe('office: the desk (issue 23), one office beside one registry', () => {
  const svc = serviceUnderTest(officeBesideRegistry());
  triageCases(svc);
  jointDispatchCases(svc);
  callerLoopCases(svc);
  addressesCases(svc);
  photosCases(svc);
});
