// The CPU of one intake body through the suite's validation pipe, in-process (issue 27 item 2;
// docs/performance.md section 9): validated (class-validator + class-transformer, with and without
// the rules cache) and trusted (a verified marker: the bytes' digest and the class instance only).
// process.cpuUsage, so a loaded machine inflates it less than wall time:
//   node --require ./scripts/swc-register.js bench/micro/validation.ts
import 'reflect-metadata';
import { getMetadataStorage, MetadataStorage } from 'class-validator';
import { ReportIncident } from '@grid122/contracts';
import { payloadDigest, rememberRawPayload, rulesFingerprint, SuiteValidationPipe, trustPayload } from '@grid122/messaging';

const body = { title: 'street_occupation 压测上报 #1', keyArea: 'illegal_business', category: 'street_occupation', source: 'grid_patrol', location: { lng: 118.77, lat: 32.1 }, description: '网格员巡查发现' };
const meta = { type: 'body' as const, metatype: ReportIncident.Request as never, data: undefined };
const pipe = new SuiteValidationPipe();
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system); };
async function time(name: string, n: number, f: () => Promise<unknown>) {
  for (let i = 0; i < 2000; i++) await f();
  const t = cpu();
  for (let i = 0; i < n; i++) await f();
  console.log(`${name}: ${((cpu() - t) / n).toFixed(1)} µs CPU each`);
}
(async () => {
  const n = 20000;
  const f = rulesFingerprint(ReportIncident.Request)!;
  await time('validated (class-validator + class-transformer), rules cached', n, () => pipe.transform(JSON.parse(JSON.stringify(body)), meta));
  await time('trusted (digest of the bytes + class-transformer only)', n, async () => {
    const bytes = Buffer.from(JSON.stringify({ pattern: 'office.incident.report', data: body, id: 'x' }));
    const data = JSON.parse(bytes.toString()).data;
    rememberRawPayload(data, bytes);
    trustPayload(data, { f, d: payloadDigest(bytes) });
    return pipe.transform(data, meta);
  });
  await time('JSON.parse only (the baseline of the trusted loop)', n, async () => JSON.parse(Buffer.from(JSON.stringify({ pattern: 'office.incident.report', data: body, id: 'x' })).toString()).data);
  // Without the rules cache: the library's own lookup.
  const s = getMetadataStorage();
  s.getTargetValidationMetadatas = MetadataStorage.prototype.getTargetValidationMetadatas;
  s.groupByPropertyName = MetadataStorage.prototype.groupByPropertyName;
  await time('validated, rules looked up by class-validator 0.14 (no cache)', n, () => pipe.transform(JSON.parse(JSON.stringify(body)), meta));
})();
