import type { DocumentKind, DocumentStatus } from '../../gql/graphql';
import {
  checklistSummary,
  shortfall,
  contractButtons,
  documentEntry,
  duplicatePositions,
  ipFormInitial,
  ipFormToInput,
  jobFormInitialLines,
  jobFormToInput,
  lifecyclePosition,
  sortDocuments,
  termEndPreview,
  validAmount,
  waitingForReview,
} from './logic';
import { statusesFromParam } from './ContractsPage';
import { percentText } from './ContractPage';

describe('lifecycle position', () => {
  it('follows the status along 草稿 → 审核中 → 已审核 → 已发送客户 → 已签订 → 已生效', () => {
    expect(lifecyclePosition('DRAFT')).toEqual({ current: 0, status: 'process' });
    expect(lifecyclePosition('UNDER_REVIEW')).toEqual({ current: 1, status: 'process' });
    expect(lifecyclePosition('REVIEWED')).toEqual({ current: 2, status: 'process' });
    expect(lifecyclePosition('SENT')).toEqual({ current: 3, status: 'process' });
    expect(lifecyclePosition('SIGNED')).toEqual({ current: 4, status: 'process' });
    expect(lifecyclePosition('ACTIVE')).toEqual({ current: 5, status: 'finish' });
  });

  it('shows an expired contract finished and a terminated one stopped where it was', () => {
    expect(lifecyclePosition('EXPIRED')).toEqual({ current: 5, status: 'finish' });
    expect(lifecyclePosition('TERMINATED', null)).toEqual({ current: 4, status: 'error' });
    expect(lifecyclePosition('TERMINATED', '2026-05-01T02:00:00Z')).toEqual({ current: 5, status: 'error' });
  });
});

describe('contract buttons', () => {
  const keys = (c: Parameters<typeof contractButtons>[0]) => contractButtons(c).map((b) => b.key);

  it('shows what the server offers this viewer, in page order, and nothing else', () => {
    expect(keys({ allowedActions: ['RECORD_CONTRACT_DOCUMENT', 'SUBMIT_CONTRACT_FOR_REVIEW'] })).toEqual(['submit']);
    expect(keys({ allowedActions: ['TERMINATE_CONTRACT', 'RECORD_PAYMENT', 'SIGN_CONTRACT'] })).toEqual([
      'sign',
      'pay',
      'terminate',
    ]);
    expect(keys({ allowedActions: [] })).toEqual([]);
  });

  it('shows a blocked action disabled, with the server’s reason', () => {
    const buttons = contractButtons({
      allowedActions: ['RECORD_PAYMENT'],
      blockedActions: [{ action: 'ACTIVATE_CONTRACT', reason: { message: '缺少：缴费凭证' } }],
    });
    expect(buttons).toEqual([
      { key: 'pay', offer: { shown: true, enabled: true } },
      { key: 'activate', offer: { shown: true, enabled: false, reason: '缺少：缴费凭证' } },
    ]);
  });

  it('says a contract under review waits on someone else, except to whoever may review it', () => {
    expect(waitingForReview({ status: 'UNDER_REVIEW', allowedActions: ['RECORD_CONTRACT_DOCUMENT'] })).toBe(true);
    expect(waitingForReview({ status: 'UNDER_REVIEW', allowedActions: ['REVIEW_CONTRACT'] })).toBe(false);
    expect(waitingForReview({ status: 'REVIEWED', allowedActions: [] })).toBe(false);
  });
});

describe('document checklist', () => {
  const doc = (kind: DocumentKind, status: DocumentStatus) => ({ kind, status });

  it('counts the required documents and names the missing ones in checklist order', () => {
    const s = checklistSummary([
      doc('PAYMENT_VOUCHER', 'MISSING'),
      doc('SIGNED_COPIES', 'RECEIVED'),
      doc('IP_APPLICATION', 'NOT_REQUIRED'),
      doc('BUSINESS_LICENCE', 'MISSING'),
      doc('DISCOUNT_APPROVAL', 'RECEIVED'),
    ]);
    expect(s.required).toBe(4);
    expect(s.received).toBe(2);
    expect(s.missing).toEqual(['BUSINESS_LICENCE', 'PAYMENT_VOUCHER']);
    expect(s.complete).toBe(false);
    expect(s.percent).toBe(50);
  });

  it('is complete when nothing required is missing', () => {
    const s = checklistSummary([doc('SIGNED_COPIES', 'RECEIVED'), doc('IP_APPLICATION', 'NOT_REQUIRED')]);
    expect(s).toMatchObject({ required: 1, received: 1, missing: [], complete: true, percent: 100 });
  });

  it('sorts rows in the paper order', () => {
    const kinds = sortDocuments([
      doc('PAYMENT_VOUCHER', 'MISSING'),
      doc('HANDLER_ID', 'MISSING'),
      doc('SIGNED_COPIES', 'MISSING'),
    ]).map((d) => d.kind);
    expect(kinds).toEqual(['SIGNED_COPIES', 'HANDLER_ID', 'PAYMENT_VOUCHER']);
  });

  it('records the IP application and the voucher through their own forms', () => {
    expect(documentEntry('IP_APPLICATION')).toBe('ipForm');
    expect(documentEntry('PAYMENT_VOUCHER')).toBe('payment');
    expect(documentEntry('DISCOUNT_APPROVAL')).toBe('system');
    expect(documentEntry('NETWORK_COMMITMENT')).toBe('tick');
  });
});

describe('IP address application form', () => {
  it('maps the form to the mutation input, trimmed, counts whole', () => {
    expect(
      ipFormToInput({
        applicant: ' 广州越秀区教育局 ',
        customerAddress: '越秀路1号 ',
        contact: ' 李科长',
        contactPhone: ' 020-87654321 ',
        mailingAddress: '越秀路1号',
        lineRateMbps: 100,
        ipCount: 8,
      }),
    ).toEqual({
      applicant: '广州越秀区教育局',
      customerAddress: '越秀路1号',
      contact: '李科长',
      contactPhone: '020-87654321',
      mailingAddress: '越秀路1号',
      lineRateMbps: 100,
      ipCount: 8,
    });
  });

  it('starts from the recorded form, or from the group when nothing is recorded', () => {
    const recorded = ipFormInitial(
      { applicant: 'A', customerAddress: 'B', contact: 'C', contactPhone: 'D', mailingAddress: 'E', lineRateMbps: 50, ipCount: 4 },
      { name: 'G', address: 'H' },
    );
    expect(recorded).toEqual({
      applicant: 'A',
      customerAddress: 'B',
      contact: 'C',
      contactPhone: 'D',
      mailingAddress: 'E',
      lineRateMbps: 50,
      ipCount: 4,
    });
    expect(ipFormInitial({}, { name: '越秀区教育局', address: '越秀路1号' })).toEqual({
      applicant: '越秀区教育局',
      customerAddress: '越秀路1号',
      contact: '',
      contactPhone: '',
      mailingAddress: '越秀路1号',
      lineRateMbps: null,
      ipCount: null,
    });
  });
});

describe('sign, pay and job forms', () => {
  it('previews the term end as the server computes it', () => {
    expect(termEndPreview('2026-12-01', 36)).toBe('2029-11-30');
    expect(termEndPreview('2026-01-31', 1)).toBe('2026-02-27');
    expect(termEndPreview(null, 12)).toBeNull();
  });

  it('accepts decimal amounts above zero with at most two decimals', () => {
    expect(validAmount('500')).toBe(true);
    expect(validAmount('4200.50')).toBe(true);
    expect(validAmount('0')).toBe(false);
    expect(validAmount('0.00')).toBe(false);
    expect(validAmount('1.234')).toBe(false);
    expect(validAmount('-5')).toBe(false);
    expect(validAmount('12a')).toBe(false);
  });

  it('maps the create-job form to the input, rows in the order shown', () => {
    expect(
      jobFormToInput('Q29udHJhY3Q6MQ', {
        siteAddress: ' 越秀路1号 ',
        siteContact: '  ',
        sitePhone: '13812345678',
        notes: '',
        lines: [
          { position: 2, quantity: 3 },
          { position: 1, quantity: 1 },
        ],
      }),
    ).toEqual({
      contractId: 'Q29udHJhY3Q6MQ',
      siteAddress: '越秀路1号',
      siteContact: null,
      sitePhone: '13812345678',
      notes: null,
      lines: [
        { position: 2, quantity: 3 },
        { position: 1, quantity: 1 },
      ],
    });
  });

  it('starts the job form with every line at its full quantity and finds duplicates', () => {
    expect(jobFormInitialLines([{ position: 1, quantity: 2 }, { position: 2, quantity: 5 }])).toEqual([
      { position: 1, quantity: 2 },
      { position: 2, quantity: 5 },
    ]);
    expect(duplicatePositions([{ position: 1 }, { position: 2 }, { position: 1 }])).toEqual([1]);
    expect(duplicatePositions([{ position: 1 }, { position: null }, { position: null }])).toEqual([]);
  });
});

describe('list helpers', () => {
  it('reads the status filter from the address, dropping unknown names', () => {
    expect(statusesFromParam('SIGNED,ACTIVE,BOGUS')).toEqual(['SIGNED', 'ACTIVE']);
    expect(statusesFromParam(null)).toEqual([]);
  });

  it('shows discounts as percents and no discount as a dash', () => {
    expect(percentText('15.00')).toBe('15%');
    expect(percentText('12.50')).toBe('12.5%');
    expect(percentText('0.00')).toBe('—');
    expect(percentText('0')).toBe('—');
  });
});

describe('a short payment', () => {
  it('is what a valid amount falls short of the amount due, to the fen', () => {
    expect(shortfall('1000', '4440.00')).toBe('3440.00');
    expect(shortfall(' 4439.99 ', '4440.00')).toBe('0.01');
    expect(shortfall('4440', '4440.00')).toBeNull();
    expect(shortfall('5000', '4440.00')).toBeNull();
    expect(shortfall('12.345', '4440.00')).toBeNull();
    expect(shortfall('', '4440.00')).toBeNull();
  });
});
