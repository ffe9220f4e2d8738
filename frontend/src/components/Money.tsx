import { formatMoney } from './format';

export function Money({ value, strong }: { value: string | null | undefined; strong?: boolean }) {
  const text = formatMoney(value);
  return <span style={{ fontVariantNumeric: 'tabular-nums', fontWeight: strong ? 600 : undefined }}>{text}</span>;
}
