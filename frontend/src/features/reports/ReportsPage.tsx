// 重要信息: the reports the user sees (all, received, sent), filtered by kind, urgency and unread;
// for whoever receives reports, how they fall by kind and group (click one to filter).
import { Button, Card, Flex, Segmented, Select, Space, Switch, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { useSession } from '../../auth/session';
import { PagedCards } from '../../components/PagedCards';
import { type InfoBox, type InfoReportFilter, type InfoReportKind, InfoReportsDocument, InfoReportTallyDocument, type InfoUrgency } from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { FileReportDialog, KINDS, ReportRow, URGENCIES } from './parts';
import './i18n';

const BOXES: InfoBox[] = ['ALL', 'RECEIVED', 'SENT'];

export function ReportsPage() {
  const { t } = useTranslation('reports');
  const label = useEnumLabel();
  const [box, setBox] = useState<InfoBox>('ALL');
  const [kind, setKind] = useState<InfoReportKind | null>(null);
  const [urgency, setUrgency] = useState<InfoUrgency | null>(null);
  const [group, setGroup] = useState<{ id: string; name: string } | null>(null);
  const [unread, setUnread] = useState(false);
  const [filing, setFiling] = useState(false);
  // The general manager has nobody above to report to: they receive.
  const canFile = useSession()?.user.role !== 'GENERAL_MANAGER';
  const filter: InfoReportFilter = useMemo(
    () => ({ box, kind, urgency, groupId: group?.id ?? null, unread }),
    [box, kind, urgency, group, unread],
  );
  // The tally follows the box and the unread switch, not the kind or group it filters by.
  const tallyFilter = useMemo(() => ({ box, unread }), [box, unread]);
  const [tally] = useQuery({ query: InfoReportTallyDocument, variables: { filter: tallyFilter }, requestPolicy: 'cache-and-network' });
  const x = tally.data?.infoReportTally;
  const filtered = kind || urgency || group;
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        {canFile && (
          <Button type="primary" onClick={() => setFiling(true)}>
            {t('new')}
          </Button>
        )}
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('intro')}
      </Typography.Paragraph>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Segmented<InfoBox>
          value={box}
          onChange={setBox}
          options={BOXES.map((b) => ({
            value: b,
            label: b === 'RECEIVED' && x?.unread ? t('boxUnread', { box: t(`box.${b}`), count: x.unread }) : t(`box.${b}`),
          }))}
        />
        <Flex wrap gap={8} align="center">
          <Select<InfoReportKind | null>
            aria-label={t('field.kind')}
            style={{ minWidth: 150 }}
            value={kind}
            onChange={setKind}
            options={[{ value: null, label: t('allKinds') }, ...KINDS.map((k) => ({ value: k, label: label('InfoReportKind', k) }))]}
          />
          <Select<InfoUrgency | null>
            aria-label={t('field.urgency')}
            style={{ minWidth: 130 }}
            value={urgency}
            onChange={setUrgency}
            options={[{ value: null, label: t('allUrgencies') }, ...URGENCIES.map((u) => ({ value: u, label: label('InfoUrgency', u) }))]}
          />
          <Space size={6}>
            <Switch checked={unread} onChange={setUnread} aria-label={t('unreadOnly')} />
            <Typography.Text>{t('unreadOnly')}</Typography.Text>
          </Space>
          {group && (
            <Tag closable onClose={() => setGroup(null)} color="blue">
              {group.name}
            </Tag>
          )}
          {filtered && (
            <Button
              size="small"
              onClick={() => {
                setKind(null);
                setUrgency(null);
                setGroup(null);
              }}
            >
              {t('clear')}
            </Button>
          )}
        </Flex>
        {x && x.total > 0 && box !== 'SENT' && (
          <Card size="small" data-testid="report-tally">
            <Space orientation="vertical" size={6} style={{ width: '100%' }}>
              <Flex wrap gap={6} align="center">
                <Typography.Text type="secondary">{t('byKind')}</Typography.Text>
                {x.byKind.map((k) => (
                  <Tag.CheckableTag key={k.kind} checked={kind === k.kind} onChange={(on) => setKind(on ? k.kind : null)}>
                    {label('InfoReportKind', k.kind)} {k.count}
                  </Tag.CheckableTag>
                ))}
              </Flex>
              {x.byGroup.length > 0 && (
                <Flex wrap gap={6} align="center">
                  <Typography.Text type="secondary">{t('byGroup')}</Typography.Text>
                  {x.byGroup.map((g) => (
                    <Tag.CheckableTag
                      key={g.groupId}
                      checked={group?.id === g.groupId}
                      onChange={(on) => setGroup(on ? { id: g.groupId, name: g.groupName ?? '' } : null)}
                    >
                      {g.groupName} {g.count}
                    </Tag.CheckableTag>
                  ))}
                </Flex>
              )}
            </Space>
          </Card>
        )}
        <PagedCards
          query={InfoReportsDocument}
          args={{ filter }}
          connection={(d) => d.infoReports}
          emptyText={t('empty')}
          totalText={(count) => t('total', { count })}
          render={(r) => <ReportRow key={r.id} report={r} />}
        />
      </Space>
      <FileReportDialog open={filing} onClose={() => setFiling(false)} />
    </>
  );
}
