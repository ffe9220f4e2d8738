import { describe, expect, it } from 'vitest';
import { monitorCsv, type Row, warningsLine } from './report';

const row: Row = {
  handling: 'UNHANDLED',
  openTasks: 1,
  doneTasks: 2,
  openRetention: 0,
  openComplaints: 1,
  lastContactAt: null,
  group: { id: 'G1', name: '广州市"监控"公司', code: 'GZA00001', status: 'AT_RISK', owner: { id: 'U1', displayName: '张晓明' } },
  warnings: [
    { id: 'W1', kind: 'GROUP_DROP', month: '2026-11', dropPercent: '12.50' },
    { id: 'W2', kind: 'MEMBER_DROP', month: '2026-10', dropPercent: '40.00' },
    { id: 'W3', kind: 'MEMBER_DROP', month: '2026-09', dropPercent: '35.00' },
  ],
};

describe('the key monitored groups report', () => {
  it('says each kind of warning with how many and the latest one’s month and drop, or that the group was flagged by hand', () => {
    const say = (k: string, n: number, m: string, p: string) => `${k}×${n} ${m} -${p}%`;
    expect(warningsLine(row, say, '无')).toBe('GROUP_DROP×1 2026-11 -12.50%；MEMBER_DROP×2 2026-10 -40.00%');
    expect(warningsLine({ ...row, warnings: [] }, say, '无')).toBe('无');
  });

  it('exports the rows as CSV in the order shown, quoting what needs it', () => {
    const csv = monitorCsv([row], {
      column: (k) => k,
      handling: (h) => (h === 'UNHANDLED' ? '待处理' : h),
      status: (s) => (s === 'AT_RISK' ? '预警' : s),
      warnings: () => '集团收入下降',
      never: '从未联系',
    });
    const [header, line] = csv.replace('\uFEFF', '').trim().split('\r\n');
    expect(header).toBe('group,code,owner,status,warnings,handling,tasks,retention,complaints,lastContact');
    expect(line).toBe('"广州市""监控""公司",GZA00001,张晓明,预警,集团收入下降,待处理,1/2,0,1,从未联系');
  });
});
