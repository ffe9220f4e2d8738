import { PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { FormModal } from '../../components/FormModal';
import { beijingDate, formatDateTime } from '../../components/format';
import { QueryState } from '../../components/QueryState';
import { useFieldRules } from '../../components/rules';
import { useAction } from '../../components/useAction';
import {
  AdminCalendarDocument,
  AdminRemoveCalendarDayDocument,
  AdminSetCalendarDayDocument,
  type AdminCalendarDayFragment,
  type DayKind,
} from '../../gql/graphql';
import { useEnumLabel, useEnumOptions } from '../../i18n/enums';
import { calendarInputs, weekday, yearRange } from './logic';

type Editing = { mode: 'add' } | { mode: 'edit'; day: AdminCalendarDayFragment };

/** 节假日: the year's holidays and moved working days, added (a day or a range), changed, removed. */
export function HolidaysTab() {
  const { t } = useTranslation('admin');
  const label = useEnumLabel();
  const thisYear = Number(beijingDate().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const variables = useMemo(() => yearRange(year), [year]);
  const [result, reexecute] = useQuery({ query: AdminCalendarDocument, variables });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const [editing, setEditing] = useState<Editing | null>(null);
  const [remove] = useAction(AdminRemoveCalendarDayDocument);

  async function removeDay(d: AdminCalendarDayFragment) {
    const r = await remove({ input: { day: d.day } }, { success: t('holidays.removed', { day: d.day }) });
    if (r) refresh();
  }

  const days = result.data?.calendarDays ?? [];
  return (
    <>
      <Typography.Paragraph type="secondary">{t('holidays.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label={t('holidays.year')}
          value={year}
          onChange={setYear}
          style={{ width: 110 }}
          options={[thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((y) => ({ value: y, label: String(y) }))}
        />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ mode: 'add' })}>
          {t('holidays.add')}
        </Button>
        {result.data && (
          <Typography.Text type="secondary">
            {t('holidays.count', {
              holidays: days.filter((d) => d.kind === 'HOLIDAY').length,
              workdays: days.filter((d) => d.kind === 'WORKDAY').length,
            })}
          </Typography.Text>
        )}
      </Space>
      <QueryState
        result={result}
        onRetry={refresh}
        isEmpty={(d) => d.calendarDays.length === 0}
        emptyText={t('holidays.empty', { year })}
      >
        {(d) => (
          <Table
            rowKey="day"
            size="small"
            pagination={false}
            dataSource={d.calendarDays}
            scroll={{ x: 760 }}
            columns={[
              { key: 'day', title: t('holidays.day'), dataIndex: 'day', width: 120 },
              {
                key: 'weekday',
                title: t('holidays.weekday'),
                width: 80,
                render: (_, r) => {
                  const w = weekday(r.day);
                  const weekend = w === 0 || w === 6;
                  return (
                    <Typography.Text type={weekend ? 'secondary' : undefined}>{t(`holidays.weekdays.${w}`)}</Typography.Text>
                  );
                },
              },
              {
                key: 'kind',
                title: t('holidays.kind'),
                width: 140,
                render: (_, r) => <Tag color={r.kind === 'HOLIDAY' ? 'red' : 'blue'}>{label('DayKind', r.kind)}</Tag>,
              },
              { key: 'name', title: t('holidays.name'), dataIndex: 'name' },
              {
                key: 'care',
                title: t('holidays.care'),
                width: 80,
                render: (_, r) => (r.care ? <Tag color="gold">{t('holidays.care')}</Tag> : '—'),
              },
              { key: 'updated', title: t('holidays.updatedAt'), width: 150, render: (_, r) => formatDateTime(r.updatedAt) },
              {
                key: 'actions',
                title: t('common:actions'),
                width: 140,
                render: (_, r) => (
                  <Space size={0}>
                    <Button type="link" size="small" onClick={() => setEditing({ mode: 'edit', day: r })}>
                      {t('holidays.edit')}
                    </Button>
                    <Popconfirm
                      title={t('holidays.removeConfirm', { day: r.day, name: r.name })}
                      okText={t('holidays.remove')}
                      okButtonProps={{ danger: true }}
                      cancelText={t('common:cancel')}
                      onConfirm={() => removeDay(r)}
                    >
                      <Button type="link" size="small" danger>
                        {t('holidays.remove')}
                      </Button>
                    </Popconfirm>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </QueryState>
      <DayDialog editing={editing} onClose={() => setEditing(null)} onSaved={refresh} />
    </>
  );
}

interface DayValues {
  range?: [Dayjs, Dayjs];
  kind: DayKind;
  name: string;
  care: boolean;
}

function DayDialog({ editing, onClose, onSaved }: { editing: Editing | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation('admin');
  const options = useEnumOptions();
  const rules = useFieldRules('admin');
  const { message } = App.useApp();
  const [form] = Form.useForm<DayValues>();
  const [run, busy] = useAction(AdminSetCalendarDayDocument);
  const existing = editing?.mode === 'edit' ? editing.day : null;

  async function submit(v: DayValues): Promise<boolean> {
    const days: [string, string] = existing
      ? [existing.day, existing.day]
      : [v.range![0].format('YYYY-MM-DD'), v.range![1].format('YYYY-MM-DD')];
    const inputs = calendarInputs({ days, kind: v.kind, name: v.name, care: v.care });
    let done = 0;
    for (const input of inputs) {
      const r = await run({ input }, { form });
      if (!r) {
        if (done > 0) {
          message.warning(t('holidays.partly', { done, day: input.day }));
          onSaved();
        }
        return false;
      }
      done += 1;
    }
    message.success(t('holidays.saved', { count: done }));
    onSaved();
    return true;
  }

  return (
    <FormModal<DayValues>
      open={!!editing}
      title={existing ? t('holidays.editTitle', { day: existing.day }) : t('holidays.addTitle')}
      busy={busy}
      form={form}
      initialValues={
        existing ? { kind: existing.kind, name: existing.name, care: existing.care } : { kind: 'HOLIDAY', care: false }
      }
      onSubmit={submit}
      onClose={onClose}
    >
      {!existing && (
        <Form.Item
          name="range"
          label={t('holidays.days')}
          extra={t('holidays.daysHint')}
          rules={[
            { required: true, message: t('common:required') },
            {
              validator: (_, r?: [Dayjs, Dayjs]) =>
                !r || r[1].diff(r[0], 'day') < 62 ? Promise.resolve() : Promise.reject(new Error(t('holidays.daysHint'))),
            },
          ]}
        >
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
      )}
      <Form.Item name="kind" label={t('holidays.kind')} rules={[{ required: true, message: t('common:required') }]}>
        <Select options={options('DayKind')} />
      </Form.Item>
      <Form.Item name="name" label={t('holidays.name')} rules={rules.required(50)}>
        <Input placeholder={t('holidays.namePlaceholder')} maxLength={50} />
      </Form.Item>
      <Form.Item name="care" label={t('holidays.care')} valuePropName="checked" extra={t('holidays.careHint')}>
        <Switch />
      </Form.Item>
    </FormModal>
  );
}
