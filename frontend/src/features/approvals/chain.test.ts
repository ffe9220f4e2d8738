import { currentStep, stepStatus, waitingRole } from './chain';

describe('approval chain as steps', () => {
  it('maps each step status to how it shows', () => {
    expect(stepStatus('APPROVED')).toBe('finish');
    expect(stepStatus('REJECTED')).toBe('error');
    expect(stepStatus('PENDING')).toBe('process');
    expect(stepStatus('WAITING')).toBe('wait');
    expect(stepStatus('CANCELLED')).toBe('wait');
  });

  it('focuses the step waiting now, the one that rejected, or the end', () => {
    expect(currentStep([{ status: 'APPROVED' }, { status: 'PENDING' }, { status: 'WAITING' }])).toBe(1);
    expect(currentStep([{ status: 'APPROVED' }, { status: 'REJECTED' }, { status: 'CANCELLED' }])).toBe(1);
    expect(currentStep([{ status: 'APPROVED' }, { status: 'APPROVED' }])).toBe(2);
    expect(currentStep([{ status: 'CANCELLED' }])).toBe(-1);
  });

  it('names the role awaited', () => {
    expect(
      waitingRole([
        { status: 'APPROVED', role: 'DEPARTMENT_HEAD' },
        { status: 'PENDING', role: 'BRANCH_MANAGER' },
      ]),
    ).toBe('BRANCH_MANAGER');
    expect(waitingRole([{ status: 'APPROVED', role: 'DEPARTMENT_HEAD' }])).toBeUndefined();
  });
});
