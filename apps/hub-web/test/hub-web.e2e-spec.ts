import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { centroid, demoStreet } from '@grid122/demo-street';
import { streetDay, streetMonth } from '@grid122/calendar';
import { eventually } from '@grid122/testing';
import { seedDemoStreet } from '../../gateway/test/support/demo-seed';
import { startSuite, STREET, Suite, TEST_PASSWORD } from '../../gateway/test/support/suite';
import { ensureBuilt, launchChromium, REPO, workerPhone } from './support/browser';
import { hotlineReport } from './support/hotline';

/**
 * The command hub web page in a real headless Chromium against the running suite (office and grid
 * registry with their demo data), served by the gateway at `/`. Routes that other engineers are
 * still building (the SSE stream, the hub aggregate) are looked up in the OpenAPI document: where a
 * route is absent the page's fallback is asserted instead (polling feed, "unavailable" panel).
 */
jest.setTimeout(240_000);

/** playwright-core has no auto-waiting `expect`: these wait on the page the same way. */
const T = 20_000;
const visible = (l: Locator, timeout = T) => l.first().waitFor({ state: 'visible', timeout });
const textOf = async (l: Locator) => ((await l.textContent()) ?? '').trim();
const hasText = (l: Locator, text: string) => eventually(async () => expect(await textOf(l)).toBe(text), T, 100);
const containsText = (l: Locator, text: string) => eventually(async () => expect(await textOf(l)).toContain(text), T, 100);
const countIs = (l: Locator, n: number) => eventually(async () => expect(await l.count()).toBe(n), T, 100);
const classMatches = (l: Locator, re: RegExp) => eventually(async () => expect(await l.getAttribute('class')).toMatch(re), T, 100);

const SHOTS = join(REPO, 'docs/screenshots');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

describe('hub-web: the command hub page in Chromium', () => {
  let suite: Suite;
  let base: string;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let routes: Set<string>;
  const consoleErrors: string[] = [];
  const city = demoStreet();
  const l3 = city.grids.filter((g) => g.level === 'building_cluster');
  const workerGrid = city.grids.find((g) => g.path === `${STREET}.c01.g2_01.g3_01`)!;
  const [workerLng, workerLat] = centroid(workerGrid);

  const auth = async (who: string) => ({ authorization: `Bearer ${await suite.token(who)}` });
  const report = (title: string, n: number) => hotlineReport(suite, l3[(n * 37) % l3.length], title, { keyArea: 'illegal_business', category: 'unlicensed_business' });

  const watchConsole = (page: Page) => {
    page.on('console', (m) => {
      // A panel whose API is missing or down says so on the page; the network line is expected then.
      // The session-expiry check provokes a 401 on purpose.
      if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of (401|404|503|504)/.test(m.text())) consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  };

  const login = async (page: Page, username: string) => {
    await page.goto(`${base}/login`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
  };

  beforeAll(async () => {
    ensureBuilt();
    suite = await startSuite({ services: ['office', 'grid-registry'], env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
    await seedDemoStreet(suite, { apps: ['grid-registry', 'office'] }); // as npm start, with the 督查 panel's meetings, diaries, spot-checks and reviews
    await suite.gateway.listen(0, '127.0.0.1');
    base = (await suite.gateway.getUrl()).replace('[::1]', '127.0.0.1');
    const doc = await suite.http().get('/api/docs-json').expect(200);
    routes = new Set(Object.keys(doc.body.paths));
    for (let n = 1; n <= 3; n++) await report(`无照经营 演示 ${n}`, n);
    ({ browser, close: closeBrowser } = await launchChromium());
    mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await closeBrowser?.();
    await suite?.stop();
  });

  it('serves the page at / with the right caching, and keeps API 404s as JSON', async () => {
    const index = await suite.http().get('/').expect(200);
    expect(index.headers['content-type']).toMatch(/text\/html/);
    expect(index.headers['cache-control']).toBe('no-cache');
    const asset = /\/assets\/index-[\w-]+\.js/.exec(index.text)?.[0];
    expect(asset).toBeDefined();
    const js = await suite.http().get(asset!).expect(200);
    expect(js.headers['cache-control']).toContain('immutable');
    const deep = await suite.http().get('/desk/5b1a7d0e-0000-4000-8000-000000000000').expect(200);
    expect(deep.text).toContain('<div id="root">');
    const api404 = await suite.http().get('/api/v1/no-such-route').expect(404);
    expect(api404.body.code).toBe('NOT_FOUND');
    await suite.http().get('/assets/missing-abc.js').expect(404);
    await suite.http().get('/..%2f..%2fpackage.json').expect(404);
  });

  let context: BrowserContext;
  let page: Page;

  it('logs the commander in and shows the board with the API figures', async () => {
    context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    page = await context.newPage();
    watchConsole(page);
    await login(page, 'commander');
    await page.waitForURL(/\/board$/);
    const month = await suite.http().get(`/api/v1/stats/key-areas?from=${monthStartIso()}&to=${todayIso()}`).set(await auth('commander')).expect(200);
    expect(month.body.total.found).toBeGreaterThan(0);
    // The page shows the API's number, formatted, not a number of its own.
    await hasText(page.getByTestId('month-found').locator('.figure-value'), month.body.total.found.toLocaleString('zh-CN'));
    await hasText(page.getByTestId('ka-total-found'), month.body.total.found.toLocaleString('zh-CN'));
    await countIs(page.getByTestId('key-areas').locator('tbody tr'), 7);
    await eventually(async () => expect(Number(await page.getByTestId('map').locator('.map').getAttribute('data-features'))).toBeGreaterThan(0), T, 100);
    await eventually(async () => expect(Number(await page.getByTestId('map').locator('.map').getAttribute('data-markers'))).toBeGreaterThan(0), T, 100);
    await visible(page.getByTestId('unit-enforcement'));
    // The hub aggregate (issue 13): its traffic lights when the route exists, else the panel says so.
    if (!routes.has('/api/v1/hub')) await visible(page.getByTestId('lights').getByTestId('unavailable'));
    else await visible(page.getByTestId('light-counts'));
  });

  it('receives an incident posted through the API in the live feed, without reload', async () => {
    await visible(page.getByTestId('feed-item').first());
    const sse = routes.has('/api/v1/events/stream');
    await classMatches(page.getByTestId('feed-mode'), sse ? /mode-live/ : /mode-polling/);
    const navigations: string[] = [];
    page.on('framenavigated', (f) => f === page.mainFrame() && navigations.push(f.url()));
    const created = await report('占道经营 实时推送', 9);
    const item = page.getByTestId('feed-item').filter({ hasText: '占道经营 实时推送' });
    await visible(item);
    expect(navigations).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'board.png') });

    // Dispatch it from the desk: register (立案), then dispatch (派遣) to the joint enforcement team.
    await item.getByRole('link').click();
    await page.waitForURL(new RegExp(`/desk/${created.id}$`));
    await hasText(page.getByTestId('incident-state'), '已上报');
    await page.getByTestId('action-register').click();
    await page.getByTestId('action-submit').click();
    await hasText(page.getByTestId('incident-state'), '已立案');
    await page.getByTestId('action-dispatch').click();
    await page.getByTestId('dispatch-unit').selectOption('enforcement');
    await page.getByTestId('action-submit').click();
    await hasText(page.getByTestId('incident-state'), '已派遣');
    await countIs(page.getByTestId('history').locator('li'), 3);
    const after = await suite.http().get(`/api/v1/incidents/${created.id}`).set(await auth('commander')).expect(200);
    expect(after.body.state).toBe('dispatched');
    expect(after.body.unit).toBe('enforcement');
  });

  it('switches to English and back', async () => {
    await page.getByTestId('lang').click();
    await visible(page.getByRole('link', { name: 'Command board' }));
    await page.getByTestId('lang').click();
    await visible(page.getByRole('link', { name: '指挥大屏' }));
  });

  it('shows the login with a "session expired" message when the token is refused', async () => {
    // A token the gateway refuses, as after expiry (the browser code runs in the page, hence a string).
    await page.evaluate(`(() => {
      const s = JSON.parse(localStorage.getItem('grid122.session'));
      s.accessToken = 'expired.token.value';
      localStorage.setItem('grid122.session', JSON.stringify(s));
    })()`);
    await page.goto(`${base}/desk`);
    await visible(page.getByTestId('session-expired'));
    await context.close();
  });

  it('lets a grid worker on a 360 px phone file a diary with a problem, photo and location', async () => {
    const phone = await workerPhone(browser, [workerLng, workerLat]);
    const p = await phone.newPage();
    watchConsole(p);
    await login(p, 'worker');
    await p.waitForURL(/\/worker$/);
    await visible(p.getByTestId('my-open'));
    const width = await p.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(360);

    await p.getByLabel('巡查路线/楼栋').fill('1-10号楼');
    await p.getByLabel('走访户数').fill('12');
    await p.getByLabel('民情记录').fill('5号楼4单元水表井偏低');
    await p.getByTestId('add-problem').click();
    const problem = p.getByTestId('problem').first();
    await problem.getByLabel('标题').fill('3号楼2单元建筑垃圾');
    const category = problem.getByLabel('类别');
    await eventually(async () => expect(await category.locator('option').count()).toBeGreaterThan(1), T, 100);
    const value = await category.locator('option').nth(1).getAttribute('value');
    await category.selectOption(value!);
    await problem.getByTestId('locate').click();
    await visible(problem.getByText(/已定位/));
    await problem.getByTestId('photo').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: PNG });
    await visible(problem.getByText('✓ 1'));
    await p.screenshot({ path: join(SHOTS, 'worker.png'), fullPage: true });
    await p.getByTestId('file-diary').click();
    await eventually(async () => {
      const err = await p.getByTestId('unavailable').count();
      if (err) throw new Error(`diary refused: ${await p.getByTestId('unavailable').first().textContent()}`);
      expect(await p.getByTestId('diary-filed').count()).toBe(1);
    }, T, 100).catch(async (e) => {
      throw new Error(`${(e as Error).message} (page: ${p.url()})`);
    });
    await containsText(p.getByTestId('diary-filed'), '1');

    const diaries = await suite.http().get('/api/v1/diaries').set(await auth('worker')).expect(200);
    const mine = diaries.body.items.find((d: { route: string }) => d.route === '1-10号楼');
    expect(mine).toBeDefined();
    expect(mine.problemsFound).toBe(1);
    const inc = await suite.http().get(`/api/v1/incidents/${mine.incidentIds[0]}`).set(await auth('worker')).expect(200);
    expect(inc.body.title).toBe('3号楼2单元建筑垃圾');
    expect(inc.body.location.lng).toBeCloseTo(workerLng, 5);
    expect(inc.body.location.lat).toBeCloseTo(workerLat, 5);
    expect(inc.body.photos).toHaveLength(1);
    await eventually(async () => expect(await p.getByTestId('my-open').getByText('3号楼2单元建筑垃圾').count()).toBeGreaterThan(0));
    await phone.close();
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});

// The street's day and month (Asia/Shanghai by default), never the test machine's: between 16:00
// and 24:00 UTC the street is already on the next day, and the board counts that day.
const todayIso = (): string => streetDay();
const monthStartIso = (): string => `${streetMonth()}-01`;

