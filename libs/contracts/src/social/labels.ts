/** Codes of the social services team (ASCII in data and APIs) with their Chinese labels. */
import { labelled, ValueOf } from '../common/labelled';

/** Built-in care-recipient categories (服务对象类别); more can be configured at run time. */
export const { values: RecipientCategory, labels: RECIPIENT_CATEGORY_LABELS } = labelled({
  Elderly: ['elderly', '60岁以上老人', 'Elderly (over 60)'],
  EmptyNest: ['empty_nest', '空巢老人', 'Empty-nest elderly'],
  LivingAlone: ['living_alone', '独居老人', 'Elderly living alone'],
  LowIncome: ['low_income', '低保户', 'Low-income household (dibao)'],
  LowIncomeEdge: ['low_income_edge', '低保边缘户', 'Low-income-edge family'],
  Disabled: ['disabled', '持证残疾人', 'Certified disabled'],
  MentalIllness: ['mental_illness', '精神病患者', 'Mental illness'], // sensitive: SENSITIVE_CATEGORIES
});
export type RecipientCategory = ValueOf<typeof RecipientCategory>;

/** Categories whose members are shown only to the roles that need them. */
export const SENSITIVE_CATEGORIES: readonly string[] = [RecipientCategory.MentalIllness];

/** 残疾类别 (national disability certificate categories). */
export const { values: DisabilityCategory, labels: DISABILITY_CATEGORY_LABELS } = labelled({
  Visual: ['visual', '视力残疾', 'Visual'],
  Hearing: ['hearing', '听力残疾', 'Hearing'],
  Speech: ['speech', '言语残疾', 'Speech'],
  Physical: ['physical', '肢体残疾', 'Physical'],
  Intellectual: ['intellectual', '智力残疾', 'Intellectual'],
  Mental: ['mental', '精神残疾', 'Psychosocial'],
  Multiple: ['multiple', '多重残疾', 'Multiple'],
});
export type DisabilityCategory = ValueOf<typeof DisabilityCategory>;

/** Support a recipient receives (帮扶措施). */
export const { values: SupportKind, labels: SUPPORT_KIND_LABELS } = labelled({
  Allowance: ['allowance', '生活补贴', 'Allowance'],
  BreakfastVoucher: ['breakfast_voucher', '早餐券', 'Breakfast vouchers'], // 30 元/人/月
  AlarmDevice: ['alarm_device', '安装呼叫器', 'Alarm call device installed'], // 一键通呼叫器
  MealDelivery: ['meal_delivery', '送餐上门', 'Meal delivery'],
  Other: ['other', '其它', 'Other'],
});
export type SupportKind = ValueOf<typeof SupportKind>;

/** Breakfast vouchers: 30 yuan a person a month (in cents, 分). */
export const BREAKFAST_VOUCHER_MONTHLY_CENTS = 3000;

/** Service types of a service request (服务项目). */
export const { values: ServiceType, labels: SERVICE_TYPE_LABELS } = labelled({
  MealDelivery: ['meal_delivery', '送餐', 'Meal delivery'],
  BreakfastPurchase: ['breakfast_purchase', '代购早餐', 'Breakfast purchase'],
  HomeRepair: ['home_repair', '上门维修', 'Home repair'],
  AccompanyHospital: ['accompany_hospital', '陪同就医', 'Accompany to hospital'],
  AlarmDeviceInstall: ['alarm_device_install', '安装呼叫器', 'Alarm-device install'],
  Cleaning: ['cleaning', '打扫卫生', 'Cleaning'],
  Haircut: ['haircut', '上门理发', 'Haircut at home'],
  Companionship: ['companionship', '陪伴聊天', 'Companionship'],
  Errand: ['errand', '代办跑腿', 'Errand'],
  Other: ['other', '其它', 'Other'],
});
export type ServiceType = ValueOf<typeof ServiceType>;
/** Points a volunteer earns when the resident confirms a service of this type (积分). */
export const SERVICE_TYPE_POINTS: Record<ServiceType, number> = {
  [ServiceType.MealDelivery]: 2,
  [ServiceType.BreakfastPurchase]: 1,
  [ServiceType.HomeRepair]: 5,
  [ServiceType.AccompanyHospital]: 8,
  [ServiceType.AlarmDeviceInstall]: 3,
  [ServiceType.Cleaning]: 4,
  [ServiceType.Haircut]: 3,
  [ServiceType.Companionship]: 2,
  [ServiceType.Errand]: 2,
  [ServiceType.Other]: 2,
};

/** Who asked for the service. */
export const { values: RequestSource, labels: REQUEST_SOURCE_LABELS } = labelled({
  Resident: ['resident', '居民求助', 'Resident'],
  Volunteer: ['volunteer', '志愿者反映', 'Volunteer'],
  GridWorker: ['grid_worker', '网格员上报', 'Grid worker'],
  OfficeDispatch: ['office_dispatch', '指挥中心派遣', 'Office dispatch'],
});
export type RequestSource = ValueOf<typeof RequestSource>;

/** States of a service request. */
export const { values: RequestState, labels: REQUEST_STATE_LABELS } = labelled({
  Opened: ['opened', '待派单', 'Opened'],
  Assigned: ['assigned', '已派单', 'Assigned'],
  Delivered: ['delivered', '已服务', 'Delivered'],
  Confirmed: ['confirmed', '居民已确认', 'Confirmed by resident'],
  Cancelled: ['cancelled', '已取消', 'Cancelled'],
  Returned: ['returned', '已退回', 'Returned to the office'], // 退回指挥中心
});
export type RequestState = ValueOf<typeof RequestState>;

export enum AssigneeKind {
  Volunteer = 'volunteer',
  Staff = 'staff',
}

/** Kinds of household visit (进家门). */
export const { values: VisitKind, labels: VISIT_KIND_LABELS } = labelled({
  Routine: ['routine', '日常走访', 'Routine visit'],
  Care: ['care', '关爱探访', 'Care visit'],
  Festival: ['festival', '节日慰问', 'Festival visit'],
  FollowUp: ['follow_up', '回访', 'Follow-up'],
});
export type VisitKind = ValueOf<typeof VisitKind>;

/** Donors to the love supermarket (爱心超市). */
export const { values: DonorKind, labels: DONOR_KIND_LABELS } = labelled({
  Resident: ['resident', '居民', 'Resident'],
  Shop: ['shop', '商户', 'Shop'],
  Enterprise: ['enterprise', '企业', 'Enterprise'],
  Office: ['office', '街道办事处', 'Street office'],
  Other: ['other', '其它', 'Other'],
});
export type DonorKind = ValueOf<typeof DonorKind>;

export enum DonationKind {
  Money = 'money',
  Goods = 'goods',
}

/** Stock movements of the love supermarket. */
export enum StockMovementKind {
  Donation = 'donation',
  Purchase = 'purchase', // bought with donated money
  Exchange = 'exchange',
  Adjustment = 'adjustment', // stock-take correction
  WriteOff = 'write_off', // expired or damaged
}

/** The ten everyday service types of the 15-minute service circle (15分钟便民服务圈, "15/10"). */
export const { values: ServicePointType, labels: SERVICE_POINT_TYPE_LABELS } = labelled({
  Grocery: ['grocery', '便利店', 'Convenience shop'],
  Market: ['market', '菜市场', 'Fresh market'],
  Canteen: ['canteen', '社区食堂/助餐点', 'Canteen'],
  Clinic: ['clinic', '社区卫生服务站', 'Clinic'],
  Pharmacy: ['pharmacy', '药店', 'Pharmacy'],
  Barber: ['barber', '理发店', 'Barber'],
  Laundry: ['laundry', '洗衣店', 'Laundry'],
  Repair: ['repair', '便民维修', 'Repair'],
  Housekeeping: ['housekeeping', '家政服务', 'Housekeeping'],
  Post: ['post', '快递/邮政', 'Post & parcels'],
});
export type ServicePointType = ValueOf<typeof ServicePointType>;
export const SERVICE_POINT_TYPES: readonly ServicePointType[] = Object.values(ServicePointType);

/** Defaults of the circle: 15 minutes at 1.2 m/s ≈ 1,080 m straight-line. */
export const CIRCLE_DEFAULT_MINUTES = 15;
export const CIRCLE_DEFAULT_WALK_SPEED_MPS = 1.2;
