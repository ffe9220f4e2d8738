import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { Money } from '../../components/Money';
import { QueryState } from '../../components/QueryState';
import { useAction } from '../../components/useAction';
import { AdminApprovalMatrixDocument, AdminUpdateApprovalMatrixDocument, type AdminMatrixFragment } from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { CHAIN_ROLES, formToMatrixInput, isDecimal, matrixToForm, sortChain, type MatrixForm } from './logic';

/** 审批矩阵: the rules in force, and an editor that saves them as the next version. */
export function MatrixTab() {
  const { t } = useTranslation('admin');
  const [result, reexecute] = useQuery({ query: AdminApprovalMatrixDocument });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const [editing, setEditing] = useState(false);
  return (
    <>
      <Typography.Paragraph type="secondary">{t('matrix.intro')}</Typography.Paragraph>
      <QueryState result={result} onRetry={refresh}>
        {({ approvalMatrix }) =>
          editing ? (
            <MatrixEditor
              matrix={approvalMatrix}
              onCancel={() => setEditing(false)}
              onSaved={() => {
                setEditing(false);
                refresh();
              }}
              onConflict={() => {
                setEditing(false);
                refresh();
              }}
            />
          ) : (
            <Card
              size="small"
              title={t('matrix.number', { n: approvalMatrix.number })}
              extra={
                <Button type="primary" onClick={() => setEditing(true)}>
                  {t('matrix.edit')}
                </Button>
              }
            >
              <RulesTable matrix={approvalMatrix} />
            </Card>
          )
        }
      </QueryState>
    </>
  );
}

function Chain({ roles }: { roles: readonly AdminMatrixFragment['rules'][number]['chain'][number][] }) {
  const label = useEnumLabel();
  return (
    <Space size={[4, 4]} wrap>
      {sortChain(roles).map((r) => (
        <Tag key={r} color="blue">
          {label('Role', r)}
        </Tag>
      ))}
    </Space>
  );
}

function RulesTable({ matrix }: { matrix: AdminMatrixFragment }) {
  const { t } = useTranslation('admin');
  return (
    <Table
      rowKey={(_, i) => String(i)}
      size="small"
      pagination={false}
      dataSource={matrix.rules}
      locale={{ emptyText: t('matrix.empty') }}
      columns={[
        { key: 'n', title: '#', width: 48, render: (_, __, i) => i + 1 },
        {
          key: 'min',
          title: t('matrix.minMonthlyDiscount'),
          align: 'right',
          render: (_, r) => (r.minMonthlyDiscount == null ? t('matrix.noCondition') : <Money value={r.minMonthlyDiscount} />),
        },
        {
          key: 'line',
          title: t('matrix.lineDiscountAbovePercent'),
          align: 'right',
          render: (_, r) => (r.lineDiscountAbovePercent == null ? t('matrix.noCondition') : `${r.lineDiscountAbovePercent}%`),
        },
        { key: 'chain', title: t('matrix.chain'), render: (_, r) => <Chain roles={r.chain} /> },
      ]}
    />
  );
}

function MatrixEditor({
  matrix,
  onCancel,
  onSaved,
  onConflict,
}: {
  matrix: AdminMatrixFragment;
  onCancel: () => void;
  onSaved: () => void;
  onConflict: () => void;
}) {
  const { t } = useTranslation('admin');
  const label = useEnumLabel();
  const { message } = App.useApp();
  const [form] = Form.useForm<MatrixForm>();
  const [run, busy] = useAction(AdminUpdateApprovalMatrixDocument);
  const decimal = {
    validator: (_: unknown, v?: string) =>
      !v || !v.trim() || isDecimal(v) ? Promise.resolve() : Promise.reject(new Error(t('matrix.decimal'))),
  };

  async function save() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const r = await run({ input: formToMatrixInput(values, matrix.number) }, { form, onConflict });
    if (r?.matrix) {
      message.success(t('matrix.saved', { n: r.matrix.number }));
      onSaved();
    }
  }

  return (
    <Card size="small" title={t('matrix.number', { n: matrix.number })}>
      <Form form={form} layout="vertical" initialValues={matrixToForm(matrix)} preserve>
        <Form.List
          name="rules"
          rules={[
            {
              validator: (_, rules?: unknown[]) =>
                rules && rules.length > 0 ? Promise.resolve() : Promise.reject(new Error(t('matrix.rulesRequired'))),
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="start" wrap style={{ display: 'flex', marginBottom: 4 }} data-testid="matrix-rule">
                  <Typography.Text strong style={{ display: 'inline-block', width: 24, paddingTop: 34 }}>
                    {i + 1}
                  </Typography.Text>
                  <Form.Item name={[f.name, 'minMonthlyDiscount']} label={t('matrix.minMonthlyDiscount')} rules={[decimal]}>
                    <Input inputMode="decimal" prefix="¥" style={{ width: 180 }} allowClear />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'lineDiscountAbovePercent']}
                    label={t('matrix.lineDiscountAbovePercent')}
                    rules={[decimal]}
                  >
                    <Input inputMode="decimal" suffix="%" style={{ width: 160 }} allowClear />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'chain']}
                    label={t('matrix.chain')}
                    rules={[{ required: true, type: 'array', min: 1, message: t('matrix.chainRequired') }]}
                  >
                    <Select
                      mode="multiple"
                      style={{ minWidth: 320 }}
                      options={CHAIN_ROLES.map((r) => ({ value: r, label: label('Role', r) }))}
                    />
                  </Form.Item>
                  <Button
                    aria-label={t('matrix.removeRule')}
                    icon={<DeleteOutlined />}
                    onClick={() => remove(f.name)}
                    style={{ marginTop: 30 }}
                  />
                </Space>
              ))}
              <Form.ErrorList errors={errors} />
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ minMonthlyDiscount: '', lineDiscountAbovePercent: '', chain: [] })}
                style={{ marginBottom: 16 }}
              >
                {t('matrix.add')}
              </Button>
            </>
          )}
        </Form.List>
        <Space>
          <Button type="primary" loading={busy} onClick={save}>
            {t('matrix.save')}
          </Button>
          <Button onClick={onCancel} disabled={busy}>
            {t('matrix.cancel')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
