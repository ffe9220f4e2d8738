import { CombinedError } from 'urql';
import { GraphQLError } from 'graphql';
import {
  canSelectNumber,
  checkable,
  checkFailure,
  cleanNumber,
  gradeView,
  positive,
  startBlocked,
  waivable,
  waiverAmount,
  waiverProblem,
} from './number';

describe('number grade display', () => {
  it('shows 甲 in red with its pattern, its charges and the general manager’s approval', () => {
    expect(
      gradeView({ grade: 'A', pattern: 'XXXAAAA', prestore: '3600.00', monthlyMinimum: '300.00', approvalRole: 'GENERAL_MANAGER' }),
    ).toEqual({ color: 'red', pattern: 'XXXAAAA', charged: true, approvalRole: 'GENERAL_MANAGER', needsJustification: true });
  });

  it('needs the branch manager for 乙 and nobody for 丙', () => {
    const b = gradeView({ grade: 'B', pattern: 'XXXABCD', prestore: '1200.00', monthlyMinimum: '100.00', approvalRole: 'BRANCH_MANAGER' });
    expect(b.color).toBe('orange');
    expect(b.approvalRole).toBe('BRANCH_MANAGER');
    const c = gradeView({ grade: 'C', pattern: 'XXXAABB', prestore: '200.00', monthlyMinimum: '0.00', approvalRole: null });
    expect(c).toEqual({ color: 'blue', pattern: 'XXXAABB', charged: true, approvalRole: null, needsJustification: false });
  });

  it('shows 丁 without a pattern, charges or approval', () => {
    expect(gradeView({ grade: 'D', pattern: '', prestore: '0.00', monthlyMinimum: '0', approvalRole: null })).toEqual({
      color: 'default',
      pattern: null,
      charged: false,
      approvalRole: null,
      needsJustification: false,
    });
  });

  it('reads an amount above zero without floats', () => {
    expect(positive('0.00')).toBe(false);
    expect(positive('0.01')).toBe(true);
    expect(positive('-5.00')).toBe(false);
    expect(positive('3600')).toBe(true);
  });
});

describe('choosing a job’s number', () => {
  it('is offered when the server offers it to the viewer', () => {
    expect(canSelectNumber({ allowedActions: ['ASSIGN_JOB_LEAD', 'SELECT_JOB_NUMBER'] })).toBe(true);
    expect(canSelectNumber({ allowedActions: ['ACCEPT_JOB'] })).toBe(false);
  });

  it('blocks starting work while the number waits for approval or was refused', () => {
    expect(startBlocked({ numberStatus: 'PENDING_APPROVAL' })).toBe(true);
    expect(startBlocked({ numberStatus: 'REJECTED' })).toBe(true);
    expect(startBlocked({ numberStatus: 'APPROVED' })).toBe(false);
    expect(startBlocked({ numberStatus: 'NONE' })).toBe(false);
  });

  it('checks as the user types once there are 7 digits, ignoring spaces and dashes', () => {
    expect(cleanNumber('020-8888 6666')).toBe('02088886666');
    expect(checkable('888 6666')).toBe(true);
    expect(checkable('88866')).toBe(false);
    expect(checkable('8886a66')).toBe(false);
  });

  it('puts the server’s reason for an invalid number under the input', () => {
    const invalid = new CombinedError({
      graphQLErrors: [new GraphQLError('号码应为 7 或 8 位本地号码', { extensions: { code: 'INVALID' } })],
    });
    expect(checkFailure(invalid)).toEqual({ invalid: '号码应为 7 或 8 位本地号码' });
    const badInput = new CombinedError({
      graphQLErrors: [new GraphQLError('号码只能包含数字', { extensions: { code: 'BAD_USER_INPUT' } })],
    });
    expect(checkFailure(badInput)).toEqual({ invalid: '号码只能包含数字' });
    const other = new CombinedError({
      graphQLErrors: [new GraphQLError('无权查看', { extensions: { code: 'FORBIDDEN' } })],
    });
    expect(checkFailure(other)).toEqual({ failed: '无权查看' });
    expect(checkFailure(undefined)).toBeNull();
  });
});

describe('a prestore waiver', () => {
  it('may be asked on 甲, 乙 and 丙 numbers with a prestore, not on 丁', () => {
    expect(waivable({ grade: 'A', prestore: '3600.00' })).toBe(true);
    expect(waivable({ grade: 'C', prestore: '200.00' })).toBe(true);
    expect(waivable({ grade: 'C', prestore: '0.00' })).toBe(false);
    expect(waivable({ grade: 'D', prestore: '0.00' })).toBe(false);
  });

  it('is more than 0 and at most the prestore, read exactly; empty asks none', () => {
    expect(waiverProblem('', '3600.00')).toBeNull();
    expect(waiverProblem('  ', '3600.00')).toBeNull();
    expect(waiverProblem('3600', '3600.00')).toBeNull();
    expect(waiverProblem('0.01', '3600.00')).toBeNull();
    expect(waiverProblem('3600.01', '3600.00')).toBe('range');
    expect(waiverProblem('0', '3600.00')).toBe('range');
    expect(waiverProblem('12.345', '3600.00')).toBe('format');
    expect(waiverProblem('-5', '3600.00')).toBe('format');
  });

  it('is sent with two decimals, or not at all', () => {
    expect(waiverAmount('600')).toBe('600.00');
    expect(waiverAmount(' 0.5 ')).toBe('0.50');
    expect(waiverAmount('')).toBeNull();
    expect(waiverAmount(undefined)).toBeNull();
  });
});
