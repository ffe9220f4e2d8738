// Test data: one billing adjustment as the server sends it (tests only).
import type { AdjustmentDetailFragment } from '../../gql/graphql';

export const ADJUSTMENT_ID = 'QmlsbGluZ0FkanVzdG1lbnQ6MQ';

export function adjustment(over: Partial<AdjustmentDetailFragment> = {}): AdjustmentDetailFragment {
  return {
    id: ADJUSTMENT_ID,
    code: 'BT2027030001',
    status: 'APPROVED',
    customerName: '广州市天河区教育局',
    accountNo: 'GZ-0001',
    memberName: '王芳',
    month: '2027-02',
    amount: '-250.00',
    accumulated: '650.00',
    cause: 'BILLING_DATA_ERROR',
    createdAt: '2027-03-01T02:00:00Z',
    requester: { id: 'U7', displayName: '张晓明' },
    department: { id: 'D1', name: '政企客户一部' },
    causeText: '二月套餐费重复计收',
    rectification: '计费系统套餐配置加校验',
    stageNote: null,
    billingReference: null,
    executedAt: null,
    checkedAt: null,
    auditedAt: null,
    version: 3,
    allowedActions: [],
    group: { id: 'G1', name: '广州市天河区教育局' },
    executedBy: null,
    checkedBy: null,
    auditedBy: null,
    evidence: [
      { id: '11', fileName: '账单.pdf', contentType: 'application/pdf', size: 20480, sha256: 'aa', createdAt: '2027-03-01T02:00:00Z' },
      { id: '12', fileName: '截图.png', contentType: 'image/png', size: 1024, sha256: 'bb', createdAt: '2027-03-01T02:00:00Z' },
    ],
    recentBills: [
      { month: '2027-02', amount: '880.00' },
      { month: '2027-01', amount: '630.00' },
    ],
    previousAdjustments: [
      { id: 'QmlsbGluZ0FkanVzdG1lbnQ6MA', code: 'BT2027010007', month: '2026-12', amount: '120.00', cause: 'DISPUTE', status: 'AUDITED', createdAt: '2027-01-05T02:00:00Z' },
    ],
    approval: {
      id: 'QXBwcm92YWxSZXF1ZXN0Ojk',
      version: 2,
      status: 'APPROVED',
      canDecide: false,
      steps: [
        { position: 1, role: 'DEPARTMENT_HEAD', status: 'APPROVED', comment: null, actedAt: '2027-03-01T03:00:00Z', actor: { id: 'U2', displayName: '李主任' }, department: { id: 'D1', name: '政企客户一部' } },
        { position: 2, role: 'DEPARTMENT_HEAD', status: 'APPROVED', comment: '属实', actedAt: '2027-03-01T04:00:00Z', actor: { id: 'U3', displayName: '陈工' }, department: { id: 'D9', name: '广州信息化中心' } },
        { position: 3, role: 'BRANCH_MANAGER', status: 'APPROVED', comment: null, actedAt: '2027-03-01T05:00:00Z', actor: { id: 'U4', displayName: '周总' }, department: null },
      ],
    },
    ...over,
  };
}
