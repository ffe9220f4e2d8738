// 历史: the group's audit trail — who changed what, when, and the fields before and after.
import { Table, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { formatDateTime } from '../../components/format';
import { Pager, useCursorPager } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { GroupHistoryDocument } from '../../gql/graphql';
import { type EnumName, useEnumLabel } from '../../i18n/enums';
import { auditChanges, auditValueText } from './logic';

const CONTEXT = { additionalTypenames: ['AuditEvent', 'CustomerGroup'] };

/** Which enum a snapshot field holds, to show its label. */
const FIELD_ENUMS: Record<string, EnumName> = {
  kind: 'GroupKind',
  segment: 'Segment',
  valueClass: 'ValueClass',
  tier: 'ServiceTier',
  status: 'GroupStatus',
  mode: 'ImportMode',
};

/** Keys of a member import's audit record (`history.fields.*`). */
const IMPORT_FIELDS = ['fileName', 'mode', 'rows', 'inserted', 'updated', 'unchanged', 'rejectedRows'];

/** Snapshot keys → the card's field labels (keys of `field.*`). */
const FIELD_LABELS: Record<string, string> = {
  code: 'code',
  name: 'name',
  kind: 'kind',
  segment: 'segment',
  industry: 'industry',
  valueClass: 'valueClass',
  tier: 'tier',
  status: 'status',
  county: 'county',
  town: 'town',
  streetOffice: 'streetOffice',
  village: 'village',
  address: 'address',
  annualOutputOver3m: 'annualOutputOver3M',
  competitors: 'competitors',
  competitorNotes: 'competitorNotes',
  informatizationProducts: 'informatizationProducts',
  foundedOn: 'foundedOn',
  keyDates: 'keyDates',
  notes: 'notes',
  archivedAt: 'archivedAt',
};

export function HistoryTab({ groupId }: { groupId: string }) {
  const { t } = useTranslation('groups');
  const label = useEnumLabel();
  const pager = useCursorPager(20);
  const variables = useMemo(() => ({ id: groupId, ...pager.variables }), [groupId, pager.variables]);
  const [result, reexecute] = useQuery({ query: GroupHistoryDocument, variables, context: CONTEXT });

  function fieldLabel(key: string) {
    if (key === 'reason') return t('history.reason');
    if (IMPORT_FIELDS.includes(key)) return t(`history.fields.${key}`);
    const k = FIELD_LABELS[key];
    return k ? t(`field.${k}`) : key;
  }
  function valueText(key: string, v: unknown) {
    const e = FIELD_ENUMS[key];
    return auditValueText(v, t('common:yes'), t('common:no'), e ? (s) => label(e, s) : undefined);
  }

  return (
    <QueryState
      result={result}
      onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      isEmpty={(d) => (d.group?.auditEvents.nodes.length ?? 0) === 0 && pager.page === 1}
      emptyText={t('history.empty')}
    >
      {(d) => (
        <>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={d.group?.auditEvents.nodes ?? []}
            columns={[
              { key: 'when', title: t('history.when'), width: 150, render: (_, e) => formatDateTime(e.occurredAt) },
              { key: 'who', title: t('history.who'), width: 110, render: (_, e) => e.actor?.displayName ?? t('history.system') },
              {
                key: 'what',
                title: t('history.what'),
                width: 140,
                render: (_, e) => t(`history.actions.${e.action.replace(/\./g, '_')}`, { defaultValue: e.action }),
              },
              {
                key: 'changes',
                title: t('history.changes'),
                render: (_, e) => {
                  const changes = auditChanges(e.before, e.after);
                  if (changes.length === 0) return '—';
                  return (
                    <ul style={{ margin: 0, paddingInlineStart: 16 }}>
                      {changes.map((c) => (
                        <li key={c.field}>
                          <Typography.Text type="secondary">{fieldLabel(c.field)}：</Typography.Text>
                          {e.before ? (
                            <>
                              <Typography.Text delete>{valueText(c.field, c.before)}</Typography.Text>
                              {' → '}
                              <Typography.Text>{valueText(c.field, c.after)}</Typography.Text>
                            </>
                          ) : (
                            <Typography.Text>{valueText(c.field, c.after)}</Typography.Text>
                          )}
                        </li>
                      ))}
                    </ul>
                  );
                },
              },
            ]}
          />
          <Pager pager={pager} pageInfo={d.group?.auditEvents.pageInfo} />
        </>
      )}
    </QueryState>
  );
}
