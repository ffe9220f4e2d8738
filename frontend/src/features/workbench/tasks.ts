// The workbench's task list: where each task leads, and its kinds with their counts.
import type { TaskKind, WorkbenchTaskFragment } from '../../gql/graphql';

/** Every kind of task, in the order the workbench shows them. */
export const TASK_KINDS: readonly TaskKind[] = [
  'PROPOSAL_FOLLOW_UP',
  'CONTRACT_RENEWAL',
  'VISIT_DUE',
  'CARE',
  'CHURN_WARNING',
  'SUSPENSION_REMINDER',
  'DOCUMENT_MISSING',
  'INSTALL_TO_CONFIRM',
  'FAULT_BREACHING',
];

export const groupLink = (id: string) => `/groups/${encodeURIComponent(id)}`;

type Linkable = Pick<WorkbenchTaskFragment, 'subjectType' | 'subjectId'> & { group?: { id: string } | null };

/**
 * Where a task's subject is handled: its proposal, contract or group page; a contact or member
 * (e.g. a high-value member's suspension ahead) on its group's page; an installation job on its
 * own page. `null` when the subject has no page of its own and no visible group.
 */
export function taskLink(task: Linkable): string | null {
  const id = encodeURIComponent(task.subjectId);
  switch (task.subjectType) {
    case 'Proposal':
      return `/proposals/${id}`;
    case 'Contract':
      return `/contracts/${id}`;
    case 'CustomerGroup':
      return `/groups/${id}`;
    case 'InstallationJob':
      return `/installations/${id}`;
    case 'Contact':
    case 'Member':
    default:
      return task.group ? groupLink(task.group.id) : null;
  }
}

export interface KindCount {
  kind: TaskKind;
  open: number;
  overdue: number;
}

/**
 * The server's counts per kind as one row per kind in `TASK_KINDS` order (a kind it left out
 * counts 0; one the app does not know yet goes last), with the totals.
 */
export function kindCounts(counts: readonly KindCount[]): { kinds: KindCount[]; open: number; overdue: number } {
  const byKind = new Map(counts.map((c) => [c.kind, c]));
  const known = TASK_KINDS.map((kind) => byKind.get(kind) ?? { kind, open: 0, overdue: 0 });
  const extra = counts.filter((c) => !TASK_KINDS.includes(c.kind));
  const kinds = [...known, ...extra].map(({ kind, open, overdue }) => ({ kind, open, overdue }));
  return {
    kinds,
    open: kinds.reduce((n, c) => n + c.open, 0),
    overdue: kinds.reduce((n, c) => n + c.overdue, 0),
  };
}

type Sortable = { kind: TaskKind; dueAt: string; isOverdue: boolean };

/** Overdue first, then soonest due. */
export function byUrgency<T extends Sortable>(a: T, b: T): number {
  if (a.isOverdue !== b.isOverdue) return a.isOverdue ? -1 : 1;
  return new Date(a.dueAt).getTime() - new Date(b.dueAt).getTime();
}

/** Tasks in sections by kind (`TASK_KINDS` order, empty kinds left out), most urgent first in each. */
export function groupByKind<T extends Sortable>(tasks: readonly T[]): { kind: TaskKind; tasks: T[] }[] {
  const order = (k: TaskKind) => {
    const i = TASK_KINDS.indexOf(k);
    return i < 0 ? TASK_KINDS.length : i;
  };
  const map = new Map<TaskKind, T[]>();
  for (const t of tasks) map.set(t.kind, [...(map.get(t.kind) ?? []), t]);
  return [...map.entries()]
    .sort(([a], [b]) => order(a) - order(b))
    .map(([kind, list]) => ({ kind, tasks: [...list].sort(byUrgency) }));
}

/**
 * Puts `text` on the clipboard: the Clipboard API where the page may use it, otherwise the old
 * select-and-copy. Resolves to whether it worked.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (typeof navigator !== 'undefined' && navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* not allowed (no focus, plain http): try the fallback */
  }
  try {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    const ok = typeof document.execCommand === 'function' && document.execCommand('copy');
    area.remove();
    return ok;
  } catch {
    return false;
  }
}

/** A second place a task of this kind is worked, besides its subject (a suspension ahead: the arrears). */
export function taskWorkLink(kind: TaskKind): string | null {
  return kind === 'SUSPENSION_REMINDER' ? '/arrears' : null;
}
