import { register } from '../../i18n';

const zh = {
  nav: '走访达标',
  title: '走访达标',
  intro: '钻石、金牌集团每月至少 2 次电话、1 次上门；银牌每月 1 次电话、每季度 1 次上门；有高价值成员（ARPU 超过 60 元）的集团每月电话、每两月上门。',
  month: '统计月份：{{month}}',
  overdueOnly: '只看未达标',
  owner: '客户经理',
  allOwners: '全部客户经理',
  total: '共 {{total}} 个集团，未达标 {{behind}} 个',
  emptyBehind: '所有集团都已达标',
  empty: '没有集团',
  col: {
    group: '集团',
    tier: '服务等级',
    calls: '本月电话',
    onsite: '上门走访',
    highValue: '高价值成员',
    lastVisit: '最近走访',
    owner: '客户经理',
    compliant: '是否达标',
  },
  missing: '差 {{count}} 次',
  compliant: '达标',
  behind: '未达标',
  neverVisited: '从未走访',
};

const en: typeof zh = {
  nav: 'Visit cadence',
  title: 'Visit cadence',
  intro: 'Diamond and gold groups: at least 2 calls and 1 onsite visit a month; silver: 1 call a month and 1 onsite visit a quarter; groups with high-value members (ARPU over ¥60): a call monthly and a visit every two months.',
  month: 'Month: {{month}}',
  overdueOnly: 'Behind only',
  owner: 'Account manager',
  allOwners: 'All account managers',
  total: '{{total}} groups, {{behind}} behind',
  emptyBehind: 'Every group is on track',
  empty: 'No groups',
  col: {
    group: 'Group',
    tier: 'Tier',
    calls: 'Calls this month',
    onsite: 'Onsite visits',
    highValue: 'High-value members',
    lastVisit: 'Last visit',
    owner: 'Account manager',
    compliant: 'On track',
  },
  missing: '{{count}} short',
  compliant: 'On track',
  behind: 'Behind',
  neverVisited: 'Never visited',
};

export const cadence = register('cadence', zh, en);
