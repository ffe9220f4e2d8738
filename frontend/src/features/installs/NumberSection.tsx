import { Alert, App, Button, Descriptions, Form, Input, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { formatMoney } from '../../components/format';
import { Money } from '../../components/Money';
import { useFieldRules } from '../../components/rules';
import { useAction } from '../../components/useAction';
import {
  InstallsNumberGradeDocument,
  InstallsSelectNumberDocument,
  type InstallsDetailFragment,
  type InstallsNumberGradeQuery,
  type NumberGrade,
  type NumberStatus,
} from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import {
  canSelectNumber,
  checkable,
  checkFailure,
  cleanNumber,
  GRADE_COLORS,
  gradeView,
  NUMBER_STATUS_COLORS,
  startBlocked,
  waivable,
  waiverAmount,
  waiverProblem,
} from './number';

const DEBOUNCE_MS = 600;

export function GradeTag({ grade }: { grade: NumberGrade | null | undefined }) {
  const label = useEnumLabel();
  return grade ? <Tag color={GRADE_COLORS[grade]}>{label('NumberGrade', grade)}</Tag> : null;
}

export function NumberStatusTag({ status }: { status: NumberStatus }) {
  const label = useEnumLabel();
  return <Tag color={NUMBER_STATUS_COLORS[status]}>{label('NumberStatus', status)}</Tag>;
}

/**
 * 号码选择 in the job drawer: the job's number with its grade and approval state, and for the
 * group's manager a check of a candidate number (grade, pattern, charges, who must approve) and
 * the button that chooses it.
 */
export function NumberSection({
  job,
  onChanged,
}: {
  job: InstallsDetailFragment;
  onChanged: () => void;
}) {
  const { t } = useTranslation('installs');
  const mayChoose = canSelectNumber(job);
  const request = job.numberRequest;
  return (
    <div data-testid="number-section">
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        bordered
        items={[
          {
            key: 'number',
            label: t('number.current'),
            children: job.number ? (
              <Typography.Text strong copyable style={{ fontVariantNumeric: 'tabular-nums' }}>
                {job.number}
              </Typography.Text>
            ) : (
              <Typography.Text type="secondary">{t('number.none')}</Typography.Text>
            ),
          },
          {
            key: 'grade',
            label: t('number.grade'),
            children: job.numberGrade ? <GradeTag grade={job.numberGrade} /> : '—',
          },
          {
            key: 'status',
            label: t('number.status'),
            span: 2,
            children: (
              <Space wrap>
                <NumberStatusTag status={job.numberStatus} />
                {request && (
                  <Link to={`/approvals/${encodeURIComponent(request.id)}`}>{t('number.request')}</Link>
                )}
              </Space>
            ),
          },
        ]}
      />
      {startBlocked(job) && (
        <Alert
          style={{ marginTop: 8 }}
          type={job.numberStatus === 'REJECTED' ? 'error' : 'warning'}
          showIcon
          title={t(job.numberStatus === 'REJECTED' ? 'number.rejected' : 'number.pending')}
        />
      )}
      {mayChoose && <NumberPicker job={job} onChanged={onChanged} />}
    </div>
  );
}

type Info = InstallsNumberGradeQuery['numberGrade'];

function NumberPicker({ job, onChanged }: { job: InstallsDetailFragment; onChanged: () => void }) {
  const { t } = useTranslation('installs');
  const { message } = App.useApp();
  const label = useEnumLabel();
  const rules = useFieldRules('installs');
  const [text, setText] = useState('');
  const [asked, setAsked] = useState<string | null>(null);
  const [form] = Form.useForm<{ justification?: string; prestoreWaiver?: string }>();
  const waiverText = Form.useWatch('prestoreWaiver', form);
  const [select, selecting] = useAction(InstallsSelectNumberDocument);
  const [result] = useQuery({
    query: InstallsNumberGradeDocument,
    variables: { number: asked ?? '' },
    pause: !asked,
    requestPolicy: 'network-only',
  });

  // Checked on its own once the typing stops on something that looks like a number.
  useEffect(() => {
    const n = cleanNumber(text);
    if (!checkable(n) || n === asked) return;
    const h = window.setTimeout(() => setAsked(n), DEBOUNCE_MS);
    return () => window.clearTimeout(h);
  }, [text, asked]);

  const check = () => {
    const n = cleanNumber(text);
    if (n) setAsked(n);
  };
  // Only the answer for the number asked about (not one still showing from before).
  const current = asked && result.operation?.variables?.number === asked && !result.fetching;
  const info: Info | null = current ? (result.data?.numberGrade ?? null) : null;
  const failure = current ? checkFailure(result.error) : null;
  const invalid = failure && 'invalid' in failure ? failure.invalid : null;
  const view = info ? gradeView(info) : null;
  const canWaive = !!info && waivable(info);
  // A waiver asked (and well formed) needs approval too, so a reason goes with it.
  const waiving = canWaive && !!waiverText?.trim() && !waiverProblem(waiverText, info!.prestore);
  const needsJustification = !!view && (view.needsJustification || waiving);

  async function choose() {
    if (!info || !view) return;
    const values = needsJustification || canWaive ? await form.validateFields().catch(() => null) : {};
    if (!values) return;
    const waiver = canWaive ? waiverAmount(values.prestoreWaiver) : null;
    const r = await select(
      {
        input: {
          id: job.id,
          expectedVersion: job.version,
          number: info.number,
          justification: needsJustification ? values.justification?.trim() : null,
          ...(waiver ? { prestoreWaiver: waiver } : {}),
        },
      },
      { form, onConflict: onChanged },
    );
    if (!r?.job) return;
    message.success(
      r.job.numberStatus === 'PENDING_APPROVAL'
        ? view.approvalRole
          ? t('number.submitted', { role: label('Role', view.approvalRole) })
          : t('number.submittedWaiver')
        : t('number.chosen', { number: info.number }),
    );
    setText('');
    setAsked(null);
    form.resetFields();
    onChanged();
  }

  return (
    <div style={{ marginTop: 12 }}>
      <Form.Item
        label={t('number.check')}
        validateStatus={invalid ? 'error' : undefined}
        help={invalid ?? t('number.checkHint')}
        style={{ marginBottom: 12 }}
      >
        <Space.Compact style={{ width: '100%', maxWidth: 420 }}>
          <Input
            value={text}
            onChange={(e) => setText(e.target.value)}
            onPressEnter={check}
            placeholder={t('number.placeholder')}
            inputMode="tel"
            aria-label={t('number.check')}
            maxLength={20}
          />
          <Button onClick={check} loading={!!asked && result.fetching} disabled={!cleanNumber(text)}>
            {t('number.query')}
          </Button>
        </Space.Compact>
      </Form.Item>
      {failure && 'failed' in failure && <Alert type="error" showIcon title={failure.failed} style={{ marginBottom: 12 }} />}
      {info && view && (
        <>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2 }}
            bordered
            data-testid="number-grade"
            items={[
              { key: 'number', label: t('number.number'), children: info.number },
              { key: 'grade', label: t('number.grade'), children: <GradeTag grade={info.grade} /> },
              {
                key: 'pattern',
                label: t('number.pattern'),
                children: view.pattern ? <Typography.Text code>{view.pattern}</Typography.Text> : t('number.noPattern'),
              },
              { key: 'subscriber', label: t('number.subscriber'), children: info.subscriberNumber },
              { key: 'prestore', label: t('number.prestore'), children: <Money value={info.prestore} /> },
              { key: 'minimum', label: t('number.monthlyMinimum'), children: <Money value={info.monthlyMinimum} /> },
              {
                key: 'approval',
                label: t('number.approval'),
                span: 2,
                children: view.approvalRole ? (
                  <Typography.Text type="warning">
                    {t('number.approvalBy', { role: label('Role', view.approvalRole) })}
                  </Typography.Text>
                ) : (
                  t('number.noApproval')
                ),
              },
            ]}
          />
          <Form form={form} layout="vertical" style={{ marginTop: 12 }}>
            {canWaive && (
              <Form.Item
                name="prestoreWaiver"
                label={t('number.waiver')}
                extra={t('number.waiverHint', { prestore: formatMoney(info.prestore) })}
                rules={[
                  {
                    validator: async (_, raw: string | undefined) => {
                      const p = waiverProblem(raw, info.prestore);
                      if (p) throw new Error(t(p === 'format' ? 'number.waiverFormat' : 'number.waiverRange', { prestore: formatMoney(info.prestore) }));
                    },
                  },
                ]}
              >
                <Input inputMode="decimal" prefix="¥" allowClear autoComplete="off" style={{ maxWidth: 240 }} />
              </Form.Item>
            )}
            {needsJustification && (
              <Form.Item
                name="justification"
                label={t('number.justification')}
                extra={t('number.justificationHint')}
                rules={rules.required(500)}
              >
                <Input.TextArea rows={3} maxLength={500} showCount />
              </Form.Item>
            )}
            <Button
              type="primary"
              onClick={choose}
              loading={selecting}
              disabled={info.number === job.number && job.numberStatus !== 'REJECTED'}
            >
              {needsJustification ? t('number.chooseAndSubmit') : t('number.choose')}
            </Button>
          </Form>
        </>
      )}
    </div>
  );
}
