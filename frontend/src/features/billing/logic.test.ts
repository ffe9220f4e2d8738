import {
  amountProblem,
  amountSide,
  analysisCsv,
  bands,
  billMonths,
  evidenceCountProblem,
  evidenceProblem,
  figuresInput,
  fileSize,
  orderedActions,
  readTab,
  signedAmount,
  splitEvidenceErrors,
  tabStatus,
  validAccount,
} from './logic';

// 2027-03-01 01:00 in Beijing (still February in UTC).
const now = new Date('2027-02-28T17:00:00Z');

describe('the amount of an adjustment', () => {
  it('takes a positive figure with at most two decimals, up to a million', () => {
    expect(amountProblem('120')).toBeNull();
    expect(amountProblem('0.01')).toBeNull();
    expect(amountProblem('1000000.00')).toBeNull();
    expect(amountProblem('1000000.01')).toBe('range');
    expect(amountProblem('0.00')).toBe('range');
    expect(amountProblem('12.345')).toBe('format');
    expect(amountProblem('-5')).toBe('format');
    expect(amountProblem('1,000')).toBe('format');
    expect(amountProblem('')).toBe('format');
    expect(amountProblem(undefined)).toBe('format');
  });

  it('is sent with two decimals, negative for a back-charge, without a float', () => {
    expect(signedAmount('refund', '120')).toBe('120.00');
    expect(signedAmount('backCharge', ' 0.1 ')).toBe('-0.10');
    expect(signedAmount('refund', '90071992547409.99')).toBe('90071992547409.99');
  });

  it('reads back which way an amount goes', () => {
    expect(amountSide('-35.50')).toEqual({ direction: 'backCharge', size: '35.50' });
    expect(amountSide('35.50')).toEqual({ direction: 'refund', size: '35.50' });
  });
});

describe('the bill month', () => {
  it('is this month in Beijing or one of the 24 before, newest first', () => {
    const months = billMonths(now);
    expect(months).toHaveLength(25);
    expect(months[0]).toBe('2027-03');
    expect(months[1]).toBe('2027-02');
    expect(months.at(-1)).toBe('2025-03');
  });
});

describe('the account number', () => {
  it('is 1–32 letters, digits or dashes', () => {
    expect(validAccount('GZ-0001')).toBe(true);
    expect(validAccount('a'.repeat(32))).toBe(true);
    expect(validAccount('a'.repeat(33))).toBe(false);
    expect(validAccount('账户1')).toBe(false);
    expect(validAccount('')).toBe(false);
  });
});

describe('the evidence', () => {
  it('takes PDF, PNG and JPEG files of at most 5 MB', () => {
    expect(evidenceProblem({ name: 'a.pdf', type: 'application/pdf', size: 1000 })).toBeNull();
    expect(evidenceProblem({ name: 'a.jpg', type: 'image/jpeg', size: 5 * 1024 * 1024 })).toBeNull();
    expect(evidenceProblem({ name: 'a.png', type: 'image/png', size: 5 * 1024 * 1024 + 1 })).toBe('size');
    expect(evidenceProblem({ name: 'a.docx', type: 'application/msword', size: 10 })).toBe('type');
    expect(evidenceProblem({ name: 'a.gif', type: 'image/gif', size: 10 })).toBe('type');
    // No type from the browser: the name decides.
    expect(evidenceProblem({ name: 'scan.JPEG', type: '', size: 10 })).toBeNull();
    expect(evidenceProblem({ name: 'scan.txt', size: 10 })).toBe('type');
  });

  it('needs one to five files', () => {
    expect(evidenceCountProblem(0)).toBe('none');
    expect(evidenceCountProblem(1)).toBeNull();
    expect(evidenceCountProblem(5)).toBeNull();
    expect(evidenceCountProblem(6)).toBe('tooMany');
  });

  it('puts the server’s objections to a file on the upload field, naming the file', () => {
    const errors = [
      { code: 'INVALID', field: ['input', 'evidence', '1'], message: '只接受 PDF、PNG 或 JPEG 文件' },
      { code: 'REQUIRED', field: ['input', 'evidence'], message: '请上传依据性文件' },
      { code: 'INVALID', field: ['input', 'amount'], message: '金额须非零' },
    ];
    expect(splitEvidenceErrors(errors, ['a.pdf', 'b.doc'], '：')).toEqual({
      evidence: ['b.doc：只接受 PDF、PNG 或 JPEG 文件', '请上传依据性文件'],
      rest: [errors[2]],
    });
    // Another form's upload field (a report's `files`): only its own objections go there.
    const report = [
      { code: 'INVALID', field: ['input', 'files', '0'], message: '文件过大：每个文件上限 5 MB' },
      { code: 'TOO_LONG', field: ['input', 'title'], message: '不能超过 100 个字符' },
    ];
    expect(splitEvidenceErrors(report, ['现场.png'], '：', 'files')).toEqual({
      evidence: ['现场.png：文件过大：每个文件上限 5 MB'],
      rest: [report[1]],
    });
    expect(splitEvidenceErrors(report, ['现场.png'], '：').evidence).toEqual([]);
  });

  it('shows sizes for people', () => {
    expect(fileSize(900)).toBe('900 B');
    expect(fileSize(820 * 1024)).toBe('820 KB');
    expect(fileSize(1.5 * 1024 * 1024)).toBe('1.5 MB');
  });
});

describe('the chain preview’s figures', () => {
  const ready = { groupId: 'G1', month: '2027-02', direction: 'backCharge' as const, amount: '250', cause: 'DISPUTE' as const };

  it('are sent once the form has them right, the amount signed', () => {
    expect(figuresInput({ ...ready, accountNo: ' GZ-1 ' }, now)).toEqual({
      groupId: 'G1',
      memberId: null,
      accountNo: 'GZ-1',
      month: '2027-02',
      amount: '-250.00',
      cause: 'DISPUTE',
    });
    // A member stands for the account (the server takes the member's number).
    expect(figuresInput({ ...ready, memberId: 'M1', direction: 'refund' }, now)).toMatchObject({ memberId: 'M1', accountNo: null, amount: '250.00' });
  });

  it('wait while something is missing or wrong', () => {
    expect(figuresInput({ ...ready }, now)).toBeNull(); // neither account nor member
    expect(figuresInput({ ...ready, memberId: 'M1', amount: '0' }, now)).toBeNull();
    expect(figuresInput({ ...ready, memberId: 'M1', month: '2024-12' }, now)).toBeNull();
    expect(figuresInput({ ...ready, accountNo: '账户' }, now)).toBeNull();
    expect(figuresInput({ ...ready, memberId: 'M1', cause: undefined }, now)).toBeNull();
  });
});

describe('the lists', () => {
  it('read the tab from the address, all by default', () => {
    expect(readTab('EXECUTED')).toBe('EXECUTED');
    expect(readTab('REJECTED')).toBe('ALL');
    expect(readTab(null)).toBe('ALL');
    expect(tabStatus('ALL')).toBeNull();
    expect(tabStatus('CHECKED')).toEqual(['CHECKED']);
  });

  it('offer billing’s stage first and withdrawing last', () => {
    expect(orderedActions(['WITHDRAW_BILLING_ADJUSTMENT', 'AUDIT_BILLING_ADJUSTMENT'])).toEqual([
      'AUDIT_BILLING_ADJUSTMENT',
      'WITHDRAW_BILLING_ADJUSTMENT',
    ]);
  });
});

describe('the analysis', () => {
  it('names each size band up to the next one’s bound, the last open', () => {
    expect(bands(['0.00', '200.00', '500.00'])).toEqual([
      { from: '0.00', to: '200.00' },
      { from: '200.00', to: '500.00' },
      { from: '500.00', to: null },
    ]);
  });

  it('exports the adjustments as a CSV Excel reads, quoting what needs it', () => {
    const csv = analysisCsv(['单号', '账期', '客户', '账户', '金额', '原因', '原因说明', '整改意见', '状态', '申请人', '部门'], [
      {
        code: 'BT2027030001',
        month: '2027-02',
        customerName: '广州市天河区教育局',
        accountNo: 'GZ-1',
        amount: '-250.00',
        cause: '话费争议',
        causeText: '重复计费, 已核实',
        rectification: '核对"套餐"配置',
        status: '已稽核',
        requester: '张晓明',
        department: null,
      },
    ]);
    expect(csv.startsWith('\uFEFF单号,账期,客户')).toBe(true);
    expect(csv).toContain('BT2027030001,2027-02,广州市天河区教育局,GZ-1,-250.00,话费争议,"重复计费, 已核实","核对""套餐""配置",已稽核,张晓明,\r\n');
  });
});
