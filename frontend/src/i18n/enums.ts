// Labels of the schema's enums in both languages. A test checks that every value the schema
// has is here in both, so a new state on the server cannot show up as a bare API name.
import { useTranslation } from 'react-i18next';

type Table = Record<string, Record<string, string>>;

export const enumsZh = {
  Billing: { MONTHLY: '按月', ONE_OFF: '一次性', YEARLY: '按年' },
  CadencePeriod: { MONTH: '每月', TWO_MONTHS: '每两月', QUARTER: '每季度' },
  Carrier: { OWN: '本网', CHINA_TELECOM: '异网：中国电信', CHINA_UNICOM: '异网：中国联通', CHINA_BROADNET: '异网：中国广电', OTHER_COMPETITOR: '异网：其他' },
  Category: { CLOUD: '云', DEDICATED_LINE: '专线', FIXED_LINE: '固话', INTERNET: '宽带/FTTH', IOT: '物联网', MOBILE_PLAN: '套餐', SMS: '集团短信', VALUE_ADDED: '增值业务', VPN: '集团 VPN' },
  ChurnWarningKind: { MEMBER_DROP: '成员收入下降', GROUP_DROP: '集团收入下降' },
  ContactRole: { DECISION_MAKER: '决策人', FINANCE: '财务', LIAISON: '联系人', OTHER: '其他', TECHNICAL: '技术负责人' },
  ContractStatus: { DRAFT: '草稿', UNDER_REVIEW: '审核中', SENT: '已发送客户', SIGNED: '已签订', ACTIVE: '已生效', EXPIRED: '已到期', TERMINATED: '已终止' },
  CustomerDecision: { ACCEPTED: '接受', REJECTED: '拒绝' },
  DayKind: { HOLIDAY: '法定节假日', WORKDAY: '调休上班' },
  DiscountKind: { NONE: '无优惠', PERCENT: '按折扣率', AMOUNT: '按金额' },
  DocumentKind: { BUSINESS_LICENCE: '营业执照复印件', HANDLER_ID: '经办人身份证复印件', NETWORK_COMMITMENT: '网络责任承诺书', IP_APPLICATION: 'IP 地址申请表', DISCOUNT_APPROVAL: '优惠审批单', PAYMENT_VOUCHER: '缴费凭证', SIGNED_COPIES: '合同正本（一式四份）' },
  DocumentStatus: { MISSING: '缺', NOT_REQUIRED: '不需要', RECEIVED: '已收' },
  FaultStatus: { OPEN: '待联系工程', CONTACTED: '工程已联系', RESOLVED: '已修复', CLOSED: '客户已确认' },
  GroupKind: { ENTERPRISE: '企业', GOVERNMENT: '政府', INSTITUTION: '事业单位', OTHER: '其他' },
  GroupStatus: { PROSPECT: '潜在', ACTIVE: '在网', AT_RISK: '预警', CHURNED: '离网' },
  ImportMode: { ALL_OR_NOTHING: '全部成功才导入', VALID_ROWS: '只导入正确的行' },
  ImportStatus: { VALIDATING: '校验中', APPLYING: '导入中', SUCCEEDED: '已完成', SUCCEEDED_WITH_ERRORS: '部分完成', REJECTED: '已拒绝', FAILED: '失败' },
  JobRunStatus: { RUNNING: '运行中', SUCCEEDED: '成功', FAILED: '失败', SKIPPED: '跳过' },
  JobStatus: { CREATED: '已创建', ACCEPTED: '已受理', SCHEDULED: '已预约', POSTPONED: '已改期', IN_PROGRESS: '施工中', COMPLETED: '已竣工', CONFIRMED: '已确认', CANCELLED: '已取消' },
  MemberStatus: { ACTIVE: '在网', SUSPENDED: '停机', FORWARDED: '呼转', PENDING_CLOSE: '预销户', CLOSED: '销户' },
  NumberGrade: { A: '甲', B: '乙', C: '丙', D: '丁' },
  NumberStatus: { NONE: '无', PENDING_APPROVAL: '待审批', APPROVED: '已批准', REJECTED: '已驳回' },
  ProposalStatus: { DRAFT: '草稿', PENDING_APPROVAL: '待审批', APPROVED: '已审批', SENT: '已发送客户', ACCEPTED: '客户已接受', REJECTED: '客户已拒绝', EXPIRED: '已过期', WITHDRAWN: '已撤回' },
  RequestKind: { DISCOUNT: '优惠审批', PROPOSAL: '方案审批', NUMBER_GRADE: '号码等级审批' },
  RequestStatus: { PENDING: '审批中', APPROVED: '已通过', REJECTED: '已驳回', CANCELLED: '已取消' },
  Role: { ADMIN: '系统管理员', GENERAL_MANAGER: '总经理', BRANCH_MANAGER: '分公司主管领导', DEPARTMENT_HEAD: '部门负责人', ACCOUNT_MANAGER: '客户经理', INSTALLER: '工程/装维' },
  Satisfaction: { VERY_SATISFIED: '很满意', SATISFIED: '满意', DISSATISFIED: '不太满意', VERY_DISSATISFIED: '很不满意' },
  Segment: { CLUSTER: '聚类客户', INDUSTRY: '行业客户' },
  ServiceTier: { DIAMOND: '钻石', GOLD: '金', SILVER: '银', STANDARD: '标准' },
  Stage: { DRAFT: '方案草稿', PENDING_APPROVAL: '审批中', APPROVED: '已审批待发送', SENT: '已发送', ACCEPTED: '客户已接受', CONTRACT_SIGNED: '合同已签', ACTIVE: '合同生效', INSTALLING: '装机中', CONFIRMED: '已确认竣工', CLOSED: '合同终止或到期', LOST: '未成交' },
  StepStatus: { WAITING: '未轮到', PENDING: '待审批', APPROVED: '同意', REJECTED: '驳回', CANCELLED: '已取消' },
  TaskKind: { PROPOSAL_FOLLOW_UP: '方案跟进', CONTRACT_RENEWAL: '合同续约', VISIT_DUE: '走访到期', CARE: '关键时刻关怀', CHURN_WARNING: '离网预警', DOCUMENT_MISSING: '合同资料待补', INSTALL_TO_CONFIRM: '装机待确认', FAULT_BREACHING: '故障超时' },
  TaskStatus: { OPEN: '待办', DONE: '已完成', DISMISSED: '已忽略' },
  ValueBand: { HIGH: '高价值', MID: '中价值', LOW: '低价值' },
  ValueClass: { A: 'A 类', B: 'B 类', C: 'C 类' },
  VipLevel: { DIAMOND: '钻石卡', GOLD: '金卡', SILVER: '银卡', NONE: '无' },
  VisitMethod: { ONSITE: '上门', PHONE: '电话', SMS: '短信', EVENT: '联谊活动' },
  VisitPurpose: { ROUTINE: '日常走访', NEEDS: '需求了解', PROPOSAL: '方案沟通', CARE: '关怀', COLLECTION: '欠费催缴', COMPLAINT: '投诉处理', RETENTION: '挽留', INSTALL_FOLLOW_UP: '装机回访' },
  VisitStatus: { PLANNED: '计划中', DONE: '已完成', MISSED: '未完成' },
} satisfies Table;

export const enumsEn: typeof enumsZh = {
  Billing: { MONTHLY: 'Monthly', ONE_OFF: 'One-off', YEARLY: 'Yearly' },
  CadencePeriod: { MONTH: 'Monthly', TWO_MONTHS: 'Every two months', QUARTER: 'Quarterly' },
  Carrier: { OWN: 'Our network', CHINA_TELECOM: 'China Telecom', CHINA_UNICOM: 'China Unicom', CHINA_BROADNET: 'China Broadnet', OTHER_COMPETITOR: 'Other carrier' },
  Category: { CLOUD: 'Cloud', DEDICATED_LINE: 'Dedicated line', FIXED_LINE: 'Fixed line', INTERNET: 'Broadband/FTTH', IOT: 'IoT', MOBILE_PLAN: 'Mobile plan', SMS: 'Group SMS', VALUE_ADDED: 'Value-added', VPN: 'Group VPN' },
  ChurnWarningKind: { MEMBER_DROP: 'Member revenue drop', GROUP_DROP: 'Group revenue drop' },
  ContactRole: { DECISION_MAKER: 'Decision maker', FINANCE: 'Finance', LIAISON: 'Liaison', OTHER: 'Other', TECHNICAL: 'Technical lead' },
  ContractStatus: { DRAFT: 'Draft', UNDER_REVIEW: 'Under review', SENT: 'Sent to customer', SIGNED: 'Signed', ACTIVE: 'Active', EXPIRED: 'Expired', TERMINATED: 'Terminated' },
  CustomerDecision: { ACCEPTED: 'Accepted', REJECTED: 'Rejected' },
  DayKind: { HOLIDAY: 'Public holiday', WORKDAY: 'Make-up working day' },
  DiscountKind: { NONE: 'No discount', PERCENT: 'Percent off', AMOUNT: 'Amount off' },
  DocumentKind: { BUSINESS_LICENCE: 'Business licence copy', HANDLER_ID: "Handler's ID copy", NETWORK_COMMITMENT: 'Network responsibility letter', IP_APPLICATION: 'IP address application', DISCOUNT_APPROVAL: 'Discount approval', PAYMENT_VOUCHER: 'Payment voucher', SIGNED_COPIES: 'Signed originals (4 copies)' },
  DocumentStatus: { MISSING: 'Missing', NOT_REQUIRED: 'Not required', RECEIVED: 'Received' },
  FaultStatus: { OPEN: 'Waiting for engineer', CONTACTED: 'Engineer in contact', RESOLVED: 'Fixed', CLOSED: 'Confirmed by customer' },
  GroupKind: { ENTERPRISE: 'Enterprise', GOVERNMENT: 'Government', INSTITUTION: 'Public institution', OTHER: 'Other' },
  GroupStatus: { PROSPECT: 'Prospect', ACTIVE: 'Active', AT_RISK: 'At risk', CHURNED: 'Churned' },
  ImportMode: { ALL_OR_NOTHING: 'All or nothing', VALID_ROWS: 'Valid rows only' },
  ImportStatus: { VALIDATING: 'Validating', APPLYING: 'Importing', SUCCEEDED: 'Done', SUCCEEDED_WITH_ERRORS: 'Done with errors', REJECTED: 'Rejected', FAILED: 'Failed' },
  JobRunStatus: { RUNNING: 'Running', SUCCEEDED: 'Succeeded', FAILED: 'Failed', SKIPPED: 'Skipped' },
  JobStatus: { CREATED: 'Created', ACCEPTED: 'Accepted', SCHEDULED: 'Scheduled', POSTPONED: 'Postponed', IN_PROGRESS: 'In progress', COMPLETED: 'Completed', CONFIRMED: 'Confirmed', CANCELLED: 'Cancelled' },
  MemberStatus: { ACTIVE: 'Active', SUSPENDED: 'Suspended', FORWARDED: 'Forwarded', PENDING_CLOSE: 'Closing', CLOSED: 'Closed' },
  NumberGrade: { A: 'Grade A', B: 'Grade B', C: 'Grade C', D: 'Grade D' },
  NumberStatus: { NONE: 'None', PENDING_APPROVAL: 'Pending approval', APPROVED: 'Approved', REJECTED: 'Rejected' },
  ProposalStatus: { DRAFT: 'Draft', PENDING_APPROVAL: 'Pending approval', APPROVED: 'Approved', SENT: 'Sent to customer', ACCEPTED: 'Accepted', REJECTED: 'Rejected by customer', EXPIRED: 'Expired', WITHDRAWN: 'Withdrawn' },
  RequestKind: { DISCOUNT: 'Discount approval', PROPOSAL: 'Proposal approval', NUMBER_GRADE: 'Number grade approval' },
  RequestStatus: { PENDING: 'Pending', APPROVED: 'Approved', REJECTED: 'Rejected', CANCELLED: 'Cancelled' },
  Role: { ADMIN: 'Administrator', GENERAL_MANAGER: 'General manager', BRANCH_MANAGER: 'Branch manager', DEPARTMENT_HEAD: 'Department head', ACCOUNT_MANAGER: 'Account manager', INSTALLER: 'Installer' },
  Satisfaction: { VERY_SATISFIED: 'Very satisfied', SATISFIED: 'Satisfied', DISSATISFIED: 'Dissatisfied', VERY_DISSATISFIED: 'Very dissatisfied' },
  Segment: { CLUSTER: 'Cluster customer', INDUSTRY: 'Industry customer' },
  ServiceTier: { DIAMOND: 'Diamond', GOLD: 'Gold', SILVER: 'Silver', STANDARD: 'Standard' },
  Stage: { DRAFT: 'Draft', PENDING_APPROVAL: 'In approval', APPROVED: 'Approved, to send', SENT: 'Sent', ACCEPTED: 'Accepted', CONTRACT_SIGNED: 'Contract signed', ACTIVE: 'Contract active', INSTALLING: 'Installing', CONFIRMED: 'Confirmed', CLOSED: 'Closed', LOST: 'Lost' },
  StepStatus: { WAITING: 'Not yet', PENDING: 'Waiting', APPROVED: 'Approved', REJECTED: 'Rejected', CANCELLED: 'Cancelled' },
  TaskKind: { PROPOSAL_FOLLOW_UP: 'Proposal follow-up', CONTRACT_RENEWAL: 'Contract renewal', VISIT_DUE: 'Visit due', CARE: 'Key-moment care', CHURN_WARNING: 'Churn warning', DOCUMENT_MISSING: 'Contract documents missing', INSTALL_TO_CONFIRM: 'Installation to confirm', FAULT_BREACHING: 'Fault past its clock' },
  TaskStatus: { OPEN: 'Open', DONE: 'Done', DISMISSED: 'Dismissed' },
  ValueBand: { HIGH: 'High value', MID: 'Mid value', LOW: 'Low value' },
  ValueClass: { A: 'Class A', B: 'Class B', C: 'Class C' },
  VipLevel: { DIAMOND: 'Diamond', GOLD: 'Gold', SILVER: 'Silver', NONE: 'None' },
  VisitMethod: { ONSITE: 'On site', PHONE: 'Phone', SMS: 'SMS', EVENT: 'Event' },
  VisitPurpose: { ROUTINE: 'Routine', NEEDS: 'Needs', PROPOSAL: 'Proposal talk', CARE: 'Care', COLLECTION: 'Collection', COMPLAINT: 'Complaint', RETENTION: 'Retention', INSTALL_FOLLOW_UP: 'Install follow-up' },
  VisitStatus: { PLANNED: 'Planned', DONE: 'Done', MISSED: 'Missed' },
};

export type EnumName = keyof typeof enumsZh;

/** `label('ProposalStatus', 'DRAFT')` → 草稿 / Draft, in the UI's language. */
export function useEnumLabel() {
  const { i18n } = useTranslation();
  const table: Table = i18n.language === 'en' ? enumsEn : enumsZh;
  return (name: EnumName, value: string | null | undefined) => (value ? (table[name]?.[value] ?? value) : '—');
}

/** Options for a select of one enum's values, in the table's order. */
export function useEnumOptions() {
  const label = useEnumLabel();
  return (name: EnumName) => Object.keys(enumsZh[name]).map((value) => ({ value, label: label(name, value) }));
}
