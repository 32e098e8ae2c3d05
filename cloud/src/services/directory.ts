// Public views of institutions and experts (no contacts). Stations live in
// services/stations/.
import type { Expert, Institution } from '@qi/shared';
import { camelize } from '../db/sql';

export interface InstitutionRow {
  id: string;
  name: string;
  categories: Institution['categories'];
  items: string[];
  region: string;
  status: Institution['status'];
  qualifications: Institution['qualifications'];
  intro: string;
}

export interface ExpertRow {
  id: string;
  name: string;
  title: string;
  title_level: Expert['titleLevel'];
  fields: Expert['fields'];
  items: string[];
  organisation: string;
  region: string;
  status: Expert['status'];
  intro: string;
}

export const institutionView = (r: InstitutionRow): Institution => ({
  id: r.id,
  name: r.name,
  categories: r.categories,
  items: r.items,
  region: r.region,
  status: r.status,
  // The stored qualifications carry more (scope, covered items, the scan): the list shows these four.
  qualifications: r.qualifications.map((q) => ({ name: q.name, number: q.number, validFrom: q.validFrom, validTo: q.validTo })),
  intro: r.intro,
});

/** An ExpertRow's columns, in the order the contract's Expert lists them: the view is their camelCase renaming. */
export const EXPERT_COLUMNS = 'id, name, title, title_level, fields, items, organisation, region, status, intro';

/** An expert as the directory shows it (read with EXPERT_COLUMNS, so no contact comes along). */
export const expertView = (r: ExpertRow): Expert => camelize(r);
