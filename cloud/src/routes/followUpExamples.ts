// Examples of the improvement loop's operations for the OpenAPI document.
import type { FollowUp, FollowUpCounts, Rectification } from '@qi/shared';

const needId = '75e70d6c-99b4-4db2-a62e-e2b6a249c1f2';

export const followUp: FollowUp = {
  id: '0c0f4d1e-3b7a-4c52-9d0e-8f5a1b2c3d4e',
  state: 'called_back',
  version: 2,
  reason: '企业反馈问题未解决；专业性、总体评价不满意',
  need: {
    id: needId,
    number: 'QS-20261202-00001',
    title: '椰子汁产品出口检测咨询',
    state: 'rated',
    enterpriseName: '海南椰语食品有限公司',
  },
  rating: {
    timeliness: 'average',
    professionalism: 'dissatisfied',
    courtesy: 'satisfied',
    overall: 'dissatisfied',
    resolved: false,
    comment: '检测方案没有覆盖出口国要求的项目。',
  },
  owner: { id: '5b8e2c4a-1d3f-4e6a-8b9c-0d1e2f3a4b5c', name: '陈思远' },
  dueOn: '2026-12-09',
  overdue: false,
  createdAt: '2026-12-02T03:15:00.000Z',
  callBacks: [
    {
      id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      calledAt: '2026-12-03T02:30:00.000Z',
      method: 'phone',
      note: '企业表示需要补充欧盟标准的检测项目，希望重新安排机构。',
      recordedBy: '陈思远',
      recordedAt: '2026-12-03T02:40:00.000Z',
    },
  ],
  resolution: null,
  allowed: { callBack: true, resolutions: ['reopen', 'rectify', 'explain'] },
};

export const followUpList = { items: [followUp] };

export const followUpCounts: FollowUpCounts = { open: 3, overdue: 1 };

export const rectification: Rectification = {
  id: '3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b',
  state: 'open',
  version: 1,
  source: { kind: 'follow_up', id: followUp.id, label: '回访：需求QS-20261202-00001' },
  need: { id: needId, number: 'QS-20261202-00001', title: '椰子汁产品出口检测咨询' },
  subject: '检测方案须逐项对照出口国标准复核，并对服务专员开展一次专项培训。',
  responsible: { kind: 'institution', id: '2f1e0d9c-8b7a-4f6e-9d5c-4b3a2f1e0d9c', name: '海南省产品质量监督检验所' },
  dueOn: '2026-12-20',
  overdue: false,
  createdAt: '2026-12-04T06:00:00.000Z',
  createdBy: '王敏',
  done: null,
  canComplete: true,
};

export const rectificationList = { items: [rectification] };
