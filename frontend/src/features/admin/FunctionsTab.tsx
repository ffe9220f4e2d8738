import { List, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { Pager, useCursorPager } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { useAction } from '../../components/useAction';
import { AdminDepartmentsDocument, type AdminDepartmentFragment, AdminSetOrgUnitFunctionDocument, type OrgFunction } from '../../gql/graphql';
import { useEnumLabel, useEnumOptions } from '../../i18n/enums';

/**
 * 组织职能: each department and what it does beyond selling — the heads of the service owner,
 * marketing, the IT centre and maintenance approve the billing adjustments their causes send
 * there (rule 15); the billing centre executes, checks and audits them.
 */
export function FunctionsTab() {
  const { t } = useTranslation('admin');
  const pager = useCursorPager(100);
  const [result, reexecute] = useQuery({ query: AdminDepartmentsDocument, variables: pager.variables });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  return (
    <>
      <Typography.Paragraph type="secondary">{t('functions.intro')}</Typography.Paragraph>
      <QueryState result={result} onRetry={refresh} isEmpty={(d) => d.orgUnits.nodes.length === 0} emptyText={t('functions.empty')}>
        {(d) => (
          <>
            <List
              size="small"
              bordered
              dataSource={d.orgUnits.nodes}
              renderItem={(u) => <DepartmentRow key={`${u.id}-${u.version}`} unit={u} onChanged={refresh} />}
            />
            {(pager.page > 1 || d.orgUnits.pageInfo.hasNextPage) && <Pager pager={pager} pageInfo={d.orgUnits.pageInfo} />}
          </>
        )}
      </QueryState>
    </>
  );
}

function DepartmentRow({ unit: u, onChanged }: { unit: AdminDepartmentFragment; onChanged: () => void }) {
  const { t } = useTranslation('admin');
  const label = useEnumLabel();
  const options = useEnumOptions();
  const [run, busy] = useAction(AdminSetOrgUnitFunctionDocument);
  const [value, setValue] = useState<OrgFunction | null>(u.function ?? null);
  async function change(next: OrgFunction | null) {
    setValue(next);
    const r = await run(
      { input: { id: u.id, expectedVersion: u.version, function: next } },
      {
        success: next
          ? t('functions.saved', { name: u.name, function: label('OrgFunction', next) })
          : t('functions.cleared', { name: u.name }),
        onConflict: onChanged,
      },
    );
    if (!r?.orgUnit) setValue(u.function ?? null);
    onChanged();
  }
  return (
    <List.Item data-testid="department-row">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', justifyContent: 'space-between', width: '100%' }}>
        <Space size={[6, 2]} wrap style={{ minWidth: 0 }}>
          <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
            {u.name}
          </Typography.Text>
          <Typography.Text type="secondary" code>
            {u.code}
          </Typography.Text>
          {u.branch && <Typography.Text type="secondary">{u.branch.name}</Typography.Text>}
          {!u.active && <Tag>{t('functions.inactive')}</Tag>}
        </Space>
        <Select<OrgFunction | null>
          aria-label={t('functions.select', { name: u.name })}
          allowClear
          placeholder={t('functions.none')}
          value={value}
          loading={busy}
          disabled={busy}
          onChange={(v) => void change(v ?? null)}
          options={options('OrgFunction')}
          style={{ width: 180 }}
        />
      </div>
    </List.Item>
  );
}
