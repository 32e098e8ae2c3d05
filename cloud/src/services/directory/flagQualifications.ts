// The tick's part for the directory: qualifications within 30 days of their
// last valid day, and those that have just expired, are flagged to managers
// once each (qualification_alerts holds the flags). Runs in the tick's
// transaction; returns how many notifications it wrote.
import { addCalendarDays, QUALIFICATION_WARNING_DAYS, type IsoDate } from '@qi/shared';
import type { Queryable } from '../../db/types';
import { notifyUsers } from '../notifications';

interface Flag {
  institution_id: string;
  name: string;
  qualification: string;
  number: string;
  valid_to: string;
  level: 'expiring' | 'expired';
  items: string[];
}

export async function flagQualifications(tx: Queryable, today: IsoDate, managers: readonly string[], at: Date): Promise<number> {
  const soon = addCalendarDays(today, QUALIFICATION_WARNING_DAYS);
  const { rows } = await tx.query<Flag>(
    `WITH q AS (
       SELECT i.id AS institution_id, i.name, e.q ->> 'name' AS qualification, e.q ->> 'number' AS number,
              (e.q ->> 'validTo')::date AS valid_to, coalesce(e.q -> 'items', '[]'::jsonb) AS items
         FROM institutions i CROSS JOIN LATERAL jsonb_array_elements(i.qualifications) AS e(q)
        WHERE i.status <> 'exited'
     ), due AS (
       SELECT q.*, CASE WHEN q.valid_to < $1::date THEN 'expired' ELSE 'expiring' END AS level
         FROM q WHERE q.valid_to <= $2::date
     ), flagged AS (
       INSERT INTO qualification_alerts (institution_id, number, valid_to, level, created_at)
       SELECT institution_id, number, valid_to, level, $3 FROM due
       ON CONFLICT DO NOTHING
       RETURNING institution_id, number, valid_to, level
     )
     SELECT d.institution_id, d.name, d.qualification, d.number, to_char(d.valid_to, 'YYYY-MM-DD') AS valid_to, d.level,
            ARRAY(SELECT jsonb_array_elements_text(d.items)) AS items
       FROM due d JOIN flagged f USING (institution_id, number, valid_to, level)
      ORDER BY d.valid_to, d.name`,
    [today, soon, at],
  );
  let notifications = 0;
  for (const f of rows) {
    const title = f.level === 'expired' ? `资质已过期：${f.name}` : `资质即将到期：${f.name}`;
    const body =
      f.level === 'expired'
        ? `${f.qualification}（${f.number}）已于 ${f.valid_to} 到期${f.items.length ? '，其覆盖的服务项目不再参与匹配' : ''}，请督促机构换证并更新名录。`
        : `${f.qualification}（${f.number}）将于 ${f.valid_to} 到期，请提醒机构及时换证。`;
    notifications += await notifyUsers(tx, managers, { kind: 'qualification', title, body });
  }
  return notifications;
}
