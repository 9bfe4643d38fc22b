// The process clock runs in UTC, as on most servers: the street's days and months must not follow it.
process.env.TZ = 'UTC';

import { addDays, addMonths, streetCalendar } from '@grid122/calendar';
import { GetPetitionsFigures, RecordMeeting } from '@grid122/contracts';
import { serviceUnderTest, TEST_STREET as STREET } from '@grid122/testing';
import { AppModule } from '../src/app.module';
import { dataSourceOptions } from '../src/database/data-source';

jest.setTimeout(120_000);

/** The petitions group's days and months are the street's (docs/metrics.md, Calendar), through its contracts. */
describe("the street's calendar in the petitions group", () => {
  const svc = serviceUnderTest({ app: 'petitions', module: () => AppModule.forRoot(), dataSource: dataSourceOptions });
  const cal = streetCalendar();
  const G3 = `${STREET}.c01.g2_01.g3_01`;

  it('labels each month of the figures with the month it counts, and counts a petition at 00:30 on the 1st in that month', async () => {
    const month = cal.thisMonth();
    // 00:30 in Beijing on the 1st is still the previous month in UTC.
    const earlyOnTheFirst = new Date(cal.dayStart(`${month}-01`).getTime() + 30 * 60_000);
    await svc().ds.query(
      `INSERT INTO petitions.petitions (ref, channel, petitioner_kind, headcount, matter, summary, key_area, grid_path, state, received_at, accept_due_at)
       VALUES ('XFCAL1', 'visit', 'person', 1, 'housing', '月初凌晨来访', 'petitions_stability', $1::ltree, 'received', $2, $2::timestamptz + interval '15 days')`,
      [G3, earlyOnTheFirst],
    );
    const figures = await svc().call(GetPetitionsFigures, { from: addMonths(month, -1), to: month }, 'commander');
    expect(figures.petitions.months.map((m) => [m.month, m.petitions])).toEqual([
      [addMonths(month, -1), 0],
      [month, 1],
    ]);
  });

  it("takes a stability meeting held today (the street's today) and refuses tomorrow, naming heldOn", async () => {
    const body = (heldOn: string) => ({
      heldOn,
      gridPath: STREET,
      chair: '街道政法委员',
      attendees: [{ name: '综治办主任', role: '综治办' }, { name: '派出所所长', role: '派出所' }, { name: '司法所所长', role: '司法所' }],
      topics: '研判本周矛盾纠纷和信访形势',
      decisions: [],
    });
    const today = cal.today();
    expect((await svc().call(RecordMeeting, body(today), 'petitions')).heldOn).toBe(today);
    expect(await svc().invalidField(RecordMeeting, body(addDays(today, 1)), 'petitions')).toBe('heldOn');
  });
});
