//! The closed sets of values the tables store (statuses, kinds, roles, grades), each written
//! once: its stored name, its zh-CN and English labels, its documentation. A model's column of
//! one of these sets is typed with it. The application's areas re-export them (`proposals::
//! ProposalStatus`) and own what happens to them (state machines, rules); the few facts here
//! beyond the labels are properties of a single value.
use crate::string_enum;

// ── src/approvals/mod.rs ──

string_enum! {
    /// What a request asks approval for.
    pub enum RequestKind {
        /// 方案审批: a proposal without discount, approved by the department head.
        Proposal = ("PROPOSAL", "方案审批", "Proposal approval"),
        /// 优惠审批: a proposal with a discount, approved along the matrix's chain.
        Discount = ("DISCOUNT", "优惠审批", "Discount approval"),
        /// 号码等级审批: a graded number chosen on an installation job (rule 10).
        NumberGrade = ("NUMBER_GRADE", "号码等级审批", "Number grade approval"),
        /// 合同审核: a contract submitted for review, reviewed by its department head (rule 5).
        ContractReview = ("CONTRACT_REVIEW", "合同审核", "Contract review"),
        /// 补退费审批: a billing adjustment, by rule 15's tiers and its cause's departments.
        BillingAdjustment = ("BILLING_ADJUSTMENT", "补退费审批", "Billing adjustment approval"),
    }
}

string_enum! {
    /// Where a request stands (审批状态).
    pub enum RequestStatus {
        /// 审批中
        Pending = ("PENDING", "审批中", "Pending"),
        /// 已通过
        Approved = ("APPROVED", "已通过", "Approved"),
        /// 已驳回
        Rejected = ("REJECTED", "已驳回", "Rejected"),
        /// 已取消 (the proposal was revised or withdrawn)
        Cancelled = ("CANCELLED", "已取消", "Cancelled"),
    }
}

string_enum! {
    /// Where one step of the chain stands.
    pub enum StepStatus {
        /// 未轮到: an earlier step has not decided yet.
        Waiting = ("WAITING", "未轮到", "Not yet"),
        /// 待审批: waiting on a holder of the step's role.
        Pending = ("PENDING", "待审批", "Waiting"),
        /// 同意
        Approved = ("APPROVED", "同意", "Approved"),
        /// 驳回
        Rejected = ("REJECTED", "驳回", "Rejected"),
        /// 已取消: the chain ended before this step.
        Cancelled = ("CANCELLED", "已取消", "Cancelled"),
    }
}

// ── src/auth/role.rs ──

string_enum! {
    /// A user's role (角色). Each user holds exactly one.
    pub enum Role {
        /// 客户经理: owns a portfolio of groups, visits, drafts proposals and contracts.
        AccountManager = ("ACCOUNT_MANAGER", "客户经理", "Account manager"),
        /// 部门负责人 / 集团客户部主管: approves proposals and discounts, sees the department.
        DepartmentHead = ("DEPARTMENT_HEAD", "部门负责人", "Department head"),
        /// 分公司主管领导 (副总): higher approval authority, sees the branch.
        BranchManager = ("BRANCH_MANAGER", "分公司主管领导", "Branch manager"),
        /// 总经理: highest approval authority, sees the whole company.
        GeneralManager = ("GENERAL_MANAGER", "总经理", "General manager"),
        /// 工程/装维: installation and fault work orders.
        Installer = ("INSTALLER", "工程/装维", "Installer"),
        /// 营业员 / 客服: registers complaints and disconnection requests at the counter or the
        /// hotline; sees what they registered.
        ServiceDesk = ("SERVICE_DESK", "营业员/客服", "Service desk"),
        /// 计费账务员: executes approved billing adjustments in the billing system and checks and
        /// audits others'; sees the adjustments of their branch, no group.
        Billing = ("BILLING", "计费账务员", "Billing clerk"),
        /// 系统管理员: users, departments, catalog, approval matrix, settings.
        Admin = ("ADMIN", "系统管理员", "Administrator"),
    }
}

impl Role {
    /// The org-node kinds a user of this role may belong to.
    pub fn allowed_org_kinds(self) -> &'static [OrgKind] {
        match self {
            Role::AccountManager | Role::DepartmentHead => &[OrgKind::Department, OrgKind::Grid],
            Role::Installer | Role::ServiceDesk => &[OrgKind::Branch, OrgKind::Department, OrgKind::Grid],
            Role::Billing => &[OrgKind::Branch, OrgKind::Department],
            Role::BranchManager => &[OrgKind::Branch],
            Role::GeneralManager => &[OrgKind::Company],
            Role::Admin => &[OrgKind::Company, OrgKind::Branch, OrgKind::Department, OrgKind::Grid],
        }
    }
}

string_enum! {
    /// Kind of organisation node (组织节点类型): company → branch → department → optional grid.
    pub enum OrgKind {
        /// 市公司: the root of the tree.
        Company = ("COMPANY", "市公司", "Company"),
        /// 分公司: a branch, e.g. 广州分公司.
        Branch = ("BRANCH", "分公司", "Branch"),
        /// 集团客户部 / 营销中心: a department inside a branch.
        Department = ("DEPARTMENT", "部门", "Department"),
        /// 网格: an optional grid inside a department.
        Grid = ("GRID", "网格", "Grid"),
    }
}

string_enum! {
    /// What a department does beyond selling: rule 15's approvers by cause, and billing's staff.
    pub enum OrgFunction {
        /// 业务主管部门: owns the services; approves disputes, service issues and one-off entries.
        Product = ("PRODUCT", "业务主管部门", "Service owner"),
        /// 市场部: approves disputes, service issues and one-off entries with the service owner.
        Marketing = ("MARKETING", "市场部", "Marketing"),
        /// 信息化中心: approves corrections of billing data errors.
        ItCentre = ("IT_CENTRE", "信息化中心", "IT centre"),
        /// 网络维护部: approves adjustments for line and cable faults.
        Maintenance = ("MAINTENANCE", "网络维护部", "Maintenance"),
        /// 计费账务中心: executes, checks and audits approved adjustments.
        Billing = ("BILLING", "计费账务中心", "Billing centre"),
    }
}

impl OrgKind {
    /// The kind a parent of this kind must have (`None`: must be the root).
    pub const fn parent_kind(self) -> Option<OrgKind> {
        match self {
            OrgKind::Company => None,
            OrgKind::Branch => Some(OrgKind::Company),
            OrgKind::Department => Some(OrgKind::Branch),
            OrgKind::Grid => Some(OrgKind::Department),
        }
    }
}

// ── src/calendar/mod.rs ──

string_enum! {
    /// What a calendar entry makes of its day.
    pub enum DayKind {
        /// A public holiday (法定节假日): no work even on a weekday.
        Holiday = ("HOLIDAY", "法定节假日", "Public holiday"),
        /// A weekend day worked instead (调休上班).
        Workday = ("WORKDAY", "调休上班", "Make-up working day"),
    }
}

// ── src/catalog/mod.rs ──

string_enum! {
    /// What kind of product (产品类别).
    pub enum Category {
        /// 专线
        DedicatedLine = ("DEDICATED_LINE", "专线", "Dedicated line"),
        /// 宽带/FTTH
        Internet = ("INTERNET", "宽带/FTTH", "Broadband/FTTH"),
        /// 固话
        FixedLine = ("FIXED_LINE", "固话", "Fixed line"),
        /// 套餐
        MobilePlan = ("MOBILE_PLAN", "套餐", "Mobile plan"),
        /// 集团 VPN
        Vpn = ("VPN", "集团VPN", "Group VPN"),
        /// 集团短信
        Sms = ("SMS", "集团短信", "Group SMS"),
        /// 云
        Cloud = ("CLOUD", "云服务", "Cloud"),
        /// 物联网
        Iot = ("IOT", "物联网", "IoT"),
        /// 增值业务
        ValueAdded = ("VALUE_ADDED", "增值业务", "Value-added"),
    }
}

string_enum! {
    /// How a product is charged (计费方式).
    pub enum Billing {
        /// 按月
        Monthly = ("MONTHLY", "按月", "Monthly"),
        /// 一次性
        OneOff = ("ONE_OFF", "一次性", "One-off"),
        /// 按年
        Yearly = ("YEARLY", "按年", "Yearly"),
    }
}

// ── src/churn/mod.rs ──

string_enum! {
    /// What fell.
    pub enum ChurnWarningKind {
        /// 成员收入环比下降
        MemberDrop = ("MEMBER_DROP", "成员收入下降", "Member revenue drop"),
        /// 集团收入较拍照月下降
        GroupDrop = ("GROUP_DROP", "集团收入下降", "Group revenue drop"),
    }
}

// ── src/contacts/mod.rs ──

string_enum! {
    /// What a contact does for us (关键人角色). Decision makers are listed first.
    pub enum ContactRole {
        /// 决策人
        DecisionMaker = ("DECISION_MAKER", "决策人", "Decision maker"),
        /// 联系人
        Liaison = ("LIAISON", "联系人", "Liaison"),
        /// 技术负责人
        Technical = ("TECHNICAL", "技术负责人", "Technical lead"),
        /// 财务
        Finance = ("FINANCE", "财务", "Finance"),
        /// 其他
        Other = ("OTHER", "其他", "Other"),
    }
}

impl ContactRole {
    /// Listing order: decision makers first, then the rest.
    pub fn rank(self) -> u8 {
        match self {
            ContactRole::DecisionMaker => 0,
            _ => 1,
        }
    }
}

// ── src/contracts/mod.rs ──

string_enum! {
    /// Where a contract stands (合同状态).
    pub enum ContractStatus {
        /// 草稿
        Draft = ("DRAFT", "草稿", "Draft"),
        /// 审核中: waiting on the department head's review (a `CONTRACT_REVIEW` request).
        UnderReview = ("UNDER_REVIEW", "审核中", "Under review"),
        /// 已审核: the department head approved it; it may be sent to the customer.
        Reviewed = ("REVIEWED", "已审核", "Reviewed"),
        /// 已发送客户
        Sent = ("SENT", "已发送客户", "Sent to customer"),
        /// 已签订
        Signed = ("SIGNED", "已签订", "Signed"),
        /// 已生效（已收款）
        Active = ("ACTIVE", "已生效", "Active"),
        /// 已到期
        Expired = ("EXPIRED", "已到期", "Expired"),
        /// 已终止
        Terminated = ("TERMINATED", "已终止", "Terminated"),
    }
}

string_enum! {
    /// A document of the contract's checklist (合同资料).
    pub enum DocumentKind {
        /// 合同正本（一式四份，客户两份）
        SignedCopies = ("SIGNED_COPIES", "合同正本（一式四份）", "Signed originals (4 copies)"),
        /// IP 地址申请表
        IpApplication = ("IP_APPLICATION", "IP地址申请表", "IP address application"),
        /// 网络责任承诺书
        NetworkCommitment = ("NETWORK_COMMITMENT", "网络责任承诺书", "Network responsibility letter"),
        /// 营业执照复印件
        BusinessLicence = ("BUSINESS_LICENCE", "营业执照复印件", "Business licence copy"),
        /// 经办人身份证复印件
        HandlerId = ("HANDLER_ID", "经办人身份证复印件", "Handler's ID copy"),
        /// 优惠审批单
        DiscountApproval = ("DISCOUNT_APPROVAL", "优惠审批单", "Discount approval"),
        /// 缴费凭证
        PaymentVoucher = ("PAYMENT_VOUCHER", "缴费凭证", "Payment voucher"),
    }
}

string_enum! {
    /// Whether a checklist document is in hand.
    pub enum DocumentStatus {
        /// 缺
        Missing = ("MISSING", "未收", "Missing"),
        /// 已收
        Received = ("RECEIVED", "已收", "Received"),
        /// 不需要
        NotRequired = ("NOT_REQUIRED", "不需要", "Not required"),
    }
}

// ── src/groups/mod.rs ──

string_enum! {
    /// Kind of organisation the group is (单位类型).
    pub enum GroupKind {
        /// 政府
        Government = ("GOVERNMENT", "政府", "Government"),
        /// 企业
        Enterprise = ("ENTERPRISE", "企业", "Enterprise"),
        /// 事业单位
        Institution = ("INSTITUTION", "事业单位", "Public institution"),
        /// 其他
        Other = ("OTHER", "其他", "Other"),
    }
}

string_enum! {
    /// How the group is managed (客户类型).
    pub enum Segment {
        /// 行业客户: cross-region, vertically managed.
        Industry = ("INDUSTRY", "行业客户", "Industry customer"),
        /// 聚类客户: independent decisions, similar needs or the same location.
        Cluster = ("CLUSTER", "聚类客户", "Cluster customer"),
    }
}

string_enum! {
    /// Value class (价值等级).
    pub enum ValueClass {
        /// A 类
        A = ("A", "A类", "Class A"),
        /// B 类
        B = ("B", "B类", "Class B"),
        /// C 类
        C = ("C", "C类", "Class C"),
    }
}

string_enum! {
    /// Service tier (服务等级), which sets the visit cadence.
    pub enum ServiceTier {
        /// 钻石
        Diamond = ("DIAMOND", "钻石", "Diamond"),
        /// 金
        Gold = ("GOLD", "金", "Gold"),
        /// 银
        Silver = ("SILVER", "银", "Silver"),
        /// 标准
        Standard = ("STANDARD", "标准", "Standard"),
    }
}

string_enum! {
    /// Where the group stands with us (客户状态).
    pub enum GroupStatus {
        /// 潜在: not yet a customer.
        Prospect = ("PROSPECT", "潜在", "Prospect"),
        /// 在网: a customer.
        Active = ("ACTIVE", "在网", "Active"),
        /// 预警: at risk of leaving.
        AtRisk = ("AT_RISK", "预警", "At risk"),
        /// 离网: has left.
        Churned = ("CHURNED", "离网", "Churned"),
    }
}

// ── src/installs/mod.rs ──

string_enum! {
    /// Where an installation job stands (工单状态).
    pub enum JobStatus {
        /// 已创建
        Created = ("CREATED", "已创建", "Created"),
        /// 已受理（已下单）
        Accepted = ("ACCEPTED", "已受理", "Accepted"),
        /// 已预约
        Scheduled = ("SCHEDULED", "已预约", "Scheduled"),
        /// 施工中
        InProgress = ("IN_PROGRESS", "施工中", "In progress"),
        /// 已竣工
        Completed = ("COMPLETED", "已竣工", "Completed"),
        /// 已确认（客户经理与客户确认）
        Confirmed = ("CONFIRMED", "已确认", "Confirmed"),
        /// 已改期（客户要求）
        Postponed = ("POSTPONED", "已改期", "Postponed"),
        /// 已取消
        Cancelled = ("CANCELLED", "已取消", "Cancelled"),
    }
}

string_enum! {
    /// Where a fault ticket stands (故障单状态).
    pub enum FaultStatus {
        /// 待联系工程
        Open = ("OPEN", "待联系工程", "Waiting for engineer"),
        /// 工程已联系
        Contacted = ("CONTACTED", "工程已联系", "Engineer in contact"),
        /// 已修复
        Resolved = ("RESOLVED", "已修复", "Fixed"),
        /// 客户已确认
        Closed = ("CLOSED", "客户已确认", "Confirmed by customer"),
    }
}

// ── src/complaints/mod.rs ──

string_enum! {
    /// How the complaint came in (受理渠道).
    pub enum ComplaintChannel {
        /// 热线 1860/10000
        Hotline = ("HOTLINE", "热线（1860/10000）", "Hotline"),
        /// 营业厅
        Counter = ("COUNTER", "营业厅", "Counter"),
        /// 网站
        Website = ("WEBSITE", "网站", "Website"),
        /// 客户经理
        AccountManager = ("ACCOUNT_MANAGER", "客户经理", "Account manager"),
        /// 委托他人
        Proxy = ("PROXY", "委托他人", "Through someone else"),
        /// 其他
        Other = ("OTHER", "其他", "Other"),
    }
}

string_enum! {
    /// What the complaint is about (投诉类别).
    pub enum ComplaintCategory {
        /// 通信质量
        NetworkQuality = ("NETWORK_QUALITY", "通信质量", "Network quality"),
        /// 服务质量
        ServiceQuality = ("SERVICE_QUALITY", "服务质量", "Service quality"),
        /// 计费
        Billing = ("BILLING", "计费", "Billing"),
        /// 其他
        Other = ("OTHER", "其他", "Other"),
    }
}

string_enum! {
    /// How serious the complaint is (严重程度).
    pub enum ComplaintSeverity {
        /// 一般
        Normal = ("NORMAL", "一般", "Normal"),
        /// 严重
        Serious = ("SERIOUS", "严重", "Serious"),
        /// 紧急
        Urgent = ("URGENT", "紧急", "Urgent"),
    }
}

string_enum! {
    /// Where a complaint stands (投诉状态).
    pub enum ComplaintStatus {
        /// 待处理
        Open = ("OPEN", "待处理", "Open"),
        /// 处理中
        InProgress = ("IN_PROGRESS", "处理中", "In progress"),
        /// 已升级: past its reply time, or the customer did not accept the answer.
        Escalated = ("ESCALATED", "已升级", "Escalated"),
        /// 已答复，待客户确认
        Resolved = ("RESOLVED", "已答复待确认", "Answered, awaiting the customer"),
        /// 已关闭（客户认可）
        Closed = ("CLOSED", "已关闭", "Closed"),
    }
}

string_enum! {
    /// Who a complaint is handed to for action (处理部门); the first responder keeps it.
    pub enum HandlingUnit {
        /// 工程/装维
        Engineering = ("ENGINEERING", "工程/装维", "Engineering"),
        /// 计费
        Billing = ("BILLING", "计费", "Billing"),
        /// 网络维护
        Network = ("NETWORK", "网络维护", "Network maintenance"),
        /// 市场部
        Marketing = ("MARKETING", "市场部", "Marketing"),
        /// 其他部门
        Other = ("OTHER", "其他部门", "Another department"),
    }
}

string_enum! {
    /// One step in handling a complaint (处理记录).
    pub enum ComplaintStepKind {
        /// 登记
        Registered = ("REGISTERED", "登记", "Registered"),
        /// 转交处理
        HandedOff = ("HANDED_OFF", "转交处理", "Handed off"),
        /// 处理记录
        Note = ("NOTE", "处理记录", "Note"),
        /// 升级
        Escalated = ("ESCALATED", "升级", "Escalated"),
        /// 答复客户
        Resolved = ("RESOLVED", "答复客户", "Answered"),
        /// 客户认可
        Accepted = ("ACCEPTED", "客户认可", "Customer accepted"),
        /// 客户不认可
        NotAccepted = ("NOT_ACCEPTED", "客户不认可", "Customer did not accept"),
        /// 走访处理: a `COMPLAINT` visit logged against it
        Visited = ("VISITED", "走访处理", "Visit"),
    }
}

// ── src/retention/mod.rs ──

string_enum! {
    /// Where a disconnection request stands (拆机挽留单状态).
    pub enum DisconnectionStatus {
        /// 待派单
        Registered = ("REGISTERED", "待派单", "Waiting for dispatch"),
        /// 已派单，待联系客户
        Dispatched = ("DISPATCHED", "待联系客户", "Dispatched, customer to reach"),
        /// 已联系，挽留中
        Contacted = ("CONTACTED", "挽留中", "Customer reached"),
        /// 已完成，待审核
        Done = ("DONE", "待审核", "Awaiting verification"),
        /// 已审核，退回营业厅
        Returned = ("RETURNED", "已退回营业厅", "Returned to the desk"),
    }
}

string_enum! {
    /// The true reason a customer leaves (离网真实原因).
    pub enum ChurnReason {
        /// 资费
        Tariff = ("TARIFF", "资费", "Tariff"),
        /// 产品
        Product = ("PRODUCT", "产品", "Product"),
        /// 服务
        Service = ("SERVICE", "服务", "Service"),
        /// 竞争对手
        Competitor = ("COMPETITOR", "竞争对手", "Competitor"),
        /// 手机遗失
        PhoneLost = ("PHONE_LOST", "手机遗失", "Phone lost"),
        /// 调离外地
        Relocated = ("RELOCATED", "调离外地", "Moved away"),
        /// 其他
        Other = ("OTHER", "其他", "Other"),
    }
}

string_enum! {
    /// How the retention ended.
    pub enum RetentionOutcome {
        /// 挽留成功
        Retained = ("RETAINED", "挽留成功", "Retained"),
        /// 挽留失败，离网
        Lost = ("LOST", "离网", "Lost"),
    }
}

// ── src/competition/mod.rs ──

string_enum! {
    /// Where a competition report stands.
    pub enum CompetitionReportStatus {
        /// 待审阅
        Submitted = ("SUBMITTED", "待审阅", "Awaiting review"),
        /// 已审阅
        Reviewed = ("REVIEWED", "已审阅", "Reviewed"),
    }
}

// ── src/jobs/mod.rs ──

string_enum! {
    /// How a run ended (or that it is still going).
    pub enum JobRunStatus {
        /// 运行中
        Running = ("RUNNING", "运行中", "Running"),
        /// 成功
        Succeeded = ("SUCCEEDED", "成功", "Succeeded"),
        /// 失败
        Failed = ("FAILED", "失败", "Failed"),
        /// 跳过: another process held the job.
        Skipped = ("SKIPPED", "跳过", "Skipped"),
    }
}

// ── src/members/import.rs ──

string_enum! {
    /// What to do when some rows are wrong (导入方式).
    pub enum ImportMode {
        /// 全部成功才导入: any wrong row and nothing is applied.
        AllOrNothing = ("ALL_OR_NOTHING", "全部正确才导入", "All or nothing"),
        /// 只导入正确的行: wrong rows are reported and skipped.
        ValidRows = ("VALID_ROWS", "只导入正确的行", "Valid rows only"),
    }
}

string_enum! {
    /// Where an import stands (导入状态).
    pub enum ImportStatus {
        /// 校验中: reading and checking every row.
        Validating = ("VALIDATING", "校验中", "Validating"),
        /// 导入中: writing the rows.
        Applying = ("APPLYING", "导入中", "Importing"),
        /// 已完成: every row applied.
        Succeeded = ("SUCCEEDED", "已完成", "Done"),
        /// 部分完成: valid rows applied, wrong rows reported.
        SucceededWithErrors = ("SUCCEEDED_WITH_ERRORS", "部分完成", "Done with errors"),
        /// 已拒绝: rows were wrong and the caller asked for all or nothing; nothing applied.
        Rejected = ("REJECTED", "已拒绝", "Rejected"),
        /// 失败: the import broke off; nothing applied.
        Failed = ("FAILED", "失败", "Failed"),
    }
}

impl ImportStatus {
    pub fn finished(self) -> bool {
        !matches!(self, ImportStatus::Validating | ImportStatus::Applying)
    }
}

// ── src/members/mod.rs ──

string_enum! {
    /// VIP level (VIP等级).
    pub enum VipLevel {
        /// 无
        None = ("NONE", "无", "None"),
        /// 银卡
        Silver = ("SILVER", "银卡", "Silver"),
        /// 金卡
        Gold = ("GOLD", "金卡", "Gold"),
        /// 钻石卡
        Diamond = ("DIAMOND", "钻石卡", "Diamond"),
    }
}

string_enum! {
    /// Which network the member's number is on (运营商): ours (本网) or a competitor's (异网).
    pub enum Carrier {
        /// 本网
        Own = ("OWN", "本网", "Our network"),
        /// 异网: 中国电信
        ChinaTelecom = ("CHINA_TELECOM", "中国电信", "China Telecom"),
        /// 异网: 中国联通
        ChinaUnicom = ("CHINA_UNICOM", "中国联通", "China Unicom"),
        /// 异网: 中国广电
        ChinaBroadnet = ("CHINA_BROADNET", "中国广电", "China Broadnet"),
        /// 异网: 其他
        OtherCompetitor = ("OTHER_COMPETITOR", "其他异网", "Other carrier"),
    }
}

string_enum! {
    /// State of the member's line (成员状态).
    pub enum MemberStatus {
        /// 在网
        Active = ("ACTIVE", "在网", "Active"),
        /// 停机
        Suspended = ("SUSPENDED", "停机", "Suspended"),
        /// 预销户
        PendingClose = ("PENDING_CLOSE", "预销户", "Closing"),
        /// 销户
        Closed = ("CLOSED", "销户", "Closed"),
        /// 呼转
        Forwarded = ("FORWARDED", "呼转", "Forwarded"),
    }
}

// ── src/numbers/mod.rs ──

string_enum! {
    /// A number grade, as the API names it.
    pub enum NumberGrade {
        /// 甲
        A = ("A", "甲", "Grade A"),
        /// 乙
        B = ("B", "乙", "Grade B"),
        /// 丙
        C = ("C", "丙", "Grade C"),
        /// 丁
        D = ("D", "丁", "Grade D"),
    }
}

string_enum! {
    /// Where the chosen number of a job stands.
    pub enum NumberStatus {
        /// 无: no number chosen, or its grade needs no approval.
        None = ("NONE", "无", "None"),
        /// 待审批
        PendingApproval = ("PENDING_APPROVAL", "待审批", "Pending approval"),
        /// 已批准
        Approved = ("APPROVED", "已批准", "Approved"),
        /// 已驳回
        Rejected = ("REJECTED", "已驳回", "Rejected"),
    }
}

// ── src/pipeline/mod.rs ──

string_enum! {
    /// A column of the pipeline board (阶段).
    pub enum Stage {
        /// 方案草稿
        Draft = ("DRAFT", "方案草稿", "Draft"),
        /// 审批中
        PendingApproval = ("PENDING_APPROVAL", "审批中", "Pending approval"),
        /// 已审批待发送
        Approved = ("APPROVED", "已审批待发送", "Approved, to send"),
        /// 已发送
        Sent = ("SENT", "已发送", "Sent"),
        /// 客户已接受（合同未签）
        Accepted = ("ACCEPTED", "客户已接受", "Accepted"),
        /// 合同已签
        ContractSigned = ("CONTRACT_SIGNED", "合同已签", "Contract signed"),
        /// 合同生效（待装机）
        Active = ("ACTIVE", "合同生效", "Contract active"),
        /// 装机中
        Installing = ("INSTALLING", "装机中", "Installing"),
        /// 已确认竣工
        Confirmed = ("CONFIRMED", "已确认竣工", "Confirmed"),
        /// 未成交 (rejected, expired or withdrawn)
        Lost = ("LOST", "未成交", "Lost"),
        /// 合同终止或到期
        Closed = ("CLOSED", "已结束", "Closed"),
    }
}

// ── src/proposals/mod.rs ──

string_enum! {
    /// Where a proposal stands (方案状态).
    pub enum ProposalStatus {
        /// 草稿
        Draft = ("DRAFT", "草稿", "Draft"),
        /// 待审批
        PendingApproval = ("PENDING_APPROVAL", "待审批", "Pending approval"),
        /// 已审批
        Approved = ("APPROVED", "已审批", "Approved"),
        /// 已发送客户
        Sent = ("SENT", "已发送客户", "Sent to customer"),
        /// 客户已接受
        Accepted = ("ACCEPTED", "客户已接受", "Accepted"),
        /// 客户已拒绝
        Rejected = ("REJECTED", "客户已拒绝", "Rejected by customer"),
        /// 已过期
        Expired = ("EXPIRED", "已过期", "Expired"),
        /// 已撤回
        Withdrawn = ("WITHDRAWN", "已撤回", "Withdrawn"),
    }
}

impl ProposalStatus {
    /// Still being worked on (counted in a group's open proposals).
    pub fn is_open(self) -> bool {
        matches!(self, Self::Draft | Self::PendingApproval | Self::Approved | Self::Sent)
    }
}

string_enum! {
    /// How a line is discounted.
    pub enum DiscountKind {
        /// 无优惠
        None = ("NONE", "无优惠", "No discount"),
        /// 按折扣率
        Percent = ("PERCENT", "按折扣率", "Percent off"),
        /// 按金额
        Amount = ("AMOUNT", "按金额", "Amount off"),
    }
}

// ── src/tasks/mod.rs ──

string_enum! {
    /// What a task asks for (待办类型).
    pub enum TaskKind {
        /// 方案跟进: a follow-up call on a sent proposal (rule 4).
        ProposalFollowUp = ("PROPOSAL_FOLLOW_UP", "方案跟进", "Proposal follow-up"),
        /// 合同续约: a contract nears its end.
        ContractRenewal = ("CONTRACT_RENEWAL", "合同续约", "Contract renewal"),
        /// 走访到期: a group is behind its visit cadence (rule 7).
        VisitDue = ("VISIT_DUE", "走访到期", "Visit due"),
        /// 关键时刻关怀: a birthday, a group's key date or a holiday ahead (rule 8).
        Care = ("CARE", "关键时刻关怀", "Key-moment care"),
        /// 离网预警: a member's or the group's revenue fell (rule 9).
        ChurnWarning = ("CHURN_WARNING", "离网预警", "Churn warning"),
        /// 合同资料待补: a signed contract lacks documents or payment.
        DocumentMissing = ("DOCUMENT_MISSING", "合同资料待补", "Contract documents missing"),
        /// 装机待确认: a completed installation awaits the manager's confirmation.
        InstallToConfirm = ("INSTALL_TO_CONFIRM", "装机待确认", "Installation to confirm"),
        /// 故障超时: a fault has not reached engineering within its clock.
        FaultBreaching = ("FAULT_BREACHING", "故障超时", "Fault past its clock"),
        /// 投诉升级: a complaint not resolved by its reply time reached you (rule 13).
        ComplaintEscalated = ("COMPLAINT_ESCALATED", "投诉升级", "Complaint escalated"),
        /// 拆机挽留超时: a disconnection request past its 4-hour contact or 2-day finish clock.
        RetentionOverdue = ("RETENTION_OVERDUE", "拆机挽留超时", "Retention past its clock"),
        /// A high-value member's expected suspension in 3 days (不轻易停机, rule 16).
        SuspensionReminder = ("SUSPENSION_REMINDER", "停机提醒", "Suspension ahead"),
    }
}

string_enum! {
    /// Where a task stands.
    pub enum TaskStatus {
        /// 待办
        Open = ("OPEN", "待办", "Open"),
        /// 已完成
        Done = ("DONE", "已完成", "Done"),
        /// 已忽略
        Dismissed = ("DISMISSED", "已忽略", "Dismissed"),
    }
}

// ── src/visits/mod.rs ──

string_enum! {
    /// How the visit happened (走访方式). Calls count as visits too.
    pub enum VisitMethod {
        /// 上门
        Onsite = ("ONSITE", "上门", "On site"),
        /// 电话
        Phone = ("PHONE", "电话", "Phone"),
        /// 短信
        Sms = ("SMS", "短信", "SMS"),
        /// 联谊活动
        Event = ("EVENT", "联谊活动", "Event"),
        /// 信函: a letter (arrears collection, rule 16: "call or letter first").
        Letter = ("LETTER", "信函", "Letter"),
    }
}

string_enum! {
    /// Why the visit happened (走访目的).
    pub enum VisitPurpose {
        /// 日常走访
        Routine = ("ROUTINE", "日常走访", "Routine"),
        /// 关怀
        Care = ("CARE", "关怀", "Care"),
        /// 需求了解
        Needs = ("NEEDS", "需求了解", "Needs"),
        /// 方案沟通
        Proposal = ("PROPOSAL", "方案沟通", "Proposal talk"),
        /// 挽留
        Retention = ("RETENTION", "挽留", "Retention"),
        /// 装机回访
        InstallFollowUp = ("INSTALL_FOLLOW_UP", "装机回访", "Install follow-up"),
        /// 投诉处理
        Complaint = ("COMPLAINT", "投诉处理", "Complaint"),
        /// 欠费催缴
        Collection = ("COLLECTION", "欠费催缴", "Collection"),
    }
}

string_enum! {
    /// Where a visit stands (走访状态).
    pub enum VisitStatus {
        /// 计划中
        Planned = ("PLANNED", "计划中", "Planned"),
        /// 已完成
        Done = ("DONE", "已完成", "Done"),
        /// 未完成 (missed)
        Missed = ("MISSED", "未完成", "Missed"),
    }
}

string_enum! {
    /// A satisfaction rating on the visit card (满意度).
    pub enum Satisfaction {
        /// 很满意
        VerySatisfied = ("VERY_SATISFIED", "很满意", "Very satisfied"),
        /// 满意
        Satisfied = ("SATISFIED", "满意", "Satisfied"),
        /// 不太满意
        Dissatisfied = ("DISSATISFIED", "不太满意", "Dissatisfied"),
        /// 很不满意
        VeryDissatisfied = ("VERY_DISSATISFIED", "很不满意", "Very dissatisfied"),
    }
}

// ── src/billing/mod.rs ──

string_enum! {
    /// Why an account's bill is adjusted (补退费原因, rule 15).
    pub enum AdjustmentCause {
        /// 话费争议
        Dispute = ("DISPUTE", "话费争议", "Billing dispute"),
        /// 服务问题
        ServiceIssue = ("SERVICE_ISSUE", "服务问题", "Service issue"),
        /// 一次性费用录入
        OneOffEntry = ("ONE_OFF_ENTRY", "一次性费用录入", "One-off charge entry"),
        /// 计费数据错误
        BillingDataError = ("BILLING_DATA_ERROR", "计费数据错误", "Billing data error"),
        /// 线路/电缆故障
        LineFault = ("LINE_FAULT", "线路/电缆故障", "Line or cable fault"),
        /// 系统暂不能受理的业务
        NotInSystem = ("NOT_IN_SYSTEM", "系统暂不能受理的业务", "Service the system cannot take yet"),
    }
}

string_enum! {
    /// The six stages of an adjustment (申请 → 审批 → 操作 → 审核 → 稽核; 分析 is the monthly report).
    pub enum AdjustmentStatus {
        /// 审批中: the chain is deciding.
        Pending = ("PENDING", "审批中", "Awaiting approval"),
        /// 已审批: approved, waiting for billing to execute it.
        Approved = ("APPROVED", "待操作", "Approved, to execute"),
        /// 已操作: done in the billing system (reference recorded), waiting for the check.
        Executed = ("EXECUTED", "待审核", "Executed, to check"),
        /// 已审核: checked, waiting for the audit.
        Checked = ("CHECKED", "待稽核", "Checked, to audit"),
        /// 已稽核: audited; counted in the month's analysis.
        Audited = ("AUDITED", "已稽核", "Audited"),
        /// 已驳回
        Rejected = ("REJECTED", "已驳回", "Rejected"),
        /// 已撤回: withdrawn by the requester while pending.
        Withdrawn = ("WITHDRAWN", "已撤回", "Withdrawn"),
    }
}

// ── src/arrears/mod.rs ──

string_enum! {
    /// Where a collection item stands (欠费催缴, rule 16).
    pub enum ArrearsStatus {
        /// 待催缴: listed, nobody told the customer yet.
        Open = ("OPEN", "待催缴", "To contact"),
        /// 已联系: called or written to, a date and place agreed.
        Contacted = ("CONTACTED", "已联系", "Contacted"),
        /// 已发通知单: the agreed date passed unpaid and the notice went out.
        Noticed = ("NOTICED", "已发催缴通知", "Notice sent"),
        /// 已缴清: paid in full against receipts.
        Paid = ("PAID", "已缴清", "Paid"),
    }
}

// ── src/dayplan/mod.rs ──

string_enum! {
    /// Where a day's plan item stands.
    pub enum PlanItemStatus {
        /// 待办
        Open = ("OPEN", "待办", "Open"),
        /// 已完成: done by a visit, a call or a task, or marked done.
        Done = ("DONE", "已完成", "Done"),
        /// 已放弃
        Dropped = ("DROPPED", "已放弃", "Dropped"),
    }
}

string_enum! {
    /// Which comes first in the day (四三工作法: appointments, then key projects, then routine).
    pub enum PlanPriority {
        /// 预约事项: something fixed for a time (an appointment, a planned visit).
        Appointment = ("APPOINTMENT", "预约事项", "Appointment"),
        /// 重点项目: a deal in progress.
        KeyProject = ("KEY_PROJECT", "重点项目", "Key project"),
        /// 常规工作
        Routine = ("ROUTINE", "常规工作", "Routine"),
    }
}

string_enum! {
    /// The matter of a plan item (定工作事项).
    pub enum PlanMatter {
        /// 信息收集
        Information = ("INFORMATION", "信息收集", "Information gathering"),
        /// 客户服务
        Service = ("SERVICE", "客户服务", "Service"),
        /// 客户走访: with its target, purpose and preparation.
        Visit = ("VISIT", "客户走访", "Visit"),
        /// 客户维系
        Retention = ("RETENTION", "客户维系", "Retention"),
    }
}

string_enum! {
    /// The means of a plan item (定工作手段).
    pub enum PlanMeans {
        /// 上门
        Onsite = ("ONSITE", "上门", "On site"),
        /// 电话
        Phone = ("PHONE", "电话", "Phone"),
        /// 活动
        Event = ("EVENT", "活动", "Event"),
        /// 产品演示
        Demo = ("DEMO", "产品演示", "Demo"),
        /// 投诉跟进
        ComplaintFollowUp = ("COMPLAINT_FOLLOW_UP", "投诉跟进", "Complaint follow-up"),
    }
}

string_enum! {
    /// What closed a plan item.
    pub enum PlanClosure {
        /// 走访或电话: a visit or call to the item's group, by the item's means, that day.
        Visit = ("VISIT", "走访或电话", "Visit or call"),
        /// 待办完成: the task it was made from was done.
        Task = ("TASK", "待办完成", "Task done"),
        /// 手工: marked by its owner.
        Manual = ("MANUAL", "手工标记", "Marked by hand"),
    }
}

// ── src/worklog/mod.rs ──

string_enum! {
    /// What a line of a work log (工作日志) records.
    pub enum LogKind {
        /// 上门走访
        Visit = ("VISIT", "走访", "Visit"),
        /// 电话、短信联系
        Call = ("CALL", "电话联系", "Call"),
        /// 方案
        Proposal = ("PROPOSAL", "方案", "Proposal"),
        /// 审批
        Approval = ("APPROVAL", "审批", "Approval"),
        /// 合同
        Contract = ("CONTRACT", "合同", "Contract"),
        /// 装机与故障
        Installation = ("INSTALLATION", "装机", "Installation"),
        /// 待办
        Task = ("TASK", "待办", "Task"),
        /// 投诉
        Complaint = ("COMPLAINT", "投诉", "Complaint"),
        /// 拆机挽留
        Retention = ("RETENTION", "拆机挽留", "Retention"),
        /// 竞争信息
        Competition = ("COMPETITION", "竞争信息", "Competition"),
        /// 欠费催缴
        Collection = ("COLLECTION", "欠费催缴", "Collection"),
        /// 客户档案
        Archive = ("ARCHIVE", "客户档案", "Customer file"),
        /// 重要信息上报
        Report = ("REPORT", "信息上报", "Information report"),
        /// 资源申请: experts, trials, gifts, events
        Resource = ("RESOURCE", "资源申请", "Resource request"),
    }
}

// ── src/churn/monitor.rs ──

string_enum! {
    /// How the handling of a monitored group stands (处理情况).
    pub enum Handling {
        /// 待处理: a warning's task is open and nobody has contacted the group since the warning.
        Unhandled = ("UNHANDLED", "待处理", "Not handled"),
        /// 处理中: contacted since the warning, or a complaint or retention case is open.
        InHand = ("IN_HAND", "处理中", "In hand"),
        /// 已处理: nothing left open.
        Handled = ("HANDLED", "已处理", "Handled"),
    }
}

// ── src/summaries/mod.rs ──

string_enum! {
    /// The period a work summary covers (工作成果小结).
    pub enum SummaryPeriod {
        /// 周小结: Monday to Sunday.
        Week = ("WEEK", "周小结", "Weekly"),
        /// 月小结: a calendar month.
        Month = ("MONTH", "月小结", "Monthly"),
    }
}

string_enum! {
    /// Where a work summary stands.
    pub enum SummaryStatus {
        /// 草稿
        Draft = ("DRAFT", "草稿", "Draft"),
        /// 已提交: waiting for the head.
        Submitted = ("SUBMITTED", "已提交", "Submitted"),
        /// 已点评
        Commented = ("COMMENTED", "已点评", "Commented"),
    }
}

// ── src/reports/mod.rs ──

string_enum! {
    /// What an important information report (重要信息上报) is about.
    pub enum InfoReportKind {
        /// 竞争情报: a competitor's move or offer.
        Competition = ("COMPETITION", "竞争情报", "Competition"),
        /// 投诉升级: a complaint that needs a higher level.
        Complaint = ("COMPLAINT", "投诉升级", "Escalated complaint"),
        /// 特殊需求: a customer's special need.
        SpecialNeed = ("SPECIAL_NEED", "客户特殊需求", "Special need"),
        /// 客户风险: a change at the customer that puts the business at risk.
        Risk = ("RISK", "客户风险", "Customer risk"),
        /// 其他重要信息
        Other = ("OTHER", "其他重要信息", "Other"),
    }
}

string_enum! {
    /// How urgent an information report is; urgent ones are told live.
    pub enum InfoUrgency {
        /// 一般
        Normal = ("NORMAL", "一般", "Normal"),
        /// 重要
        Important = ("IMPORTANT", "重要", "Important"),
        /// 紧急: its recipients are told at once.
        Urgent = ("URGENT", "紧急", "Urgent"),
    }
}

string_enum! {
    /// The level an information report has reached up the org tree, or closed.
    pub enum InfoReportStatus {
        /// 已报部门: with the department head.
        Department = ("DEPARTMENT", "已报部门负责人", "With the department head"),
        /// 已报分公司: with the branch manager.
        Branch = ("BRANCH", "已报分公司", "With the branch manager"),
        /// 已报市公司: with the general manager.
        Company = ("COMPANY", "已报市公司", "With the general manager"),
        /// 已办结: handled, closed by the level it was with.
        Closed = ("CLOSED", "已办结", "Closed"),
    }
}

string_enum! {
    /// Why someone received an information report.
    pub enum InfoRecipientReason {
        /// 逐级上报: the level the report was routed to.
        Routed = ("ROUTED", "逐级上报", "Routed up"),
        /// 转发: forwarded to them by someone who had it.
        Forwarded = ("FORWARDED", "转发", "Forwarded"),
    }
}

// ── src/resources/mod.rs ──

string_enum! {
    /// What resource a request asks for (定所需资源).
    pub enum ResourceKind {
        /// 专家陪同走访: a chief account manager or a product specialist joins a visit.
        Companion = ("COMPANION", "专家陪同走访", "Expert to join a visit"),
        /// 产品试用
        Trial = ("TRIAL", "产品试用", "Product trial"),
        /// 公关礼品: issued from the department's stock.
        Gift = ("GIFT", "公关礼品", "PR gift"),
        /// 营销活动
        Event = ("EVENT", "营销活动", "Event"),
    }
}

string_enum! {
    /// Where a resource request stands.
    pub enum ResourceStatus {
        /// 待处理: waiting on the expert or the head.
        Pending = ("PENDING", "待处理", "Pending"),
        /// 已同意: accepted, approved or issued.
        Granted = ("GRANTED", "已同意", "Granted"),
        /// 已拒绝
        Declined = ("DECLINED", "已拒绝", "Declined"),
        /// 已撤回: withdrawn by the requester.
        Cancelled = ("CANCELLED", "已撤回", "Withdrawn"),
    }
}

string_enum! {
    /// The kind of expert asked to join a visit.
    pub enum Expertise {
        /// 首席客户经理
        ChiefManager = ("CHIEF_MANAGER", "首席客户经理", "Chief account manager"),
        /// 产品专家
        ProductSpecialist = ("PRODUCT_SPECIALIST", "产品专家", "Product specialist"),
    }
}
