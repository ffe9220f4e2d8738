// The proposal builder's form: title, term, line items from the catalog with their discounts,
// the texts the approvers read, and — beside it — the live totals (priced in the browser by the
// mirror of the server's rules) and the approval chain they would need.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Flex,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../components/format';
import { Money } from '../../components/Money';
import type { Billing, ProposalBuilderProductFragment, ProposalVersionFieldsFragment } from '../../gql/graphql';
import { useEnumLabel, useEnumOptions } from '../../i18n/enums';
import { ChainPreview } from './ChainPreview';
import {
  DEFAULT_TERM_MONTHS,
  type LineFormValue,
  type ProductInfo,
  type ProposalFormValues,
  newLine,
  toPricingLines,
} from './formMapping';
import {
  MAX_LINES,
  TEXT_MAX,
  TITLE_MAX,
  checkDiscount,
  checkProduct,
  checkQuantity,
  checkTerm,
} from './lineValidation';
import { type LineResult, type Totals, computeTotals, tooLarge } from './pricing';
import { TotalsPanel } from './TotalsPanel';

export interface LivePricing {
  totals: Totals;
  byIndex: Map<number, LineResult>;
  invalidCount: number;
}

/** Prices the form's lines as they are typed. */
export function useLivePricing(form: FormInstance<ProposalFormValues>, products: ReadonlyMap<string, ProductInfo>): LivePricing {
  const lines = Form.useWatch('lines', form) as LineFormValue[] | undefined;
  return useMemo(() => {
    const priceable = toPricingLines(lines, products);
    const r = computeTotals(priceable.map((p) => p.line));
    const byIndex = new Map(priceable.map((p, i) => [p.index, r.lines[i]]));
    return { totals: r.totals, byIndex, invalidCount: r.invalid.length };
  }, [lines, products]);
}

interface Props {
  form: FormInstance<ProposalFormValues>;
  /** Products on offer. */
  catalog: readonly ProposalBuilderProductFragment[];
  /** Every product the form may name (the catalog plus those of saved lines). */
  products: ReadonlyMap<string, ProductInfo>;
  initialValues: ProposalFormValues;
  onChange: () => void;
  /** The saved version, to show the server's totals beside the live ones. */
  saved?: ProposalVersionFieldsFragment | null;
  dirty: boolean;
  /** Fields above the title (the group and visit of a new proposal). */
  header?: ReactNode;
  /** The group's industry, shown with the approval texts. */
  industry?: string;
  /** An earlier discount approval might be kept on resubmission. */
  mayKeepApproval?: boolean;
  notice?: ReactNode;
}

export function ProposalEditor({
  form,
  catalog,
  products,
  initialValues,
  onChange,
  saved,
  dirty,
  header,
  industry,
  mayKeepApproval,
  notice,
}: Props) {
  const { t } = useTranslation('proposals');
  const live = useLivePricing(form, products);

  function applyTerm() {
    const term = form.getFieldValue('defaultTermMonths') as number | null;
    const lines = (form.getFieldValue('lines') as LineFormValue[] | undefined) ?? [];
    form.setFieldValue(
      'lines',
      lines.map((l) => (l.productId && products.get(l.productId)?.billing === 'ONE_OFF' ? l : { ...l, termMonths: term })),
    );
    void form.validateFields(lines.map((_, i) => ['lines', i, 'termMonths']));
    onChange();
  }

  return (
    <Form<ProposalFormValues>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onValuesChange={onChange}
      scrollToFirstError
    >
      {notice}
      <Card size="small" style={{ marginBottom: 16 }}>
        {header}
        <Row gutter={12}>
          <Col xs={24} md={16}>
            <Form.Item
              label={t('builder.title')}
              name="title"
              rules={[
                { required: true, whitespace: true, message: t('rule.titleRequired') },
                { max: TITLE_MAX, message: t('rule.titleLength') },
              ]}
            >
              <Input placeholder={t('builder.titlePlaceholder')} maxLength={TITLE_MAX + 20} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('builder.defaultTerm')} required={false}>
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item name="defaultTermMonths" noStyle>
                  <InputNumber aria-label={t('builder.defaultTerm')} min={1} max={120} precision={0} style={{ width: '45%' }} />
                </Form.Item>
                <Button onClick={applyTerm}>{t('builder.applyTerm')}</Button>
              </Space.Compact>
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <LinesCard form={form} catalog={catalog} products={products} live={live} onChange={onChange} />

      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('builder.approvalInfo')} style={{ marginBottom: 16 }}>
            {industry && (
              <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
                {t('builder.industryLine', { value: industry })}
              </Typography.Paragraph>
            )}
            <Form.Item
              label={t('builder.customerBackground')}
              name="customerBackground"
              rules={[{ max: TEXT_MAX, message: t('rule.textLength') }]}
            >
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
            <Form.Item
              label={t('builder.competitiveSituation')}
              name="competitiveSituation"
              rules={[{ max: TEXT_MAX, message: t('rule.textLength') }]}
            >
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
            <Form.Item
              label={t('builder.justification')}
              name="justification"
              extra={live.totals.discounted ? t('builder.justificationHint') : undefined}
              required={live.totals.discounted}
              rules={[{ max: TEXT_MAX, message: t('rule.textLength') }]}
            >
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <TotalsPanel live={live.totals} saved={saved} dirty={dirty} invalidCount={live.invalidCount} />
          {tooLarge(live.totals) && <Alert type="error" showIcon title={t('rule.tooLarge')} style={{ marginTop: 12 }} />}
          <ChainPreview totals={live.totals} mayKeepApproval={mayKeepApproval} />
        </Col>
      </Row>
    </Form>
  );
}

function LinesCard({
  form,
  catalog,
  products,
  live,
  onChange,
}: {
  form: FormInstance<ProposalFormValues>;
  catalog: readonly ProposalBuilderProductFragment[];
  products: ReadonlyMap<string, ProductInfo>;
  live: LivePricing;
  onChange: () => void;
}) {
  const { t } = useTranslation('proposals');
  const label = useEnumLabel();
  const options = useEnumOptions();

  const productOptions = useMemo(() => {
    const byCategory = new Map<string, { value: string; label: string; disabled: boolean }[]>();
    for (const p of catalog) {
      const list = byCategory.get(p.category) ?? [];
      list.push({ value: p.id, label: `${p.name}（${p.code}）`, disabled: !p.standardPrice });
      byCategory.set(p.category, list);
    }
    return [...byCategory.entries()].map(([category, opts]) => ({
      label: label('Category', category),
      title: category,
      options: opts,
    }));
  }, [catalog, label]);

  const productOf = (name: number): ProductInfo | undefined => {
    const id = form.getFieldValue(['lines', name, 'productId']) as string | null | undefined;
    return id ? products.get(id) : undefined;
  };

  return (
    <Form.List
      name="lines"
      rules={[
        {
          validator: async (_, lines: unknown[] | undefined) => {
            if ((lines?.length ?? 0) > MAX_LINES) throw new Error(t('rule.tooManyLines'));
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => {
        const columns: ColumnsType<(typeof fields)[number]> = [
          {
            key: 'product',
            title: t('builder.product'),
            width: 260,
            render: (_, field) => (
              <Form.Item
                name={[field.name, 'productId']}
                style={{ marginBottom: 0 }}
                rules={[
                  {
                    validator: async (_r, id: string | null | undefined) => {
                      const key = checkProduct(id ? products.get(id) : undefined);
                      if (key) throw new Error(t(`rule.${key}`));
                    },
                  },
                ]}
              >
                <Select
                  aria-label={`${t('builder.product')} ${field.name + 1}`}
                  placeholder={t('builder.productPlaceholder')}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={productOptions}
                  popupMatchSelectWidth={360}
                  onChange={(id: string) => {
                    const p = products.get(id);
                    const current = form.getFieldValue(['lines', field.name, 'termMonths']) as number | null;
                    if (p?.billing === 'ONE_OFF') form.setFieldValue(['lines', field.name, 'termMonths'], null);
                    else if (current == null)
                      form.setFieldValue(
                        ['lines', field.name, 'termMonths'],
                        (form.getFieldValue('defaultTermMonths') as number | null) ?? DEFAULT_TERM_MONTHS,
                      );
                  }}
                />
              </Form.Item>
            ),
          },
          {
            key: 'billing',
            title: t('builder.billing'),
            width: 72,
            render: (_, field) => {
              const p = productOf(field.name);
              return p ? label('Billing', p.billing) : '—';
            },
          },
          {
            key: 'price',
            title: t('builder.standardPrice'),
            width: 110,
            align: 'right',
            render: (_, field) => <Money value={productOf(field.name)?.standardPrice} />,
          },
          {
            key: 'quantity',
            title: t('builder.quantity'),
            width: 100,
            render: (_, field) => (
              <Form.Item
                name={[field.name, 'quantity']}
                style={{ marginBottom: 0 }}
                rules={[
                  {
                    validator: async (_r, v: number | null) => {
                      if (checkQuantity(v)) throw new Error(t('rule.quantity'));
                    },
                  },
                ]}
              >
                <InputNumber aria-label={`${t('builder.quantity')} ${field.name + 1}`} precision={0} controls={false} style={{ width: '100%' }} />
              </Form.Item>
            ),
          },
          {
            key: 'term',
            title: t('builder.termMonths'),
            width: 100,
            render: (_, field) => {
              const billing: Billing | undefined = productOf(field.name)?.billing;
              if (billing === 'ONE_OFF') return <Typography.Text type="secondary">{t('builder.oneOff')}</Typography.Text>;
              return (
                <Form.Item
                  name={[field.name, 'termMonths']}
                  style={{ marginBottom: 0 }}
                  dependencies={[['lines', field.name, 'productId']]}
                  rules={[
                    {
                      validator: async (_r, v: number | null) => {
                        const key = checkTerm(v, productOf(field.name)?.billing);
                        if (key) throw new Error(t(`rule.${key}`));
                      },
                    },
                  ]}
                >
                  <InputNumber aria-label={`${t('builder.termMonths')} ${field.name + 1}`} precision={0} controls={false} style={{ width: '100%' }} />
                </Form.Item>
              );
            },
          },
          {
            key: 'kind',
            title: t('builder.discountKind'),
            width: 120,
            render: (_, field) => (
              <Form.Item name={[field.name, 'discountKind']} style={{ marginBottom: 0 }}>
                <Select aria-label={`${t('builder.discountKind')} ${field.name + 1}`} options={options('DiscountKind')} />
              </Form.Item>
            ),
          },
          {
            key: 'value',
            title: t('builder.discountValue'),
            width: 130,
            render: (_, field) => (
              <Form.Item noStyle dependencies={[['lines', field.name, 'discountKind']]}>
                {() => {
                  const kind = form.getFieldValue(['lines', field.name, 'discountKind']);
                  if (kind !== 'PERCENT' && kind !== 'AMOUNT') return <Typography.Text type="secondary">—</Typography.Text>;
                  const name = kind === 'PERCENT' ? 'discountPercent' : 'discountAmount';
                  return (
                    <Form.Item
                      name={[field.name, name]}
                      style={{ marginBottom: 0 }}
                      dependencies={[['lines', field.name, 'productId']]}
                      rules={[
                        {
                          validator: async (_r, v: string | null) => {
                            const key = checkDiscount(kind, v, productOf(field.name)?.standardPrice);
                            if (key) throw new Error(t(`rule.${key}`));
                          },
                        },
                      ]}
                    >
                      <InputNumber<string>
                        aria-label={`${t(kind === 'PERCENT' ? 'builder.discountPercent' : 'builder.discountAmount')} ${field.name + 1}`}
                        stringMode
                        controls={false}
                        prefix={kind === 'AMOUNT' ? '¥' : undefined}
                        suffix={kind === 'PERCENT' ? '%' : undefined}
                        style={{ width: '100%' }}
                      />
                    </Form.Item>
                  );
                }}
              </Form.Item>
            ),
          },
          {
            key: 'net',
            title: t('builder.netUnitPrice'),
            width: 110,
            align: 'right',
            render: (_, field) => {
              const r = live.byIndex.get(field.name);
              return r?.ok ? <Money value={r.price.netUnitPrice} /> : '—';
            },
          },
          {
            key: 'rate',
            title: t('builder.lineDiscount'),
            width: 80,
            align: 'right',
            render: (_, field) => {
              const r = live.byIndex.get(field.name);
              return r?.ok ? `${r.price.lineDiscountPercent}%` : '—';
            },
          },
          {
            key: 'total',
            title: t('builder.netTotal'),
            width: 130,
            align: 'right',
            render: (_, field) => {
              const r = live.byIndex.get(field.name);
              return r?.ok ? <Money value={r.price.netTotal} strong /> : '—';
            },
          },
          {
            key: 'remove',
            width: 48,
            // An icon (named for screen readers and on hover): a word here was clipped to its first character.
            render: (_, field) => (
              <Button
                type="text"
                danger
                size="small"
                icon={<DeleteOutlined />}
                aria-label={t('builder.removeLine')}
                title={t('builder.removeLine')}
                onClick={() => {
                  remove(field.name);
                  onChange();
                }}
              />
            ),
          },
        ];
        return (
          <Card
            size="small"
            title={t('builder.lines')}
            style={{ marginBottom: 16 }}
            extra={
              <Button
                icon={<PlusOutlined />}
                disabled={fields.length >= MAX_LINES}
                onClick={() => {
                  add(newLine(form.getFieldValue('defaultTermMonths') as number | null));
                  onChange();
                }}
              >
                {t('builder.addLine')}
              </Button>
            }
          >
            <Table
              rowKey="key"
              size="small"
              columns={columns}
              dataSource={fields}
              pagination={false}
              scroll={{ x: 1180 }}
              locale={{ emptyText: t('builder.noLines') }}
            />
            <Form.ErrorList errors={errors} />
            <Flex gap={32} wrap style={{ marginTop: 12 }} data-testid="live-summary">
              <Statistic title={t('totals.monthlyTotal')} value={formatMoney(live.totals.monthlyTotal)} />
              <Statistic title={t('totals.discountMonthly')} value={formatMoney(live.totals.discountMonthly)} />
              <Statistic title={t('totals.oneOffTotal')} value={formatMoney(live.totals.oneOffTotal)} />
              <Statistic title={t('totals.termTotal')} value={formatMoney(live.totals.termTotal)} />
              <Statistic title={t('totals.maxLineDiscountPercent')} value={`${live.totals.maxLineDiscountPercent}%`} />
            </Flex>
          </Card>
        );
      }}
    </Form.List>
  );
}
