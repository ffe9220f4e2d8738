// Pure logic of the groups screens: filter ↔ URL ↔ GroupFilter, form values ↔ inputs,
// visit-card mapping and checks, import progress, status actions, audit diffs, CSV template.
import dayjs, { type Dayjs } from 'dayjs';
import { beijingToIso, formatDateTime } from '../../components/format';
import type {
  ContactFieldsInput,
  ContactRole,
  GroupDetailFieldsFragment,
  GroupFieldsInput,
  GroupFilter,
  GroupKind,
  GroupOrder,
  GroupStatus,
  ImportStatus,
  MemberFieldsInput,
  MemberFilter,
  MemberStatus,
  Satisfaction,
  Segment,
  ServiceTier,
  ValueBand,
  ValueClass,
  Carrier,
  VipLevel,
  VisitCardInput,
  VisitMethod,
  VisitPurpose,
} from '../../gql/graphql';

// ---------------------------------------------------------------- list filter

export const GROUP_STATUSES: GroupStatus[] = ['PROSPECT', 'ACTIVE', 'AT_RISK', 'CHURNED'];
export const SERVICE_TIERS: ServiceTier[] = ['DIAMOND', 'GOLD', 'SILVER', 'STANDARD'];
export const VALUE_CLASSES: ValueClass[] = ['A', 'B', 'C'];
/** The "not visited for" choices of the filter bar, in days. */
export const NOT_VISITED_CHOICES = [7, 30, 60, 90] as const;

/** What the groups filter bar holds (and the page's URL keeps). */
export interface GroupsFilterState {
  search: string;
  status?: GroupStatus;
  tier?: ServiceTier;
  valueClass?: ValueClass;
  notVisitedForDays?: number;
  hasOpenProposals?: boolean;
  ownerId?: string;
  county?: string;
  archived: boolean;
}

export const EMPTY_FILTER: GroupsFilterState = { search: '', archived: false };

function oneOf<T extends string>(values: readonly T[], raw: string | null): T | undefined {
  return raw !== null && (values as readonly string[]).includes(raw) ? (raw as T) : undefined;
}

/** Reads the filter from the page's query string; unknown values are ignored. */
export function readFilterParams(p: URLSearchParams): GroupsFilterState {
  const days = Number(p.get('notVisited'));
  const open = p.get('open');
  return {
    search: p.get('q') ?? '',
    status: oneOf(GROUP_STATUSES, p.get('status')),
    tier: oneOf(SERVICE_TIERS, p.get('tier')),
    valueClass: oneOf(VALUE_CLASSES, p.get('class')),
    notVisitedForDays: Number.isInteger(days) && days > 0 && days <= 36500 ? days : undefined,
    hasOpenProposals: open === '1' ? true : open === '0' ? false : undefined,
    ownerId: p.get('owner') || undefined,
    county: p.get('county')?.trim() || undefined,
    archived: p.get('archived') === '1',
  };
}

/** The filter as a query string; defaults are left out so a clean list has a clean URL. */
export function writeFilterParams(s: GroupsFilterState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.search.trim()) p.set('q', s.search.trim());
  if (s.status) p.set('status', s.status);
  if (s.tier) p.set('tier', s.tier);
  if (s.valueClass) p.set('class', s.valueClass);
  if (s.notVisitedForDays) p.set('notVisited', String(s.notVisitedForDays));
  if (s.hasOpenProposals !== undefined) p.set('open', s.hasOpenProposals ? '1' : '0');
  if (s.ownerId) p.set('owner', s.ownerId);
  if (s.county?.trim()) p.set('county', s.county.trim());
  if (s.archived) p.set('archived', '1');
  return p;
}

/** The filter bar as the `groups(filter:)` argument: only what is set. */
export function filterToVariables(s: GroupsFilterState): GroupFilter {
  const f: GroupFilter = {};
  const search = s.search.trim();
  if (search) f.search = search;
  if (s.status) f.status = s.status;
  if (s.tier) f.tier = s.tier;
  if (s.valueClass) f.valueClass = s.valueClass;
  if (s.notVisitedForDays) f.notVisitedForDays = s.notVisitedForDays;
  if (s.hasOpenProposals !== undefined) f.hasOpenProposals = s.hasOpenProposals;
  if (s.ownerId) f.ownerId = s.ownerId;
  if (s.county?.trim()) f.county = s.county.trim();
  if (s.archived) f.archived = true;
  return f;
}

/** How many filters (besides the text search) are set. */
export function activeFilterCount(s: GroupsFilterState): number {
  return [s.status, s.tier, s.valueClass, s.notVisitedForDays, s.hasOpenProposals, s.ownerId, s.county].filter(
    (v) => v !== undefined && v !== '',
  ).length + (s.archived ? 1 : 0);
}

/** A table sort (column key and antd order) as the `orderBy` argument; none is newest first. */
export function sortToOrder(columnKey: unknown, order: 'ascend' | 'descend' | null | undefined): GroupOrder | undefined {
  if (!order) return undefined;
  const field = columnKey === 'code' ? 'CODE' : columnKey === 'name' ? 'NAME' : undefined;
  if (!field) return undefined;
  return { field, direction: order === 'ascend' ? 'ASC' : 'DESC' };
}

// ---------------------------------------------------------------- Beijing times in pickers

/** A UTC instant as a picker value showing its Beijing wall-clock time (whatever the browser's zone). */
export function toPicker(iso: string | null | undefined): Dayjs | undefined {
  if (!iso) return undefined;
  return dayjs(formatDateTime(iso));
}

/** A picker value (a Beijing wall-clock time) as a UTC ISO instant. */
export function fromPicker(d: Dayjs): string {
  return beijingToIso(d.format('YYYY-MM-DD'), d.format('HH:mm'));
}

/** Now, as a picker value in Beijing time, to the minute. */
export function pickerNow(now: Date = new Date()): Dayjs {
  return dayjs(formatDateTime(now.toISOString()));
}

/** A `Date` scalar (`YYYY-MM-DD`) as a date picker value. */
export function dateToPicker(d: string | null | undefined): Dayjs | undefined {
  return d ? dayjs(d) : undefined;
}

export function pickerToDate(d: Dayjs | null | undefined): string | null {
  return d ? d.format('YYYY-MM-DD') : null;
}

function opt(s: string | null | undefined): string | null {
  const t = s?.trim();
  return t ? t : null;
}

// ---------------------------------------------------------------- group card (QX-FW-001)

export interface GroupFormValues {
  name: string;
  kind: GroupKind;
  segment: Segment;
  industry: string;
  valueClass: ValueClass;
  tier: ServiceTier;
  county: string;
  town?: string;
  streetOffice?: string;
  village?: string;
  address: string;
  annualOutputOver3M: boolean;
  competitors: string[];
  competitorNotes?: string;
  informatizationProducts: string[];
  foundedOn?: Dayjs | null;
  keyDates: { name: string; date?: Dayjs | null }[];
  notes?: string;
  /** Only when creating for someone else (heads): the owning account manager. */
  ownerId?: string;
}

export const NEW_GROUP_VALUES: Partial<GroupFormValues> = {
  kind: 'ENTERPRISE',
  segment: 'CLUSTER',
  valueClass: 'C',
  tier: 'STANDARD',
  annualOutputOver3M: false,
  competitors: [],
  informatizationProducts: [],
  keyDates: [],
};

export function groupToFormValues(g: GroupDetailFieldsFragment): GroupFormValues {
  return {
    name: g.name,
    kind: g.kind,
    segment: g.segment,
    industry: g.industry,
    valueClass: g.valueClass,
    tier: g.tier,
    county: g.region.county,
    town: g.region.town ?? undefined,
    streetOffice: g.region.streetOffice ?? undefined,
    village: g.region.village ?? undefined,
    address: g.address,
    annualOutputOver3M: g.annualOutputOver3M,
    competitors: [...g.competitors],
    competitorNotes: g.competitorNotes ?? undefined,
    informatizationProducts: [...g.informatizationProducts],
    foundedOn: dateToPicker(g.foundedOn),
    keyDates: g.keyDates.map((k) => ({ name: k.name, date: dateToPicker(k.date) })),
    notes: g.notes ?? undefined,
  };
}

function cleanList(items: string[] | undefined): string[] {
  const out: string[] = [];
  for (const raw of items ?? []) {
    const s = raw.trim();
    if (s && !out.includes(s)) out.push(s);
  }
  return out;
}

/** The form as `GroupFieldsInput` (every field: updates replace the whole card). */
export function formValuesToGroupFields(v: GroupFormValues): GroupFieldsInput {
  return {
    name: v.name.trim(),
    kind: v.kind,
    segment: v.segment,
    industry: v.industry.trim(),
    valueClass: v.valueClass,
    tier: v.tier,
    county: v.county.trim(),
    town: opt(v.town),
    streetOffice: opt(v.streetOffice),
    village: opt(v.village),
    address: v.address.trim(),
    annualOutputOver3M: !!v.annualOutputOver3M,
    competitors: cleanList(v.competitors),
    competitorNotes: opt(v.competitorNotes),
    informatizationProducts: cleanList(v.informatizationProducts),
    foundedOn: pickerToDate(v.foundedOn),
    keyDates: (v.keyDates ?? [])
      .filter((k) => k.date)
      .map((k) => ({ name: k.name.trim(), date: pickerToDate(k.date) as string })),
    notes: opt(v.notes),
  };
}

// ---------------------------------------------------------------- group status

export type StatusAction = 'activate' | 'flagAtRisk' | 'clearRisk' | 'markChurned' | 'winBack';

/** The status changes the API allows from a status, and whether each must say why. */
export function statusActions(status: GroupStatus, archived: boolean): { action: StatusAction; needsReason: boolean }[] {
  if (archived) return [];
  switch (status) {
    case 'PROSPECT':
      return [{ action: 'activate', needsReason: false }];
    case 'ACTIVE':
      return [
        { action: 'flagAtRisk', needsReason: true },
        { action: 'markChurned', needsReason: true },
      ];
    case 'AT_RISK':
      return [
        { action: 'clearRisk', needsReason: false },
        { action: 'markChurned', needsReason: true },
      ];
    case 'CHURNED':
      return [{ action: 'winBack', needsReason: false }];
  }
}

export const STATUS_COLORS: Record<GroupStatus, string> = {
  PROSPECT: 'blue',
  ACTIVE: 'green',
  AT_RISK: 'orange',
  CHURNED: 'default',
};

export const TIER_COLORS: Record<ServiceTier, string> = {
  DIAMOND: 'purple',
  GOLD: 'gold',
  SILVER: 'geekblue',
  STANDARD: 'default',
};

// ---------------------------------------------------------------- members

export interface MemberFormValues {
  name: string;
  phone: string;
  position?: string;
  keyPerson: boolean;
  vipLevel: VipLevel;
  carrier: Carrier;
  birthday?: Dayjs | null;
  status: MemberStatus;
}

export function memberFormToFields(v: MemberFormValues): MemberFieldsInput {
  return {
    name: v.name.trim(),
    phone: v.phone.trim(),
    position: opt(v.position),
    keyPerson: !!v.keyPerson,
    vipLevel: v.vipLevel,
    carrier: v.carrier,
    birthday: pickerToDate(v.birthday),
  };
}

export interface MemberFilterState {
  search: string;
  status?: MemberStatus;
  valueBand?: ValueBand;
  keyPerson?: boolean;
  archived: boolean;
}

export function memberFilterToVariables(s: MemberFilterState): MemberFilter {
  const f: MemberFilter = {};
  if (s.search.trim()) f.search = s.search.trim();
  if (s.status) f.status = s.status;
  if (s.valueBand) f.valueBand = s.valueBand;
  if (s.keyPerson !== undefined) f.keyPerson = s.keyPerson;
  if (s.archived) f.archived = true;
  return f;
}

/**
 * A mainland mobile (11 digits, 13x–19x) or fixed line with an area code, as the server accepts
 * them (spaces, dashes, brackets, +86 and an extension allowed). The server normalises.
 */
export function plausiblePhone(raw: string): boolean {
  const s = raw.trim();
  if (!s) return false;
  const ext = s.search(/ext|转|x|X/i);
  const main = (ext >= 0 ? s.slice(0, ext) : s).trim();
  if (!/^[\d\s\-()+（）]+$/.test(main)) return false;
  let digits = main.replace(/\D/g, '');
  const parts = main.split('-').map((p) => p.trim()).filter(Boolean);
  if (ext < 0 && parts.length === 3 && parts[0].startsWith('0')) digits = (parts[0] + parts[1]).replace(/\D/g, '');
  if (digits.startsWith('0086')) digits = digits.slice(4);
  else if ((main.startsWith('+') || digits.length === 13) && digits.startsWith('86')) digits = digits.slice(2);
  if (/^1[3-9]\d{9}$/.test(digits)) return ext < 0;
  if (!digits.startsWith('0')) return false;
  const areaLen = digits[1] === '1' || digits[1] === '2' ? 3 : 4;
  const local = digits.slice(areaLen);
  return local.length >= 7 && local.length <= 8 && !/^[01]/.test(local);
}

// ---------------------------------------------------------------- contacts

export interface ContactFormValues {
  name: string;
  title?: string;
  role: ContactRole;
  phones: string[];
  email?: string;
  birthday?: Dayjs | null;
  preferences?: string;
  notes?: string;
}

export function contactFormToFields(v: ContactFormValues): ContactFieldsInput {
  return {
    name: v.name.trim(),
    title: opt(v.title),
    role: v.role,
    phones: (v.phones ?? []).map((p) => (p ?? '').trim()).filter(Boolean),
    email: opt(v.email),
    birthday: pickerToDate(v.birthday),
    preferences: opt(v.preferences),
    notes: opt(v.notes),
  };
}

export function contactToFormValues(c: {
  name: string;
  title?: string | null;
  role: ContactRole;
  phones: string[];
  email?: string | null;
  birthday?: string | null;
  preferences?: string | null;
  notes?: string | null;
}): ContactFormValues {
  return {
    name: c.name,
    title: c.title ?? undefined,
    role: c.role,
    phones: c.phones.length ? [...c.phones] : [''],
    email: c.email ?? undefined,
    birthday: dateToPicker(c.birthday),
    preferences: c.preferences ?? undefined,
    notes: c.notes ?? undefined,
  };
}

// ---------------------------------------------------------------- visit card (QX-FW-003)

export interface VisitCardValues {
  method: VisitMethod;
  purpose: VisitPurpose;
  startedAt: Dayjs;
  endedAt: Dayjs;
  contactIds?: string[];
  serviceSatisfaction?: Satisfaction;
  networkSatisfaction?: Satisfaction;
  needProducts?: string[];
  needNotes?: string;
  suggestions?: string;
  minutes?: string;
  nextSteps?: string;
  customerConfirmed?: boolean;
  confirmedBy?: string;
}

/** The card form as `VisitCardInput` (for `logVisit` and `recordVisit`). */
export function visitCardToInput(v: VisitCardValues): VisitCardInput {
  const confirmed = !!v.customerConfirmed;
  return {
    method: v.method,
    purpose: v.purpose,
    startedAt: fromPicker(v.startedAt),
    endedAt: fromPicker(v.endedAt),
    contactIds: [...new Set(v.contactIds ?? [])],
    serviceSatisfaction: v.serviceSatisfaction ?? null,
    networkSatisfaction: v.networkSatisfaction ?? null,
    needProducts: [...new Set(v.needProducts ?? [])],
    needNotes: opt(v.needNotes),
    suggestions: opt(v.suggestions),
    minutes: opt(v.minutes),
    nextSteps: opt(v.nextSteps),
    customerConfirmed: confirmed,
    confirmedBy: confirmed ? opt(v.confirmedBy) : null,
  };
}

export type VisitTimeProblem = 'endBeforeStart' | 'tooLong' | 'future';

/** The server's checks of a card's times: end after start, at most 24 h, not in the future. */
export function visitTimeProblem(start: Dayjs | undefined, end: Dayjs | undefined, now: Dayjs): VisitTimeProblem | null {
  if (!start || !end) return null;
  if (!end.isAfter(start)) return 'endBeforeStart';
  if (end.diff(start, 'minute') > 24 * 60) return 'tooLong';
  if (end.isAfter(now.add(5, 'minute'))) return 'future';
  return null;
}

/** A planned visit cannot be more than a day in the past. */
export function plannedTooEarly(planned: Dayjs | undefined, now: Dayjs): boolean {
  return !!planned && planned.isBefore(now.subtract(1, 'day'));
}

/** Initial card values: a planned visit's plan, or a one-hour visit ending now. */
export function initialCard(
  now: Dayjs,
  planned?: { method: VisitMethod; purpose: VisitPurpose; plannedAt?: string | null; contacts: { id: string }[] },
): Partial<VisitCardValues> {
  if (planned) {
    const start = toPicker(planned.plannedAt);
    const usable = start && start.isBefore(now) ? start : now.subtract(1, 'hour');
    const end = usable.add(1, 'hour').isAfter(now) ? now : usable.add(1, 'hour');
    return {
      method: planned.method,
      purpose: planned.purpose,
      startedAt: usable,
      endedAt: end,
      contactIds: planned.contacts.map((c) => c.id),
      needProducts: [],
      customerConfirmed: false,
    };
  }
  return {
    method: 'ONSITE',
    purpose: 'ROUTINE',
    startedAt: now.subtract(1, 'hour'),
    endedAt: now,
    contactIds: [],
    needProducts: [],
    customerConfirmed: false,
  };
}

/** Where "create a proposal from this visit" goes. */
export function proposalFromVisitPath(groupId: string, visitId?: string): string {
  const p = new URLSearchParams({ groupId });
  if (visitId) p.set('visitId', visitId);
  return `/proposals/new?${p.toString()}`;
}

export function groupPath(id: string, tab?: string): string {
  return `/groups/${encodeURIComponent(id)}${tab ? `?tab=${tab}` : ''}`;
}

// ---------------------------------------------------------------- member import

export type ImportPhase = 'validating' | 'applying' | 'done';

export interface ImportProgressView {
  phase: ImportPhase;
  /** 0–100 for the progress bar. */
  percent: number;
  /** antd Progress status. */
  status: 'active' | 'success' | 'exception' | 'normal';
  /** Rows handled in the current phase and rows in the file (0 while still unknown). */
  processed: number;
  total: number;
}

const FAILED_IMPORTS: ImportStatus[] = ['REJECTED', 'FAILED'];

/** Where an import stands, for the progress bar. */
export function importProgress(imp: {
  status: ImportStatus;
  finished: boolean;
  processedRows: number;
  totalRows: number;
}): ImportProgressView {
  const total = imp.totalRows;
  if (imp.finished) {
    return {
      phase: 'done',
      percent: 100,
      status: FAILED_IMPORTS.includes(imp.status) ? 'exception' : imp.status === 'SUCCEEDED' ? 'success' : 'normal',
      processed: imp.status === 'SUCCEEDED' || imp.status === 'SUCCEEDED_WITH_ERRORS' ? total : imp.processedRows,
      total,
    };
  }
  if (imp.status === 'VALIDATING') {
    // The file's length is known only once it has been read; checking is the first half.
    return { phase: 'validating', percent: 0, status: 'active', processed: imp.processedRows, total: 0 };
  }
  const processed = Math.min(imp.processedRows, total);
  return {
    phase: 'applying',
    percent: total > 0 ? Math.floor((processed * 100) / total) : 0,
    status: 'active',
    processed,
    total,
  };
}

/** The CSV template the import accepts (the server's header names), with one example row. */
export function memberCsvTemplate(lang: 'zh-CN' | 'en'): string {
  const rows =
    lang === 'en'
      ? [
          ['name', 'phone', 'position', 'key_person', 'vip_level', 'carrier', 'status', 'birthday'],
          ['Zhang San', '13812345678', 'Office director', 'yes', 'GOLD', 'OWN', 'ACTIVE', '1980-05-01'],
        ]
      : [
          ['姓名', '号码', '职务', '关键人', 'VIP等级', '运营商', '状态', '生日'],
          ['张三', '13812345678', '办公室主任', '是', '金卡', '本网', '在网', '1980-05-01'],
        ];
  // A byte-order mark so Excel opens it as UTF-8; the server skips it.
  return '\uFEFF' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// ---------------------------------------------------------------- audit trail

/**
 * Snapshot keys that are bookkeeping or that the system maintains (last visit, open proposals):
 * kept in the audit row, not listed as something a person changed.
 */
const AUDIT_SKIP = new Set(['id', 'version', 'ownerId', 'departmentId', 'branchId', 'updatedAt', 'createdAt', 'importId', 'lastVisitAt', 'openProposals']);

export interface AuditChange {
  field: string;
  before: unknown;
  after: unknown;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The fields an audit event changed (for a creation: every field set). */
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const out: AuditChange[] = [];
  for (const k of keys) {
    if (AUDIT_SKIP.has(k)) continue;
    const bv = b[k];
    const av = a[k];
    if (same(bv, av)) continue;
    if (!before && (av === null || av === undefined || (Array.isArray(av) && av.length === 0) || av === false)) continue;
    out.push({ field: k, before: bv ?? null, after: av ?? null });
  }
  return out;
}

/** An audit value as text: lists joined, key dates as "name date", yes/no, dash for nothing. */
export function auditValueText(v: unknown, yes: string, no: string, enumLabel?: (v: string) => string | undefined): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? yes : no;
  if (Array.isArray(v)) {
    if (v.length === 0) return '—';
    return v.map((x) => auditValueText(x, yes, no, enumLabel)).join('、');
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('name' in o && 'date' in o) return `${String(o.name)} ${String(o.date)}`;
    return JSON.stringify(v);
  }
  if (typeof v === 'string') {
    if (/^\d{4}-\d{2}-\d{2}T/.test(v)) return formatDateTime(v);
    return enumLabel?.(v) ?? v;
  }
  return String(v);
}
