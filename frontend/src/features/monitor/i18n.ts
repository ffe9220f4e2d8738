import { register } from '../../i18n';

const zh = {
  nav: '重点监控集团',
  title: '重点服务监控集团报表',
  intro: '本范围内被标记为预警、或近三个月有离网预警的集团：预警情况、处理情况、客户经理和最近联系时间。待处理的排在前面。',
  empty: '没有需要重点监控的集团',
  total: '共 {{count}} 个集团，待处理 {{waiting}} 个',
  csv: '导出 CSV',
  print: '打印',
  printedAt: '打印时间：{{time}}',
  col: {
    group: '集团',
    code: '集团编码',
    owner: '客户经理',
    status: '集团状态',
    warnings: '离网预警',
    handling: '处理情况',
    tasks: '预警待办（未完成/已完成）',
    retention: '在办拆机挽留',
    complaints: '未关闭投诉',
    lastContact: '最近联系',
  },
  never: '从未联系',
  noWarning: '无（人工标记预警）',
  warning: '{{kind}} {{count}} 条，最近 {{month}} 下降 {{percent}}%',
  file: '重点服务监控集团报表-{{date}}.csv',
};

const en: typeof zh = {
  nav: 'Watch list',
  title: 'Key monitored groups',
  intro: 'Groups in your scope flagged at risk or warned about in the last three months: their warnings, how handling stands, their manager and last contact. Those waiting come first.',
  empty: 'No groups to watch',
  total: '{{count}} groups, {{waiting}} waiting',
  csv: 'Export CSV',
  print: 'Print',
  printedAt: 'Printed {{time}}',
  col: {
    group: 'Group',
    code: 'Code',
    owner: 'Manager',
    status: 'Status',
    warnings: 'Churn warnings',
    handling: 'Handling',
    tasks: 'Warning tasks (open/done)',
    retention: 'Retention cases open',
    complaints: 'Complaints open',
    lastContact: 'Last contact',
  },
  never: 'Never contacted',
  noWarning: 'None (flagged by hand)',
  warning: '{{kind}} ×{{count}}, latest {{month}} down {{percent}}%',
  file: 'key-monitored-groups-{{date}}.csv',
};

export const monitorMessages = register('monitor', zh, en);
