import dayjs from 'dayjs';
import type { GroupDetailFieldsFragment } from '../../gql/graphql';
import {
  EMPTY_FILTER,
  activeFilterCount,
  auditChanges,
  auditValueText,
  contactFormToFields,
  filterToVariables,
  formValuesToGroupFields,
  fromPicker,
  groupPath,
  groupToFormValues,
  importProgress,
  initialCard,
  memberCsvTemplate,
  memberFilterToVariables,
  memberFormToFields,
  pickerNow,
  plannedTooEarly,
  plausiblePhone,
  proposalFromVisitPath,
  readFilterParams,
  sortToOrder,
  statusActions,
  toPicker,
  visitCardToInput,
  visitTimeProblem,
  writeFilterParams,
} from './logic';

describe('groups filter bar', () => {
  it('maps only what is set to GroupFilter', () => {
    expect(filterToVariables(EMPTY_FILTER)).toEqual({});
    expect(
      filterToVariables({
        search: '  白云 ',
        status: 'AT_RISK',
        tier: 'GOLD',
        valueClass: 'A',
        notVisitedForDays: 30,
        hasOpenProposals: false,
        ownerId: 'VXNlcjo1',
        county: ' 白云区 ',
        archived: true,
      }),
    ).toEqual({
      search: '白云',
      status: 'AT_RISK',
      tier: 'GOLD',
      valueClass: 'A',
      notVisitedForDays: 30,
      hasOpenProposals: false,
      ownerId: 'VXNlcjo1',
      county: '白云区',
      archived: true,
    });
  });

  it('round-trips through the query string and drops defaults', () => {
    const s = { ...EMPTY_FILTER, search: '医院', status: 'ACTIVE' as const, hasOpenProposals: true, notVisitedForDays: 60 };
    const p = writeFilterParams(s);
    expect(p.toString()).toBe('q=%E5%8C%BB%E9%99%A2&status=ACTIVE&notVisited=60&open=1');
    expect(readFilterParams(p)).toEqual({ ...s, tier: undefined, valueClass: undefined, ownerId: undefined, county: undefined });
    expect(writeFilterParams(EMPTY_FILTER).toString()).toBe('');
  });

  it('ignores values the API does not know', () => {
    const s = readFilterParams(new URLSearchParams('status=LOST&tier=gold&class=D&notVisited=-3&open=maybe'));
    expect(filterToVariables(s)).toEqual({});
    expect(activeFilterCount(s)).toBe(0);
  });

  it('counts the filters set besides the search', () => {
    expect(activeFilterCount({ ...EMPTY_FILTER, search: 'x', tier: 'GOLD', archived: true })).toBe(2);
  });

  it('sorts by code or name, newest first otherwise', () => {
    expect(sortToOrder('code', 'ascend')).toEqual({ field: 'CODE', direction: 'ASC' });
    expect(sortToOrder('name', 'descend')).toEqual({ field: 'NAME', direction: 'DESC' });
    expect(sortToOrder('name', null)).toBeUndefined();
    expect(sortToOrder('status', 'ascend')).toBeUndefined();
  });
});

const GROUP: GroupDetailFieldsFragment = {
  id: 'Q3VzdG9tZXJHcm91cDox',
  code: 'GZA00001',
  name: '广州市白云区人民医院',
  kind: 'INSTITUTION',
  segment: 'INDUSTRY',
  industry: '医疗',
  valueClass: 'A',
  tier: 'GOLD',
  status: 'ACTIVE',
  region: { county: '白云区', town: null, streetOffice: '景泰街道', village: null },
  address: '广州市白云区机场路 1 号',
  annualOutputOver3M: true,
  competitors: ['中国电信'],
  competitorNotes: null,
  informatizationProducts: ['集团 VPN'],
  foundedOn: '1958-10-01',
  keyDates: [{ name: '院庆', date: '2026-10-01' }],
  notes: '重点客户',
  owner: { id: 'VXNlcjox', displayName: '王经理' },
  department: null,
  branch: null,
  unassigned: false,
  lastVisitAt: null,
  openProposals: 0,
  archivedAt: null,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  version: 3,
  reassignments: [],
};

describe('group card form', () => {
  it('gives back the same card when nothing was changed', () => {
    expect(formValuesToGroupFields(groupToFormValues(GROUP))).toEqual({
      name: '广州市白云区人民医院',
      kind: 'INSTITUTION',
      segment: 'INDUSTRY',
      industry: '医疗',
      valueClass: 'A',
      tier: 'GOLD',
      county: '白云区',
      town: null,
      streetOffice: '景泰街道',
      village: null,
      address: '广州市白云区机场路 1 号',
      annualOutputOver3M: true,
      competitors: ['中国电信'],
      competitorNotes: null,
      informatizationProducts: ['集团 VPN'],
      foundedOn: '1958-10-01',
      keyDates: [{ name: '院庆', date: '2026-10-01' }],
      notes: '重点客户',
    });
  });

  it('trims, blanks out empty optional text, de-duplicates lists, drops undated key dates', () => {
    const v = groupToFormValues(GROUP);
    const fields = formValuesToGroupFields({
      ...v,
      name: '  新名称 ',
      town: '   ',
      competitors: [' 中国联通', '中国联通', '', '中国广电'],
      keyDates: [
        { name: ' 奠基 ', date: dayjs('2020-05-06') },
        { name: '无日期', date: null },
      ],
      foundedOn: null,
      notes: '',
    });
    expect(fields.name).toBe('新名称');
    expect(fields.town).toBeNull();
    expect(fields.competitors).toEqual(['中国联通', '中国广电']);
    expect(fields.keyDates).toEqual([{ name: '奠基', date: '2020-05-06' }]);
    expect(fields.foundedOn).toBeNull();
    expect(fields.notes).toBeNull();
  });
});

describe('group status actions', () => {
  it('offers only the changes the lifecycle allows, with reasons where required', () => {
    expect(statusActions('PROSPECT', false)).toEqual([{ action: 'activate', needsReason: false }]);
    expect(statusActions('ACTIVE', false)).toEqual([
      { action: 'flagAtRisk', needsReason: true },
      { action: 'markChurned', needsReason: true },
    ]);
    expect(statusActions('AT_RISK', false).map((a) => a.action)).toEqual(['clearRisk', 'markChurned']);
    expect(statusActions('CHURNED', false)).toEqual([{ action: 'winBack', needsReason: false }]);
  });
  it('offers nothing on an archived group', () => {
    expect(statusActions('ACTIVE', true)).toEqual([]);
  });
});

describe('Beijing wall-clock pickers', () => {
  it('shows a UTC instant at its Beijing time and maps it back', () => {
    const d = toPicker('2026-11-23T01:30:00Z');
    expect(d?.format('YYYY-MM-DD HH:mm')).toBe('2026-11-23 09:30');
    expect(fromPicker(d!)).toBe('2026-11-23T01:30:00.000Z');
  });
  it('takes now in Beijing', () => {
    expect(pickerNow(new Date('2026-11-23T17:05:00Z')).format('YYYY-MM-DD HH:mm')).toBe('2026-11-24 01:05');
  });
});

describe('visit card', () => {
  const start = dayjs('2026-11-23 09:00');
  const end = dayjs('2026-11-23 10:15');

  it('maps the card to VisitCardInput with UTC times', () => {
    expect(
      visitCardToInput({
        method: 'ONSITE',
        purpose: 'NEEDS',
        startedAt: start,
        endedAt: end,
        contactIds: ['Q29udGFjdDox', 'Q29udGFjdDox', 'Q29udGFjdDoy'],
        serviceSatisfaction: 'SATISFIED',
        needProducts: ['VPN', 'DAS', 'VPN'],
        needNotes: '  需要 100M 专线 ',
        suggestions: '',
        minutes: '与信息科主任沟通',
        nextSteps: '两天内出方案',
        customerConfirmed: true,
        confirmedBy: ' 李主任 ',
      }),
    ).toEqual({
      method: 'ONSITE',
      purpose: 'NEEDS',
      startedAt: '2026-11-23T01:00:00.000Z',
      endedAt: '2026-11-23T02:15:00.000Z',
      contactIds: ['Q29udGFjdDox', 'Q29udGFjdDoy'],
      serviceSatisfaction: 'SATISFIED',
      networkSatisfaction: null,
      needProducts: ['VPN', 'DAS'],
      needNotes: '需要 100M 专线',
      suggestions: null,
      minutes: '与信息科主任沟通',
      nextSteps: '两天内出方案',
      customerConfirmed: true,
      confirmedBy: '李主任',
    });
  });

  it('sends no signer when the customer did not confirm', () => {
    const input = visitCardToInput({
      method: 'PHONE',
      purpose: 'CARE',
      startedAt: start,
      endedAt: end,
      customerConfirmed: false,
      confirmedBy: '李主任',
    });
    expect(input.customerConfirmed).toBe(false);
    expect(input.confirmedBy).toBeNull();
    expect(input.contactIds).toEqual([]);
    expect(input.needProducts).toEqual([]);
  });

  it('checks the times as the server does', () => {
    const now = dayjs('2026-11-23 12:00');
    expect(visitTimeProblem(start, end, now)).toBeNull();
    expect(visitTimeProblem(end, start, now)).toBe('endBeforeStart');
    expect(visitTimeProblem(start, start, now)).toBe('endBeforeStart');
    expect(visitTimeProblem(start.subtract(2, 'day'), end, now)).toBe('tooLong');
    expect(visitTimeProblem(start, dayjs('2026-11-23 12:04'), now)).toBeNull();
    expect(visitTimeProblem(start, dayjs('2026-11-23 12:06'), now)).toBe('future');
    expect(visitTimeProblem(undefined, end, now)).toBeNull();
  });

  it('refuses a plan more than a day in the past', () => {
    const now = dayjs('2026-11-23 12:00');
    expect(plannedTooEarly(dayjs('2026-11-22 12:30'), now)).toBe(false);
    expect(plannedTooEarly(dayjs('2026-11-22 11:30'), now)).toBe(true);
  });

  it('starts a new card as an hour ending now, and a planned one from its plan', () => {
    const now = dayjs('2026-11-23 12:00');
    const fresh = initialCard(now);
    expect(fresh.startedAt?.format('HH:mm')).toBe('11:00');
    expect(fresh.endedAt?.format('HH:mm')).toBe('12:00');
    const fromPlan = initialCard(now, {
      method: 'PHONE',
      purpose: 'CARE',
      plannedAt: '2026-11-23T01:30:00Z', // 09:30 Beijing
      contacts: [{ id: 'c1' }],
    });
    expect(fromPlan.method).toBe('PHONE');
    expect(fromPlan.startedAt?.format('HH:mm')).toBe('09:30');
    expect(fromPlan.endedAt?.format('HH:mm')).toBe('10:30');
    expect(fromPlan.contactIds).toEqual(['c1']);
    // A plan for later today cannot end in the future: the card ends now.
    const later = initialCard(now, { method: 'ONSITE', purpose: 'ROUTINE', plannedAt: '2026-11-23T05:00:00Z', contacts: [] });
    expect(later.endedAt?.format('HH:mm')).toBe('12:00');
    expect(later.startedAt?.isBefore(later.endedAt!)).toBe(true);
  });

  it('links a visit to a new proposal', () => {
    expect(proposalFromVisitPath('Q3VzdG9tZXJHcm91cDox', 'VmlzaXQ6Nw==')).toBe(
      '/proposals/new?groupId=Q3VzdG9tZXJHcm91cDox&visitId=VmlzaXQ6Nw%3D%3D',
    );
    expect(proposalFromVisitPath('Q3VzdG9tZXJHcm91cDox')).toBe('/proposals/new?groupId=Q3VzdG9tZXJHcm91cDox');
    expect(groupPath('a/b=', 'visits')).toBe('/groups/a%2Fb%3D?tab=visits');
  });
});

describe('member import progress', () => {
  it('counts rows while checking, before the total is known', () => {
    expect(importProgress({ status: 'VALIDATING', finished: false, processedRows: 1200, totalRows: 0 })).toEqual({
      phase: 'validating',
      percent: 0,
      status: 'active',
      processed: 1200,
      total: 0,
    });
  });
  it('shows the share of rows applied', () => {
    const v = importProgress({ status: 'APPLYING', finished: false, processedRows: 333, totalRows: 1000 });
    expect(v).toMatchObject({ phase: 'applying', percent: 33, processed: 333, total: 1000, status: 'active' });
  });
  it('ends green, neutral or red by outcome', () => {
    const done = (status: 'SUCCEEDED' | 'SUCCEEDED_WITH_ERRORS' | 'REJECTED' | 'FAILED') =>
      importProgress({ status, finished: true, processedRows: 10, totalRows: 10 });
    expect(done('SUCCEEDED')).toMatchObject({ phase: 'done', percent: 100, status: 'success' });
    expect(done('SUCCEEDED_WITH_ERRORS').status).toBe('normal');
    expect(done('REJECTED').status).toBe('exception');
    expect(done('FAILED').status).toBe('exception');
  });
});

describe('member CSV template', () => {
  // The header names src/members/import.rs accepts (zh-CN or English, any case).
  const accepted = [
    ['姓名', 'name'],
    ['号码', '手机号码', '电话', 'phone'],
    ['职务', 'position'],
    ['关键人', 'key_person', 'keyperson'],
    ['vip等级', 'vip_level', 'viplevel'],
    ['运营商', 'carrier'],
    ['状态', 'status'],
    ['生日', 'birthday'],
  ];
  for (const lang of ['zh-CN', 'en'] as const) {
    it(`has one accepted header per column (${lang})`, () => {
      const csv = memberCsvTemplate(lang);
      expect(csv.startsWith('\uFEFF')).toBe(true);
      const [header, example] = csv.slice(1).trim().split('\r\n');
      const cols = header.split(',').map((h) => h.toLowerCase().replace(/ /g, ''));
      expect(cols).toHaveLength(8);
      cols.forEach((c, i) => expect(accepted[i]).toContain(c));
      expect(example.split(',')[1]).toBe('13812345678');
    });
  }
});

describe('phone numbers', () => {
  it('accepts what the server normalises', () => {
    for (const ok of ['13812345678', ' 138 1234 5678 ', '+86 138 1234 5678', '020-87654321', '(020) 8765 4321', '0755-2345678', '020-87654321-808', '020-87654321转808']) {
      expect(plausiblePhone(ok), ok).toBe(true);
    }
  });
  it('refuses what the server refuses', () => {
    for (const bad of ['12812345678', '1381234567', '138123456789', '1381234567a', '87654321', '020-0765432', '020-123456', '']) {
      expect(plausiblePhone(bad), bad).toBe(false);
    }
  });
});

describe('members and contacts', () => {
  it('maps the member form', () => {
    expect(
      memberFormToFields({
        name: ' 张三 ',
        phone: ' 13812345678',
        position: '',
        keyPerson: true,
        vipLevel: 'GOLD',
        carrier: 'OWN',
        birthday: dayjs('1980-05-01'),
        status: 'ACTIVE',
      }),
    ).toEqual({
      name: '张三',
      phone: '13812345678',
      position: null,
      keyPerson: true,
      vipLevel: 'GOLD',
      carrier: 'OWN',
      birthday: '1980-05-01',
    });
    expect(memberFilterToVariables({ search: ' 138 ', archived: false, keyPerson: false })).toEqual({
      search: '138',
      keyPerson: false,
    });
  });
  it('drops blank phone rows of a contact', () => {
    expect(
      contactFormToFields({ name: '李主任', role: 'DECISION_MAKER', phones: ['', ' 13900001111 ', '  '], email: ' ' }).phones,
    ).toEqual(['13900001111']);
  });
});

describe('audit trail', () => {
  it('lists the fields an update changed, not the bookkeeping', () => {
    const before = { id: 1, name: '甲', tier: 'SILVER', competitors: [], version: 2, ownerId: 5 };
    const after = { id: 1, name: '甲', tier: 'GOLD', competitors: ['中国电信'], version: 3, ownerId: 6, reason: '升级' };
    expect(auditChanges(before, after)).toEqual([
      { field: 'tier', before: 'SILVER', after: 'GOLD' },
      { field: 'competitors', before: [], after: ['中国电信'] },
      { field: 'reason', before: null, after: '升级' },
    ]);
  });
  it('lists the fields set when a card was created', () => {
    expect(auditChanges(null, { id: 1, name: '乙', town: null, competitors: [], annualOutputOver3m: false })).toEqual([
      { field: 'name', before: null, after: '乙' },
    ]);
  });
  it('shows values as text', () => {
    expect(auditValueText(null, '是', '否')).toBe('—');
    expect(auditValueText(true, '是', '否')).toBe('是');
    expect(auditValueText(['a', 'b'], '是', '否')).toBe('a、b');
    expect(auditValueText([{ name: '院庆', date: '2026-10-01' }], '是', '否')).toBe('院庆 2026-10-01');
    expect(auditValueText('2026-11-23T10:00:00Z', '是', '否')).toBe('2026-11-23 18:00');
    expect(auditValueText('GOLD', '是', '否', (v) => (v === 'GOLD' ? '金' : undefined))).toBe('金');
  });
});
