/**
 * The service catalogue ("菜单式服务"): the 11 service categories of
 * DB46/T 583-2023 clause 6 (6.1–6.11) and the service items each lists,
 * completed with items from the Guangdong draft (DB44/T, 征求意见稿, 附录A)
 * and the Xiamen draft (质量基础设施协同服务平台建设与管理规范, 征求意见稿,
 * 5.5.2 and 5.5.3) where they clearly belong to one of the categories.
 *
 * Item codes are stable: they are stored with needs, institutions, experts and
 * station notices. Never rename one; add a new code instead.
 */

export const CATEGORY_CODES = [
  'metrology',
  'standardization',
  'testing',
  'certification',
  'training',
  'quality_management',
  'ip',
  'brand',
  'policy',
  'supply_chain',
  'other',
] as const;

export type CategoryCode = (typeof CATEGORY_CODES)[number];

export interface ServiceItem {
  code: string;
  name: string;
  description: string;
  /** The clause the item is taken from, e.g. 'DB46/T 583-2023 6.1.1'. */
  source: string;
}

export interface Category {
  code: CategoryCode;
  name: string;
  shortName: string;
  /** Clause of DB46/T 583-2023, e.g. '6.1'. */
  clause: string;
  description: string;
  items: readonly ServiceItem[];
}

const DB46 = 'DB46/T 583-2023';
const DB44 = 'DB44/T（征求意见稿）附录A';
const XM = '厦门协同服务平台规范（征求意见稿）';

const item = (code: string, name: string, description: string, source: string): ServiceItem =>
  Object.freeze({ code, name, description, source });

const category = (c: Category): Category => Object.freeze({ ...c, items: Object.freeze([...c.items]) });

export const CATEGORIES: readonly Category[] = Object.freeze([
  category({
    code: 'metrology',
    name: '计量服务',
    shortName: '计量',
    clause: '6.1',
    description: '计量检测体系建设、计量标准建立、计量器具检定校准等咨询和技术服务，强检器具备案报检指导，检定校准机构信息。',
    items: [
      item('metrology.measurement_system', '计量检测体系建设', '为企业建设计量检测体系提供咨询和技术服务。', `${DB46} 6.1.1`),
      item('metrology.standard_establishment', '计量标准建立', '为企业建立计量标准提供咨询和技术服务。', `${DB46} 6.1.1`),
      item(
        'metrology.verification_calibration',
        '计量器具检定校准',
        '为企业计量器具的检定、校准提供咨询和技术服务，协调具备资质的计量技术机构承担检定校准。',
        `${DB46} 6.1.1`,
      ),
      item(
        'metrology.registered_metrologist',
        '注册计量师考核咨询',
        '提供注册计量师计量专业项目考核方面的咨询和技术服务。',
        `${DB46} 6.1.1`,
      ),
      item('metrology.mandatory_filing', '强检器具备案报检', '对属于强制检定的计量器具，指导企业办理网上备案并报检。', `${DB46} 6.1.2`),
      item(
        'metrology.institution_directory',
        '检定校准机构查询',
        '提供计量检定校准机构名单及其相关信息，并争取开辟绿色快捷通道。',
        `${DB46} 6.1.3`,
      ),
      item(
        'metrology.technical_envoy',
        '计量技术特派员助企',
        '开展计量技术特派员助企服务，实施“一企一策”“专人驻点”“智力共享”等帮扶举措。',
        `${XM} 5.5.2 计量服务 f)`,
      ),
    ],
  }),
  category({
    code: 'standardization',
    name: '标准化服务',
    shortName: '标准化',
    clause: '6.2',
    description: '标准制修订与自我声明公开咨询，标准有效性查新跟踪，标准执行指导，标准化项目申报、试点示范和标准体系构建。',
    items: [
      item(
        'standardization.standard_drafting',
        '标准制修订咨询',
        '为企业参与国家标准、行业标准、地方标准的制修订提供咨询和技术服务。',
        `${DB46} 6.2.1`,
      ),
      item(
        'standardization.self_declaration',
        '企业/团体标准自我声明公开',
        '为团体标准、企业标准的自我声明公开提供咨询和技术服务。',
        `${DB46} 6.2.1`,
      ),
      item('standardization.validity_check', '标准有效性查新', '对企业所用标准进行有效性查新，并提供跟踪服务。', `${DB46} 6.2.2`),
      item('standardization.implementation_guidance', '标准执行指导', '指导企业在研发、生产、管理过程中执行相应标准。', `${DB46} 6.2.3`),
      item('standardization.project_application', '标准化项目立项申报', '指导企业开展标准化项目的立项申报。', `${DB46} 6.2.4`),
      item('standardization.pilot_demonstration', '标准化试点示范建设', '为企业开展标准化试点示范建设提供服务。', `${DB46} 6.2.4`),
      item('standardization.system_building', '标准体系构建', '帮助企业梳理适用标准，构建标准体系。', `${DB46} 6.2.4`),
      item('standardization.benchmarking', '对标达标提升', '指导企业开展对标达标提升专项行动，采用先进标准。', `${XM} 5.5.2 标准化服务 b)`),
    ],
  }),
  category({
    code: 'testing',
    name: '产品检验检测服务',
    shortName: '检验检测',
    clause: '6.3',
    description: '企业产品研发、采购、生产、交付等过程中的检验检测咨询和技术服务，指导制定年度检验检测计划。',
    items: [
      item(
        'testing.product_testing',
        '产品检验检测',
        '在产品研发、采购、生产、交付等环节，协调具备资质的检验检测机构为企业提供检验检测技术服务。',
        `${DB46} 6.3.1`,
      ),
      item('testing.consulting', '检验检测咨询', '就产品研发、采购、生产、交付等过程中的检验检测问题为企业提供咨询。', `${DB46} 6.3.1`),
      item('testing.annual_plan', '年度检验检测计划', '指导企业制定年度检验检测计划，落实检验检测需求。', `${DB46} 6.3.2`),
      item('testing.lab_lookup', '检测机构资质查询', '提供检验检测机构资质及检验检测能力等信息查询。', `${XM} 5.5.2 检验检测服务 a)`),
      item(
        'testing.special_equipment',
        '特种设备检验',
        '提供特种设备检验相关的申报注册登记、联系报检、现场检验等服务。',
        `${DB44} 检验检测服务 c)`,
      ),
    ],
  }),
  category({
    code: 'certification',
    name: '认证认可服务',
    shortName: '认证认可',
    clause: '6.4',
    description: '强制性认证、自愿性认证法律法规咨询，认证机构及其认证范围查询，管理体系认证及相应的咨询、培训。',
    items: [
      item('certification.regulation_consulting', '认证法规咨询', '提供强制性认证、自愿性认证相关法律法规咨询。', `${DB46} 6.4.1`),
      item('certification.body_lookup', '认证机构及范围查询', '提供具有资质的认证机构及其认证范围查询。', `${DB46} 6.4.2`),
      item('certification.management_system', '管理体系认证', '提供管理体系认证及相应的咨询、培训等服务。', `${DB46} 6.4.3`),
      item(
        'certification.product_service',
        '产品认证与服务认证',
        '依托入驻的认证机构，提供产品认证、服务认证等相关服务。',
        `${DB44} 认证认可服务 a)`,
      ),
      item(
        'certification.lab_capability',
        '实验室能力建设辅导',
        '提供实验室管理体系建设辅导、能力验证、测量审核、实验室间比对等服务。',
        `${DB44} 认证认可服务 b)`,
      ),
    ],
  }),
  category({
    code: 'training',
    name: '质量教育和培训服务',
    shortName: '质量教育培训',
    clause: '6.5',
    description: '质量相关法律法规和政策解读，全面质量管理、标准知识和质量基础设施专业知识培训。',
    items: [
      item('training.regulation_interpretation', '质量法规政策解读', '开展质量相关法律法规、政策解读。', `${DB46} 6.5.1`),
      item('training.tqm', '全面质量管理培训', '开展全面质量管理主题培训。', `${DB46} 6.5.2`),
      item('training.standards_knowledge', '标准知识培训', '开展产品标准研制、管理规范等方面的标准知识培训。', `${DB46} 6.5.3`),
      item(
        'training.qi_knowledge',
        '质量基础设施知识培训',
        '开展计量、标准、认证认可、检验检测等质量基础设施专业知识培训。',
        `${DB46} 6.5.4`,
      ),
      item(
        'training.chief_quality_officer',
        '首席质量官培养',
        '帮助企业建立首席质量官制度，培养企业质量管理人才。',
        `${DB44} 人才培养服务 a)`,
      ),
      item('training.benchmark_visit', '标杆企业考察学习', '组织企业到标杆企业实地考察和学习。', `${DB44} 人才培养服务 d)`),
    ],
  }),
  category({
    code: 'quality_management',
    name: '质量管理及意识提升服务',
    shortName: '质量管理',
    clause: '6.6',
    description: '质量提升、质量诊断、现场管理咨询和QC小组等群众性质量活动，管理体系咨询，质量意识、文化、信用、安全帮扶和经验交流。',
    items: [
      item('quality_management.improvement_activity', '企业质量提升活动', '组织开展企业质量提升活动。', `${DB46} 6.6.1`),
      item('quality_management.diagnosis', '质量诊断', '组织专业团队对企业开展质量诊断，查找质量问题并提出改进建议。', `${DB46} 6.6.1`),
      item('quality_management.onsite_management', '现场管理咨询', '为企业生产、服务现场的管理提供咨询。', `${DB46} 6.6.1`),
      item('quality_management.qc_group', 'QC小组活动指导', '指导企业开展QC小组等群众性质量活动。', `${DB46} 6.6.1`),
      item('quality_management.qm_consulting', '质量管理咨询', '开展质量管理咨询活动。', `${DB46} 6.6.2`),
      item(
        'quality_management.system_consulting',
        '管理体系建设咨询',
        '开展质量管理体系、环境管理体系、职业健康安全管理体系等管理体系认证咨询活动。',
        `${DB46} 6.6.2`,
      ),
      item('quality_management.culture_awareness', '质量意识与文化帮扶', '开展质量意识、质量文化方面的质量帮扶服务。', `${DB46} 6.6.3`),
      item('quality_management.credit_safety', '质量信用与安全帮扶', '开展质量信用、质量安全方面的质量帮扶服务。', `${DB46} 6.6.3`),
      item(
        'quality_management.experience_exchange',
        '质量管理经验交流',
        '开展质量管理经验交流活动，逐步提高企业质量管理意识。',
        `${DB46} 6.6.4`,
      ),
    ],
  }),
  category({
    code: 'ip',
    name: '知识产权服务',
    shortName: '知识产权',
    clause: '6.7',
    description: '知识产权政策宣传及培训，商标、专利、地理标志申请、运用及维权咨询，知识产权信息查询、检索、分析。',
    items: [
      item('ip.policy_training', '知识产权政策宣传培训', '提供知识产权政策宣传及培训服务。', `${DB46} 6.7.1`),
      item('ip.trademark', '商标申请与运用', '提供商标申请、运用咨询服务。', `${DB46} 6.7.2`),
      item('ip.patent', '专利申请与运用', '提供专利申请、运用咨询服务。', `${DB46} 6.7.2`),
      item('ip.geographical_indication', '地理标志申请与运用', '提供地理标志申请、运用咨询服务。', `${DB46} 6.7.2`),
      item('ip.enforcement', '知识产权维权咨询', '就商标、专利、地理标志的维权提供咨询服务。', `${DB46} 6.7.2`),
      item('ip.search_analysis', '知识产权检索分析', '提供知识产权信息查询、检索、分析等相关服务。', `${DB46} 6.7.3`),
      item('ip.pledge_financing', '知识产权质押融资', '开展知识产权质押融资、保险、商标价值评估等服务。', `${DB44} 知识产权服务 d)`),
    ],
  }),
  category({
    code: 'brand',
    name: '品牌培育服务',
    shortName: '品牌培育',
    clause: '6.8',
    description: '品牌培育咨询，政府质量奖项申报、品牌建设等咨询服务。',
    items: [
      item('brand.cultivation', '品牌培育咨询', '提供品牌培育咨询服务。', `${DB46} 6.8.1`),
      item('brand.quality_award', '政府质量奖申报', '提供政府质量奖项申报咨询服务，指导企业申报各类质量奖项。', `${DB46} 6.8.2`),
      item('brand.building', '品牌建设咨询', '提供品牌建设咨询服务。', `${DB46} 6.8.2`),
      item('brand.credit_rating', '质量信用等级评定', '提供企业质量信用评级相关服务。', `${DB44} 品牌培育服务 a)`),
      item('brand.evaluation', '品牌认证与价值评价', '指导企业参与品牌认证、品牌认定、品牌价值评价等活动。', `${XM} 5.5.3 品牌建设服务 b)`),
    ],
  }),
  category({
    code: 'policy',
    name: '政策咨询服务',
    shortName: '政策咨询',
    clause: '6.9',
    description: '协调多部门提供质量政策与科技政策、产业政策及重大项目咨询的对接服务。',
    items: [
      item('policy.quality_policy', '质量政策咨询', '提供质量政策咨询服务。', `${DB46} 6.9`),
      item('policy.sci_tech_policy', '科技政策对接', '协调科技主管部门，为企业提供科技政策咨询的对接服务。', `${DB46} 6.9`),
      item('policy.industrial_policy', '产业政策对接', '协调产业主管部门，为企业提供产业政策咨询的对接服务。', `${DB46} 6.9`),
      item('policy.major_project', '重大项目咨询对接', '协调相关部门，为企业提供重大项目咨询的对接服务。', `${DB46} 6.9`),
    ],
  }),
  category({
    code: 'supply_chain',
    name: '产业链供应链服务',
    shortName: '产业链供应链',
    clause: '6.10',
    description: '上下游企业质量技术标准规范对接、质量品牌共建，国内外技术性贸易措施信息推送、翻译、咨询。',
    items: [
      item('supply_chain.standards_alignment', '上下游标准规范对接', '推动上下游企业质量技术标准规范对接。', `${DB46} 6.10.1`),
      item('supply_chain.brand_co_building', '质量品牌共建', '组织产业链上下游企业开展质量品牌共建。', `${DB46} 6.10.1`),
      item(
        'supply_chain.tbt_alert',
        '技贸措施信息推送与咨询',
        '推送国内外技术法规、合格评定、标准等技术性贸易措施信息，并提供咨询。',
        `${DB46} 6.10.2`,
      ),
      item(
        'supply_chain.tbt_translation',
        '技术法规与标准翻译',
        '提供国内外技术法规、合格评定、标准等技术性贸易措施文本的翻译服务。',
        `${DB46} 6.10.2`,
      ),
      item(
        'supply_chain.joint_tackling',
        '共性关键技术攻关',
        '围绕全产业链条、全生命周期的质量问题，组织开展共性关键技术攻关。',
        `${DB46} 5.2.1.5`,
      ),
    ],
  }),
  category({
    code: 'other',
    name: '其他服务',
    shortName: '其他',
    clause: '6.11',
    description: '全面质量管理相关的其他咨询服务。',
    items: [item('other.general_consulting', '其他质量咨询', '提供全面质量管理相关的其他咨询服务。', `${DB46} 6.11`)],
  }),
]);

export const CATEGORY_BY_CODE: Readonly<Record<CategoryCode, Category>> = Object.freeze(
  Object.fromEntries(CATEGORIES.map((c) => [c.code, c])) as Record<CategoryCode, Category>,
);

export const ITEM_BY_CODE: ReadonlyMap<string, { item: ServiceItem; category: CategoryCode }> = (() => {
  const map = new Map<string, { item: ServiceItem; category: CategoryCode }>();
  for (const c of CATEGORIES) {
    for (const i of c.items) {
      if (map.has(i.code)) throw new Error(`duplicate service item code: ${i.code}`);
      map.set(i.code, { item: i, category: c.code });
    }
  }
  return map;
})();

/** The Chinese label of a category, e.g. 'metrology' → '计量服务'. */
export function categoryLabel(code: CategoryCode): string {
  return CATEGORY_BY_CODE[code].name;
}

/** The service items of the given categories, in the order given, each category once. */
export function itemsOf(codes: readonly CategoryCode[]): ServiceItem[] {
  const seen = new Set<CategoryCode>();
  const out: ServiceItem[] = [];
  for (const code of codes) {
    if (seen.has(code)) continue;
    seen.add(code);
    out.push(...CATEGORY_BY_CODE[code].items);
  }
  return out;
}
