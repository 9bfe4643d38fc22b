import { DIARY_GRADE_LABELS, DiaryGrade } from '@grid122/contracts';
import { City, DEMO_SUPERVISOR, demoDiaries, demoStreet } from '@grid122/demo-street';
import { DataSource } from 'typeorm';
import { WorkCalendar } from '../clock/work-calendar';

const chunks = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/**
 * 民情日志督查 on the demo street (DEMO_MODE only, issue 25): every grid head's diaries on most
 * working days of the last three months and this one, the supervisors' spot-checks with grades and
 * comments, and the finished months' published reviews (讲评), from @grid122/demo-street's
 * demoDiaries. Idempotent: skips when a check exists. A day a head already has a diary (one an
 * incident came from) keeps that diary alone. Written by `npm start`'s seed after seedDemo, not by
 * seedDemo, so specs that count diaries from an empty book keep it.
 */
export async function seedDiarySupervision(ds: DataSource, city: City = demoStreet(), now = new Date(), calendar = new WorkCalendar()): Promise<void> {
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM office.diary_checks`);
  if (n > 0) return;
  const { diaries, checks, reviews } = demoDiaries(city, { now, isWorkingDay: (day) => calendar.isWorkingDay(day) });
  const byId = new Map(diaries.map((d) => [d.id, d]));
  await ds.transaction(async (m) => {
    for (const part of chunks(diaries, 2000)) {
      await m.query(
        `INSERT INTO office.diaries (id, author_id, author_name, grid_id, grid_path, community_path, street_path, date, route, buildings, households_visited, notes, created_at)
         SELECT r.id, r.author_id, r.author_name, r.grid_id, r.grid_path::ltree, subpath(r.grid_path::ltree, 0, least(4, nlevel(r.grid_path::ltree))), subpath(r.grid_path::ltree, 0, 3),
                r.date, r.route, r.buildings, r.households_visited, r.notes, r.created_at
           FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, author_id text, author_name text, grid_id uuid, grid_path text, date date, route text, buildings text[],
                households_visited int, notes text, created_at timestamptz)
          WHERE NOT EXISTS (SELECT 1 FROM office.diaries d WHERE d.author_id = r.author_id AND d.date = r.date)
         ON CONFLICT (id) DO NOTHING`,
        [
          JSON.stringify(
            part.map((d) => ({
              id: d.id,
              author_id: d.authorId,
              author_name: d.authorName,
              grid_id: d.gridId,
              grid_path: d.gridPath,
              date: d.date,
              route: d.route,
              buildings: d.buildings,
              households_visited: d.householdsVisited,
              notes: d.notes,
              created_at: d.createdAt,
            })),
          ),
        ],
      );
    }
    for (const part of chunks(checks, 1000)) {
      await m.query(
        `INSERT INTO office.diary_checks (id, diary_id, month, author_id, author_name, grid_path, drawn_at, drawn_by, drawn_by_name, grade, points, comment, graded_at, graded_by, graded_by_name)
         SELECT r.id, d.id, r.month, r.author_id, r.author_name, r.grid_path::ltree, r.drawn_at, $2, $3, r.grade, r.points, r.comment, r.graded_at,
                CASE WHEN r.grade IS NOT NULL THEN $2 END, CASE WHEN r.grade IS NOT NULL THEN $3 END
           FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, diary_id uuid, date date, month text, author_id text, author_name text, grid_path text, drawn_at timestamptz,
                grade text, points int, comment text, graded_at timestamptz)
           -- the drawn diary, or the one the head's day already had (an incident's)
           JOIN LATERAL (SELECT x.id FROM office.diaries x WHERE x.author_id = r.author_id AND x.date = r.date ORDER BY x.id = r.diary_id DESC, x.id LIMIT 1) d ON true
         ON CONFLICT DO NOTHING`,
        [
          JSON.stringify(
            part.map((c) => ({
              id: c.id,
              diary_id: c.diaryId,
              date: byId.get(c.diaryId)!.date,
              month: c.month,
              author_id: c.authorId,
              author_name: c.authorName,
              grid_path: c.gridPath,
              drawn_at: c.drawnAt,
              grade: c.grade,
              points: c.grade ? DIARY_GRADE_LABELS[c.grade as DiaryGrade].points : null,
              comment: c.comment,
              graded_at: c.gradedAt,
            })),
          ),
          DEMO_SUPERVISOR.id,
          DEMO_SUPERVISOR.name,
        ],
      );
    }
    for (const r of reviews) {
      await m.query(`INSERT INTO office.diary_reviews (month, root, published_at, published_by) VALUES ($1, $2::ltree, $3, $4) ON CONFLICT DO NOTHING`, [r.month, r.root, r.publishedAt, DEMO_SUPERVISOR.id]);
    }
  });
}
