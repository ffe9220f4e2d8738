import type { KpiRowFragment } from '../../gql/graphql';
import {
  buildCsv,
  formatPercent,
  kpiCsv,
  KPI_FIGURES,
  methodsOf,
  pipelineBars,
  scopeName,
  sumDecimals,
  teamSeries,
  trendSeries,
  type CsvLabels,
} from './kpiData';

function row(over: Partial<KpiRowFragment> = {}): KpiRowFragment {
  return {
    month: '2026-10',
    user: { id: 'U7', displayName: '张晓明' },
    orgUnit: null,
    canSetTarget: false,
    target: null,
    visits: 42,
    visitsByMethod: [
      { method: 'PHONE', count: 30 },
      { method: 'ONSITE', count: 12 },
    ],
    workingDays: 17,
    visitsPerWorkingDay: '2.47',
    calls: 30,
    portfolio: 25,
    groupsVisited: 19,
    newGroups: 2,
    proposalsDue: 8,
    proposalsOnTime: 7,
    onTimePercent: '87.50',
    approvalsDecided: 5,
    medianApprovalHours: '3.25',
    proposalsDecided: 4,
    proposalsWon: 3,
    winPercent: '75.00',
    installsConfirmed: 6,
    retentionBaseline: 40,
    retentionLost: 2,
    retentionPercent: '95.00',
    ...over,
  };
}

const zhLabels: CsvLabels = {
  column: (k) => ({ month: '月份', scope: '客户经理', visits: '走访次数', onTimePercent: '方案按时率(%)' })[k as string] ?? k,
  method: (m) => ({ ONSITE: '上门', PHONE: '电话', SMS: '短信', EVENT: '联谊活动', LETTER: '信函' })[m] ?? m,
};

function parse(csv: string) {
  return csv
    .slice(1)
    .split('\r\n')
    .filter((l) => l !== '')
    .map((l) => l.split(','));
}

describe('KPI CSV', () => {
  it('starts with a byte-order mark and ends each line with CRLF', () => {
    const csv = buildCsv(['a', 'b'], [[1, 'x']]);
    expect(csv).toBe('\uFEFFa,b\r\n1,x\r\n');
  });

  it('quotes commas, quotes and line breaks, and leaves missing values empty', () => {
    expect(buildCsv(['名称'], [['广州,天河 "一部"'], ['两\n行'], [null], [undefined]])).toBe(
      '\uFEFF名称\r\n"广州,天河 ""一部"""\r\n"两\n行"\r\n\r\n\r\n',
    );
  });

  it('has headers in the given language and the server’s decimals untouched', () => {
    const [header, line] = parse(kpiCsv([row()], zhLabels));
    expect(header.slice(0, 3)).toEqual(['月份', '客户经理', '走访次数']);
    expect(header.slice(-4)).toEqual(['上门', '电话', '短信', '联谊活动']);
    const at = (h: string) => line[header.indexOf(h)];
    expect(at('月份')).toBe('2026-10');
    expect(at('客户经理')).toBe('张晓明');
    expect(at('方案按时率(%)')).toBe('87.50');
    expect(line[header.indexOf('visitsPerWorkingDay')]).toBe('2.47');
    expect(line[header.indexOf('winPercent')]).toBe('75.00');
    // methods in card order, with 0 for a method nobody used
    expect(line.slice(-4)).toEqual(['12', '30', '0', '0']);
    expect(header).toHaveLength(2 + KPI_FIGURES.length + 4);
  });

  it('leaves a percent with nothing to measure empty, never 0', () => {
    const [header, line] = parse(
      kpiCsv([row({ onTimePercent: null, winPercent: null, retentionPercent: null, medianApprovalHours: null })], zhLabels),
    );
    expect(line[header.indexOf('方案按时率(%)')]).toBe('');
    expect(line[header.indexOf('winPercent')]).toBe('');
    expect(line[header.indexOf('retentionPercent')]).toBe('');
    expect(line[header.indexOf('medianApprovalHours')]).toBe('');
  });

  it('has one line per manager of the team, and names a department row by its unit', () => {
    const rows = [row(), row({ user: { id: 'U8', displayName: '李娜' } }), row({ user: null, orgUnit: { id: 'O1', name: '政企一部' } })];
    const lines = parse(kpiCsv(rows, zhLabels));
    expect(lines).toHaveLength(4);
    expect(lines.slice(1).map((l) => l[1])).toEqual(['张晓明', '李娜', '政企一部']);
    expect(scopeName({ user: null, orgUnit: null })).toBe('');
  });

  it('adds a column for a method beyond the card’s four', () => {
    expect(methodsOf([row({ visitsByMethod: [{ method: 'VIDEO' as never, count: 1 }] })])).toEqual([
      'ONSITE',
      'PHONE',
      'SMS',
      'EVENT',
      'VIDEO',
    ]);
  });
});

describe('KPI charts', () => {
  it('plots the trend oldest first, leaving undefined percents as gaps', () => {
    const series = trendSeries([
      row({ month: '2026-01', visits: 10, onTimePercent: null, winPercent: '50.00', retentionPercent: '100.00' }),
      row({ month: '2025-12', visits: 8, onTimePercent: '66.67', winPercent: null, retentionPercent: '97.50' }),
    ]);
    expect(series).toEqual([
      { month: '2025-12', visits: 8, onTime: 66.67, win: null, retention: 97.5 },
      { month: '2026-01', visits: 10, onTime: null, win: 50, retention: 100 },
    ]);
  });

  it('compares the team’s managers on visits, groups visited, win rate and installs', () => {
    expect(teamSeries([row(), row({ user: { id: 'U8', displayName: '李娜' }, winPercent: null, visits: 3 })])).toEqual([
      { id: 'U7', name: '张晓明', visits: 42, groupsVisited: 19, win: 75, installs: 6 },
      { id: 'U8', name: '李娜', visits: 3, groupsVisited: 19, win: null, installs: 6 },
    ]);
  });

  it('labels the pipeline stages and keeps their exact value beside the plotted one', () => {
    const bars = pipelineBars([{ stage: 'SENT', count: 2, value: '21528.00' }], (s) => (s === 'SENT' ? '已发送' : s));
    expect(bars).toEqual([{ stage: 'SENT', label: '已发送', count: 2, value: 21528, exact: '21528.00' }]);
  });
});

describe('KPI figures', () => {
  it('shows a percent with nothing to measure as a dash', () => {
    expect(formatPercent('87.50')).toBe('87.50%');
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(undefined)).toBe('—');
  });

  it('adds the pipeline values exactly', () => {
    expect(sumDecimals(['0.10', '0.20'])).toBe('0.30');
    expect(sumDecimals(['9007199254740993.01', '1.00'])).toBe('9007199254740994.01');
    expect(sumDecimals(['100', '-0.5'])).toBe('99.50');
    expect(sumDecimals([])).toBe('0.00');
  });
});
