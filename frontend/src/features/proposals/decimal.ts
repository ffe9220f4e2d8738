// Exact decimal arithmetic for money on BigInt: a value is `units × 10^-scale`. Nothing here
// goes through a JS float, so the browser computes the same fen as the server's rust_decimal.

export interface Dec {
  readonly units: bigint;
  readonly scale: number;
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?$|^([+-]?)\.(\d+)$/;

/** True when `s` is a plain decimal number (`12`, `-3.50`, `.5`). */
export function isDecimal(s: string | null | undefined): boolean {
  return s != null && DECIMAL.test(s.trim());
}

/** Parses a decimal string exactly; throws on anything else (no exponents, no grouping). */
export function dec(s: string | number | bigint): Dec {
  if (typeof s === 'bigint') return { units: s, scale: 0 };
  if (typeof s === 'number') {
    if (!Number.isSafeInteger(s)) throw new Error(`not an exact integer: ${s}`);
    return { units: BigInt(s), scale: 0 };
  }
  const m = DECIMAL.exec(s.trim());
  if (!m) throw new Error(`not a decimal number: “${s}”`);
  const sign = m[1] ?? m[4] ?? '';
  const int = m[2] ?? '0';
  const frac = m[3] ?? m[5] ?? '';
  const units = BigInt(int + frac);
  return { units: sign === '-' ? -units : units, scale: frac.length };
}

export const ZERO: Dec = { units: 0n, scale: 0 };

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** The same value at a larger scale. */
function rescaleUp(a: Dec, scale: number): bigint {
  return a.units * pow10(scale - a.scale);
}

export function add(a: Dec, b: Dec): Dec {
  const s = Math.max(a.scale, b.scale);
  return { units: rescaleUp(a, s) + rescaleUp(b, s), scale: s };
}

export function sub(a: Dec, b: Dec): Dec {
  const s = Math.max(a.scale, b.scale);
  return { units: rescaleUp(a, s) - rescaleUp(b, s), scale: s };
}

export function mul(a: Dec, b: Dec): Dec {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

export function cmp(a: Dec, b: Dec): -1 | 0 | 1 {
  const d = sub(a, b).units;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

export function max(a: Dec, b: Dec): Dec {
  return cmp(a, b) >= 0 ? a : b;
}

export function isZero(a: Dec): boolean {
  return a.units === 0n;
}

export function isNegative(a: Dec): boolean {
  return a.units < 0n;
}

/** Digits after the point once trailing zeros are dropped (rust_decimal's `normalize().scale()`). */
export function significantScale(a: Dec): number {
  if (a.units === 0n) return 0;
  let { units, scale } = a;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return scale;
}

export type Rounding = 'halfUp' | 'halfEven';

/**
 * `num / den` rounded to an integer: `halfUp` rounds halves away from zero (四舍五入,
 * rust_decimal's MidpointAwayFromZero), `halfEven` to the even neighbour (its default `round_dp`).
 */
function divInt(num: bigint, den: bigint, mode: Rounding): bigint {
  if (den === 0n) throw new Error('division by zero');
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const negative = num < 0n;
  const n = negative ? -num : num;
  let q = n / den;
  const twice = (n % den) * 2n;
  if (twice > den || (twice === den && (mode === 'halfUp' || q % 2n === 1n))) q += 1n;
  return negative ? -q : q;
}

/** Rounded to `dp` places (and given exactly that scale). */
export function round(a: Dec, dp: number, mode: Rounding = 'halfUp'): Dec {
  if (a.scale <= dp) return { units: rescaleUp(a, dp), scale: dp };
  return { units: divInt(a.units, pow10(a.scale - dp), mode), scale: dp };
}

/** `a / b` rounded to `dp` places, computed exactly. */
export function div(a: Dec, b: Dec, dp: number, mode: Rounding = 'halfUp'): Dec {
  // a/b = (a.units / 10^a.s) / (b.units / 10^b.s); scaled by 10^dp.
  const num = a.units * pow10(dp + b.scale);
  const den = b.units * pow10(a.scale);
  return { units: divInt(num, den, mode), scale: dp };
}

/** Plain string at the value's own scale (`"29.16"`, `"-0.5"`, `"3"`). */
export function toStr(a: Dec): string {
  const negative = a.units < 0n;
  const digits = (negative ? -a.units : a.units).toString().padStart(a.scale + 1, '0');
  const int = digits.slice(0, digits.length - a.scale);
  const frac = a.scale ? `.${digits.slice(digits.length - a.scale)}` : '';
  return `${negative ? '-' : ''}${int}${frac}`;
}

/** Without trailing zeros after the point (`"12.5000"` → `"12.5"`). */
export function normalize(a: Dec): Dec {
  const scale = significantScale(a);
  return a.scale <= scale ? a : { units: a.units / pow10(a.scale - scale), scale };
}

/** Exactly two places, as the server prints its `Decimal` scalar (banker's rounding, `round_dp(2)`). */
export function money(a: Dec): string {
  return toStr(round(a, 2, 'halfEven'));
}
