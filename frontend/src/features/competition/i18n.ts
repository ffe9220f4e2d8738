import { register } from '../../i18n';

const zh = {
  nav: '竞争信息',
  title: '竞争信息',
  intro: '竞争对手进入集团时，客户经理上报对手、优惠、受影响的成员或线路、应对措施和需要的支持，由部门负责人审阅。',
  tabs: { waiting: '待审阅', all: '全部' },
  total: '共 {{count}} 份',
  empty: '暂无竞争信息',
  byMonth: '近 6 个月上报',
  file: '上报竞争信息',
  filed: '已上报，待负责人审阅',
  review: '审阅',
  reviewed: '已审阅',
  field: {
    competitor: '竞争对手',
    offer: '对手的优惠',
    affected: '受影响的成员 / 线路',
    countermeasures: '应对措施',
    supportNeeded: '需要的支持',
    comment: '审阅意见',
    author: '上报人',
  },
  validation: { max: '最多 {{max}} 个字' },
};

const en: typeof zh = {
  nav: 'Competition',
  title: 'Competition reports',
  intro: 'When a competitor moves on a group, its manager reports who, the offer, the members or lines affected, the countermeasures and the support needed; the department head reviews it.',
  tabs: { waiting: 'To review', all: 'All' },
  total: '{{count}} in all',
  empty: 'No competition reports',
  byMonth: 'Filed in the last 6 months',
  file: 'Report a competitor',
  filed: 'Reported; the head will review it',
  review: 'Review',
  reviewed: 'Reviewed',
  field: {
    competitor: 'Competitor',
    offer: "Competitor's offer",
    affected: 'Members / lines affected',
    countermeasures: 'Countermeasures',
    supportNeeded: 'Support needed',
    comment: 'Review comment',
    author: 'Reported by',
  },
  validation: { max: 'At most {{max}} characters' },
};

export const competitionMessages = register('competition', zh, en);
