// 设定目标: a head sets an account manager's targets for this month or the next, starting from
// the targets already set for that month or else from the figures of the month shown.
import { Form, InputNumber, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { FormModal } from '../../components/FormModal';
import { useAction } from '../../components/useAction';
import { KpiTargetOfDocument, type KpiRowFragment, SetKpiTargetDocument } from '../../gql/graphql';
import { currentMonth, shiftMonth } from './month';

interface Values {
  month: string;
  visitsPerDay: number;
  groupsVisited: number;
  newGroups: number;
  proposals: number;
  retentionPercent: number;
}

/** The dialog's starting values: the month's targets when set, else the row's figures. */
export function startingValues(row: KpiRowFragment, month: string, set?: KpiRowFragment['target']): Values {
  if (set) {
    return {
      month,
      visitsPerDay: Number(set.visitsPerDay),
      groupsVisited: set.groupsVisited,
      newGroups: set.newGroups,
      proposals: set.proposals,
      retentionPercent: Number(set.retentionPercent),
    };
  }
  return {
    month,
    visitsPerDay: Number(row.visitsPerWorkingDay),
    groupsVisited: row.groupsVisited,
    newGroups: row.newGroups,
    proposals: row.proposalsOnTime,
    retentionPercent: row.retentionPercent == null ? 100 : Number(row.retentionPercent),
  };
}

export function TargetDialog({ row, onClose, onDone }: { row: KpiRowFragment | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('kpi');
  const [form] = Form.useForm<Values>();
  const this_ = currentMonth();
  const [month, setMonth] = useState(shiftMonth(this_, 1));
  const [result] = useQuery({
    query: KpiTargetOfDocument,
    variables: { month, ownerId: row?.user?.id ?? '' },
    pause: !row?.user,
    requestPolicy: 'network-only',
  });
  const [save, saving] = useAction(SetKpiTargetDocument);
  const set = result.data?.kpis.target ?? null;
  useEffect(() => {
    if (row && !result.fetching) form.setFieldsValue(startingValues(row, month, set));
  }, [row, month, set, result.fetching, form]);
  if (!row?.user) return null;
  const user = row.user;
  const num = (v: number) => v.toFixed(2);
  return (
    <FormModal<Values>
      open
      title={t('target.title', { name: user.displayName })}
      busy={saving}
      form={form}
      initialValues={startingValues(row, month, set)}
      onSubmit={(v) =>
        save(
          {
            input: {
              userId: user.id,
              month: v.month,
              visitsPerDay: num(v.visitsPerDay),
              groupsVisited: v.groupsVisited,
              newGroups: v.newGroups,
              proposals: v.proposals,
              retentionPercent: num(v.retentionPercent),
              expectedVersion: set?.version ?? null,
            },
          },
          { form, success: t('target.saved') },
        ).then((r) => {
          if (r) onDone();
          return !!r;
        })
      }
      onClose={onClose}
    >
      <Form.Item name="month" label={t('target.month')}>
        <Select
          aria-label={t('target.month')}
          onChange={(m: string) => setMonth(m)}
          options={[this_, shiftMonth(this_, 1)].map((m) => ({ value: m, label: m }))}
        />
      </Form.Item>
      <Form.Item name="visitsPerDay" label={t('target.visitsPerDay')} rules={[{ required: true, message: t('common:required') }]}>
        <InputNumber min={0} max={50} step={0.5} precision={2} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="groupsVisited" label={t('target.groupsVisited')} rules={[{ required: true, message: t('common:required') }]}>
        <InputNumber min={0} max={10000} precision={0} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="newGroups" label={t('target.newGroups')} rules={[{ required: true, message: t('common:required') }]}>
        <InputNumber min={0} max={1000} precision={0} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="proposals" label={t('target.proposals')} rules={[{ required: true, message: t('common:required') }]}>
        <InputNumber min={0} max={1000} precision={0} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="retentionPercent" label={t('target.retentionPercent')} rules={[{ required: true, message: t('common:required') }]}>
        <InputNumber min={0} max={100} step={0.5} precision={2} style={{ width: '100%' }} />
      </Form.Item>
    </FormModal>
  );
}
