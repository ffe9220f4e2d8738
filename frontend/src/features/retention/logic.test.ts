import { retentionClocks } from './logic';

const base = {
  contactDueAt: '2027-01-11T03:00:00Z',
  finishDueAt: '2027-01-12T08:00:00Z',
  contactBreached: false,
  finishBreached: false,
};
const at = (iso: string) => Date.parse(iso);

describe('the retention clocks', () => {
  it('run both until the customer is reached', () => {
    expect(retentionClocks(base, at('2027-01-11T02:00:00Z'))).toEqual([
      { key: 'contactLeft', clock: '1:00:00', late: false },
      { key: 'finishLeft', clock: '30:00:00', late: false },
    ]);
  });

  it('turn red past their time', () => {
    const r = { ...base, contactBreached: true };
    expect(retentionClocks(r, at('2027-01-11T03:10:00Z'))[0]).toEqual({ key: 'contactOver', clock: '10:00', late: true });
  });

  it('say a clock was missed once its step is done late', () => {
    const r = { ...base, contactedAt: '2027-01-11T04:00:00Z', contactBreached: true, finishedAt: '2027-01-12T01:00:00Z' };
    expect(retentionClocks(r, at('2027-01-13T00:00:00Z'))).toEqual([{ key: 'contactedLate', late: true }]);
  });
});
