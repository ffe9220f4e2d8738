import { beijingLocalToIso, orderedActions, replyClock } from './logic';

describe('the reply clock', () => {
  const due = '2027-01-04T02:00:00Z';
  const at = (iso: string) => Date.parse(iso);

  it('counts down to the reply time, then up past it', () => {
    expect(replyClock({ replyDueAt: due, breached: false }, at('2027-01-04T01:00:00Z'))).toEqual({ kind: 'counting', clock: '1:00:00' });
    expect(replyClock({ replyDueAt: due, breached: true }, at('2027-01-04T02:05:00Z'))).toEqual({ kind: 'overdue', clock: '05:00' });
  });

  it('trusts the server when it says the time is up before this clock does', () => {
    expect(replyClock({ replyDueAt: due, breached: true }, at('2027-01-04T01:59:59Z')).kind).toBe('overdue');
  });

  it('says whether the answer came in time', () => {
    expect(replyClock({ replyDueAt: due, resolvedAt: '2027-01-04T01:00:00Z', breached: false }, at('2027-01-05T00:00:00Z'))).toEqual({ kind: 'answered', late: false });
    expect(replyClock({ replyDueAt: due, resolvedAt: '2027-01-04T03:00:00Z', breached: true }, at('2027-01-05T00:00:00Z'))).toEqual({ kind: 'answered', late: true });
  });
});

describe('the actions offered', () => {
  it('puts the next step first and keeps only what the server allows', () => {
    expect(orderedActions(['NOTE_COMPLAINT', 'HAND_OFF_COMPLAINT', 'RESOLVE_COMPLAINT'])).toEqual([
      'RESOLVE_COMPLAINT',
      'HAND_OFF_COMPLAINT',
      'NOTE_COMPLAINT',
    ]);
    expect(orderedActions([])).toEqual([]);
  });
});

describe('the reply time typed on a phone', () => {
  it('is Beijing wall time', () => {
    expect(beijingLocalToIso('2027-01-04T10:00')).toBe('2027-01-04T02:00:00.000Z');
    expect(beijingLocalToIso('')).toBeNull();
    expect(beijingLocalToIso('tomorrow')).toBeNull();
  });
});
