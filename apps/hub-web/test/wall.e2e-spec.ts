import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoStreet } from '@grid122/demo-street';
import { eventually } from '@grid122/testing';
import { seedDemoStreet } from '../../gateway/test/support/demo-seed';
import { startSuite, Suite, TEST_PASSWORD } from '../../gateway/test/support/suite';
import { ensureBuilt, launchChromium, REPO } from './support/browser';
import { hotlineReport } from './support/hotline';

/**
 * The wall (指挥大屏) in a real Chromium against every service with the demo street's data: it fits
 * the screen, is readable at 3 m, speaks Chinese, shows what the API has, follows a steady stream
 * of events within 2 s; the district's wall compares its streets; a theme (每月一题) is adopted
 * through its page.
 */
jest.setTimeout(300_000);

const T = 20_000;
const SHOTS = join(REPO, 'docs/screenshots');

interface TextRun {
  text: string;
  size: number;
  where: string;
}

/** Visible text of the page (text nodes inside the viewport, not screen-reader-only), with its font size. */
const SCAN = `(() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const vw = innerWidth, vh = innerHeight;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = (n.textContent || '').trim();
    if (!text) continue;
    const el = n.parentElement;
    if (!el || el.closest('.sr-only, script, style, noscript, option')) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden' || cs.display === 'none' || Number(cs.opacity) === 0) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    const r = range.getBoundingClientRect();
    if (r.width < 2 || r.height < 2 || r.bottom <= 0 || r.right <= 0 || r.top >= vh || r.left >= vw) continue;
    const where = (el.closest('[data-testid]') || el).getAttribute('data-testid') || el.tagName;
    out.push({ text, size: parseFloat(cs.fontSize), where });
  }
  return out;
})()`;

/** A word of Latin letters (English) or a raw code (snake_case, dotted event names, uuids) on a Chinese screen. */
const NOT_CHINESE = /[A-Za-z]{2,}|[a-z]+_[a-z]+|\b[0-9a-f]{8}-[0-9a-f]{4}/;
/** The language switch is written in the language it switches to. */
const ALLOWED = new Set(['English']);

describe('hub-web: the wall (指挥大屏) in Chromium', () => {
  let suite: Suite;
  let base: string;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  const consoleErrors: string[] = [];
  const l3 = demoStreet().grids.filter((g) => g.level === 'building_cluster');
  const auth = async (who: string) => ({ authorization: `Bearer ${await suite.token(who)}` });
  const get = async (who: string, path: string) => (await suite.http().get(path).set(await auth(who)).expect(200)).body;

  const report = (title: string, n: number) =>
    hotlineReport(suite, l3[(n * 37) % l3.length], title, { keyArea: 'other', category: 'exposed_rubbish' }, `wall-report-${n}-${Date.now()}`);

  const open = async (
    who: string,
    viewport = { width: 1920, height: 1080 },
    prepare?: (context: BrowserContext) => Promise<void>,
  ): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport, locale: 'zh-CN' });
    await prepare?.(context);
    const page = await context.newPage();
    page.on('console', (m) => {
      // Panels whose route this gateway does not serve (the district's federation view) say so; the network line is expected.
      if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of (401|404|503|504)/.test(m.text())) consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    await page.goto(`${base}/login`);
    await page.getByLabel('用户名').fill(who);
    await page.getByLabel('密码').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/(board|units|desk)$/);
    return { context, page };
  };

  const textOf = async (page: Page, testId: string) => ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
  const noVerticalScroll = async (page: Page) => {
    const { scroll, inner } = await page.evaluate<{ scroll: number; inner: number }>('({ scroll: document.documentElement.scrollHeight, inner: innerHeight })');
    expect(scroll).toBeLessThanOrEqual(inner);
  };
  const scan = (page: Page) => page.evaluate<TextRun[]>(SCAN);
  const settle = async (page: Page) => {
    // The wall itself is drawn (not the login page or the lazy chunk's fallback still on screen, which
    // a loaded machine leaves up longer: "no 加载中…" alone passed on the login page, at the root's
    // 16 px, and the 4K check found its text too small), then every panel has left "加载中…".
    await page.getByTestId('board').waitFor({ timeout: T });
    await eventually(async () => expect(await page.getByText('加载中…').count()).toBe(0), T, 100);
  };

  beforeAll(async () => {
    ensureBuilt();
    suite = await startSuite({ env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
    await seedDemoStreet(suite); // as npm start, with the 督查 panel's meetings, diaries, spot-checks and reviews
    // People have names: the wall shows the display name, never an account's code.
    const gds = await suite.dataSource('gateway');
    await gds.query(`UPDATE identity.accounts SET display_name = '王指挥' WHERE username = 'commander'`);
    await gds.query(`UPDATE identity.accounts SET display_name = '区平台值班员' WHERE username = 'district'`);
    await suite.gateway.listen(0, '127.0.0.1');
    base = (await suite.gateway.getUrl()).replace('[::1]', '127.0.0.1');
    ({ browser, close: closeBrowser } = await launchChromium());
    mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await closeBrowser?.();
    await suite?.stop();
  });

  let wall: { context: BrowserContext; page: Page };

  it('fits 1920×1080 with no vertical scroll and no text under 16 px; every panel has its own name and shows the API\'s data', async () => {
    wall = await open('commander');
    const { page } = wall;
    await page.waitForURL(/\/board$/);
    await settle(page);

    // The API's own figures, shown as the API gives them.
    const month = await get('commander', `/api/v1/stats/key-areas?from=${todayIso().slice(0, 8)}01&to=${todayIso()}`);
    expect(month.total.found).toBeGreaterThan(0);
    await eventually(async () => expect(await textOf(page, 'ka-total-found')).toBe(month.total.found.toLocaleString('zh-CN')), T, 100);
    // The figures compared below are those of a hub answer with the diaries (suite.hub).
    const hub = await suite.hub(await auth('commander'), 'period=today');
    expect(await page.getByTestId('light-counts').count()).toBe(1);
    const loads = await get('commander', '/api/v1/stats/open-by-grid?level=compound');
    expect(loads.items.length).toBeGreaterThan(0);
    const map = page.getByTestId('map').locator('.map');
    await eventually(async () => expect(Number(await map.getAttribute('data-features'))).toBeGreaterThan(0), T, 100);
    await eventually(async () => expect(Number(await map.getAttribute('data-markers'))).toBeGreaterThan(0), T, 100);
    const hot = await get('commander', '/api/v1/hotspots?level=compound&period=week&periods=12');
    const marked = hot.places.filter((p: { kind: string }) => p.kind !== 'none').length;
    await eventually(async () => expect(Number(await map.getAttribute('data-hotspots'))).toBe(marked), T, 100);
    // Community names are written on the map; the legend explains the colours.
    const communities = demoStreet().grids.filter((g) => g.level === 'community');
    await eventually(async () => expect(await page.locator('.map-name').count()).toBe(communities.length), T, 100);
    expect(await page.locator('.map-name').first().textContent()).toBe(communities[0].name);
    expect(await textOf(page, 'legend')).toContain('在办问题数');

    // Trend (30 days by key area) and ranking (appraisal) charts drawn from data the API has.
    const trend = await get('commander', `/api/v1/stats/key-areas/daily?from=${daysAgo(29)}&to=${todayIso()}`);
    expect(trend.total.reduce((a: number, b: number) => a + b, 0)).toBeGreaterThan(0);
    await page.getByTestId('trend-chart').locator('canvas').waitFor({ timeout: T });
    const ranking = await get('commander', `/api/v1/appraisal/rankings?month=${lastMonthIso()}&of=compound`);
    if (ranking.rows.length) {
      await page.getByTestId('ranking-chart').locator('canvas').waitFor({ timeout: T });
      expect(await page.getByTestId('ranking-rows').locator('li').count()).toBe(Math.min(8, ranking.rows.length));
    }
    // The five units: figures with their Chinese names, and their queues.
    for (const u of ['office', 'organisation', 'petitions', 'social', 'enforcement']) {
      if (hub.panels[u].status === 'ok') expect(await page.getByTestId(`unit-${u}-figures`).locator('dt').count()).toBeGreaterThan(0);
    }
    const unitQueue = await get('commander', '/api/v1/incidents?unit=enforcement&limit=20');
    if (unitQueue.items.some((i: { state: string }) => ['dispatched', 'accepted', 'in_progress'].includes(i.state))) {
      expect(await page.getByTestId('unit-enforcement').locator('.wall-rows a').count()).toBeGreaterThan(0);
    }
    const overdue = await get('commander', '/api/v1/incidents?overdue=true&limit=10');
    if (overdue.items.length) expect(await page.getByTestId('overdue').locator('li a').count()).toBeGreaterThan(0);
    const candidates = await get('commander', '/api/v1/themes/candidates?limit=3');
    expect(candidates.candidates.length).toBeGreaterThan(0);
    await eventually(async () => expect(await page.getByTestId('themes').locator('li a').count()).toBeGreaterThan(0), T, 100);
    // 督查: today's diaries and the month's spot-checks (the office's figures), the month's 三会一评
    // (the registry's), as the hub has them and as the supervision APIs answer them.
    const diaries = hub.panels.office.figures.diaries;
    const meetings = hub.panels.organisation.figures.meetings;
    const [expected, review, meetingFigures] = await Promise.all([
      get('commander', '/api/v1/diaries/expected'),
      get('commander', `/api/v1/diary-reviews/${todayIso().slice(0, 7)}`),
      get('commander', '/api/v1/meetings/figures'),
    ]);
    expect(diaries.day).toEqual({ date: expected.date, workingDay: expected.workingDay, expected: expected.expected, filed: expected.filed, missing: expected.missing });
    expect(diaries.totals).toEqual(review.totals);
    expect(meetings).toEqual(meetingFigures);
    const zh = (n: number) => n.toLocaleString('zh-CN');
    // [test id, the group's word, the figure's key in the hub's labels, the value]
    const supervision: [string, string, string, string][] = [
      ['diariesExpected', '今日', 'expected', zh(diaries.day.expected)],
      ['diariesFiled', '今日', 'filed', zh(diaries.day.filed)],
      ['diariesMissing', '今日', 'missing', zh(diaries.day.missing)],
      ['diaryChecks', '本月', 'checks', zh(diaries.totals.checks)],
      ['diaryGraded', '本月', 'graded', zh(diaries.totals.graded)],
      ['meetingsHeld', '三会一评', 'held', zh(meetings.held)],
      ['meetingsOverdue', '', 'overdueMeetings', zh(meetings.overdueMeetings)],
      ['decisionsOverdue', '决议', 'overdue', zh(meetings.decisions.overdue)],
    ];
    for (const [id, group, k, v] of supervision) {
      await eventually(async () => expect(await textOf(page, `sup-${id}`)).toBe(`${group}${hub.labels[k].zh}${v}`), T, 100);
    }
    expect(meetings.overdueMeetings).toBeGreaterThan(0); // the demo street's meetings are not all held: a figure that can fail
    // 居民积分 on the social team's column, named and counted as the hub has it.
    expect(await textOf(page, 'unit-social-figures')).toContain(`${hub.labels.residentPointsEarned.zh}${zh(hub.panels.social.figures.residentPointsEarned)}`);

    // No panel says "unavailable" while its service runs.
    expect(await page.getByTestId('unavailable').count()).toBe(0);

    // Accessible names: every panel is named by its own heading, and no two alike.
    const names = await page.evaluate<string[]>(
      `[...document.querySelectorAll('section.panel')].map((s) => document.getElementById(s.getAttribute('aria-labelledby'))?.textContent ?? '')`,
    );
    expect(names.length).toBeGreaterThanOrEqual(12);
    expect(names.filter((n) => !n)).toEqual([]);
    expect(new Set(names).size).toBe(names.length);
    expect(await page.locator('h1').count()).toBe(1);

    await noVerticalScroll(page);
    const small = (await scan(page)).filter((r) => r.size < 16);
    expect(small).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'wall.png') });
  });

  it('shows no English word or raw code in Chinese mode (page scan)', async () => {
    const { page } = wall;
    const foreign = (await scan(page)).filter((r) => NOT_CHINESE.test(r.text) && !ALLOWED.has(r.text));
    expect(foreign).toEqual([]);
  });

  it('changes its figures within 2 s of each event under a steady stream', async () => {
    const { page } = wall;
    await eventually(async () => expect(await page.getByTestId('feed-mode').getAttribute('class')).toMatch(/mode-live/), T, 100);
    const shown = async () => Number((await textOf(page, 'today-found')).replace(/[^\d]/g, ''));
    const start = (await get('commander', `/api/v1/stats/key-areas?from=${todayIso()}&to=${todayIso()}`)).total.found;
    await eventually(async () => expect(await shown()).toBe(start), T, 100);

    const N = 16;
    const doneAt: number[] = []; // the report answered (committed)
    const eventAt: number[] = []; // its event reached the wall (its line in the live feed)
    const seenAt: number[] = []; // today's found figure counts it
    let streaming = true;
    const watcher = (async () => {
      for (;;) {
        const [v, feed] = [(await shown()) - start, await textOf(page, 'feed')];
        const now = Date.now();
        for (let k = 1; k <= v; k++) if (seenAt[k - 1] === undefined) seenAt[k - 1] = now;
        for (let k = 0; k < doneAt.length; k++) if (eventAt[k] === undefined && feed.includes(`连续上报#${k}号`)) eventAt[k] = now;
        if (!streaming && (seenAt.filter(Boolean).length >= N || now - doneAt[N - 1] > 10_000)) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    // One report every 500 ms: the stream never pauses long enough for a debounce to fire.
    for (let n = 0; n < N; n++) {
      const t0 = Date.now();
      await report(`暴露垃圾 连续上报#${n}号`, 100 + n);
      doneAt.push(Date.now());
      await new Promise((r) => setTimeout(r, Math.max(0, 500 - (Date.now() - t0))));
    }
    streaming = false;
    await watcher;
    // The wall's own reaction: from an event's arrival to the figure that counts it (a report's
    // figure may already show before its own line, refreshed by an earlier event: ≤ 0).
    const reaction = seenAt.map((t, i) => t - (eventAt[i] ?? Infinity));
    // End to end, from the report's commit, through the outbox, NATS and the gateway's stream.
    const total = doneAt.map((t, i) => (seenAt[i] ?? Infinity) - t);
    const line = `reaction (ms): ${reaction.join(', ')}; end to end (ms): ${total.join(', ')}`;
    expect(seenAt.filter(Boolean)).toHaveLength(N);
    if (Math.max(...reaction) >= 2000 || Math.max(...total) >= 2000) console.log(line);
    // Within 2 s for nine in ten, and the median end to end; the test machine is shared (two cores,
    // many suites at once), so a single slow answer is allowed up to 3 s (5 s end to end) — never the
    // 49 s of a debounce, which would not refresh at all until the stream stopped.
    const at = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))];
    expect(at(reaction, 0.9)).toBeLessThan(2000);
    expect(Math.max(...reaction)).toBeLessThan(3000);
    expect(at(total, 0.5)).toBeLessThan(2000);
    expect(Math.max(...total)).toBeLessThan(5000);
  });

  it('opens a case from a map marker with the keyboard', async () => {
    const { page } = wall;
    const marker = page.getByTestId('map-marker').first();
    const label = await marker.getAttribute('aria-label');
    expect(label).toBeTruthy();
    await marker.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/desk\/[0-9a-f-]{36}$/);
    await page.goBack();
    await page.waitForURL(/\/board$/);
  });

  it('fits 3840×2160 too, at twice the scale', async () => {
    const big = await open('commander', { width: 3840, height: 2160 });
    await settle(big.page);
    await noVerticalScroll(big.page);
    const small = (await scan(big.page)).filter((r) => r.size < 32);
    expect(small).toEqual([]);
    await big.context.close();
    await wall.context.close();
  });

  it('asks the hub again by itself when a figure was not at hand, instead of showing 暂不可用 until the next event', async () => {
    // The office gives the diaries' roster a second and answers without them when the registry is
    // slower: the hub's answers are made to be such answers until `slow` is turned off.
    let slow = true;
    let asked = 0;
    const { context, page } = await open('commander', undefined, (c) =>
      c.route(/\/api\/v1\/hub\?/, async (route) => {
        asked += 1;
        if (!slow) return route.continue();
        const res = await route.fetch();
        const body = await res.json();
        body.panels.office.figures.diaries = null;
        body.panels.office.unavailable = [...body.panels.office.unavailable, 'diaries'];
        await route.fulfill({ response: res, json: body });
      }),
    );
    await page.waitForURL(/\/board$/);
    await settle(page);
    const expected = page.getByTestId('sup-diariesExpected').locator('dd');
    await eventually(async () => expect(await expected.textContent()).toBe('暂不可用'), T, 100);
    const before = asked;
    slow = false;
    // No event is sent: the page's own retry (HUB_RETRY_MS, 10 s) brings the figure.
    const day = await get('commander', '/api/v1/diaries/expected');
    await eventually(async () => expect(await expected.textContent()).toBe(day.expected.toLocaleString('zh-CN')), T, 200);
    expect(asked).toBeGreaterThan(before);
    await context.close();
  });

  it('gives the district a wall of its streets: map, ranking, escalations waiting', async () => {
    const { context, page } = await open('district');
    await page.waitForURL(/\/board$/);
    await settle(page);
    const hub = await get('district', '/api/v1/hub?period=today');
    expect(hub.streets.length).toBeGreaterThan(0);
    await eventually(async () => expect(await page.getByTestId('street-row').count()).toBe(hub.streets.length), T, 100);
    const map = page.getByTestId('map').locator('.map');
    await eventually(async () => expect(Number(await map.getAttribute('data-features'))).toBeGreaterThan(0), T, 100);
    const escalated = await get('district', '/api/v1/incidents?state=escalated&limit=20');
    if (escalated.items.length) await eventually(async () => expect(await page.getByTestId('escalations').locator('li a').count()).toBeGreaterThan(0), T, 100);
    await noVerticalScroll(page);
    expect((await scan(page)).filter((r) => r.size < 16)).toEqual([]);
    expect((await scan(page)).filter((r) => NOT_CHINESE.test(r.text) && !ALLOWED.has(r.text))).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'wall-district.png') });
    await context.close();
  });

  it('lets the commander adopt the month\'s theme through the page and shows its before/after', async () => {
    const { context, page } = await open('commander', { width: 1440, height: 1000 });
    await page.goto(`${base}/themes`);
    const candidates = await get('commander', `/api/v1/themes/candidates?month=${lastMonthIso()}&limit=6`);
    const c = candidates.candidates[0];
    const card = page.getByTestId(`candidate-${c.category}`);
    await card.waitFor({ timeout: T });
    expect(await card.textContent()).toContain(c.categoryName);
    await card.getByTestId(`adopt-${c.category}`).click();
    await card.getByTestId('adopt-owner').fill('张副主任');
    await card.getByTestId('adopt-unit-enforcement').check();
    await card.getByTestId('adopt-submit').click();
    await page.waitForURL(/\/themes\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    const theme = await get('commander', `/api/v1/themes/${id}`);
    expect(theme).toMatchObject({ category: c.category, ownerName: '张副主任', units: [expect.objectContaining({ code: 'enforcement' })] });
    await eventually(async () => expect(await textOf(page, 'theme-owner')).toBe('张副主任'), T, 100);
    expect(await textOf(page, 'theme-before')).toBe(theme.effect.before.found.toLocaleString('zh-CN'));
    expect(await textOf(page, 'theme-after')).toBe(theme.effect.after.found.toLocaleString('zh-CN'));
    await page.getByTestId('theme-chart').locator('canvas').waitFor({ timeout: T });
    // Focus moved to what opened: the theme's heading.
    expect(await page.evaluate<string | null>('document.activeElement?.getAttribute("data-testid") ?? null')).toBe('theme-title');
    expect((await scan(page)).filter((r) => NOT_CHINESE.test(r.text) && !ALLOWED.has(r.text))).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'theme.png'), fullPage: true });
    await context.close();
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});

const pad = (n: number) => String(n).padStart(2, '0');
const streetDate = (d: Date) => {
  const s = new Date(d.getTime() + 8 * 3600_000);
  return `${s.getUTCFullYear()}-${pad(s.getUTCMonth() + 1)}-${pad(s.getUTCDate())}`;
};
const todayIso = () => streetDate(new Date());
const daysAgo = (n: number) => streetDate(new Date(Date.now() - n * 86_400_000));
function lastMonthIso(): string {
  const [y, m] = todayIso().split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
}
