import { writeFileSync } from 'node:fs';
import { startSuite, Suite } from './support/suite';
jest.setTimeout(180_000);
let suite: Suite;
beforeAll(async () => { suite = await startSuite({ services: [] }); });
afterAll(async () => { await suite?.stop(); });
it('dumps', async () => {
  const api = (await suite.http().get('/api/docs-json').expect(200)).body;
  writeFileSync(process.env.OPENAPI_OUT!, JSON.stringify(api, null, 1));
});
