import { City, DEMO_SUPERVISOR, demoMeetings, demoStreet } from '@grid122/demo-street';
import { DataSource } from 'typeorm';

const chunks = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));
const weekday = (day: string) => ![0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());

/**
 * 三会一评 on the demo street (DEMO_MODE only, issue 25), after seedDemo: the meetings of the last
 * three months and this one on every convening grid with their attendance and decisions, and the
 * level-2 grids' democratic appraisals of the last half-years (the verdicts appraisal's surveys
 * hold), from @grid122/demo-street's demoMeetings. Written by `npm start`'s seed, not by seedDemo,
 * so specs that start from an empty meeting book keep it. Idempotent: skips when a meeting exists.
 */
export async function seedMeetings(ds: DataSource, city: City = demoStreet(), now = new Date()): Promise<void> {
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM registry.meetings`);
  if (n > 0) return;
  const meetings = demoMeetings(city, { now, isWorkingDay: weekday });
  await ds.transaction(async (m) => {
    for (const part of chunks(meetings, 300)) {
      await m.query(
        `INSERT INTO registry.meetings (id, kind, grid_id, grid_path, held_on, title, minutes, representatives, democratic, half_year, recorded_by, recorded_by_name, created_at)
         SELECT r.id, r.kind, r.grid_id, r.grid_path::ltree, r.held_on, r.title, r.minutes, r.representatives, r.democratic, r.half_year, $2, $3, r.created_at
           FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, kind text, grid_id uuid, grid_path text, held_on date, title text, minutes text, representatives int,
                democratic jsonb, half_year text, created_at timestamptz)`,
        [
          JSON.stringify(
            part.map((x) => ({
              id: x.id,
              kind: x.kind,
              grid_id: x.gridId,
              grid_path: x.gridPath,
              held_on: x.heldOn,
              title: x.title,
              minutes: x.minutes,
              representatives: x.representatives,
              democratic: x.democratic,
              half_year: x.halfYear,
              created_at: x.createdAt,
            })),
          ),
          DEMO_SUPERVISOR.id,
          DEMO_SUPERVISOR.name,
        ],
      );
      // The registry's own person rows give the account a member is linked to (as the service's members()).
      await m.query(
        `INSERT INTO registry.meeting_attendees (meeting_id, staff_id, account_id, name, role, grid_path, attended, absence_reason)
         SELECT r.meeting_id, r.staff_id, s.account_id, s.name, r.role, r.grid_path::ltree, r.attended, r.absence_reason
           FROM jsonb_to_recordset($1::jsonb) AS r(meeting_id uuid, staff_id uuid, role text, grid_path text, attended boolean, absence_reason text)
           JOIN registry.staff s ON s.id = r.staff_id`,
        [JSON.stringify(part.flatMap((x) => x.attendees.map((a) => ({ meeting_id: x.id, staff_id: a.staffId, role: a.role, grid_path: a.gridPath, attended: a.attended, absence_reason: a.absenceReason }))))],
      );
      await m.query(
        `INSERT INTO registry.meeting_decisions (id, meeting_id, grid_path, text, owner_staff_id, owner_name, due_on, state, done_on, done_note, done_by)
         SELECT r.id, r.meeting_id, r.grid_path::ltree, r.text, r.owner_staff_id, r.owner_name, r.due_on, CASE WHEN r.done_on IS NULL THEN 'open' ELSE 'done' END,
                r.done_on, r.done_note, CASE WHEN r.done_on IS NOT NULL THEN $2 END
           FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, meeting_id uuid, grid_path text, text text, owner_staff_id uuid, owner_name text, due_on date, done_on date, done_note text)`,
        [
          JSON.stringify(
            part.flatMap((x) =>
              x.decisions.map((d) => ({ id: d.id, meeting_id: x.id, grid_path: d.gridPath, text: d.text, owner_staff_id: d.ownerStaffId, owner_name: d.ownerName, due_on: d.dueOn, done_on: d.doneOn, done_note: d.doneNote })),
            ),
          ),
          DEMO_SUPERVISOR.id,
        ],
      );
    }
  });
}
