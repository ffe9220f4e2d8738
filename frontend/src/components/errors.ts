import type { FormInstance } from 'antd';
import type { CombinedError } from 'urql';
import { errorCode } from '../api/client';

export interface UserErrorLike {
  code: string;
  field: readonly string[];
  message: string;
}

/** A server field path (`["input", "content", "lines", "0", "quantity"]`) as an antd form name. */
export function formName(field: readonly string[], strip: readonly string[] = []): (string | number)[] {
  let path = field[0] === 'input' ? field.slice(1) : [...field];
  for (const p of strip) if (path[0] === p) path = path.slice(1);
  return path.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Puts each user error on the form field it names; returns the messages that name no field of
 * this form, to show above it.
 */
export function applyUserErrors(
  form: FormInstance | undefined,
  errors: readonly UserErrorLike[],
  strip: readonly string[] = [],
): string[] {
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const loose: string[] = [];
  for (const e of errors) {
    const name = formName(e.field, strip);
    const known = form && name.length > 0 && fieldExists(form, name);
    if (!known) {
      loose.push(e.message);
      continue;
    }
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(e.message);
    byField.set(key, entry);
  }
  form?.setFields([...byField.values()].map(({ name, errors }) => ({ name, errors })));
  return loose;
}

function fieldExists(form: FormInstance, name: (string | number)[]): boolean {
  try {
    return form.getFieldInstance(name) !== undefined || form.getFieldValue(name) !== undefined;
  } catch {
    return false;
  }
}

export type Failure = { kind: 'conflict'; message: string } | { kind: 'other'; message: string };

/** What went wrong with a request that did not come back with data. */
export function describeFailure(error: CombinedError, networkMessage: string): Failure {
  const conflict = error.graphQLErrors.find((e) => errorCode(e) === 'CONFLICT');
  if (conflict) return { kind: 'conflict', message: conflict.message };
  if (error.networkError) return { kind: 'other', message: networkMessage };
  return { kind: 'other', message: error.graphQLErrors.map((e) => e.message).join('；') || error.message };
}
