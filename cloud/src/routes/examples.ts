// Examples for the OpenAPI document: what the server answers, taken from a real run
// on the demo seed (ids and times as they came) and trimmed to one or two items.
// Typed by the response schemas, so a schema change that breaks one fails typecheck.
import {
  StatsOverviewSchema,
  apiPath,
  UPLOAD_PATHS,
  CalendarPublishSchema,
  CalendarViewSchema,
  CalendarYearSchema,
  HolidayCnDraftSchema,
  HolidayCnFileSchema,
  CheckinSchema,
  ComplaintCountsSchema,
  ComplaintDetailSchema,
  ComplaintListSchema,
  CronResultSchema,
  EnterpriseHitSchema,
  InstitutionSchema,
  ExpertSchema,
  InstitutionPageSchema,
  CreateExpertSchema,
  CreateInstitutionSchema,
  DirectoryChangeSchema,
  ManagedExpertSchema,
  ManagedInstitutionSchema,
  LoginResultSchema,
  MatchListSchema,
  MeSchema,
  NeedCountsSchema,
  NeedDetailSchema,
  NeedPageSchema,
  NeedRefSchema,
  NotificationPageSchema,
  NotificationSchema,
  PiiAccessLogPageSchema,
  ReadAllResultSchema,
  SpecialistSchema,
  StationCheckinSchema,
  StationSchema,
  TransferTargetsSchema,
  StationStaffMemberSchema,
  SubscriptionStatusSchema,
  TaskPageSchema,
  TimeLimitsViewSchema,
  UploadSchema,
} from '@qi/shared';
import { z } from 'zod';

/** A demo sign-in as the enterprise persona. */
export const loginResult: z.output<typeof LoginResultSchema> = {
  token:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MDJkZDY5Yy1lNGUyLTQ2MmUtOGQ1ZC1jYTYwYTZiYmMxYjEiLCJpYXQiOjE3OTYxNDE1MDYsImV4cCI6MTc5Njc0NjMwNn0.yMLr9kszq2joCjtZeCAllqQSIwTPimonjEVKezK3hH4',
  user: {
    id: '402dd69c-e4e2-462e-8d5d-ca60a6bbc1b1',
    name: '林晓华',
    roles: ['enterprise'],
  },
};

/** A provider: its institution. */
export const me: z.output<typeof MeSchema> = {
  user: {
    id: '337a2c24-045a-44b2-b615-15c8bb079620',
    name: '王建国',
    roles: ['provider'],
  },
  roles: ['provider'],
  enterprise: null,
  institution: {
    id: '5c6d5869-c895-4047-aad9-f2f325192143',
    name: '海南省计量测试研究中心',
    categories: ['metrology'],
    items: [
      'metrology.measurement_system',
      'metrology.standard_establishment',
      'metrology.verification_calibration',
      'metrology.registered_metrologist',
      'metrology.mandatory_filing',
      'metrology.institution_directory',
      'metrology.technical_envoy',
    ],
    region: '海口市',
    status: 'active',
    qualifications: [
      {
        name: '计量授权证书',
        number: '（琼）法计（2023）46001号',
        validTo: '2028-05-31',
        validFrom: '2023-06-01',
      },
      {
        name: '实验室认可证书',
        number: 'CNAS L10286',
        validTo: '2028-02-29',
        validFrom: '2022-03-01',
      },
    ],
    intro: '省级法定计量技术机构，开展长度、力学、热学、电学、化学等专业计量器具检定校准，提供计量检测体系建设和计量标准建立咨询。',
  },
  expert: null,
  stations: [],
};

/** A need accepted and dispatched to one institution. */
export const needDetail: z.output<typeof NeedDetailSchema> = {
  id: '75e70d6c-99b4-4db2-a62e-e2b6a249c1f2',
  number: 'QS-20261202-00001',
  state: 'in_service',
  version: 3,
  title: '椰子汁产品出口检测咨询',
  description: '我司椰子汁准备出口东盟，需要了解检测项目和标准要求。',
  categories: ['metrology'],
  items: [],
  channel: 'miniapp',
  stationId: null,
  enterprise: {
    id: '440a834c-2d10-4e0c-b858-c4d423496f29',
    name: '海南椰语食品有限公司',
  },
  applicant: '海南椰语食品有限公司',
  contactName: '林晓华',
  contactPhone: '13876543210',
  contactMasked: false,
  desiredReplyBy: null,
  createdAt: '2026-12-01T16:11:46.839Z',
  deadlines: {
    acceptBy: '2026-12-03',
    replyBy: '2026-12-09',
    rateBy: null,
  },
  clock: {
    kind: 'reply',
    dueOn: '2026-12-09',
    status: 'on_time',
    daysLeft: 5,
  },
  attachments: [],
  owner: {
    id: 'f5bb5a47-035c-4209-9c42-397cfa3f8a63',
    name: '陈思远',
  },
  ownerStation: { id: '3c1f6a2e-8b4d-4f7a-9e2c-5d8b1a6f0e37', name: '海南省质量基础设施一站式服务中心', phone: '0898-66668888' },
  recorder: null,
  reviewer: null,
  servicePeriod: null,
  answer: null,
  result: null,
  rejectReason: null,
  referral: null,
  requestedInfo: [],
  events: [
    {
      id: '9cd34eb4-4c0c-42c2-8261-0cdd6ece9528',
      at: '2026-12-01T16:11:46.839Z',
      actor: {
        id: '402dd69c-e4e2-462e-8d5d-ca60a6bbc1b1',
        name: '林晓华',
        role: 'enterprise',
      },
      action: 'submit',
      from: null,
      to: 'submitted',
      note: null,
      internal: false,
    },
    {
      id: 'b6a6f6bf-116f-4669-aa59-f714a82d14c2',
      at: '2026-12-01T16:11:46.898Z',
      actor: {
        id: 'f5bb5a47-035c-4209-9c42-397cfa3f8a63',
        name: '陈思远',
        role: 'specialist',
      },
      action: 'accept',
      from: 'submitted',
      to: 'accepted',
      note: null,
      internal: false,
    },
    {
      id: 'db9947ac-a004-411c-8232-20d953646e95',
      at: '2026-12-01T16:11:46.918Z',
      actor: {
        id: 'f5bb5a47-035c-4209-9c42-397cfa3f8a63',
        name: '陈思远',
        role: 'specialist',
      },
      action: 'dispatch',
      from: 'accepted',
      to: 'in_service',
      note: '派单给：海南省计量测试研究中心',
      internal: false,
    },
  ],
  tasks: [
    {
      id: '665d3ce8-1958-43d0-8204-785ae6c3139b',
      needId: '75e70d6c-99b4-4db2-a62e-e2b6a249c1f2',
      state: 'assigned',
      version: 1,
      assignee: {
        kind: 'institution',
        id: '5c6d5869-c895-4047-aad9-f2f325192143',
        name: '海南省计量测试研究中心',
        contactName: '李卫东',
        contactPhone: '13807561101',
        contactMasked: false,
      },
      note: null,
      assignedAt: '2026-12-01T16:11:46.918Z',
      acceptBy: '2026-12-03',
      declineReason: null,
      result: null,
      attachments: [],
      respondedAt: null,
      doneAt: null,
      replacedBy: null,
      clock: {
        kind: 'task_accept',
        dueOn: '2026-12-03',
        status: 'due_soon',
        daysLeft: 1,
      },
      allowedActions: ['cancel'],
    },
  ],
  rating: null,
  allowedActions: ['dispatch', 'note'],
};

export const needPage: z.output<typeof NeedPageSchema> = {
  items: [
    {
      id: '75e70d6c-99b4-4db2-a62e-e2b6a249c1f2',
      number: 'QS-20261202-00001',
      state: 'submitted',
      version: 1,
      title: '椰子汁产品出口检测咨询',
      description: '我司椰子汁准备出口东盟，需要了解检测项目和标准要求。',
      categories: ['metrology'],
      items: [],
      channel: 'miniapp',
      stationId: null,
      enterprise: {
        id: '440a834c-2d10-4e0c-b858-c4d423496f29',
        name: '海南椰语食品有限公司',
      },
      applicant: '海南椰语食品有限公司',
      contactName: '林晓华',
      contactPhone: '13876543210',
      contactMasked: false,
      desiredReplyBy: null,
      createdAt: '2026-12-01T16:11:46.839Z',
      deadlines: {
        acceptBy: '2026-12-03',
        replyBy: '2026-12-09',
        rateBy: null,
      },
      clock: {
        kind: 'accept',
        dueOn: '2026-12-03',
        status: 'due_soon',
        daysLeft: 1,
      },
    },
  ],
  nextCursor: null,
};

export const needCounts: z.output<typeof NeedCountsSchema> = {
  total: 1,
  open: 1,
  mine: 0,
  overdue: 0,
  dueSoon: 1,
  byState: {
    submitted: 1,
    accepted: 0,
    info_requested: 0,
    in_service: 0,
    completed: 0,
    rated: 0,
    closed: 0,
    rejected: 0,
    withdrawn: 0,
  },
  byCategory: {
    metrology: 1,
  },
  byChannel: {
    miniapp: 1,
  },
  byStation: [
    {
      id: null,
      name: '服务中心（未指定站点）',
      count: 1,
    },
  ],
};

export const matchList: z.output<typeof MatchListSchema> = [
  {
    kind: 'institution',
    institutionId: '5c6d5869-c895-4047-aad9-f2f325192143',
    name: '海南省计量测试研究中心',
    score: 96,
    reasons: [
      '覆盖服务类别：计量（1/1）',
      '资质在有效期内：计量授权证书（至 2028-05-31）、实验室认可证书（至 2028-02-29）',
      '同在海口市，便于对接和上门服务',
      '当前无在办任务，可尽快响应',
    ],
    notes: ['动态评价（近 12 个月）暂无可计算的服务记录'],
    warnings: [],
    region: '海口市',
    openTasks: 0,
    onTimeRate: null,
    satisfactionRate: null,
    alreadyAssigned: false,
  },
  {
    kind: 'expert',
    expertId: '0d7ff095-d723-4411-95fe-35b5dd9802d6',
    name: '林海峰',
    score: 96,
    reasons: ['覆盖服务类别：计量（1/1）', '正高级工程师（正高级职称）', '同在海口市，便于对接和上门服务', '当前无在办任务，可尽快响应'],
    notes: ['动态评价（近 12 个月）暂无可计算的服务记录'],
    warnings: [],
    region: '海口市',
    openTasks: 0,
    onTimeRate: null,
    satisfactionRate: null,
    alreadyAssigned: false,
  },
];

export const enterpriseHits: z.output<typeof EnterpriseHitSchema>[] = [
  {
    id: '440a834c-2d10-4e0c-b858-c4d423496f29',
    name: '海南椰语食品有限公司',
    creditCode: '91460105MA5T8H3R2K',
    region: '海口市',
  },
];

export const needRef: z.output<typeof NeedRefSchema> = {
  id: '75e70d6c-99b4-4db2-a62e-e2b6a249c1f2',
  number: 'QS-20261202-00001',
  title: '椰子汁产品出口检测咨询',
  state: 'in_service',
};

export const taskPage: z.output<typeof TaskPageSchema> = {
  items: [
    {
      id: '665d3ce8-1958-43d0-8204-785ae6c3139b',
      needId: '75e70d6c-99b4-4db2-a62e-e2b6a249c1f2',
      state: 'assigned',
      version: 1,
      assignee: {
        kind: 'institution',
        id: '5c6d5869-c895-4047-aad9-f2f325192143',
        name: '海南省计量测试研究中心',
        contactName: '李卫东',
        contactPhone: '13807561101',
        contactMasked: false,
      },
      note: null,
      assignedAt: '2026-12-01T16:11:46.918Z',
      acceptBy: '2026-12-03',
      declineReason: null,
      result: null,
      attachments: [],
      respondedAt: null,
      doneAt: null,
      replacedBy: null,
      clock: {
        kind: 'task_accept',
        dueOn: '2026-12-03',
        status: 'due_soon',
        daysLeft: 1,
      },
      allowedActions: ['accept', 'decline'],
      need: {
        id: '75e70d6c-99b4-4db2-a62e-e2b6a249c1f2',
        number: 'QS-20261202-00001',
        title: '椰子汁产品出口检测咨询',
        state: 'in_service',
        categories: ['metrology'],
        enterprise: {
          id: '440a834c-2d10-4e0c-b858-c4d423496f29',
          name: '海南椰语食品有限公司',
        },
        replyBy: '2026-12-09',
      },
    },
  ],
  nextCursor: null,
  counts: {
    open: 1,
    assigned: 1,
    accepted: 0,
    overdue: 0,
  },
};

export const complaintDetail: z.output<typeof ComplaintDetailSchema> = {
  id: '61c3ca19-815c-42d5-8354-1caed9b715da',
  needId: '75e70d6c-99b4-4db2-a62e-e2b6a249c1f2',
  targetKind: 'need',
  targetId: null,
  targetName: 'QS-20261202-00001 椰子汁产品出口检测咨询',
  need: {
    id: '75e70d6c-99b4-4db2-a62e-e2b6a249c1f2',
    number: 'QS-20261202-00001',
    title: '椰子汁产品出口检测咨询',
  },
  complainant: {
    name: '林晓华',
    enterpriseName: '海南椰语食品有限公司',
  },
  content: '需求受理后迟迟没有回复，希望尽快安排。',
  state: 'received',
  version: 1,
  outcome: null,
  acknowledgeBy: '2026-12-03',
  resolveBy: '2026-12-16',
  createdAt: '2026-12-01T16:11:46.974Z',
  updatedAt: '2026-12-01T16:11:46.974Z',
  feedback: null,
  canGiveFeedback: false,
  events: [
    {
      at: '2026-12-01T16:11:46.974Z',
      actorName: '林晓华',
      from: null,
      to: 'received',
      note: null,
    },
  ],
};

export const complaintList: z.output<typeof ComplaintListSchema> = {
  items: [
    {
      id: '61c3ca19-815c-42d5-8354-1caed9b715da',
      needId: '75e70d6c-99b4-4db2-a62e-e2b6a249c1f2',
      targetKind: 'need',
      targetId: null,
      targetName: 'QS-20261202-00001 椰子汁产品出口检测咨询',
      need: {
        id: '75e70d6c-99b4-4db2-a62e-e2b6a249c1f2',
        number: 'QS-20261202-00001',
        title: '椰子汁产品出口检测咨询',
      },
      complainant: {
        name: '林晓华',
        enterpriseName: '海南椰语食品有限公司',
      },
      content: '需求受理后迟迟没有回复，希望尽快安排。',
      state: 'received',
      version: 1,
      outcome: null,
      acknowledgeBy: '2026-12-03',
      resolveBy: '2026-12-16',
      createdAt: '2026-12-01T16:11:46.974Z',
      updatedAt: '2026-12-01T16:11:46.974Z',
      feedback: null,
      canGiveFeedback: false,
      events: [
        {
          at: '2026-12-01T16:11:46.974Z',
          actorName: '林晓华',
          from: null,
          to: 'received',
          note: null,
        },
      ],
    },
  ],
};

export const complaintCounts: z.output<typeof ComplaintCountsSchema> = {
  open: 1,
};

export const station: z.output<typeof StationSchema> = {
  id: '805e0f2b-848b-4b0f-82f7-33f5ca48e199',
  code: 'HKC001',
  version: 1,
  kind: 'center',
  name: '海南省质量基础设施“一站式”服务中心',
  region: '海口市',
  address: '海南省海口市美兰区国兴大道9号质量大厦一楼',
  location: {
    lat: 20.0213,
    lng: 110.3548,
  },
  phone: '0898-66100001',
  hours: [
    {
      open: '08:30',
      close: '12:00',
      weekdays: [1, 2, 3, 4, 5],
    },
    {
      open: '14:30',
      close: '17:30',
      weekdays: [1, 2, 3, 4, 5],
    },
  ],
  notice: {
    intro:
      '服务中心负责全省“一站式”服务平台的运营管理、资源协调和日常维护，受理线上线下服务需求，匹配服务机构和技术专家，跟踪服务进度并受理投诉。',
    items: [
      'metrology.verification_calibration',
      'metrology.mandatory_filing',
      'metrology.institution_directory',
      'standardization.standard_drafting',
      'standardization.self_declaration',
      'standardization.validity_check',
      'testing.product_testing',
      'testing.lab_lookup',
      'certification.regulation_consulting',
      'certification.management_system',
      'training.regulation_interpretation',
      'training.tqm',
      'quality_management.diagnosis',
      'quality_management.qm_consulting',
      'ip.trademark',
      'ip.patent',
      'ip.search_analysis',
      'brand.quality_award',
      'brand.cultivation',
      'policy.quality_policy',
      'policy.major_project',
      'supply_chain.tbt_alert',
      'supply_chain.standards_alignment',
      'other.general_consulting',
    ],
    flow: [
      '需求收集：扫描站点二维码、登录小程序、来电或到窗口登记服务需求',
      '需求评估：服务专员1个工作日内受理，能即时答复的当场答复',
      '服务对接：自主服务或匹配质量技术服务机构、技术专家，约定服务项目和周期',
      '过程管理：服务专员全程跟进，协调解决服务中出现的问题',
      '服务评价：服务办结后5个工作日内对服务质量进行满意度评价',
    ],
    complaintPhone: '0898-66100010',
    staff: [
      {
        name: '陈思远',
        title: '首席服务专员',
      },
    ],
  },
};

export const checkin: z.output<typeof CheckinSchema> = {
  id: '8757a5bd-2b81-427e-85b4-7603f0c29661',
  stationId: '805e0f2b-848b-4b0f-82f7-33f5ca48e199',
  at: '2026-12-01T16:11:46.994Z',
  purpose: '咨询计量器具检定',
};

export const stationCheckins: z.output<typeof StationCheckinSchema>[] = [
  {
    id: '8757a5bd-2b81-427e-85b4-7603f0c29661',
    stationId: '805e0f2b-848b-4b0f-82f7-33f5ca48e199',
    at: '2026-12-01T16:11:46.994Z',
    purpose: '咨询计量器具检定',
    visitor: {
      id: '402dd69c-e4e2-462e-8d5d-ca60a6bbc1b1',
      name: '林晓华',
    },
    enterprise: {
      id: '440a834c-2d10-4e0c-b858-c4d423496f29',
      name: '海南椰语食品有限公司',
    },
  },
];

export const stationStaff: z.output<typeof StationStaffMemberSchema>[] = [
  {
    userId: 'f5bb5a47-035c-4209-9c42-397cfa3f8a63',
    name: '陈思远',
    title: '首席服务专员',
  },
];

export const specialists: z.output<typeof SpecialistSchema>[] = [
  {
    id: 'ca7efc67-e13a-4a65-9dfe-1674b1328f6c',
    name: '吴志强',
    stations: [
      {
        id: '3306ae98-7150-4275-8813-aa817d777bba',
        name: '海南省质量基础设施“一站式”服务儋州分中心',
      },
    ],
  },
  {
    id: '05888ea9-bc6f-47e9-b552-edf19168632d',
    name: '周婷',
    stations: [
      {
        id: 'a8304529-a15e-4db2-8851-4995fdd2a93e',
        name: '海南省质量基础设施“一站式”服务三亚分中心',
      },
    ],
  },
];

export const timeLimits: z.output<typeof TimeLimitsViewSchema> = {
  limits: {
    acceptDays: 1,
    taskAcceptDays: 1,
    replyDays: 5,
    rateDays: 5,
    complaintAckDays: 1,
    complaintResolveDays: 10,
    dueSoonDays: 1,
    followUpDays: 5,
  },
  defaults: {
    acceptDays: 1,
    taskAcceptDays: 1,
    replyDays: 5,
    rateDays: 5,
    complaintAckDays: 1,
    complaintResolveDays: 10,
    dueSoonDays: 1,
    followUpDays: 5,
  },
  version: 0,
  updatedAt: null,
  updatedBy: null,
};

export const institutions: z.output<typeof InstitutionSchema>[] = [
  {
    id: '1f1e0497-f2dd-4c1d-a475-99633f876add',
    name: '三亚崖州湾质量技术服务有限公司',
    categories: ['metrology', 'testing', 'certification'],
    items: [
      'metrology.verification_calibration',
      'testing.product_testing',
      'testing.consulting',
      'certification.lab_capability',
      'certification.product_service',
    ],
    region: '三亚市',
    status: 'active',
    qualifications: [
      {
        name: '检验检测机构资质认定证书',
        number: '224612050733',
        validTo: '2028-11-09',
        validFrom: '2022-11-10',
      },
      {
        name: '校准实验室认可证书',
        number: 'CNAS L18804',
        validTo: '2028-08-31',
        validFrom: '2022-09-01',
      },
    ],
    intro: '面向三亚及南繁基地企业，开展种子、农产品检验检测和仪器校准，辅导实验室管理体系建设和能力验证。',
  },
];

export const notificationPage: z.output<typeof NotificationPageSchema> = {
  items: [
    {
      id: 'bad31071-b56a-4568-8a8c-601dd61e4254',
      kind: 'checkin',
      title: '到站登记：海南椰语食品有限公司',
      body: '林晓华（海南椰语食品有限公司）已到海南省质量基础设施“一站式”服务中心，来访事由：咨询计量器具检定，请接待。',
      needId: null,
      taskId: null,
      createdAt: '2026-12-01T16:11:46.993Z',
      readAt: null,
    },
  ],
  nextCursor: 'MjAyNi0xMi0wMVQxNjoxMTo0Ni45OTNafGJhZDMxMDcxLWI1NmEtNDU2OC04YThjLTYwMWRkNjFlNDI1NA',
  unread: 3,
};

export const notification: z.output<typeof NotificationSchema> = {
  id: 'bad31071-b56a-4568-8a8c-601dd61e4254',
  kind: 'checkin',
  title: '到站登记：海南椰语食品有限公司',
  body: '林晓华（海南椰语食品有限公司）已到海南省质量基础设施“一站式”服务中心，来访事由：咨询计量器具检定，请接待。',
  needId: null,
  taskId: null,
  createdAt: '2026-12-01T16:11:46.993Z',
  readAt: '2026-12-01T16:20:00.000Z',
};

export const readAllResult: z.output<typeof ReadAllResultSchema> = {
  updated: 3,
  unread: 0,
};

export const subscriptionStatus: z.output<typeof SubscriptionStatusSchema> = {
  templates: [],
};

export const cronResult: z.output<typeof CronResultSchema> = {
  today: '2026-12-02',
  overdue: 0,
  dueSoon: 1,
  rateReminders: 0,
  expired: 0,
  notifications: 1,
  evaluationProposals: 0,
  wechat: {
    sent: 0,
    failed: 0,
  },
};
export const upload: z.output<typeof UploadSchema> = {
  id: '6a0c7e52-1f4b-4d8e-9a57-3c2b1e0f9d41',
  name: '检测报告.pdf',
  url: apiPath(UPLOAD_PATHS.upload, { id: '6a0c7e52-1f4b-4d8e-9a57-3c2b1e0f9d41' }),
  size: 182044,
  mime: 'application/pdf',
};

export const piiAccessLogPage: z.output<typeof PiiAccessLogPageSchema> = {
  items: [
    {
      id: '0b7f6a52-3c1e-4f0e-9d2a-6c1b8e4f2a10',
      at: '2026-12-01T09:15:02.000Z',
      viewer: { id: '5d0c3c66-1a7e-4c58-9c7b-2f1e4a7d9b01', name: '王海燕', roles: ['specialist'] },
      subjectKind: 'need',
      subjectId: '75e70d6c-99b4-4db2-a62e-e2b6a249c1f2',
      need: { id: '75e70d6c-99b4-4db2-a62e-e2b6a249c1f2', number: 'QS-20261202-00001', title: '椰子汁产品出口检测咨询' },
      purpose: '受理需求',
    },
  ],
  nextCursor: null,
};

const holidays2027 = [
  { name: '元旦', from: '2027-01-01', to: '2027-01-03' },
  { name: '春节', from: '2027-02-05', to: '2027-02-13' },
];

export const calendarYear: z.output<typeof CalendarYearSchema> = {
  year: 2027,
  status: 'published',
  sourceTitle: '国务院办公厅关于2027年部分节假日安排的通知',
  sourceDate: '2026-11-20',
  holidays: holidays2027,
  workdays: ['2027-02-14'],
  version: 1,
  publishedAt: '2026-12-01T02:00:00.000Z',
  publishedBy: '王*',
};

export const calendarView: z.output<typeof CalendarViewSchema> = {
  stamp: '3.3.2026',
  today: '2026-12-01',
  years: [
    {
      year: 2028,
      status: 'provisional',
      sourceTitle: '《全国年节及纪念日放假办法》法定节假日（暂定）',
      sourceDate: null,
      holidays: [{ name: '元旦', from: '2028-01-01', to: '2028-01-01' }],
      workdays: [],
      version: 0,
      publishedAt: null,
      publishedBy: null,
    },
  ],
  reminderYear: 2027,
};

export const calendarPublish: z.input<typeof CalendarPublishSchema> = {
  version: 0,
  year: 2027,
  sourceTitle: '国务院办公厅关于2027年部分节假日安排的通知',
  sourceDate: '2026-11-20',
  holidays: holidays2027,
  workdays: ['2027-02-14'],
};

export const holidayCnFile: z.input<typeof HolidayCnFileSchema> = {
  year: 2027,
  papers: ['https://www.gov.cn/zhengce/content/2027-holidays.htm'],
  days: [
    { name: '元旦', date: '2027-01-01', isOffDay: true },
    { name: '春节', date: '2027-02-14', isOffDay: false },
  ],
};

export const holidayCnDraft: z.output<typeof HolidayCnDraftSchema> = {
  schedule: {
    year: 2027,
    sourceTitle: '国务院办公厅关于2027年部分节假日安排的通知',
    sourceDate: null,
    holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-01' }],
    workdays: ['2027-02-14'],
  },
  skipped: [],
};

const headline = {
  needs: 128,
  instantAnswerShare: 0.1875,
  acceptOnTimeRate: 0.9609,
  replyOnTimeRate: 0.9,
  medianCompleteDays: 6,
  satisfiedRate: 0.92,
  resolutionRate: 0.95,
  complaints: 2,
};

export const statsOverview: z.output<typeof StatsOverviewSchema> = {
  period: { from: '2026-11-01', to: '2026-11-30' },
  previousPeriod: { from: '2026-10-02', to: '2026-10-31' },
  filters: { stationId: null, category: null, channel: null, region: null },
  desensitised: false,
  provisionalYears: [],
  byCategory: [{ key: 'testing', label: '检验检测', count: 52 }],
  byItem: [{ key: 'testing_product', label: '产品检验检测', count: 31 }],
  byStation: [{ key: '7c2f4b61-6f0e-4a4b-8c3e-0d7a1b2c3d4e', label: '海口市服务中心', count: 80 }],
  byChannel: [{ key: 'miniapp', label: '小程序', count: 90 }],
  byRegion: [{ key: '海口市', label: '海口市', count: 70 }],
  byMonth: [{ key: '2026-11', label: '2026-11', count: 128 }],
  states: [{ key: 'closed', label: '已归档', count: 100 }],
  durations: { accept: { count: 128, median: 1, p90: 1 }, complete: { count: 110, median: 6, p90: 12 } },
  onTime: [
    { clock: 'accept', label: '受理（或即时答复）时限', onTime: 123, late: 5, rate: 0.9609 },
    { clock: 'reply', label: '答复（办结）时限', onTime: 99, late: 11, rate: 0.9 },
  ],
  satisfaction: [
    {
      question: 'overall',
      label: '总体评价',
      counts: [
        { key: 'very_satisfied', label: '非常满意', count: 60 },
        { key: 'satisfied', label: '满意', count: 32 },
        { key: 'average', label: '一般', count: 6 },
        { key: 'dissatisfied', label: '不满意', count: 2 },
      ],
      total: 100,
      satisfiedRate: 0.92,
    },
  ],
  resolution: { resolved: 95, unresolved: 5, rate: 0.95 },
  instantAnswer: { answered: 24, responded: 128, share: 0.1875 },
  complaints: {
    total: 2,
    byState: [{ key: 'resolved', label: '已办结', count: 2 }],
    byTarget: [{ key: 'provider', label: '服务机构或专家', count: 2 }],
    resolved: 2,
    resolvedLate: 0,
  },
  providers: [
    {
      kind: 'institution',
      id: '2b8e1c44-5a6f-4d3e-9b1a-7c6d5e4f3a21',
      name: '海南省计量测试研究所',
      tasks: 40,
      done: 38,
      declined: 1,
      doneRate: 0.95,
    },
  ],
  current: headline,
  previous: { ...headline, needs: 101, complaints: 3 },
};

// ---- directories kept by managers

const scan = {
  name: '资质认定证书.pdf',
  url: apiPath(UPLOAD_PATHS.upload, { id: '6a0c7e52-1f4b-4d8e-9a57-3c2b1e0f9d41' }),
  size: 182044,
  mime: 'application/pdf',
};

export const createInstitution: z.input<typeof CreateInstitutionSchema> = {
  name: '海南南海检测技术有限公司',
  creditCode: '91460200MA5T8H3R2G',
  categories: ['testing', 'metrology'],
  items: ['testing.product_testing', 'metrology.verification_calibration'],
  region: '三亚市',
  address: '三亚市吉阳区迎宾路 88 号',
  agreementDate: '2026-11-20',
  status: 'active',
  qualifications: [
    {
      kind: 'cma',
      name: '检验检测机构资质认定证书',
      number: '224612050733',
      scope: '食品、农产品理化与微生物检验',
      validFrom: '2022-11-10',
      validTo: '2028-11-09',
      items: ['testing.product_testing'],
      scan,
    },
  ],
  intro: '面向三亚企业开展产品检验检测和仪器校准。',
  contact: { name: '陈海燕', phone: '13800001234' },
};

export const managedInstitution: z.output<typeof ManagedInstitutionSchema> = {
  id: '1f1e0497-f2dd-4c1d-a475-99633f876add',
  version: 1,
  name: '海南南海检测技术有限公司',
  creditCode: '91460200MA5T8H3R2G',
  categories: ['testing', 'metrology'],
  items: ['testing.product_testing', 'metrology.verification_calibration'],
  region: '三亚市',
  address: '三亚市吉阳区迎宾路 88 号',
  agreementDate: '2026-11-20',
  status: 'active',
  qualifications: [
    {
      kind: 'cma',
      name: '检验检测机构资质认定证书',
      number: '224612050733',
      scope: '食品、农产品理化与微生物检验',
      validFrom: '2022-11-10',
      validTo: '2028-11-09',
      items: ['testing.product_testing'],
      scan,
    },
  ],
  intro: '面向三亚企业开展产品检验检测和仪器校准。',
  contact: { name: '陈**', phone: '138****1234' },
  updatedAt: '2026-12-01T09:00:00.000Z',
};

export const createExpert: z.input<typeof CreateExpertSchema> = {
  name: '林志远',
  title: '正高级工程师',
  titleLevel: 'senior',
  titleEvidence: { ...scan, name: '职称证书.pdf' },
  fields: ['standardization'],
  items: ['standardization.standard_drafting'],
  organisation: '海南省标准化研究院',
  region: '海口市',
  status: 'active',
  integrity: [{ date: '2026-06-30', source: '海南省市场监督管理局', content: '年度考核合格，无不良记录。' }],
  intro: '长期从事地方标准和团体标准的研制。',
  contact: { name: '林志远', phone: '13900002345' },
};

export const managedExpert: z.output<typeof ManagedExpertSchema> = {
  id: '2b6e0c4a-8d1f-4b3e-9a7c-5e2d1f0a9b83',
  version: 1,
  name: '林志远',
  title: '正高级工程师',
  titleLevel: 'senior',
  titleEvidence: { ...scan, name: '职称证书.pdf' },
  fields: ['standardization'],
  items: ['standardization.standard_drafting'],
  organisation: '海南省标准化研究院',
  region: '海口市',
  status: 'active',
  integrity: [{ date: '2026-06-30', source: '海南省市场监督管理局', content: '年度考核合格，无不良记录。' }],
  intro: '长期从事地方标准和团体标准的研制。',
  contact: { name: '林**', phone: '139****2345' },
  updatedAt: '2026-12-01T09:00:00.000Z',
};

export const directoryHistory: z.output<typeof DirectoryChangeSchema>[] = [
  {
    version: 2,
    action: 'update',
    at: '2026-12-01T10:00:00.000Z',
    by: '王*',
    changes: [{ field: 'status', label: '状态', from: 'active', to: 'warned' }],
  },
];

export const institutionPage: z.output<typeof InstitutionPageSchema> = {
  id: '1f1e0497-f2dd-4c1d-a475-99633f876add',
  name: '海南南海检测技术有限公司',
  categories: ['testing', 'metrology'],
  items: ['testing.product_testing', 'metrology.verification_calibration'],
  region: '三亚市',
  address: '三亚市吉阳区迎宾路 88 号',
  status: 'active',
  qualifications: [
    {
      kind: 'cma',
      name: '检验检测机构资质认定证书',
      number: '224612050733',
      scope: '食品、农产品理化与微生物检验',
      validFrom: '2022-11-10',
      validTo: '2028-11-09',
      items: ['testing.product_testing'],
      valid: true,
    },
  ],
  intro: '面向三亚企业开展产品检验检测和仪器校准。',
  evaluation: {
    windowMonths: 12,
    from: '2025-12-02',
    to: '2026-12-01',
    served: 18,
    completionRate: 0.9444,
    onTimeRate: 0.8889,
    satisfactionRate: 0.9286,
  },
};

export const expert: z.output<typeof ExpertSchema> = {
  id: '2b6e0c4a-8d1f-4b3e-9a7c-5e2d1f0a9b83',
  name: '林志远',
  title: '正高级工程师',
  titleLevel: 'senior',
  fields: ['standardization'],
  items: ['standardization.standard_drafting'],
  organisation: '海南省标准化研究院',
  region: '海口市',
  status: 'active',
  intro: '长期从事地方标准和团体标准的研制。',
};

/** 转办's picker: the other specialists with their stations, and the stations. */
export const transferTargets: z.output<typeof TransferTargetsSchema> = {
  specialists: [{ id: '9a4c2e1b-6d3f-4b8a-8c7e-1f2d3b4a5c6d', name: '王海燕', stations: ['三亚服务分中心'] }],
  stations: [{ id: '2b7d9f1c-4e6a-4c3b-9d8e-7f1a2b3c4d5e', name: '三亚服务分中心', kind: 'branch' }],
};
