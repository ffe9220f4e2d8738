// An approval request's chain (审批环节) as antd Steps.
import type { StepStatus } from '../../gql/graphql';

export type AntStepStatus = 'wait' | 'process' | 'finish' | 'error';

/** How a step shows: decided steps finish (or fail), the step waiting now is in process. */
export function stepStatus(s: StepStatus): AntStepStatus {
  switch (s) {
    case 'APPROVED':
      return 'finish';
    case 'REJECTED':
      return 'error';
    case 'PENDING':
      return 'process';
    default:
      return 'wait';
  }
}

/** Index of the step in focus: the one waiting, the one that rejected, or past the end when all approved. */
export function currentStep(steps: readonly { status: StepStatus }[]): number {
  const i = steps.findIndex((s) => s.status === 'PENDING' || s.status === 'REJECTED');
  if (i >= 0) return i;
  return steps.every((s) => s.status === 'APPROVED') ? steps.length : -1;
}

/** The role whose decision is awaited, if any. */
export function waitingRole<R extends string>(steps: readonly { status: StepStatus; role: R }[]): R | undefined {
  return steps.find((s) => s.status === 'PENDING')?.role;
}
