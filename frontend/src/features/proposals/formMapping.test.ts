import type { ProposalVersionFieldsFragment } from '../../gql/graphql';
import { DEFAULT_TERM_MONTHS, type ProductInfo, draftFromVisit, fromVersion, newLine, toContentInput, toPricingLines } from './formMapping';

const products = new Map<string, ProductInfo>(
  [
    { id: 'P_LINE', code: 'DL_100M', name: '数字专线 100M', billing: 'MONTHLY', standardPrice: '4200.00' },
    { id: 'P_INSTALL', code: 'DL_INSTALL', name: '专线开通费', billing: 'ONE_OFF', standardPrice: '2000.00' },
    { id: 'P_STORAGE', code: 'CLOUD_STORAGE_1T', name: '云存储 1TB', billing: 'YEARLY', standardPrice: '1800.00' },
    { id: 'P_NOPRICE', code: 'NEW', name: '新产品', billing: 'MONTHLY', standardPrice: null },
  ].map((p) => [p.id, p as ProductInfo]),
);

describe('form → ProposalContentInput', () => {
  it('trims texts, blanks become null, and sends the discount only under its kind', () => {
    const input = toContentInput(
      {
        title: '  越秀区政务专线方案 ',
        customerBackground: '  ',
        competitiveSituation: '电信报价 3800/月',
        justification: ' 竞争激烈 ',
        lines: [
          { productId: 'P_LINE', quantity: 2, termMonths: 36, discountKind: 'PERCENT', discountPercent: '12.5', discountAmount: '99' },
          { productId: 'P_INSTALL', quantity: 1, termMonths: 36, discountKind: 'AMOUNT', discountPercent: '5', discountAmount: '2000' },
          { productId: 'P_STORAGE', quantity: 1, termMonths: 24, discountKind: 'NONE', discountPercent: '10', discountAmount: null },
        ],
      },
      products,
    );
    expect(input).toEqual({
      title: '越秀区政务专线方案',
      customerBackground: null,
      competitiveSituation: '电信报价 3800/月',
      justification: '竞争激烈',
      lines: [
        { productId: 'P_LINE', quantity: 2, termMonths: 36, discountPercent: '12.5', discountAmount: null, unitPrice: '4200.00' },
        // One-off charges run no term.
        { productId: 'P_INSTALL', quantity: 1, termMonths: 0, discountPercent: null, discountAmount: '2000', unitPrice: '2000.00' },
        { productId: 'P_STORAGE', quantity: 1, termMonths: 24, discountPercent: null, discountAmount: null, unitPrice: '1800.00' },
      ],
    });
  });

  it('keeps what the server must judge (a missing product, a blank quantity) rather than dropping the line', () => {
    const input = toContentInput({ title: 'x', lines: [{ productId: null, quantity: null, termMonths: null }] }, products);
    expect(input.lines).toEqual([
      { productId: '', quantity: 0, termMonths: 0, discountPercent: null, discountAmount: null, unitPrice: null },
    ]);
  });

  it('sends a blank discount value as none and a typed number as its decimal string', () => {
    const [blank, typed] = toContentInput(
      {
        title: 'x',
        lines: [
          { productId: 'P_LINE', quantity: 1, termMonths: 12, discountKind: 'PERCENT', discountPercent: '  ' },
          { productId: 'P_LINE', quantity: 1, termMonths: 12, discountKind: 'AMOUNT', discountAmount: 12.5 as unknown as string },
        ],
      },
      products,
    ).lines;
    expect(blank.discountPercent).toBeNull();
    expect(typed.discountAmount).toBe('12.5');
  });

  it('starts new lines at one unit for the default term', () => {
    expect(newLine(24)).toMatchObject({ quantity: 1, termMonths: 24, discountKind: 'NONE' });
    expect(newLine(null).termMonths).toBe(12);
  });
});

describe('saved version → form', () => {
  const version = {
    number: 2,
    title: '方案',
    customerBackground: '背景',
    competitiveSituation: null,
    justification: '理由',
    lines: [
      { position: 1, quantity: 1, termMonths: 0, discountKind: 'AMOUNT', discountPercent: null, discountAmount: '500.00', product: { id: 'P_INSTALL' } },
      { position: 2, quantity: 3, termMonths: 36, discountKind: 'PERCENT', discountPercent: '15.00', discountAmount: null, product: { id: 'P_LINE' } },
      { position: 3, quantity: 1, termMonths: 24, discountKind: 'NONE', discountPercent: null, discountAmount: null, product: { id: 'P_STORAGE' } },
    ],
  } as unknown as ProposalVersionFieldsFragment;

  it('gives back the lines as entered and the term of the first recurring line as the default', () => {
    expect(fromVersion(version)).toEqual({
      title: '方案',
      customerBackground: '背景',
      competitiveSituation: null,
      justification: '理由',
      defaultTermMonths: 36,
      lines: [
        { productId: 'P_INSTALL', quantity: 1, termMonths: null, discountKind: 'AMOUNT', discountPercent: null, discountAmount: '500.00' },
        { productId: 'P_LINE', quantity: 3, termMonths: 36, discountKind: 'PERCENT', discountPercent: '15.00', discountAmount: null },
        { productId: 'P_STORAGE', quantity: 1, termMonths: 24, discountKind: 'NONE', discountPercent: null, discountAmount: null },
      ],
    });
  });

  it('round-trips to the same content', () => {
    const input = toContentInput(fromVersion(version), products);
    expect(input.lines.map((l) => [l.productId, l.quantity, l.termMonths, l.discountPercent, l.discountAmount])).toEqual([
      ['P_INSTALL', 1, 0, null, '500.00'],
      ['P_LINE', 3, 36, '15.00', null],
      ['P_STORAGE', 1, 24, null, null],
    ]);
  });

  it('is empty with no version', () => {
    expect(fromVersion(null)).toEqual({ title: '', lines: [], defaultTermMonths: 12 });
  });
});

describe('form lines → priceable lines', () => {
  it('prices at today’s standard price and skips lines not yet complete, keeping form indexes', () => {
    const out = toPricingLines(
      [
        { productId: null, quantity: 1 },
        { productId: 'P_LINE', quantity: 2, termMonths: 36, discountKind: 'PERCENT', discountPercent: '10' },
        { productId: 'P_NOPRICE', quantity: 1, termMonths: 12 },
        { productId: 'P_LINE', quantity: null, termMonths: 12 },
        { productId: 'P_INSTALL', quantity: 1, termMonths: 99, discountKind: 'AMOUNT', discountAmount: '0' },
        undefined,
      ],
      products,
    );
    expect(out).toEqual([
      {
        index: 1,
        line: { billing: 'MONTHLY', unitPrice: '4200.00', quantity: 2, termMonths: 36, discountKind: 'PERCENT', discountValue: '10' },
      },
      {
        index: 4,
        line: { billing: 'ONE_OFF', unitPrice: '2000.00', quantity: 1, termMonths: 0, discountKind: 'NONE', discountValue: '0' },
      },
    ]);
  });
});

describe('a proposal drafted from a visit', () => {
  const catalog = new Map<string, ProductInfo>([
    ['P1', { id: 'P1', code: 'ZX', name: '互联网专线', billing: 'MONTHLY', standardPrice: '3000.00' }],
    ['P2', { id: 'P2', code: 'YDN', name: '云电脑', billing: 'MONTHLY', standardPrice: '120.00' }],
    ['P3', { id: 'P3', code: 'AZ', name: '安装调测', billing: 'ONE_OFF', standardPrice: '500.00' }],
    ['P4', { id: 'P4', code: 'HY', name: '会议电视', billing: 'MONTHLY', standardPrice: '800.00' }],
    ['P5', { id: 'P5', code: 'XX', name: '面议产品', billing: 'MONTHLY', standardPrice: null }],
  ]);
  const title = (names: string, more: boolean) => `某集团${names}${more ? '等' : ''}方案`;

  it('has a line per priced need (one-off without a term), a title naming them and the need notes', () => {
    const d = draftFromVisit({ needProducts: [{ id: 'P1' }, { id: 'P3' }, { id: 'P5' }], needNotes: ' 需要双线路备份 ' }, catalog, title);
    expect(d.lines.map((l) => [l.productId, l.quantity, l.termMonths, l.discountKind])).toEqual([
      ['P1', 1, DEFAULT_TERM_MONTHS, 'NONE'],
      ['P3', 1, null, 'NONE'],
    ]);
    expect(d.title).toBe('某集团互联网专线、安装调测方案');
    expect(d.customerBackground).toBe('需要双线路备份');
  });

  it('names three products and says there are more', () => {
    const d = draftFromVisit({ needProducts: ['P1', 'P2', 'P3', 'P4'].map((id) => ({ id })), needNotes: '' }, catalog, title);
    expect(d.lines).toHaveLength(4);
    expect(d.title).toBe('某集团互联网专线、云电脑、安装调测等方案');
    expect(d.customerBackground).toBeNull();
  });
});
