import { addDays, addMonths, StreetCalendar } from '@grid122/calendar';
import { demoDiaries, democraticVerdict, demoMeetings, demoStreet, DemoMeetingKind, Grid } from './index';

// The office's work calendar lives in the office; weekdays are enough to check the shape here.
const weekday = (day: string) => ![0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());
const cal = new StreetCalendar('Asia/Shanghai');

/** When the registry counts a meeting overdue (its service's nextDue, restated independently). */
function dueAfter(day: string, kind: DemoMeetingKind): string {
  const months = (n: number) => {
    const m = addMonths(day.slice(0, 7), n);
    const last = addDays(`${addMonths(m, 1)}-01`, -1);
    return `${m}-${day.slice(8)}` > last ? last : `${m}-${day.slice(8)}`;
  };
  return { street_leadership: months(1), community_briefing: addDays(day, 2), community_leadership: addDays(day, 7), compound_heads: addDays(day, 10), democratic_appraisal: months(6) }[kind];
}

describe('demo street supervision (督查: 民情日志, 抽查, 三会一评)', () => {
  const city = demoStreet();
  const heads = city.assignments.filter((a) => a.role === 'grid_head' && city.grids.find((g) => g.id === a.gridId)!.levelNo !== null);
  // A Monday afternoon, the first morning of a month, and a Sunday night: "today" is the run's.
  for (const nowIso of ['2026-12-07T07:10:00Z', '2026-11-01T01:30:00Z', '2026-10-11T14:00:00Z']) {
    describe(`run at ${nowIso}`, () => {
      const now = new Date(nowIso);
      const today = cal.today(now);
      const o = { now, isWorkingDay: weekday, calendar: cal };
      const { diaries, checks, reviews } = demoDiaries(city, o);
      const meetings = demoMeetings(city, o);

      it('dates nothing after the run (the street calendar, Asia/Shanghai)', () => {
        const late = [
          ...diaries.filter((d) => d.date > today || Date.parse(d.createdAt) > now.getTime() || cal.day(d.createdAt) !== d.date).map((d) => `diary ${d.date} ${d.createdAt}`),
          ...checks.filter((c) => Date.parse(c.drawnAt) > now.getTime() || (c.gradedAt && Date.parse(c.gradedAt) > now.getTime())).map((c) => `check ${c.drawnAt}`),
          ...reviews.filter((r) => Date.parse(r.publishedAt) > now.getTime()).map((r) => `review ${r.month}`),
          ...meetings.filter((m) => m.heldOn >= today || Date.parse(m.createdAt) > now.getTime()).map((m) => `meeting ${m.heldOn}`),
          ...meetings.flatMap((m) => m.decisions).filter((d) => d.doneOn && d.doneOn >= today).map((d) => `decision done ${d.doneOn}`),
        ];
        expect(late).toEqual([]);
      });

      it('has every grid head file on most working days (85-95% of the roster), a few habitual laggards, nobody on a rest day', () => {
        expect(diaries.every((d) => weekday(d.date))).toBe(true);
        const month = addMonths(today.slice(0, 7), -1);
        let workingDays = 0;
        for (let d = `${month}-01`; d.startsWith(month); d = addDays(d, 1)) if (weekday(d)) workingDays++;
        const filed = diaries.filter((d) => d.date.startsWith(month));
        const completeness = filed.length / (heads.length * workingDays);
        expect(completeness).toBeGreaterThan(0.85);
        expect(completeness).toBeLessThan(0.95);
        const perAuthor = new Map<string, number>();
        for (const d of filed) perAuthor.set(d.authorId, (perAuthor.get(d.authorId) ?? 0) + 1);
        expect(new Set(heads.map((h) => h.personId))).toEqual(new Set(perAuthor.keys()));
        const laggards = [...perAuthor.values()].filter((n) => n / workingDays < 0.75).length;
        expect(laggards).toBeGreaterThan(0);
        expect(laggards).toBeLessThan(heads.length * 0.12);
        expect(filed.every((d) => /[\u4e00-\u9fff]/.test(d.notes) && d.route.length > 0)).toBe(true);
      });

      it('spot-checks every author of a finished month at least once, up to the share, graded; the review published from the 5th', () => {
        const month = addMonths(today.slice(0, 7), -1);
        const own = checks.filter((c) => c.month === month);
        const diariesOfMonth = diaries.filter((d) => d.date.startsWith(month));
        const byId = new Map(diaries.map((d) => [d.id, d]));
        expect(own.every((c) => byId.get(c.diaryId)!.date.startsWith(month) && byId.get(c.diaryId)!.authorId === c.authorId)).toBe(true);
        expect(new Set(own.map((c) => c.diaryId)).size).toBe(own.length);
        const drawnYet = today > `${today.slice(0, 7)}-03`;
        if (drawnYet) {
          expect(new Set(own.map((c) => c.authorId)).size).toBe(heads.length);
          expect(own.length).toBeGreaterThanOrEqual(Math.ceil(0.1 * diariesOfMonth.length));
        }
        if (today > `${today.slice(0, 7)}-05`) {
          expect(own.every((c) => c.grade && c.comment)).toBe(true);
          expect(reviews.map((r) => r.month)).toContain(month);
        } else expect(reviews.map((r) => r.month)).not.toContain(month);
      });

      it('holds 三会一评 on schedule for most grids: a few overdue, ~93% attendance, decisions mostly kept', () => {
        const conveners: [DemoMeetingKind, Grid['level']][] = [
          ['street_leadership', 'street'],
          ['community_briefing', 'community'],
          ['community_leadership', 'community'],
          ['compound_heads', 'compound'],
          ['democratic_appraisal', 'compound'],
        ];
        let due = 0;
        let overdue = 0;
        for (const [kind, level] of conveners) {
          for (const g of city.grids.filter((x) => x.level === level)) {
            due++;
            const last = meetings.filter((m) => m.kind === kind && m.gridId === g.id).reduce((d, m) => (m.heldOn > d ? m.heldOn : d), '');
            if (!last || dueAfter(last, kind) < today) overdue++;
          }
        }
        expect(due).toBe(161);
        expect(overdue).toBeGreaterThan(0);
        expect(overdue).toBeLessThanOrEqual(10);
        const attendees = meetings.flatMap((m) => m.attendees);
        const rate = attendees.filter((a) => a.attended).length / attendees.length;
        expect(rate).toBeGreaterThan(0.88);
        expect(rate).toBeLessThan(0.98);
        const decisions = meetings.flatMap((m) => m.decisions).filter((d) => d.dueOn < today);
        expect(decisions.filter((d) => d.doneOn).length / decisions.length).toBeGreaterThan(0.8);
        for (const m of meetings.filter((x) => x.kind === 'democratic_appraisal')) {
          const v = democraticVerdict(m.gridId, m.halfYear!);
          expect(m.democratic).toEqual({ satisfied: v.satisfied, basicallySatisfied: v.basicallySatisfied, dissatisfied: v.dissatisfied });
          expect(v.satisfied + v.basicallySatisfied + v.dissatisfied).toBe(m.representatives);
        }
      });
    });
  }

  it('is deterministic for a given run instant', () => {
    const o = { now: new Date('2026-12-07T07:10:00Z'), isWorkingDay: weekday };
    const same = <T>(make: () => T) => JSON.stringify(make()) === JSON.stringify(make());
    expect(same(() => demoDiaries(city, o))).toBe(true);
    expect(same(() => demoMeetings(city, o))).toBe(true);
  });
});
