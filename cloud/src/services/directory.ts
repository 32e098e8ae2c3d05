// Public views of institutions and experts (no contacts). Stations live in
// services/stations/.
import type { Expert, Institution } from '@qi/shared';

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

export const expertView = (r: ExpertRow): Expert => ({
  id: r.id,
  name: r.name,
  title: r.title,
  titleLevel: r.title_level,
  fields: r.fields,
  items: r.items,
  organisation: r.organisation,
  region: r.region,
  status: r.status,
  intro: r.intro,
});
