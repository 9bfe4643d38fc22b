// Fixed catalogues: districts, functional departments (职能部门), volunteer teams (志愿者队伍).
import type { KeyAreaCode } from './labels';

export interface DistrictSpec {
  /** 6-digit administrative division code. */
  adminCode: string;
  name: string;
  /** Short name used inside department names (鼓楼). */
  short: string;
  /** ltree label. */
  label: string;
}

/** Nanjing's real districts; the demo street's district (鼓楼区) first. Beyond these, districts are synthetic. */
export const NANJING_DISTRICTS: readonly DistrictSpec[] = [
  { adminCode: '320106', name: '鼓楼区', short: '鼓楼', label: 'gulou' },
  { adminCode: '320102', name: '玄武区', short: '玄武', label: 'xuanwu' },
  { adminCode: '320104', name: '秦淮区', short: '秦淮', label: 'qinhuai' },
  { adminCode: '320105', name: '建邺区', short: '建邺', label: 'jianye' },
  { adminCode: '320111', name: '浦口区', short: '浦口', label: 'pukou' },
  { adminCode: '320113', name: '栖霞区', short: '栖霞', label: 'qixia' },
  { adminCode: '320114', name: '雨花台区', short: '雨花台', label: 'yuhuatai' },
  { adminCode: '320115', name: '江宁区', short: '江宁', label: 'jiangning' },
  { adminCode: '320116', name: '六合区', short: '六合', label: 'luhe' },
  { adminCode: '320117', name: '溧水区', short: '溧水', label: 'lishui' },
  { adminCode: '320118', name: '高淳区', short: '高淳', label: 'gaochun' },
];

/** Synthetic district names for indices past the real list (admin codes 320119 upwards). */
export const SYNTHETIC_DISTRICT_SHORTS: readonly string[] = [
  '江北', '仙林', '麒麟', '紫金', '燕子矶', '龙潭', '汤山', '禄口', '桥林', '八卦洲',
  '横溪', '谷里', '湖熟', '淳化', '竹镇', '东坝', '永阳', '白马', '晶桥', '和凤',
];

export const CITY = { name: '南京市', adminCode: '320100', label: 'nj' } as const;

export interface DepartmentSpec {
  /** ASCII code, stable across districts. */
  code: string;
  /** Short name as street staff say it. */
  name: string;
  /** Full name; {d} = district name (鼓楼区), {s} = district short name (鼓楼). */
  fullName: string;
  /** Key areas this department usually handles when a case is dispatched ("lines" 条). */
  keyAreas: readonly KeyAreaCode[];
}

/** 35 district departments, as Qinling Road assigned 35 district departments to its level-2 grids. */
export const DEPARTMENT_SPECS: readonly DepartmentSpec[] = [
  { code: 'urban_management', name: '城管局', fullName: '{d}城市管理局', keyAreas: ['illegal_construction', 'illegal_business'] },
  { code: 'market_regulation', name: '市场监管局', fullName: '{d}市场监督管理局', keyAreas: ['illegal_business', 'illegal_production'] },
  { code: 'public_security', name: '公安分局', fullName: '南京市公安局{s}分局', keyAreas: ['petitions_stability', 'illegal_business'] },
  { code: 'fire_rescue', name: '消防救援大队', fullName: '{d}消防救援大队', keyAreas: ['production_safety'] },
  { code: 'health', name: '卫健委', fullName: '{d}卫生健康委员会', keyAreas: ['illegal_business'] },
  { code: 'housing_construction', name: '住建局', fullName: '{d}住房和城乡建设局', keyAreas: ['illegal_construction', 'production_safety'] },
  { code: 'environmental_protection', name: '环保局', fullName: '{d}环境保护局', keyAreas: ['illegal_production'] },
  { code: 'civil_affairs', name: '民政局', fullName: '{d}民政局', keyAreas: ['grassroots_organisation', 'petitions_stability'] },
  { code: 'justice', name: '司法局', fullName: '{d}司法局', keyAreas: ['petitions_stability'] },
  { code: 'human_resources_social_security', name: '人社局', fullName: '{d}人力资源和社会保障局', keyAreas: ['petitions_stability'] },
  { code: 'taxation', name: '税务局', fullName: '国家税务总局南京市{d}税务局', keyAreas: ['illegal_business'] },
  { code: 'emergency_management', name: '应急管理局', fullName: '{d}应急管理局', keyAreas: ['production_safety'] },
  { code: 'planning_resources', name: '规划资源分局', fullName: '南京市规划和自然资源局{s}分局', keyAreas: ['illegal_construction'] },
  { code: 'culture_tourism', name: '文旅局', fullName: '{d}文化和旅游局', keyAreas: ['illegal_business'] },
  { code: 'education', name: '教育局', fullName: '{d}教育局', keyAreas: ['production_safety'] },
  { code: 'water_affairs', name: '水务局', fullName: '{d}水务局', keyAreas: ['illegal_construction'] },
  { code: 'landscaping', name: '园林局', fullName: '{d}绿化园林局', keyAreas: ['illegal_construction'] },
  { code: 'housing_administration', name: '房产局', fullName: '{d}房产管理局', keyAreas: ['illegal_construction', 'petitions_stability'] },
  { code: 'power_supply', name: '供电公司', fullName: '国网南京供电公司{s}供电中心', keyAreas: ['production_safety'] },
  { code: 'water_supply', name: '自来水公司', fullName: '南京水务集团{s}营业所', keyAreas: ['production_safety'] },
  { code: 'gas_supply', name: '燃气公司', fullName: '南京港华燃气{s}服务中心', keyAreas: ['production_safety'] },
  { code: 'transport', name: '交通运输局', fullName: '{d}交通运输局', keyAreas: ['illegal_business'] },
  { code: 'commerce', name: '商务局', fullName: '{d}商务局', keyAreas: ['illegal_business'] },
  { code: 'development_reform', name: '发改委', fullName: '{d}发展和改革委员会', keyAreas: ['other'] },
  { code: 'finance', name: '财政局', fullName: '{d}财政局', keyAreas: ['other'] },
  { code: 'statistics', name: '统计局', fullName: '{d}统计局', keyAreas: ['other'] },
  { code: 'veterans_affairs', name: '退役军人事务局', fullName: '{d}退役军人事务局', keyAreas: ['petitions_stability'] },
  { code: 'healthcare_security', name: '医保局', fullName: '{d}医疗保障局', keyAreas: ['other'] },
  { code: 'disabled_persons_federation', name: '残联', fullName: '{d}残疾人联合会', keyAreas: ['other'] },
  { code: 'womens_federation', name: '妇联', fullName: '{d}妇女联合会', keyAreas: ['grassroots_organisation'] },
  { code: 'youth_league', name: '团区委', fullName: '共青团南京市{d}委员会', keyAreas: ['grassroots_organisation'] },
  { code: 'trade_union', name: '总工会', fullName: '{d}总工会', keyAreas: ['grassroots_organisation'] },
  { code: 'petitions_bureau', name: '信访局', fullName: '{d}信访局', keyAreas: ['petitions_stability'] },
  { code: 'political_legal', name: '政法委', fullName: '中共南京市{d}委员会政法委员会', keyAreas: ['petitions_stability'] },
  { code: 'organisation_dept', name: '组织部', fullName: '中共南京市{d}委员会组织部', keyAreas: ['grassroots_organisation'] },
];

/** The demo department liaison account belongs to the urban-management bureau (城管局). */
export const LIAISON_DEPARTMENT_CODE = 'urban_management';

/** Seconded staff (下沉人员) per street: 66, as Qinling Road seconded 66 cadres. */
export const SECONDED_STAFF_PER_STREET = 66;

export interface VolunteerTeamSpec {
  code: string;
  name: string;
  /** Special teams (专项志愿服务队) get their own line in the social-services dashboard. */
  special: boolean;
}

/** 13 volunteer teams per street (DOMAIN §2), 4 of them special. */
export const VOLUNTEER_TEAM_SPECS: readonly VolunteerTeamSpec[] = [
  { code: 'elderly_care', name: '爱心助老队', special: true },
  { code: 'legal_aid', name: '法律援助队', special: true },
  { code: 'security_patrol', name: '治安巡逻队', special: true },
  { code: 'sanitation', name: '环境卫生队', special: true },
  { code: 'civility', name: '文明劝导队', special: false },
  { code: 'mediation', name: '邻里调解队', special: false },
  { code: 'health_care', name: '医疗保健队', special: false },
  { code: 'repair', name: '便民维修队', special: false },
  { code: 'arts_publicity', name: '文艺宣传队', special: false },
  { code: 'youth_care', name: '关爱青少年队', special: false },
  { code: 'fire_safety', name: '消防宣传队', special: false },
  { code: 'disability_support', name: '助残帮扶队', special: false },
  { code: 'party_vanguard', name: '党员先锋队', special: false },
];
