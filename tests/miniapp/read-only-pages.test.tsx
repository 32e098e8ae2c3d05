// Read-only roles get read-only pages: each management page opened by its URL
// as each role that may not write there shows no field to type into and no
// enabled button but those that only read (a tab, a way to another page, a
// download); pages that belong wholly to another role say so ("只能查看，不能
// 编辑", the station edit page's notice). One row per page: a new page is one
// more row. And a button that cannot work now is disabled, with the reason.
import { render, screen, waitFor } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ComponentType } from 'react';
import type { Persona } from '@qi/shared';
import { call, completedNeed, signInAs, submittedNeed, tokenOf } from './support/api';
import { network, router } from './support/taro';
import StationEdit from '../../miniapp/src/packageManage/pages/stations/edit';
import StationsIndex from '../../miniapp/src/packageManage/pages/stations/index';
import ComplaintsIndex from '../../miniapp/src/packageManage/pages/complaints/index';
import ComplaintDetail from '../../miniapp/src/packageManage/pages/complaints/detail';
import TimeLimits from '../../miniapp/src/packageManage/pages/time-limits/index';
import Calendar from '../../miniapp/src/packageManage/pages/calendar/index';
import Institutions from '../../miniapp/src/packageManage/pages/institutions/index';
import InstitutionEdit from '../../miniapp/src/packageManage/pages/institutions/edit';
import Experts from '../../miniapp/src/packageManage/pages/experts/index';
import ExpertEdit from '../../miniapp/src/packageManage/pages/experts/edit';
import DirHistory from '../../miniapp/src/packageManage/pages/directory-history/index';
import Evaluation from '../../miniapp/src/packageManage/pages/evaluation/index';
import EvalSubject from '../../miniapp/src/packageManage/pages/evaluation/subject';
import Thresholds from '../../miniapp/src/packageManage/pages/evaluation/thresholds';
import Proposals from '../../miniapp/src/packageManage/pages/evaluation/proposals';
import Staff from '../../miniapp/src/packageManage/pages/staff/index';
import StaffInvite from '../../miniapp/src/packageManage/pages/staff/invite';
import StaffEdit from '../../miniapp/src/packageManage/pages/staff/edit';
import StaffAudit from '../../miniapp/src/packageManage/pages/staff-audit/index';
import FollowUps from '../../miniapp/src/packageImprove/pages/follow-ups/index';
import FollowUp from '../../miniapp/src/packageImprove/pages/follow-up/index';
import Rects from '../../miniapp/src/packageImprove/pages/rectifications/index';
import Rect from '../../miniapp/src/packageImprove/pages/rectification/index';
import ArchNeed from '../../miniapp/src/packageArchive/pages/need/index';
import ArchEnt from '../../miniapp/src/packageArchive/pages/enterprise/index';
import Members from '../../miniapp/src/packageAccount/pages/members/index';
import Dispatch from '../../miniapp/src/packageStaff/pages/dispatch/index';
import Intake from '../../miniapp/src/packageStaff/pages/intake/index';
import StaffNeed from '../../miniapp/src/packageStaff/pages/need/index';

type Fixtures = Record<
  'station' | 'institution' | 'expert' | 'need' | 'enterprise' | 'complaint' | 'ratedNeed' | 'followUp' | 'staff' | 'rect',
  string
>;
const fx = {} as Fixtures;

const OTHERS: Persona[] = ['supervisor', 'specialist', 'provider', 'enterprise'];
const NOTICE = '只能查看，不能编辑';

interface Row {
  path: string;
  Page: ComponentType;
  params?: (f: Fixtures) => Record<string, string>;
  /** The roles that may not write here. */
  as: Persona[];
  /** Whether the whole page is another role's: then it shows the read-only notice. */
  notice?: boolean;
  /** Buttons that only read (tabs, sorting, ways to other pages, downloads); 重试 reads again and is always allowed. */
  reads?: string[];
}

const ROWS: Row[] = [
  {
    path: 'packageManage/pages/stations/edit',
    Page: StationEdit,
    params: (f) => ({ id: f.station }),
    as: OTHERS,
    notice: true,
    reads: ['查看站点页'],
  },
  { path: 'packageManage/pages/stations/edit', Page: StationEdit, as: OTHERS, notice: true },
  { path: 'packageManage/pages/stations/index', Page: StationsIndex, as: OTHERS, reads: ['查看'] },
  { path: 'packageManage/pages/complaints/index', Page: ComplaintsIndex, as: OTHERS },
  { path: 'packageManage/pages/complaints/detail', Page: ComplaintDetail, params: (f) => ({ id: f.complaint }), as: OTHERS },
  { path: 'packageManage/pages/time-limits/index', Page: TimeLimits, as: OTHERS },
  { path: 'packageManage/pages/calendar/index', Page: Calendar, as: OTHERS, reads: ['下月 ›', '‹ 上月'] },
  { path: 'packageManage/pages/institutions/index', Page: Institutions, as: OTHERS, notice: true, reads: ['查看机构名录'] },
  {
    path: 'packageManage/pages/institutions/edit',
    Page: InstitutionEdit,
    params: (f) => ({ id: f.institution }),
    as: OTHERS,
    notice: true,
    reads: ['查看机构名录'],
  },
  { path: 'packageManage/pages/institutions/edit', Page: InstitutionEdit, as: OTHERS, notice: true, reads: ['查看机构名录'] },
  { path: 'packageManage/pages/experts/index', Page: Experts, as: OTHERS, notice: true, reads: ['查看专家库'] },
  {
    path: 'packageManage/pages/experts/edit',
    Page: ExpertEdit,
    params: (f) => ({ id: f.expert }),
    as: OTHERS,
    notice: true,
    reads: ['查看专家库'],
  },
  { path: 'packageManage/pages/experts/edit', Page: ExpertEdit, as: OTHERS, notice: true, reads: ['查看专家库'] },
  {
    path: 'packageManage/pages/directory-history/index',
    Page: DirHistory,
    params: (f) => ({ kind: 'institution', id: f.institution }),
    as: OTHERS,
    notice: true,
    reads: ['查看机构名录'],
  },
  {
    path: 'packageManage/pages/evaluation/index',
    Page: Evaluation,
    as: OTHERS,
    reads: ['评价建议', '查看阈值', '服务机构', '技术专家', '服务专员', '满意率', '按时率', '完成率', '服务量'],
  },
  {
    path: 'packageManage/pages/evaluation/subject',
    Page: EvalSubject,
    params: (f) => ({ kind: 'institution', id: f.institution }),
    as: OTHERS,
    reads: ['全部建议'],
  },
  { path: 'packageManage/pages/evaluation/thresholds', Page: Thresholds, as: OTHERS },
  {
    path: 'packageManage/pages/evaluation/proposals',
    Page: Proposals,
    as: OTHERS,
    reads: ['全部', '待决定', '已采纳', '未采纳', '已失效'],
  },
  { path: 'packageManage/pages/staff/index', Page: Staff, as: OTHERS, notice: true },
  { path: 'packageManage/pages/staff/invite', Page: StaffInvite, as: OTHERS, notice: true },
  { path: 'packageManage/pages/staff/edit', Page: StaffEdit, params: (f) => ({ id: f.staff }), as: OTHERS, notice: true },
  { path: 'packageManage/pages/staff-audit/index', Page: StaffAudit, as: OTHERS, notice: true },
  // 回访 belong to the center's specialists and the managers.
  {
    path: 'packageImprove/pages/follow-ups/index',
    Page: FollowUps,
    params: () => ({ scope: 'all' }),
    as: ['supervisor', 'provider', 'enterprise'],
  },
  {
    path: 'packageImprove/pages/follow-up/index',
    Page: FollowUp,
    params: (f) => ({ id: f.followUp }),
    as: ['supervisor', 'provider', 'enterprise'],
  },
  { path: 'packageImprove/pages/rectifications/index', Page: Rects, as: OTHERS },
  { path: 'packageImprove/pages/rectification/index', Page: Rect, params: (f) => ({ id: f.rect }), as: OTHERS },
  { path: 'packageArchive/pages/need/index', Page: ArchNeed, params: (f) => ({ id: f.ratedNeed }), as: OTHERS, reads: ['下载PDF'] },
  { path: 'packageArchive/pages/enterprise/index', Page: ArchEnt, params: (f) => ({ id: f.enterprise }), as: OTHERS, reads: ['下载PDF'] },
  // An enterprise's members are its first member's to manage.
  { path: 'packageAccount/pages/members/index', Page: Members, as: ['supervisor', 'specialist', 'provider'] },
  {
    path: 'packageStaff/pages/dispatch/index',
    Page: Dispatch,
    params: (f) => ({ id: f.need }),
    as: ['supervisor', 'provider', 'enterprise'],
    notice: true,
    reads: ['查看需求'],
  },
  // Only a specialist records a need at the window (POST /api/needs refuses managers and supervisors).
  { path: 'packageStaff/pages/intake/index', Page: Intake, as: ['supervisor', 'provider', 'enterprise', 'manager'], notice: true },
  { path: 'packageStaff/pages/need/index', Page: StaffNeed, params: (f) => ({ id: f.need }), as: ['supervisor', 'provider', 'enterprise'] },
];

/** Renders the page as the persona, by its URL, and waits until everything it asked for has answered. */
async function open(row: Row, persona: Persona) {
  await signInAs(persona);
  router.set(`/${row.path}`, row.params?.(fx) ?? {});
  const { container } = render(<row.Page />);
  // A page's first answers start more requests (the user, then its data): settle until quiet.
  await waitFor(async () => {
    await network.settle();
    expect(container.querySelector('.status-view--loading')).toBeNull();
  });
  await network.settle();
  return container;
}

const enabledButtons = (root: HTMLElement) =>
  Array.from(root.querySelectorAll<HTMLButtonElement>('button, .nut-button'))
    .filter((b) => !b.disabled && !b.classList.contains('nut-button-disabled'))
    .map((b) => (b.textContent ?? '').trim());

beforeAll(async () => {
  const m = await tokenOf('manager');
  const list = (await call('GET', '/api/stations', { token: m })).body;
  fx.station = (Array.isArray(list) ? list : list.items)[0].id;
  const inst = (await call('GET', '/api/manage/institutions', { token: m })).body;
  fx.institution = (Array.isArray(inst) ? inst : inst.items)[0].id;
  const ex = (await call('GET', '/api/manage/experts', { token: m })).body;
  fx.expert = (Array.isArray(ex) ? ex : ex.items)[0].id;
  const need = await submittedNeed();
  fx.need = need.id;
  fx.enterprise = need.enterprise.id;
  const c = await call('POST', '/api/complaints', {
    token: await tokenOf('enterprise'),
    headers: { 'Idempotency-Key': `ro-${Math.random().toString(36).slice(2)}` },
    body: { needId: need.id, targetKind: 'need', content: '办理过程中一直没有进展，希望说明原因。' },
  });
  fx.complaint = c.body.id;
  const done = await completedNeed();
  fx.ratedNeed = done.id;
  await call('POST', `/api/needs/${done.id}/rating`, {
    token: await tokenOf('enterprise'),
    body: { timeliness: 'average', professionalism: 'dissatisfied', courtesy: 'satisfied', overall: 'dissatisfied', resolved: false },
  });
  const fl = await call('GET', '/api/follow-ups?scope=all', { token: m });
  fx.followUp = fl.body.items.find((f: any) => f.need.id === done.id).id;
  const st = await call('GET', '/api/manage/staff', { token: m });
  const accounts = Array.isArray(st.body) ? st.body : (st.body.accounts ?? st.body.items);
  fx.staff = accounts[0].id;
  const spec = accounts.find((a: any) => a.roles.includes('specialist'));
  const r = await call('POST', '/api/rectifications', {
    token: m,
    body: {
      source: { kind: 'complaint', id: fx.complaint },
      subject: '对服务专员开展一次服务规范专项培训。',
      responsible: { kind: 'staff', id: spec.id },
      dueOn: '2099-06-30',
    },
  });
  fx.rect = r.body.id;
});

describe('management pages opened by their URL by a role that may not write there', () => {
  for (const row of ROWS) {
    const what = !row.params && /edit$/.test(row.path) ? `${row.path} (new)` : row.path;
    for (const persona of row.as) {
      it(`${what} as ${persona}: nothing to type into, no button that would be refused`, async () => {
        const page = await open(row, persona);
        expect(page.querySelectorAll('input, textarea')).toHaveLength(0);
        const allowed = new Set([...(row.reads ?? []), '重试']);
        expect(enabledButtons(page).filter((t) => !allowed.has(t))).toEqual([]);
        if (row.notice) expect(page.textContent).toContain(NOTICE);
      });
    }
  }
});

describe('a button that cannot work now', () => {
  it('派单 on a need not yet accepted is disabled, and says to accept it first', async () => {
    const need = await submittedNeed();
    const page = await open(
      { path: 'packageStaff/pages/dispatch/index', Page: Dispatch, params: () => ({ id: need.id }), as: [] },
      'specialist',
    );
    expect(await screen.findByText(/受理后才能派单/)).toBeTruthy();
    const button = Array.from(page.querySelectorAll('.dispatch__bar .nut-button')).find((b) => b.textContent?.includes('不能派单'));
    expect(button?.className).toContain('nut-button-disabled');
    expect(enabledButtons(page)).not.toContain('不能派单');
  });

  it('gives the manager the staff pages to work with (the rows above are not empty for everyone)', async () => {
    const page = await open({ path: 'packageManage/pages/staff/invite', Page: StaffInvite, as: [] }, 'manager');
    expect(page.querySelectorAll('input').length).toBeGreaterThan(0);
    expect(enabledButtons(page)).toContain('生成绑定码');
  });
});
