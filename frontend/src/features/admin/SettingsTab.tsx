import { Button, Form, Input, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { FormModal } from '../../components/FormModal';
import { formatDateTime } from '../../components/format';
import { QueryState } from '../../components/QueryState';
import { useFieldRules } from '../../components/rules';
import { useAction } from '../../components/useAction';
import { AdminSettingsDocument, AdminUpdateSettingDocument, type AdminSettingFragment } from '../../gql/graphql';

/** 系统参数: every setting with what it means, each changed through a small dialog. */
export function SettingsTab() {
  const { t } = useTranslation('admin');
  const [result, reexecute] = useQuery({ query: AdminSettingsDocument });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const [editing, setEditing] = useState<AdminSettingFragment | null>(null);
  return (
    <>
      <QueryState result={result} onRetry={refresh} isEmpty={(d) => d.settings.length === 0} emptyText={t('settings.empty')}>
        {({ settings }) => (
          <Table
            rowKey="key"
            size="small"
            pagination={false}
            dataSource={settings}
            scroll={{ x: 820 }}
            columns={[
              {
                key: 'key',
                title: t('settings.key'),
                width: 260,
                render: (_, s) => <Typography.Text code>{s.key}</Typography.Text>,
              },
              { key: 'description', title: t('settings.description'), dataIndex: 'description' },
              {
                key: 'value',
                title: t('settings.value'),
                width: 180,
                render: (_, s) => <Typography.Text strong>{s.value}</Typography.Text>,
              },
              { key: 'updated', title: t('settings.updatedAt'), width: 150, render: (_, s) => formatDateTime(s.updatedAt) },
              {
                key: 'actions',
                title: t('common:actions'),
                width: 90,
                render: (_, s) => (
                  <Button type="link" size="small" onClick={() => setEditing(s)}>
                    {t('settings.edit')}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </QueryState>
      <SettingDialog setting={editing} onClose={() => setEditing(null)} onSaved={refresh} />
    </>
  );
}

function SettingDialog({
  setting,
  onClose,
  onSaved,
}: {
  setting: AdminSettingFragment | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation('admin');
  const rules = useFieldRules('admin');
  const [form] = Form.useForm<{ value: string }>();
  const [run, busy] = useAction(AdminUpdateSettingDocument);
  async function submit({ value }: { value: string }) {
    if (!setting) return false;
    const r = await run(
      { input: { key: setting.key, value: value.trim(), expectedVersion: setting.version } },
      {
        form,
        success: t('settings.saved', { key: setting.key }),
        onConflict: () => {
          onClose();
          onSaved();
        },
      },
    );
    if (r) onSaved();
    return !!r;
  }
  return (
    <FormModal<{ value: string }>
      open={!!setting}
      title={setting ? t('settings.editTitle', { key: setting.key }) : ''}
      busy={busy}
      form={form}
      initialValues={{ value: setting?.value ?? '' }}
      intro={setting && <Typography.Paragraph type="secondary">{setting.description}</Typography.Paragraph>}
      onSubmit={submit}
      onClose={onClose}
    >
      <Form.Item name="value" label={t('settings.value')} rules={rules.required(500)}>
        <Input autoFocus />
      </Form.Item>
    </FormModal>
  );
}
