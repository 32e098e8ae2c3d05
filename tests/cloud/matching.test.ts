// 精准匹配 through the real app on the seeded directory: what ranks a provider
// up or down, the reasons given in Chinese, and who may ask.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FULL_LOAD, scoreMatch, type MatchCandidate } from '../../cloud/src/services/matching';
import { createTestApi, type TestApi } from '../support/api';
import { createNeed, institutionId, mustAct, providerInstitutionId, taskAct } from '../support/workbench';

let api: TestApi;
let ent: string, ent2: string, spec: string, mgr: string, sup: string, prov: string;
let sanyaStation: string;

interface MatchBody {
  kind: string;
  institutionId?: string;
  expertId?: string;
  name: string;
  score: number;
  reasons: string[];
  notes: string[];
  warnings: string[];
  openTasks: number;
  onTimeRate: number | null;
  satisfactionRate: number | null;
  alreadyAssigned: boolean;
}

beforeAll(async () => {
  api = await createTestApi();
  ({ enterprise: ent, enterprise2: ent2, specialist: spec, provider: prov, manager: mgr, supervisor: sup } = await api.loginAll());
  sanyaStation = (await api.deps.db.query<{ id: string }>(`SELECT id FROM stations WHERE code = 'SYB001'`)).rows[0]!.id;
});
afterAll(() => api?.close());

async function matches(token: string, needId: string): Promise<MatchBody[]> {
  const r = await api.request('GET', `/api/needs/${needId}/matches`, { token });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}
const named = (list: MatchBody[], name: string) => list.find((m) => m.name === name)!;

describe('ranking', () => {
  it('puts the providers covering the need’s category and items first, with Chinese reasons', async () => {
    const n = await createNeed(api, ent, { categories: ['metrology'], items: ['metrology.verification_calibration'] });
    const list = await matches(spec, n.id);
    expect(list.length).toBeGreaterThan(0);
    for (const m of list) {
      expect(m.score).toBeGreaterThanOrEqual(0);
      expect(m.score).toBeLessThanOrEqual(100);
      expect(m.reasons.length).toBeGreaterThan(0);
      for (const r of m.reasons) expect(r).toMatch(/[\u4e00-\u9fff]/);
    }
    const scores = list.map((m) => m.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const top = named(list, '海南省计量测试研究中心');
    expect(list.indexOf(top)).toBeLessThan(3);
    expect(top.reasons).toEqual(
      expect.arrayContaining(['覆盖服务类别：计量（1/1）', '可提供服务项目 1/1：计量器具检定校准', '同在海口市，便于对接和上门服务']),
    );
    expect(top.reasons.find((r) => r.startsWith('资质在有效期内：'))).toBeTruthy();
    // every provider listed works in the need's category
    expect(list.every((m) => m.reasons[0]!.startsWith('覆盖服务类别：计量'))).toBe(true);
  });

  it('lists experts too, with their title as a reason', async () => {
    const n = await createNeed(api, ent, { categories: ['metrology'] });
    const expert = (await matches(spec, n.id)).find((m) => m.kind === 'expert')!;
    expect(expert).toMatchObject({ name: '林海峰', expertId: expect.any(String) });
    expect(expert.reasons).toContain('正高级工程师（正高级职称）');
  });

  it('warns about a provider whose qualification has expired, naming it', async () => {
    // hn_brand's 社会团体法人登记证书 ran to 2025-06-30.
    const n = await createNeed(api, ent, { categories: ['brand'] });
    const brand = named(await matches(spec, n.id), '海南省品牌发展促进会');
    expect(brand.warnings).toContain('资质已过期：社会团体法人登记证书（2025-06-30 到期）');
  });

  it('takes points off a provider on 预警 and leaves out a suspended one', async () => {
    const n = await createNeed(api, ent, { categories: ['quality_management'] });
    const list = await matches(spec, n.id);
    const warned = named(list, '海南卓越质量管理咨询有限公司');
    expect(warned.warnings).toContain('动态评价处于预警状态');
    const cert = await institutionId(api, 'hn_certification');
    await api.deps.db.query(`UPDATE institutions SET status = 'suspended' WHERE id = $1`, [cert]);
    try {
      expect((await matches(spec, n.id)).map((m) => m.institutionId)).not.toContain(cert);
    } finally {
      await api.deps.db.query(`UPDATE institutions SET status = 'active' WHERE id = $1`, [cert]);
    }
  });

  it('prefers a provider in the need’s region (a need raised at the 三亚 branch)', async () => {
    const n = await createNeed(api, ent2, { categories: ['testing'], stationId: sanyaStation });
    const managerView = await matches(mgr, n.id);
    const sanya = named(managerView, '三亚崖州湾质量技术服务有限公司');
    expect(sanya.reasons).toContain('同在三亚市，便于对接和上门服务');
    const haikou = named(managerView, '海南南海检验检测有限公司');
    expect(haikou.reasons.some((r) => r.startsWith('同在'))).toBe(false);
  });

  it('lowers the score of a provider as its open tasks grow, and flags one already on this need', async () => {
    const inst = await providerInstitutionId(api);
    const n = await createNeed(api, ent, { categories: ['metrology'] });
    const before = named(await matches(spec, n.id), '海南省计量测试研究中心');
    for (let i = 0; i < 2; i++) {
      const other = await createNeed(api, ent, { categories: ['metrology'] });
      await mustAct(api, spec, other.id, { action: 'accept', version: 1 });
      await mustAct(api, spec, other.id, { action: 'dispatch', version: 2, assignees: [{ institutionId: inst }] });
    }
    const after = named(await matches(spec, n.id), '海南省计量测试研究中心');
    expect(after.openTasks).toBe(before.openTasks + 2);
    expect(after.score).toBeLessThan(before.score);
    // Tasks in hand are no strength: a plain note, not a ticked reason.
    expect(after.notes).toContain(`当前在办任务 ${after.openTasks} 项`);
    expect(after.reasons.some((r) => r.includes('在办任务'))).toBe(false);

    await mustAct(api, spec, n.id, { action: 'accept', version: 1 });
    await mustAct(api, spec, n.id, { action: 'dispatch', version: 2, assignees: [{ institutionId: inst }] });
    const assigned = named(await matches(spec, n.id), '海南省计量测试研究中心');
    expect(assigned.alreadyAssigned).toBe(true);
    expect(assigned.warnings).toContain('已承担本需求的服务任务');
  });

  it('learns on-time and satisfaction rates from finished, rated work', async () => {
    const inst = await providerInstitutionId(api);
    const served = await createNeed(api, ent, { categories: ['metrology'] });
    await mustAct(api, spec, served.id, { action: 'accept', version: 1 });
    const d = await mustAct(api, spec, served.id, { action: 'dispatch', version: 2, assignees: [{ institutionId: inst }] });
    await taskAct(api, prov, d.tasks[0].id, { action: 'accept', version: 1 });
    const fin = await taskAct(api, prov, d.tasks[0].id, { action: 'done', version: 2, result: '完成校准' });
    await mustAct(api, spec, served.id, { action: 'complete', version: fin.body.version, result: '办结' });
    await api.request('POST', `/api/needs/${served.id}/rating`, {
      token: ent,
      body: {
        timeliness: 'very_satisfied',
        professionalism: 'very_satisfied',
        courtesy: 'very_satisfied',
        overall: 'very_satisfied',
        resolved: true,
      },
    });
    const n = await createNeed(api, ent, { categories: ['metrology'] });
    const m = named(await matches(spec, n.id), '海南省计量测试研究中心');
    expect(m.onTimeRate).toBe(1);
    expect(m.satisfactionRate).toBe(1);
    expect(m.reasons).toContain('动态评价（近 12 个月）满意率 100%（1/1 次评价）');
    expect(m.reasons).toContain('动态评价（近 12 个月）按时率 100%（1/1 项任务）');
  });
});

describe('who may ask', () => {
  it('refuses the enterprise and the supervisor (403) and hides the need from a provider without a task (404)', async () => {
    const n = await createNeed(api, ent, { categories: ['ip'] });
    expect((await api.request('GET', `/api/needs/${n.id}/matches`, { token: ent })).status).toBe(403);
    expect((await api.request('GET', `/api/needs/${n.id}/matches`, { token: sup })).status).toBe(403);
    expect((await api.request('GET', `/api/needs/${n.id}/matches`, { token: prov })).status).toBe(404);
  });
});

describe('what a match ticks as a strength (scoreMatch)', () => {
  const need = { categories: ['metrology' as const], items: [], region: '海口市' };
  const candidate = (over: Partial<MatchCandidate> = {}): MatchCandidate => ({
    kind: 'expert',
    id: '0d7ff095-d723-4411-95fe-35b5dd9802d6',
    name: '林海峰',
    categories: ['metrology'],
    items: [],
    region: '海口市',
    status: 'active',
    qualifications: [],
    title: '正高级工程师',
    titleLevel: 'senior',
    openTasks: 0,
    alreadyAssigned: false,
    dueTasks: 0,
    onTimeTasks: 0,
    ratings: 0,
    satisfied: 0,
    windowMonths: 12,
    ...over,
  });
  const today = '2026-12-01';

  it('notes no history plainly, never as a strength', () => {
    const m = scoreMatch(need, candidate(), today);
    expect(m.notes).toEqual(['动态评价（近 12 个月）暂无可计算的服务记录']);
    expect(m.reasons.some((r) => r.includes('暂无'))).toBe(false);
  });

  it('ticks a free hand, notes some tasks in hand, and warns of a full load', () => {
    expect(scoreMatch(need, candidate({ openTasks: 0 }), today).reasons).toContain('当前无在办任务，可尽快响应');
    const some = scoreMatch(need, candidate({ openTasks: 1 }), today);
    expect(some.notes).toContain('当前在办任务 1 项');
    expect([...some.reasons, ...some.warnings].some((r) => r.includes('在办任务'))).toBe(false);
    const full = scoreMatch(need, candidate({ openTasks: FULL_LOAD }), today);
    expect(full.warnings).toContain(`在办任务较多（${FULL_LOAD} 项）`);
    expect([...full.reasons, ...full.notes].some((r) => r.includes('在办任务'))).toBe(false);
  });

  it('ticks a high on-time or satisfaction rate and only notes a low one', () => {
    const m = scoreMatch(need, candidate({ dueTasks: 4, onTimeTasks: 4, ratings: 4, satisfied: 1 }), today);
    expect(m.reasons).toContain('动态评价（近 12 个月）按时率 100%（4/4 项任务）');
    expect(m.notes).toContain('动态评价（近 12 个月）满意率 25%（1/4 次评价）');
    expect(m.reasons.some((r) => r.includes('满意率'))).toBe(false);
  });
});
