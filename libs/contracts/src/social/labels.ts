/** Codes of the social services team (ASCII in data and APIs) with their Chinese labels. */
export type SocialLabel = { zh: string; en: string };

/** Built-in care-recipient categories (服务对象类别); more can be configured at run time. */
export enum RecipientCategory {
  Elderly = 'elderly', // 60 岁以上老人
  EmptyNest = 'empty_nest', // 空巢老人
  LivingAlone = 'living_alone', // 独居老人
  LowIncome = 'low_income', // 低保户
  LowIncomeEdge = 'low_income_edge', // 低保边缘户
  Disabled = 'disabled', // 持证残疾人
  MentalIllness = 'mental_illness', // 精神病患者 (sensitive)
}

export const RECIPIENT_CATEGORY_LABELS: Record<RecipientCategory, SocialLabel> = {
  [RecipientCategory.Elderly]: { zh: '60岁以上老人', en: 'Elderly (over 60)' },
  [RecipientCategory.EmptyNest]: { zh: '空巢老人', en: 'Empty-nest elderly' },
  [RecipientCategory.LivingAlone]: { zh: '独居老人', en: 'Elderly living alone' },
  [RecipientCategory.LowIncome]: { zh: '低保户', en: 'Low-income household (dibao)' },
  [RecipientCategory.LowIncomeEdge]: { zh: '低保边缘户', en: 'Low-income-edge family' },
  [RecipientCategory.Disabled]: { zh: '持证残疾人', en: 'Certified disabled' },
  [RecipientCategory.MentalIllness]: { zh: '精神病患者', en: 'Mental illness' },
};

/** Categories whose members are shown only to the roles that need them. */
export const SENSITIVE_CATEGORIES: readonly string[] = [RecipientCategory.MentalIllness];

/** 残疾类别 (national disability certificate categories). */
export enum DisabilityCategory {
  Visual = 'visual',
  Hearing = 'hearing',
  Speech = 'speech',
  Physical = 'physical',
  Intellectual = 'intellectual',
  Mental = 'mental',
  Multiple = 'multiple',
}
export const DISABILITY_CATEGORY_LABELS: Record<DisabilityCategory, SocialLabel> = {
  [DisabilityCategory.Visual]: { zh: '视力残疾', en: 'Visual' },
  [DisabilityCategory.Hearing]: { zh: '听力残疾', en: 'Hearing' },
  [DisabilityCategory.Speech]: { zh: '言语残疾', en: 'Speech' },
  [DisabilityCategory.Physical]: { zh: '肢体残疾', en: 'Physical' },
  [DisabilityCategory.Intellectual]: { zh: '智力残疾', en: 'Intellectual' },
  [DisabilityCategory.Mental]: { zh: '精神残疾', en: 'Psychosocial' },
  [DisabilityCategory.Multiple]: { zh: '多重残疾', en: 'Multiple' },
};

/** Support a recipient receives (帮扶措施). */
export enum SupportKind {
  Allowance = 'allowance', // 补贴
  BreakfastVoucher = 'breakfast_voucher', // 早餐券 30 元/人/月
  AlarmDevice = 'alarm_device', // 一键通呼叫器
  MealDelivery = 'meal_delivery', // 送餐上门
  Other = 'other',
}
export const SUPPORT_KIND_LABELS: Record<SupportKind, SocialLabel> = {
  [SupportKind.Allowance]: { zh: '生活补贴', en: 'Allowance' },
  [SupportKind.BreakfastVoucher]: { zh: '早餐券', en: 'Breakfast vouchers' },
  [SupportKind.AlarmDevice]: { zh: '安装呼叫器', en: 'Alarm call device installed' },
  [SupportKind.MealDelivery]: { zh: '送餐上门', en: 'Meal delivery' },
  [SupportKind.Other]: { zh: '其它', en: 'Other' },
};

/** Breakfast vouchers: 30 yuan a person a month (in cents, 分). */
export const BREAKFAST_VOUCHER_MONTHLY_CENTS = 3000;

/** Service types of a service request (服务项目). */
export enum ServiceType {
  MealDelivery = 'meal_delivery',
  BreakfastPurchase = 'breakfast_purchase',
  HomeRepair = 'home_repair',
  AccompanyHospital = 'accompany_hospital',
  AlarmDeviceInstall = 'alarm_device_install',
  Cleaning = 'cleaning',
  Haircut = 'haircut',
  Companionship = 'companionship',
  Errand = 'errand',
  Other = 'other',
}
export const SERVICE_TYPE_LABELS: Record<ServiceType, SocialLabel> = {
  [ServiceType.MealDelivery]: { zh: '送餐', en: 'Meal delivery' },
  [ServiceType.BreakfastPurchase]: { zh: '代购早餐', en: 'Breakfast purchase' },
  [ServiceType.HomeRepair]: { zh: '上门维修', en: 'Home repair' },
  [ServiceType.AccompanyHospital]: { zh: '陪同就医', en: 'Accompany to hospital' },
  [ServiceType.AlarmDeviceInstall]: { zh: '安装呼叫器', en: 'Alarm-device install' },
  [ServiceType.Cleaning]: { zh: '打扫卫生', en: 'Cleaning' },
  [ServiceType.Haircut]: { zh: '上门理发', en: 'Haircut at home' },
  [ServiceType.Companionship]: { zh: '陪伴聊天', en: 'Companionship' },
  [ServiceType.Errand]: { zh: '代办跑腿', en: 'Errand' },
  [ServiceType.Other]: { zh: '其它', en: 'Other' },
};
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
export enum RequestSource {
  Resident = 'resident',
  Volunteer = 'volunteer',
  GridWorker = 'grid_worker',
  OfficeDispatch = 'office_dispatch',
}
export const REQUEST_SOURCE_LABELS: Record<RequestSource, SocialLabel> = {
  [RequestSource.Resident]: { zh: '居民求助', en: 'Resident' },
  [RequestSource.Volunteer]: { zh: '志愿者反映', en: 'Volunteer' },
  [RequestSource.GridWorker]: { zh: '网格员上报', en: 'Grid worker' },
  [RequestSource.OfficeDispatch]: { zh: '指挥中心派遣', en: 'Office dispatch' },
};

/** States of a service request. */
export enum RequestState {
  Opened = 'opened', // 待派单
  Assigned = 'assigned', // 已派单
  Delivered = 'delivered', // 已服务
  Confirmed = 'confirmed', // 居民确认
  Cancelled = 'cancelled', // 已取消
  Returned = 'returned', // 退回指挥中心
}
export const REQUEST_STATE_LABELS: Record<RequestState, SocialLabel> = {
  [RequestState.Opened]: { zh: '待派单', en: 'Opened' },
  [RequestState.Assigned]: { zh: '已派单', en: 'Assigned' },
  [RequestState.Delivered]: { zh: '已服务', en: 'Delivered' },
  [RequestState.Confirmed]: { zh: '居民已确认', en: 'Confirmed by resident' },
  [RequestState.Cancelled]: { zh: '已取消', en: 'Cancelled' },
  [RequestState.Returned]: { zh: '已退回', en: 'Returned to the office' },
};

export enum AssigneeKind {
  Volunteer = 'volunteer',
  Staff = 'staff',
}

/** Kinds of household visit (进家门). */
export enum VisitKind {
  Routine = 'routine',
  Care = 'care',
  Festival = 'festival',
  FollowUp = 'follow_up',
}
export const VISIT_KIND_LABELS: Record<VisitKind, SocialLabel> = {
  [VisitKind.Routine]: { zh: '日常走访', en: 'Routine visit' },
  [VisitKind.Care]: { zh: '关爱探访', en: 'Care visit' },
  [VisitKind.Festival]: { zh: '节日慰问', en: 'Festival visit' },
  [VisitKind.FollowUp]: { zh: '回访', en: 'Follow-up' },
};

/** Donors to the love supermarket (爱心超市). */
export enum DonorKind {
  Resident = 'resident',
  Shop = 'shop',
  Enterprise = 'enterprise',
  Office = 'office',
  Other = 'other',
}
export const DONOR_KIND_LABELS: Record<DonorKind, SocialLabel> = {
  [DonorKind.Resident]: { zh: '居民', en: 'Resident' },
  [DonorKind.Shop]: { zh: '商户', en: 'Shop' },
  [DonorKind.Enterprise]: { zh: '企业', en: 'Enterprise' },
  [DonorKind.Office]: { zh: '街道办事处', en: 'Street office' },
  [DonorKind.Other]: { zh: '其它', en: 'Other' },
};

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
export enum ServicePointType {
  Grocery = 'grocery',
  Market = 'market',
  Canteen = 'canteen',
  Clinic = 'clinic',
  Pharmacy = 'pharmacy',
  Barber = 'barber',
  Laundry = 'laundry',
  Repair = 'repair',
  Housekeeping = 'housekeeping',
  Post = 'post',
}
export const SERVICE_POINT_TYPES: readonly ServicePointType[] = Object.values(ServicePointType);
export const SERVICE_POINT_TYPE_LABELS: Record<ServicePointType, SocialLabel> = {
  [ServicePointType.Grocery]: { zh: '便利店', en: 'Convenience shop' },
  [ServicePointType.Market]: { zh: '菜市场', en: 'Fresh market' },
  [ServicePointType.Canteen]: { zh: '社区食堂/助餐点', en: 'Canteen' },
  [ServicePointType.Clinic]: { zh: '社区卫生服务站', en: 'Clinic' },
  [ServicePointType.Pharmacy]: { zh: '药店', en: 'Pharmacy' },
  [ServicePointType.Barber]: { zh: '理发店', en: 'Barber' },
  [ServicePointType.Laundry]: { zh: '洗衣店', en: 'Laundry' },
  [ServicePointType.Repair]: { zh: '便民维修', en: 'Repair' },
  [ServicePointType.Housekeeping]: { zh: '家政服务', en: 'Housekeeping' },
  [ServicePointType.Post]: { zh: '快递/邮政', en: 'Post & parcels' },
};

/** Defaults of the circle: 15 minutes at 1.2 m/s ≈ 1,080 m straight-line. */
export const CIRCLE_DEFAULT_MINUTES = 15;
export const CIRCLE_DEFAULT_WALK_SPEED_MPS = 1.2;
