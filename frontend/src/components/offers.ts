// What the server offers the signed-in viewer on an object: `allowedActions` (each succeeds
// when taken now) and `blockedActions` (possible but for something missing, with the reason).
// Screens show a button for an action the viewer is offered — enabled when allowed, disabled
// with the reason when blocked — and nothing for the rest; no role checks of their own.

export interface Offered<A extends string> {
  allowedActions: readonly A[];
  blockedActions?: readonly { action: A; reason: { message: string } }[] | null;
}

export interface Offer {
  /** The viewer is offered the action (allowed or blocked). */
  shown: boolean;
  /** The action can be taken now. */
  enabled: boolean;
  /** Why not, when blocked (the server's message, in the request's language). */
  reason?: string;
}

/** How one action stands for the viewer. */
export function offer<A extends string>(o: Offered<A>, action: A): Offer {
  if (o.allowedActions.includes(action)) return { shown: true, enabled: true };
  const blocked = o.blockedActions?.find((b) => b.action === action);
  if (blocked) return { shown: true, enabled: false, reason: blocked.reason.message };
  return { shown: false, enabled: false };
}

/** True when the action can be taken now. */
export function allowed<A extends string>(o: Offered<A>, action: A): boolean {
  return o.allowedActions.includes(action);
}
