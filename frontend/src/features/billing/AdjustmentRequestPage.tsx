// 申请补退费: the group (`?group=` chooses it), the member or account, the bill month, refund or
// back-charge and the amount, the cause with its description and the rectification proposal,
// the evidence; the approvers the chain would take are previewed as the figures change. Sent as
// one multipart request with the files.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, Radio, Row, Select, Space, Steps, Typography, type UploadFile } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { Money } from '../../components/Money';
import { useFieldRules } from '../../components/rules';
import { useAction } from '../../components/useAction';
import {
  type AdjustmentCause,
  type AdjustmentFiguresInput,
  BillingAdjustmentChainDocument,
  BillingGroupDocument,
  BillingGroupMembersDocument,
  BillingGroupOptionsDocument,
  RequestBillingAdjustmentDocument,
} from '../../gql/graphql';
import { useEnumLabel, useEnumOptions } from '../../i18n/enums';
import {
  type Direction,
  amountProblem,
  billMonths,
  figuresInput,
  applyFileErrors,
  validAccount,
} from './logic';
import { adjustmentPath, FilesField } from './parts';
import './i18n';

const DEBOUNCE_MS = 500;

interface RequestValues {
  groupId?: string;
  memberId?: string;
  accountNo?: string;
  month: string;
  direction: Direction;
  amount: string;
  cause: AdjustmentCause;
  causeText: string;
  rectification: string;
  evidence?: UploadFile[];
}


export function AdjustmentRequestPage() {
  const { t } = useTranslation('billing');
  const options = useEnumOptions();
  const rules = useFieldRules('billing');
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const [form] = Form.useForm<RequestValues>();
  const [groupSearch, setGroupSearch] = useState('');
  const [memberSearch, setMemberSearch] = useState('');
  const months = useMemo(() => billMonths(), []);
  const initialValues = useMemo<Partial<RequestValues>>(
    () => ({ groupId: params.get('group') || undefined, month: months[0], direction: 'refund', evidence: [] }),
    [params, months],
  );

  const groupId = Form.useWatch('groupId', form);
  const [groups] = useQuery({ query: BillingGroupOptionsDocument, variables: { search: groupSearch.trim() || null } });
  const [chosen] = useQuery({ query: BillingGroupDocument, variables: { id: groupId ?? '' }, pause: !groupId });
  const [members] = useQuery({
    query: BillingGroupMembersDocument,
    variables: { id: groupId ?? '', search: memberSearch.trim() || null },
    pause: !groupId,
  });
  const groupOptions = useMemo(() => {
    const list = groups.data?.groups.nodes ?? [];
    const c = chosen.data?.group;
    const all = c && !list.some((g) => g.id === c.id) ? [c, ...list] : list;
    return all.map((g) => ({ value: g.id, label: `${g.name}（${g.code}）` }));
  }, [groups.data, chosen.data]);
  const memberOptions = (members.data?.group?.members.nodes ?? []).map((m) => ({ value: m.id, label: `${m.name} ${m.phone}` }));

  // The chain preview: asked for once the figures stop changing and are complete.
  const values = Form.useWatch([], form) as Partial<RequestValues> | undefined;
  const figures = figuresInput({
    groupId: values?.groupId,
    memberId: values?.memberId,
    accountNo: values?.accountNo,
    month: values?.month,
    direction: values?.direction,
    amount: values?.amount,
    cause: values?.cause,
  });
  const figuresKey = figures ? JSON.stringify(figures) : '';
  const [asked, setAsked] = useState<AdjustmentFiguresInput | null>(null);
  useEffect(() => {
    if (!figuresKey) {
      setAsked(null);
      return;
    }
    const h = window.setTimeout(() => setAsked(JSON.parse(figuresKey) as AdjustmentFiguresInput), DEBOUNCE_MS);
    return () => window.clearTimeout(h);
  }, [figuresKey]);

  const [run, busy] = useAction(RequestBillingAdjustmentDocument);
  async function submit(v: RequestValues) {
    const input = figuresInput(v);
    if (!input) return;
    const list = v.evidence ?? [];
    const r = await run(
      {
        input: {
          figures: input,
          causeText: v.causeText.trim(),
          rectification: v.rectification.trim(),
          evidence: list.map((f) => f.originFileObj).filter((f): f is NonNullable<typeof f> => !!f),
        },
      },
      {
        form,
        onUserErrors: (errors) => {
          const loose = applyFileErrors(form, errors, list, 'evidence', t('common:sep'), ['figures']);
          if (loose.length) message.error(loose.join('；'));
        },
      },
    );
    if (!r?.adjustment) return;
    message.success(t('form.submitted', { code: r.adjustment.code }));
    navigate(adjustmentPath(r.adjustment.id), { replace: true });
  }

  return (
    <div style={{ maxWidth: 760 }}>
      <Link to="/adjustments">
        <ArrowLeftOutlined /> {t('form.back')}
      </Link>
      <Typography.Title level={3} style={{ marginTop: 8 }}>
        {t('form.title')}
      </Typography.Title>
      <Form<RequestValues> form={form} layout="vertical" initialValues={initialValues} onFinish={submit} scrollToFirstError>
        <Form.Item name="groupId" label={t('form.group')} rules={[{ required: true, message: t('common:required') }]}>
          <Select
            aria-label={t('form.group')}
            placeholder={t('form.groupPlaceholder')}
            showSearch={{ filterOption: false, onSearch: setGroupSearch }}
            loading={groups.fetching}
            options={groupOptions}
            onChange={() => {
              form.setFieldValue('memberId', undefined);
              setMemberSearch('');
            }}
          />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="memberId" label={t('form.member')}>
              <Select
                aria-label={t('form.member')}
                allowClear
                disabled={!groupId}
                placeholder={t('form.memberPlaceholder')}
                showSearch={{ filterOption: false, onSearch: setMemberSearch }}
                loading={members.fetching}
                options={memberOptions}
                onChange={() => void form.validateFields(['accountNo']).catch(() => undefined)}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="accountNo"
              label={t('form.account')}
              extra={t('form.accountHint')}
              dependencies={['memberId']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: async (_, raw: string | undefined) => {
                    const v = raw?.trim();
                    if (!v) {
                      if (!getFieldValue('memberId')) throw new Error(t('form.accountOrMember'));
                      return;
                    }
                    if (!validAccount(v)) throw new Error(t('form.accountFormat'));
                  },
                }),
              ]}
            >
              <Input autoComplete="off" maxLength={32} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="month" label={t('form.month')} rules={[{ required: true, message: t('common:required') }]}>
              <Select aria-label={t('form.month')} options={months.map((m) => ({ value: m, label: m }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="cause" label={t('form.cause')} rules={[{ required: true, message: t('common:required') }]}>
              <Select aria-label={t('form.cause')} options={options('AdjustmentCause')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="direction" label={t('form.direction')}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={[
                  { value: 'refund', label: t('refund') },
                  { value: 'backCharge', label: t('backCharge') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="amount"
              label={t('form.amount')}
              rules={[
                {
                  validator: async (_, raw: string | undefined) => {
                    const p = amountProblem(raw);
                    if (p) throw new Error(t(p === 'format' ? 'form.amountFormat' : 'form.amountRange'));
                  },
                },
              ]}
            >
              <Input inputMode="decimal" autoComplete="off" prefix="¥" />
            </Form.Item>
          </Col>
        </Row>

        <ChainPreview figures={asked} pending={!!figuresKey && figuresKey !== JSON.stringify(asked)} />

        <Form.Item name="causeText" label={t('form.causeText')} rules={rules.required(2000)} style={{ marginTop: 16 }}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        <Form.Item name="rectification" label={t('form.rectification')} extra={t('form.rectificationHint')} rules={rules.required(2000)}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        <FilesField name="evidence" label={t('form.evidence')} extra={t('form.evidenceHint')} choose={t('form.choose')} required />
        <Space wrap>
          <Button type="primary" htmlType="submit" size="large" loading={busy}>
            {t('form.submit')}
          </Button>
          <Button size="large" onClick={() => navigate('/adjustments')}>
            {t('common:cancel')}
          </Button>
        </Space>
      </Form>
    </div>
  );
}

const NO_FIGURES: AdjustmentFiguresInput = { groupId: '', month: '', amount: '0', cause: 'DISPUTE' };

/** The approvers the adjustment would go to now, and the account's month total with it. */
function ChainPreview({ figures, pending }: { figures: AdjustmentFiguresInput | null; pending: boolean }) {
  const { t } = useTranslation('billing');
  const label = useEnumLabel();
  const [result] = useQuery({
    query: BillingAdjustmentChainDocument,
    variables: { input: figures ?? NO_FIGURES },
    pause: !figures,
    requestPolicy: 'network-only',
  });
  const current =
    !!figures && !pending && !result.fetching && JSON.stringify(result.operation?.variables?.input) === JSON.stringify(figures);
  const chain = current ? result.data?.billingAdjustmentChain : undefined;
  return (
    <Card size="small" title={t('chain.title')} data-testid="chain-preview" aria-live="polite">
      {!figures ? (
        <Typography.Text type="secondary">{t('chain.waiting')}</Typography.Text>
      ) : current && result.error ? (
        <Alert
          type="warning"
          showIcon
          title={t('chain.failed')}
          description={result.error.graphQLErrors.map((e) => e.message).join('；') || result.error.message}
        />
      ) : chain && chain.userErrors.length > 0 ? (
        <Alert type="warning" showIcon title={t('chain.failed')} description={chain.userErrors.map((e) => e.message).join('；')} />
      ) : chain?.accumulated ? (
        <>
          <Typography.Paragraph>
            {t('chain.accumulated')}
            {t('common:sep')}
            <Money value={chain.accumulated} strong />
          </Typography.Paragraph>
          <Steps
            size="small"
            orientation="vertical"
            current={-1}
            items={chain.steps.map((s, i) => ({
              key: i,
              title: `${label('Role', s.role)}${s.departmentName ? ` · ${s.departmentName}` : ''}`,
            }))}
          />
        </>
      ) : (
        <Typography.Text type="secondary">{t('chain.checking')}</Typography.Text>
      )}
    </Card>
  );
}
