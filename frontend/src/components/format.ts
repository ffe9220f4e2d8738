// Display helpers. Money stays a decimal string end to end: nothing here goes through a float.

/** `"1234567.5"` → `"¥1,234,567.50"`; exact for any length. */
export function formatMoney(value: string | null | undefined, symbol = '¥'): string {
  if (value == null || value === '') return '—';
  let s = value.trim();
  const negative = s.startsWith('-');
  if (negative) s = s.slice(1);
  const [intPart, fracPart = ''] = s.split('.');
  const frac = (fracPart + '00').slice(0, Math.max(2, fracPart.replace(/0+$/, '').length));
  const grouped = intPart.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${symbol}${grouped}.${frac}`;
}

const TZ = 'Asia/Shanghai';

/** A UTC instant shown in Beijing time, e.g. `2026-11-23 18:00`. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** The calendar day of an instant in Beijing, `YYYY-MM-DD`. */
export function beijingDate(d: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/** A Beijing wall-clock date and time (`YYYY-MM-DD`, `HH:mm`) as a UTC ISO instant. */
export function beijingToIso(date: string, time = '00:00'): string {
  return new Date(`${date}T${time}:00+08:00`).toISOString();
}
