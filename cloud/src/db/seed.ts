// The demo seed: stations of all three kinds, institutions and experts across
// the categories, two enterprises and the six personas. Idempotent: every row
// is upserted by its natural key, so running it again changes nothing (but the
// ciphertexts: names and phones are encrypted afresh). A station, institution
// or expert a manager has changed since (its version moved past 1: an edit, a
// status decided in 动态评价) is left as the manager left it.
import type { PiiCipher } from '../pii';
import { SEED_ENTERPRISES, SEED_EXPERTS, SEED_INSTITUTIONS, SEED_STATIONS } from './seedData';
import type { Db, Queryable } from './types';

interface SeedUser {
  persona: string | null;
  key: string;
  name: string;
  roles: string[];
  enterprise?: string;
  institution?: string;
  /** Station codes and the title shown on the station's notice. */
  stations?: { code: string; title: string }[];
}

const centerCode = SEED_STATIONS.find((s) => s.kind === 'center')!.code;

/** The demo personas (dev login), and staff who appear on the stations' notices. */
export const SEED_USERS: SeedUser[] = [
  { persona: 'enterprise', key: 'enterprise', name: '林晓华', roles: ['enterprise'], enterprise: 'enterprise' },
  { persona: 'enterprise2', key: 'enterprise2', name: '符海燕', roles: ['enterprise'], enterprise: 'enterprise2' },
  {
    persona: 'specialist',
    key: 'specialist',
    name: '陈思远',
    roles: ['specialist'],
    stations: [{ code: centerCode, title: '首席服务专员' }],
  },
  { persona: 'provider', key: 'provider', name: '王建国', roles: ['provider'], institution: SEED_INSTITUTIONS[0]!.key },
  { persona: 'manager', key: 'manager', name: '李慧敏', roles: ['manager'] },
  { persona: 'supervisor', key: 'supervisor', name: '赵振华', roles: ['supervisor'] },
  ...SEED_STATIONS.filter((s) => s.kind !== 'center').map((s, i): SeedUser => ({
    persona: null,
    key: `staff_${s.code}`,
    name: ['周婷', '吴志强', '黄丽娟', '郑国栋', '蔡文静'][i] ?? `服务专员${i + 1}`,
    roles: ['specialist'],
    stations: [{ code: s.code, title: s.kind === 'branch' ? '窗口服务人员' : '驿站专员' }],
  })),
];

async function upsertId(tx: Queryable, sql: string, params: unknown[]): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(sql, params);
  return rows[0]!.id;
}

/** As upsertId, for rows managers edit: an edited row is not updated (the upsert returns nothing), only found by its key. */
async function seedOnceId(tx: Queryable, sql: string, params: unknown[], found: { table: string; key: string }): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(sql, params);
  if (rows[0]) return rows[0].id;
  const kept = await tx.query<{ id: string }>(`SELECT id FROM ${found.table} WHERE ${found.key} = $1`, [params[0]]);
  return kept.rows[0]!.id;
}

export async function seed(db: Db, pii: PiiCipher): Promise<{ users: number }> {
  return db.transaction(async (tx) => {
    const stationIds = new Map<string, string>();
    for (const s of SEED_STATIONS) {
      stationIds.set(
        s.code,
        await seedOnceId(
          tx,
          `INSERT INTO stations (code, kind, name, region, address, lat, lng, phone, hours, notice)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (code) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, region = EXCLUDED.region,
             address = EXCLUDED.address, lat = EXCLUDED.lat, lng = EXCLUDED.lng, phone = EXCLUDED.phone,
             hours = EXCLUDED.hours, notice = EXCLUDED.notice
           WHERE stations.version = 1
           RETURNING id`,
          [s.code, s.kind, s.name, s.region, s.address, s.lat, s.lng, s.phone, JSON.stringify(s.hours), JSON.stringify(s.notice)],
          { table: 'stations', key: 'code' },
        ),
      );
    }

    const enterpriseIds = new Map<string, string>();
    for (const e of SEED_ENTERPRISES) {
      enterpriseIds.set(
        e.key,
        await upsertId(
          tx,
          `INSERT INTO enterprises (seed_key, name, credit_code, region, address, industry, scale)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (seed_key) DO UPDATE SET name = EXCLUDED.name, credit_code = EXCLUDED.credit_code,
             region = EXCLUDED.region, address = EXCLUDED.address, industry = EXCLUDED.industry, scale = EXCLUDED.scale
           RETURNING id`,
          [e.key, e.name, e.creditCode, e.region, e.address, e.industry, e.scale],
        ),
      );
    }

    const institutionIds = new Map<string, string>();
    for (const i of SEED_INSTITUTIONS) {
      institutionIds.set(
        i.key,
        await seedOnceId(
          tx,
          `INSERT INTO institutions (seed_key, name, credit_code, categories, items, region, address, contact_name_enc,
                                     contact_phone_enc, agreement_date, status, qualifications, intro)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
           ON CONFLICT (seed_key) DO UPDATE SET name = EXCLUDED.name, credit_code = EXCLUDED.credit_code,
             categories = EXCLUDED.categories, items = EXCLUDED.items, region = EXCLUDED.region, address = EXCLUDED.address,
             agreement_date = EXCLUDED.agreement_date, status = EXCLUDED.status,
             qualifications = EXCLUDED.qualifications, intro = EXCLUDED.intro
           WHERE institutions.version = 1
           RETURNING id`,
          [
            i.key,
            i.name,
            i.creditCode,
            i.categories,
            i.items,
            i.region,
            i.address,
            pii.encrypt(i.contactName),
            pii.encrypt(i.contactPhone),
            i.agreementDate,
            i.status,
            JSON.stringify(i.qualifications),
            i.intro,
          ],
          { table: 'institutions', key: 'seed_key' },
        ),
      );
    }

    for (const x of SEED_EXPERTS) {
      await seedOnceId(
        tx,
        `INSERT INTO experts (seed_key, name, title, title_level, fields, items, organisation, region, contact_name_enc,
                              contact_phone_enc, status, integrity, intro)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (seed_key) DO UPDATE SET name = EXCLUDED.name, title = EXCLUDED.title, title_level = EXCLUDED.title_level,
           fields = EXCLUDED.fields, items = EXCLUDED.items, organisation = EXCLUDED.organisation, region = EXCLUDED.region,
           status = EXCLUDED.status, integrity = EXCLUDED.integrity, intro = EXCLUDED.intro
         WHERE experts.version = 1
         RETURNING id`,
        [
          x.key,
          x.name,
          x.title,
          x.titleLevel,
          x.fields,
          x.items,
          x.organisation,
          x.region,
          pii.encrypt(x.contactName),
          pii.encrypt(x.contactPhone),
          x.status,
          x.integrity,
          x.intro,
        ],
        { table: 'experts', key: 'seed_key' },
      );
    }

    for (const u of SEED_USERS) {
      // Personas are keyed by persona; other staff by a synthetic openid-like key.
      const id = await upsertId(
        tx,
        u.persona
          ? `INSERT INTO users (persona, name_enc, roles, enterprise_id, institution_id) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (persona) DO UPDATE SET name_enc = EXCLUDED.name_enc, name_plain = NULL, roles = EXCLUDED.roles,
               enterprise_id = EXCLUDED.enterprise_id, institution_id = EXCLUDED.institution_id
             RETURNING id`
          : `INSERT INTO users (openid, name_enc, roles, enterprise_id, institution_id) VALUES ('seed:' || $1, $2, $3, $4, $5)
             ON CONFLICT (openid) DO UPDATE SET name_enc = EXCLUDED.name_enc, name_plain = NULL, roles = EXCLUDED.roles
             RETURNING id`,
        [
          u.persona ?? u.key,
          pii.encrypt(u.name),
          u.roles,
          u.enterprise ? enterpriseIds.get(u.enterprise) : null,
          u.institution ? institutionIds.get(u.institution) : null,
        ],
      );
      for (const s of u.stations ?? []) {
        await tx.query(
          `INSERT INTO staff_stations (user_id, station_id, title) VALUES ($1, $2, $3)
           ON CONFLICT (user_id, station_id) DO UPDATE SET title = EXCLUDED.title`,
          [id, stationIds.get(s.code), s.title],
        );
      }
    }
    return { users: SEED_USERS.length };
  });
}
