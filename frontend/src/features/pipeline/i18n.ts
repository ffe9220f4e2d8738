import { register } from '../../i18n';

const zh = {
  title: '商机看板',
  mine: '我的商机',
  team: '我能看到的全部',
  total: '商机总数',
  totalValue: '合同总价值',
  count: '{{count}} 个',
  monthly: '月收入 {{value}}',
  chart: '各阶段价值',
  value: '价值',
  more: '还有 {{count}} 个',
  late: '超期',
  stages: '{{count}} 个阶段，点击阶段跳到该列，或左右滑动看板',
};

const en: typeof zh = {
  title: 'Pipeline',
  mine: 'My deals',
  team: 'Everything I can see',
  total: 'Deals',
  totalValue: 'Total value',
  count: '{{count}} deals',
  monthly: '{{value}} / month',
  chart: 'Value by stage',
  value: 'Value',
  more: '{{count}} more',
  late: 'Late',
  stages: '{{count}} stages: choose one to scroll to it, or scroll the board sideways',
};

export const pipeline = register('pipeline', zh, en);
