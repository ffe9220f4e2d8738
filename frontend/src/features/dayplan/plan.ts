// The day's plan on the workbench: what the panel shows and sends, kept apart from the screen.
import { beijingToIso } from '../../components/format';
import type { PlanDetailsInput, PlanItemFieldsFragment, PlanMatter, PlanMeans, PlanPriority } from '../../gql/graphql';

export type Item = PlanItemFieldsFragment;

/** The order of the day (四三工作法): appointments, then key projects, then routine. */
export const PRIORITIES: PlanPriority[] = ['APPOINTMENT', 'KEY_PROJECT', 'ROUTINE'];
export const MATTERS: PlanMatter[] = ['INFORMATION', 'SERVICE', 'VISIT', 'RETENTION'];
export const MEANS: PlanMeans[] = ['ONSITE', 'PHONE', 'EVENT', 'DEMO', 'COMPLAINT_FOLLOW_UP'];

/** The plan's items under their priority, in the server's order, leaving out empty priorities. */
export function byPriority(items: Item[]): { priority: PlanPriority; items: Item[] }[] {
  return PRIORITIES.map((priority) => ({ priority, items: items.filter((i) => i.priority === priority) })).filter(
    (g) => g.items.length > 0,
  );
}

/** Done out of what is still meant to be done (dropped items do not count). */
export function progress(items: Item[]): { done: number; total: number } {
  const meant = items.filter((i) => i.status !== 'DROPPED');
  return { done: meant.filter((i) => i.status === 'DONE').length, total: meant.length };
}

/** What the item dialog edits. `time` is a Beijing wall-clock `HH:mm` on the plan's day. */
export interface ItemValues {
  title?: string;
  groupId?: string;
  priority?: PlanPriority | 'AUTO';
  matter: PlanMatter;
  means: PlanMeans;
  time?: string;
  target?: string;
  purpose?: string;
  preparation?: string;
  resources?: string;
}

const text = (v?: string | null) => (v && v.trim() ? v.trim() : null);

/** The dialog's values as the API's details; the visit's own fields only for a visit. */
export function detailsOf(v: ItemValues, day: string): PlanDetailsInput {
  const visit = v.matter === 'VISIT';
  return {
    priority: !v.priority || v.priority === 'AUTO' ? null : v.priority,
    matter: v.matter,
    means: v.means,
    title: text(v.title),
    at: v.time ? beijingToIso(day, v.time) : null,
    target: visit ? text(v.target) : null,
    purpose: visit ? text(v.purpose) : null,
    preparation: visit ? text(v.preparation) : null,
    resources: text(v.resources),
  };
}

/** An item's values for the dialog (its time as Beijing `HH:mm`). */
export function valuesOf(i: Item): ItemValues {
  const time = i.at
    ? new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(i.at))
    : undefined;
  return {
    title: i.title,
    priority: i.priority,
    matter: i.matter,
    means: i.means,
    time,
    target: i.target ?? undefined,
    purpose: i.purpose ?? undefined,
    preparation: i.preparation ?? undefined,
    resources: i.resources ?? undefined,
  };
}
