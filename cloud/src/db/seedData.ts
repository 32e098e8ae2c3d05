/**
 * Demo data for the seed: stations, institutions, experts and the demo
 * personas' enterprises, all in Hainan. Every name, credit code, certificate
 * number and phone number here is fictitious; the credit codes are made up
 * but pass the GB 32100-2015 check. Item codes refer to shared/src/catalog.ts.
 */
import type { CategoryCode } from '../../../shared/src/catalog';

export interface SeedStation {
  /** Short code printed with the station's QR code, [A-Za-z0-9]{4,8}. */
  code: string;
  kind: 'center' | 'branch' | 'post';
  name: string;
  region: string;
  address: string;
  lat: number;
  lng: number;
  phone: string;
  /** weekdays: 1 = Monday … 7 = Sunday; open/close 'HH:MM'. */
  hours: { weekdays: number[]; open: string; close: string }[];
  /** The public notice (公示): service items, flow, complaint phone. */
  notice: { items: string[]; flow: string[]; complaintPhone: string; intro: string };
}

export interface SeedInstitution {
  key: string;
  name: string;
  /** 统一社会信用代码, 18 characters with a valid GB 32100 check character. */
  creditCode: string;
  categories: CategoryCode[];
  items: string[];
  region: string;
  address: string;
  contactName: string;
  contactPhone: string;
  /** YYYY-MM-DD */
  agreementDate: string;
  status: 'active' | 'warned' | 'suspended' | 'exited';
  qualifications: { name: string; number: string; validFrom: string; validTo: string }[];
  intro: string;
}

export interface SeedExpert {
  key: string;
  name: string;
  /** e.g. 正高级工程师 */
  title: string;
  /** senior 正高级, associate_senior 副高级 */
  titleLevel: 'senior' | 'associate_senior';
  fields: CategoryCode[];
  items: string[];
  organisation: string;
  region: string;
  contactName: string;
  contactPhone: string;
  status: 'active' | 'warned' | 'suspended' | 'exited';
  integrity: string;
  intro: string;
}

export interface SeedEnterprise {
  key: string;
  name: string;
  creditCode: string;
  region: string;
  address: string;
  industry: string;
  scale: 'micro' | 'small' | 'medium';
}

const WEEKDAYS = [1, 2, 3, 4, 5];

/** 工作日 上午 / 下午 (Hainan office hours). */
const OFFICE_HOURS: SeedStation['hours'] = [
  { weekdays: WEEKDAYS, open: '08:30', close: '12:00' },
  { weekdays: WEEKDAYS, open: '14:30', close: '17:30' },
];

/** DB46/T 583-2023 8 and Annex A, as shown on the public notice. */
const CENTER_FLOW = [
  '需求收集：扫描站点二维码、登录小程序、来电或到窗口登记服务需求',
  '需求评估：服务专员1个工作日内受理，能即时答复的当场答复',
  '服务对接：自主服务或匹配质量技术服务机构、技术专家，约定服务项目和周期',
  '过程管理：服务专员全程跟进，协调解决服务中出现的问题',
  '服务评价：服务办结后5个工作日内对服务质量进行满意度评价',
];

/** DB46/T 583-2023 5.2.2: a station answers what it can and refers the rest. */
const POST_FLOW = [
  '到站登记或扫码提交服务需求',
  '能即时答复和解决的，当场答复和解决',
  '不能自主实施的，登记分类后转服务中心匹配服务机构，以“最多跑一次”为目标',
  '跟踪服务进度，办结后5个工作日内评价',
];

export const SEED_STATIONS: SeedStation[] = [
  {
    code: 'HKC001',
    kind: 'center',
    name: '海南省质量基础设施“一站式”服务中心',
    region: '海口市',
    address: '海南省海口市美兰区国兴大道9号质量大厦一楼',
    lat: 20.0213,
    lng: 110.3548,
    phone: '0898-66100001',
    hours: OFFICE_HOURS,
    notice: {
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
      flow: CENTER_FLOW,
      complaintPhone: '0898-66100010',
      intro:
        '服务中心负责全省“一站式”服务平台的运营管理、资源协调和日常维护，受理线上线下服务需求，匹配服务机构和技术专家，跟踪服务进度并受理投诉。',
    },
  },
  {
    code: 'SYB001',
    kind: 'branch',
    name: '海南省质量基础设施“一站式”服务三亚分中心',
    region: '三亚市',
    address: '海南省三亚市吉阳区迎宾路168号三亚市市场监管综合服务楼二楼',
    lat: 18.2702,
    lng: 109.5291,
    phone: '0898-88200001',
    hours: OFFICE_HOURS,
    notice: {
      items: [
        'metrology.verification_calibration',
        'testing.product_testing',
        'testing.special_equipment',
        'certification.management_system',
        'certification.product_service',
        'standardization.validity_check',
        'quality_management.diagnosis',
        'brand.cultivation',
        'ip.trademark',
      ],
      flow: CENTER_FLOW,
      complaintPhone: '0898-66100010',
      intro:
        '三亚分中心面向三亚及周边市县的旅游消费、热带农业和食品企业，接受业务咨询，上传服务需求，并依托入驻机构开展检验检测、计量和认证服务。',
    },
  },
  {
    code: 'DZB001',
    kind: 'branch',
    name: '海南省质量基础设施“一站式”服务儋州分中心',
    region: '儋州市',
    address: '海南省儋州市那大镇中兴大道28号儋州市政务服务中心三楼',
    lat: 19.5186,
    lng: 109.5761,
    phone: '0898-23300001',
    hours: OFFICE_HOURS,
    notice: {
      items: [
        'metrology.verification_calibration',
        'metrology.mandatory_filing',
        'testing.product_testing',
        'standardization.self_declaration',
        'standardization.implementation_guidance',
        'ip.geographical_indication',
        'brand.cultivation',
        'quality_management.improvement_activity',
      ],
      flow: CENTER_FLOW,
      complaintPhone: '0898-66100010',
      intro: '儋州分中心服务海南西部市县，重点为农产品加工、地理标志产品和建材企业提供计量、标准、检验检测和品牌培育服务。',
    },
  },
  {
    code: 'HKP001',
    kind: 'post',
    name: '海口高新区生物医药质量基础设施服务驿站',
    region: '海口市',
    address: '海南省海口市秀英区药谷一横路6号海口国家高新区企业服务中心一楼',
    lat: 19.9851,
    lng: 110.2688,
    phone: '0898-66100021',
    hours: [
      { weekdays: WEEKDAYS, open: '09:00', close: '12:00' },
      { weekdays: WEEKDAYS, open: '14:30', close: '17:30' },
    ],
    notice: {
      items: [
        'metrology.verification_calibration',
        'testing.product_testing',
        'testing.annual_plan',
        'certification.management_system',
        'standardization.self_declaration',
        'ip.patent',
        'quality_management.system_consulting',
      ],
      flow: POST_FLOW,
      complaintPhone: '0898-66100010',
      intro: '驿站设在海口国家高新区，为园区生物医药、医疗器械和食品企业提供“家门口式”质量服务咨询和需求登记。',
    },
  },
  {
    code: 'YPP001',
    kind: 'post',
    name: '洋浦石化新材料质量基础设施服务驿站',
    region: '儋州市',
    address: '海南省儋州市洋浦经济开发区浦源路12号洋浦企业服务大厅一楼',
    lat: 19.7362,
    lng: 109.1871,
    phone: '0898-28800021',
    hours: [
      { weekdays: WEEKDAYS, open: '09:00', close: '12:00' },
      { weekdays: WEEKDAYS, open: '14:30', close: '17:30' },
    ],
    notice: {
      items: [
        'metrology.verification_calibration',
        'metrology.mandatory_filing',
        'testing.special_equipment',
        'testing.product_testing',
        'supply_chain.tbt_alert',
        'supply_chain.standards_alignment',
        'certification.management_system',
      ],
      flow: POST_FLOW,
      complaintPhone: '0898-66100010',
      intro: '驿站服务洋浦经济开发区石化、新材料和国际贸易企业，提供计量检定、特种设备检验、技术性贸易措施等服务的咨询与需求登记。',
    },
  },
  {
    code: 'YZP001',
    kind: 'post',
    name: '崖州湾南繁种业质量基础设施服务驿站',
    region: '三亚市',
    address: '海南省三亚市崖州区崖州湾科技城创意产业园3号楼一楼',
    lat: 18.3614,
    lng: 109.1846,
    phone: '0898-88200021',
    hours: [
      { weekdays: WEEKDAYS, open: '09:00', close: '12:00' },
      { weekdays: WEEKDAYS, open: '14:30', close: '17:30' },
      { weekdays: [6], open: '09:00', close: '12:00' },
    ],
    notice: {
      items: [
        'testing.product_testing',
        'testing.consulting',
        'standardization.standard_drafting',
        'ip.patent',
        'ip.pledge_financing',
        'brand.cultivation',
        'policy.sci_tech_policy',
      ],
      flow: POST_FLOW,
      complaintPhone: '0898-66100010',
      intro: '驿站设在崖州湾科技城，为南繁育种、深海科技企业提供检验检测、标准、知识产权和科技政策对接的咨询与需求登记，周六上午照常开放。',
    },
  },
];

export const SEED_INSTITUTIONS: SeedInstitution[] = [
  {
    key: 'hn_metrology',
    name: '海南省计量测试研究中心',
    creditCode: '12460000428007318W',
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
    address: '海南省海口市龙华区金盘路16号',
    contactName: '李建华',
    contactPhone: '13800001101',
    agreementDate: '2024-03-18',
    status: 'active',
    qualifications: [
      { name: '计量授权证书', number: '（琼）法计（2023）46001号', validFrom: '2023-06-01', validTo: '2028-05-31' },
      { name: '实验室认可证书', number: 'CNAS L10286', validFrom: '2022-03-01', validTo: '2028-02-29' },
    ],
    intro: '省级法定计量技术机构，开展长度、力学、热学、电学、化学等专业计量器具检定校准，提供计量检测体系建设和计量标准建立咨询。',
  },
  {
    key: 'hn_standard',
    name: '海南自贸港标准化研究院',
    creditCode: '124600004280121840',
    categories: ['standardization', 'training'],
    items: [
      'standardization.standard_drafting',
      'standardization.self_declaration',
      'standardization.validity_check',
      'standardization.implementation_guidance',
      'standardization.project_application',
      'standardization.pilot_demonstration',
      'standardization.system_building',
      'standardization.benchmarking',
      'training.standards_knowledge',
      'training.qi_knowledge',
    ],
    region: '海口市',
    address: '海南省海口市美兰区海府路88号',
    contactName: '周文静',
    contactPhone: '13800001102',
    agreementDate: '2024-03-18',
    status: 'active',
    qualifications: [{ name: '事业单位法人证书', number: '146000001203', validFrom: '2023-09-01', validTo: '2028-08-31' }],
    intro: '从事标准化研究和技术服务，承担地方标准、团体标准研制，提供标准查新、标准体系构建和标准知识培训。',
  },
  {
    key: 'hn_testing',
    name: '海南南海检验检测有限公司',
    creditCode: '91460108MA5T2K8C7D',
    categories: ['testing'],
    items: ['testing.product_testing', 'testing.consulting', 'testing.annual_plan', 'testing.lab_lookup'],
    region: '海口市',
    address: '海南省海口市美兰区灵山镇桂林洋大道32号',
    contactName: '符晓玲',
    contactPhone: '13800001103',
    agreementDate: '2024-04-02',
    status: 'active',
    qualifications: [
      { name: '检验检测机构资质认定证书', number: '224612050418', validFrom: '2022-06-15', validTo: '2028-06-14' },
      { name: '实验室认可证书', number: 'CNAS L15732', validFrom: '2022-07-01', validTo: '2028-06-30' },
    ],
    intro: '第三方检验检测机构，开展食品、农产品、化妆品和日用消费品检测，可为企业制定年度检验检测计划。',
  },
  {
    key: 'hn_special_equipment',
    name: '海南琼安特种设备检验技术有限公司',
    creditCode: '91460105MA5RX81E3Y',
    categories: ['testing'],
    items: ['testing.special_equipment', 'testing.product_testing'],
    region: '海口市',
    address: '海南省海口市秀英区南海大道266号',
    contactName: '陈国栋',
    contactPhone: '13800001104',
    agreementDate: '2024-05-20',
    status: 'active',
    qualifications: [{ name: '特种设备检验检测机构核准证', number: 'TS7146015-2027', validFrom: '2023-09-01', validTo: '2027-08-31' }],
    intro: '提供锅炉、压力容器、压力管道、电梯等特种设备的申报注册登记指导、联系报检和现场检验服务。',
  },
  {
    key: 'hn_certification',
    name: '海南椰林认证有限公司',
    creditCode: '91460106MA5RQ3L711',
    categories: ['certification', 'quality_management'],
    items: [
      'certification.regulation_consulting',
      'certification.body_lookup',
      'certification.management_system',
      'certification.product_service',
      'quality_management.system_consulting',
    ],
    region: '海口市',
    address: '海南省海口市龙华区滨海大道105号',
    contactName: '王淑芬',
    contactPhone: '13800001105',
    agreementDate: '2024-04-02',
    status: 'active',
    qualifications: [{ name: '认证机构批准书', number: 'CNCA-R-2023-1129', validFrom: '2023-11-01', validTo: '2028-10-31' }],
    intro: '经批准的认证机构，开展质量、环境、职业健康安全管理体系认证和有机产品、服务认证。',
  },
  {
    key: 'hn_quality_consulting',
    name: '海南卓越质量管理咨询有限公司',
    creditCode: '91460106MA5U0D4H3A',
    categories: ['quality_management', 'training', 'other'],
    items: [
      'quality_management.improvement_activity',
      'quality_management.diagnosis',
      'quality_management.onsite_management',
      'quality_management.qc_group',
      'quality_management.qm_consulting',
      'quality_management.culture_awareness',
      'quality_management.experience_exchange',
      'training.tqm',
      'training.chief_quality_officer',
      'training.benchmark_visit',
      'other.general_consulting',
    ],
    region: '海口市',
    address: '海南省海口市龙华区国贸大道48号',
    contactName: '郑海燕',
    contactPhone: '13800001106',
    agreementDate: '2024-06-12',
    status: 'warned',
    qualifications: [{ name: '质量管理咨询服务能力评价证书', number: 'ZXNL-2024-0356', validFrom: '2024-03-15', validTo: '2027-03-14' }],
    intro: '提供质量诊断、现场管理、QC小组和全面质量管理培训；近期服务及时率偏低，已被警示。',
  },
  {
    key: 'hn_ip',
    name: '海南琼知知识产权代理有限公司',
    creditCode: '91460108MA5TFN2W1K',
    categories: ['ip'],
    items: [
      'ip.policy_training',
      'ip.trademark',
      'ip.patent',
      'ip.geographical_indication',
      'ip.enforcement',
      'ip.search_analysis',
      'ip.pledge_financing',
    ],
    region: '海口市',
    address: '海南省海口市美兰区大英山西四路9号',
    contactName: '邢美玉',
    contactPhone: '13800001107',
    agreementDate: '2024-07-08',
    status: 'active',
    qualifications: [{ name: '专利代理机构执业许可证', number: '46102', validFrom: '2022-04-18', validTo: '2027-04-17' }],
    intro: '提供商标、专利、地理标志申请和维权咨询，知识产权检索分析及质押融资对接。',
  },
  {
    key: 'hn_brand',
    name: '海南省品牌发展促进会',
    creditCode: '51460000MJ3105Y658',
    categories: ['brand', 'policy'],
    items: [
      'brand.cultivation',
      'brand.quality_award',
      'brand.building',
      'brand.credit_rating',
      'brand.evaluation',
      'policy.quality_policy',
    ],
    region: '海口市',
    address: '海南省海口市龙华区龙昆北路36号',
    contactName: '黄丽娟',
    contactPhone: '13800001108',
    agreementDate: '2024-08-26',
    status: 'active',
    qualifications: [{ name: '社会团体法人登记证书', number: '琼社证字第0417号', validFrom: '2020-07-01', validTo: '2025-06-30' }],
    intro: '行业组织，开展品牌培育咨询、政府质量奖申报辅导和质量信用等级评定；登记证书已于2025年到期，待换发。',
  },
  {
    key: 'hn_trade',
    name: '海南自贸港技术性贸易措施研究中心',
    creditCode: '1246000042806905XX',
    categories: ['supply_chain', 'policy'],
    items: [
      'supply_chain.standards_alignment',
      'supply_chain.brand_co_building',
      'supply_chain.tbt_alert',
      'supply_chain.tbt_translation',
      'supply_chain.joint_tackling',
      'policy.industrial_policy',
      'policy.sci_tech_policy',
      'policy.major_project',
    ],
    region: '海口市',
    address: '海南省海口市美兰区国兴大道15号',
    contactName: '云志刚',
    contactPhone: '13800001109',
    agreementDate: '2025-01-15',
    status: 'active',
    qualifications: [{ name: '事业单位法人证书', number: '146000002918', validFrom: '2023-12-01', validTo: '2028-11-30' }],
    intro: '跟踪国内外技术法规、标准和合格评定程序，为出口和加工增值企业提供预警、翻译和咨询，组织产业链上下游标准对接。',
  },
  {
    key: 'sy_yazhou',
    name: '三亚崖州湾质量技术服务有限公司',
    creditCode: '91460205MA5TL6P02X',
    categories: ['metrology', 'testing', 'certification'],
    items: [
      'metrology.verification_calibration',
      'testing.product_testing',
      'testing.consulting',
      'certification.lab_capability',
      'certification.product_service',
    ],
    region: '三亚市',
    address: '海南省三亚市崖州区崖州湾科技城科教城路5号',
    contactName: '吉文博',
    contactPhone: '13800001110',
    agreementDate: '2025-03-03',
    status: 'active',
    qualifications: [
      { name: '检验检测机构资质认定证书', number: '224612050733', validFrom: '2022-11-10', validTo: '2028-11-09' },
      { name: '校准实验室认可证书', number: 'CNAS L18804', validFrom: '2022-09-01', validTo: '2028-08-31' },
    ],
    intro: '面向三亚及南繁基地企业，开展种子、农产品检验检测和仪器校准，辅导实验室管理体系建设和能力验证。',
  },
];

const INTEGRITY_CHECKED = '已核查：无道德问题，无科研失信、违纪违法等不良记录（2026年1月）。';

export const SEED_EXPERTS: SeedExpert[] = [
  {
    key: 'expert_metrology',
    name: '林海峰',
    title: '正高级工程师',
    titleLevel: 'senior',
    fields: ['metrology'],
    items: [
      'metrology.measurement_system',
      'metrology.standard_establishment',
      'metrology.verification_calibration',
      'metrology.technical_envoy',
    ],
    organisation: '海南省计量测试研究中心',
    region: '海口市',
    contactName: '林海峰',
    contactPhone: '13800002201',
    status: 'active',
    integrity: INTEGRITY_CHECKED,
    intro: '从事计量检定校准工作二十余年，熟悉热学、力学计量标准的建立与考核，多次担任计量技术特派员。',
  },
  {
    key: 'expert_standard',
    name: '陈雅琴',
    title: '研究员',
    titleLevel: 'senior',
    fields: ['standardization', 'training'],
    items: [
      'standardization.standard_drafting',
      'standardization.system_building',
      'standardization.self_declaration',
      'standardization.benchmarking',
      'training.standards_knowledge',
    ],
    organisation: '海南自贸港标准化研究院',
    region: '海口市',
    contactName: '陈雅琴',
    contactPhone: '13800002202',
    status: 'active',
    integrity: INTEGRITY_CHECKED,
    intro: '主持或参与起草地方标准、团体标准三十余项，长期指导企业构建标准体系。',
  },
  {
    key: 'expert_testing',
    name: '符永强',
    title: '高级工程师',
    titleLevel: 'associate_senior',
    fields: ['testing'],
    items: ['testing.product_testing', 'testing.consulting', 'testing.annual_plan'],
    organisation: '海南南海检验检测有限公司',
    region: '海口市',
    contactName: '符永强',
    contactPhone: '13800002203',
    status: 'active',
    integrity: INTEGRITY_CHECKED,
    intro: '食品和农产品检测技术负责人，擅长帮助中小企业制定年度检验检测计划。',
  },
  {
    key: 'expert_certification',
    name: '王立新',
    title: '正高级工程师',
    titleLevel: 'senior',
    fields: ['certification', 'quality_management'],
    items: ['certification.regulation_consulting', 'certification.management_system', 'quality_management.system_consulting'],
    organisation: '海南椰林认证有限公司',
    region: '海口市',
    contactName: '王立新',
    contactPhone: '13800002204',
    status: 'active',
    integrity: INTEGRITY_CHECKED,
    intro: '质量、环境、职业健康安全管理体系高级审核员，熟悉强制性产品认证法规。',
  },
  {
    key: 'expert_quality',
    name: '吴秀梅',
    title: '教授',
    titleLevel: 'senior',
    fields: ['quality_management', 'training'],
    items: [
      'quality_management.diagnosis',
      'quality_management.improvement_activity',
      'quality_management.qc_group',
      'training.tqm',
      'training.chief_quality_officer',
    ],
    organisation: '海南质量发展研究院',
    region: '海口市',
    contactName: '吴秀梅',
    contactPhone: '13800002205',
    status: 'active',
    integrity: INTEGRITY_CHECKED,
    intro: '研究全面质量管理和卓越绩效模式，多次带队为中小企业开展质量诊断。',
  },
  {
    key: 'expert_ip',
    name: '邢志远',
    title: '副研究员',
    titleLevel: 'associate_senior',
    fields: ['ip'],
    items: ['ip.patent', 'ip.search_analysis', 'ip.enforcement', 'ip.geographical_indication'],
    organisation: '海南琼知知识产权代理有限公司',
    region: '海口市',
    contactName: '邢志远',
    contactPhone: '13800002206',
    status: 'active',
    integrity: INTEGRITY_CHECKED,
    intro: '专利代理师，熟悉热带农业和生物医药领域专利检索分析及地理标志保护。',
  },
  {
    key: 'expert_brand',
    name: '黄晓敏',
    title: '高级经济师',
    titleLevel: 'associate_senior',
    fields: ['brand', 'policy'],
    items: ['brand.cultivation', 'brand.quality_award', 'brand.building', 'policy.quality_policy', 'policy.industrial_policy'],
    organisation: '海南省品牌发展促进会',
    region: '海口市',
    contactName: '黄晓敏',
    contactPhone: '13800002207',
    status: 'active',
    integrity: INTEGRITY_CHECKED,
    intro: '多年从事品牌培育和政府质量奖评审辅导，熟悉海南自贸港产业政策。',
  },
  {
    key: 'expert_trade',
    name: '云振华',
    title: '副教授',
    titleLevel: 'associate_senior',
    fields: ['supply_chain', 'standardization'],
    items: ['supply_chain.tbt_alert', 'supply_chain.tbt_translation', 'supply_chain.standards_alignment', 'standardization.validity_check'],
    organisation: '海南自贸港技术性贸易措施研究中心',
    region: '三亚市',
    contactName: '云振华',
    contactPhone: '13800002208',
    status: 'active',
    integrity: INTEGRITY_CHECKED,
    intro: '研究东盟及欧盟技术性贸易措施，为出口企业提供技术法规翻译和合规咨询。',
  },
];

export const SEED_ENTERPRISES: SeedEnterprise[] = [
  {
    key: 'enterprise',
    name: '海南椰语食品有限公司',
    creditCode: '91460105MA5T8H3R2K',
    region: '海口市',
    address: '海南省海口市秀英区南海大道168号海口国家高新区食品产业园7号厂房',
    industry: '食品制造业（椰子制品）',
    scale: 'small',
  },
  {
    key: 'enterprise2',
    name: '三亚南繁优种科技有限公司',
    creditCode: '91460205MA5U4W9K3T',
    region: '三亚市',
    address: '海南省三亚市崖州区崖州湾科技城南繁科技城路3号',
    industry: '农业科技服务（南繁育种）',
    scale: 'micro',
  },
];
