// Important information: the filing dialog (kind, urgency, group, text, photos), a report's row
// in a list, and the group page's tab.
import { App, Badge, Button, Card, Flex, Form, Input, Radio, Select, Space, Tag, Typography, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { FormModal } from '../../components/FormModal';
import { PagedCards } from '../../components/PagedCards';
import { formatDateTime } from '../../components/format';
import { useFieldRules } from '../../components/rules';
import { useAction } from '../../components/useAction';
import {
  FileInfoReportDocument,
  type InfoReportKind,
  type InfoReportRowFragment,
  InfoReportsDocument,
  type InfoReportStatus,
  type InfoUrgency,
} from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { applyFileErrors } from '../billing/logic';
import { FilesField } from '../billing/parts';
import { GroupSelect } from '../groups/GroupSelect';
import './i18n';

export const KINDS: InfoReportKind[] = ['COMPETITION', 'COMPLAINT', 'SPECIAL_NEED', 'RISK', 'OTHER'];
export const URGENCIES: InfoUrgency[] = ['NORMAL', 'IMPORTANT', 'URGENT'];
export const URGENCY_COLORS: Record<InfoUrgency, string> = { NORMAL: 'default', IMPORTANT: 'orange', URGENT: 'red' };
export const STATUS_COLORS: Record<InfoReportStatus, string> = { DEPARTMENT: 'blue', BRANCH: 'geekblue', COMPANY: 'purple', CLOSED: 'green' };

export const reportPath = (id: string) => `/reports/${encodeURIComponent(id)}`;

interface FileValues {
  kind: InfoReportKind;
  urgency: InfoUrgency;
  groupId?: string;
  title: string;
  text: string;
  files?: UploadFile[];
}

/** The filing dialog; with `groupId` the group is chosen already (from the group's page). */
export function FileReportDialog({ open, groupId, onClose }: { open: boolean; groupId?: string; onClose: () => void }) {
  const { t } = useTranslation('reports');
  const label = useEnumLabel();
  const rules = useFieldRules('reports');
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<FileValues>();
  const [run, busy] = useAction(FileInfoReportDocument);
  async function submit(v: FileValues) {
    const list = v.files ?? [];
    const r = await run(
      {
        input: {
          kind: v.kind,
          urgency: v.urgency,
          groupId: groupId ?? v.groupId ?? null,
          title: v.title.trim(),
          text: v.text.trim(),
          files: list.map((f) => f.originFileObj).filter((f): f is NonNullable<typeof f> => !!f),
        },
      },
      {
        form,
        onUserErrors: (errors) => {
          const loose = applyFileErrors(form, errors, list, 'files', t('common:sep'));
          if (loose.length) message.error(loose.join('；'));
        },
      },
    );
    if (!r?.report) return false;
    message.success(t('filed'));
    navigate(reportPath(r.report.id));
    return true;
  }
  return (
    <FormModal<FileValues>
      open={open}
      title={t('newTitle')}
      okText={t('new')}
      busy={busy}
      form={form}
      initialValues={{ kind: 'COMPETITION', urgency: 'NORMAL', files: [] }}
      onSubmit={submit}
      onClose={onClose}
    >
      <Form.Item name="kind" label={t('field.kind')} rules={[{ required: true, message: t('common:required') }]}>
        <Select aria-label={t('field.kind')} options={KINDS.map((k) => ({ value: k, label: label('InfoReportKind', k) }))} />
      </Form.Item>
      <Form.Item name="urgency" label={t('field.urgency')} rules={[{ required: true, message: t('common:required') }]}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={URGENCIES.map((u) => ({ value: u, label: label('InfoUrgency', u) }))}
        />
      </Form.Item>
      {!groupId && (
        <Form.Item name="groupId" label={t('field.group')}>
          <GroupSelect label={t('field.group')} placeholder={t('placeholder.group')} />
        </Form.Item>
      )}
      <Form.Item name="title" label={t('field.title')} rules={rules.required(100)}>
        <Input maxLength={100} placeholder={t('placeholder.title')} aria-label={t('field.title')} />
      </Form.Item>
      <Form.Item name="text" label={t('field.text')} rules={rules.required(4000)}>
        <Input.TextArea rows={5} maxLength={4000} showCount placeholder={t('placeholder.text')} aria-label={t('field.text')} />
      </Form.Item>
      <FilesField name="files" label={t('field.files')} extra={t('filesHint')} choose={t('choose')} required={false} />
    </FormModal>
  );
}

/** A report in a list: urgency, kind, title (to open it), group, author, time, stage, unread. */
export function ReportRow({ report: r }: { report: InfoReportRowFragment }) {
  const { t } = useTranslation('reports');
  const label = useEnumLabel();
  return (
    <Card size="small" data-testid="report-row" style={{ marginBottom: 8 }}>
      <Flex wrap gap={6} align="center">
        {r.unread && <Badge status="processing" text={t('unread')} />}
        <Tag color={URGENCY_COLORS[r.urgency]}>{label('InfoUrgency', r.urgency)}</Tag>
        <Tag>{label('InfoReportKind', r.kind)}</Tag>
        <Link to={reportPath(r.id)} style={{ fontWeight: r.unread ? 600 : 400, overflowWrap: 'anywhere' }}>
          {r.title}
        </Link>
      </Flex>
      <Flex wrap gap={8} align="center" style={{ marginTop: 4 }}>
        {r.groupName && <Typography.Text type="secondary">{r.groupName}</Typography.Text>}
        <Typography.Text type="secondary">
          {r.author?.displayName} · {formatDateTime(r.createdAt)}
        </Typography.Text>
        <Tag color={STATUS_COLORS[r.status]}>{label('InfoReportStatus', r.status)}</Tag>
      </Flex>
    </Card>
  );
}

/** The group page's tab: the reports about the group the viewer sees, and filing one about it. */
export function GroupReports({ groupId, writable }: { groupId: string; writable: boolean }) {
  const { t } = useTranslation('reports');
  const [filing, setFiling] = useState(false);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text strong>{t('groupTab')}</Typography.Text>
        {writable && (
          <Button type="primary" onClick={() => setFiling(true)}>
            {t('new')}
          </Button>
        )}
      </Flex>
      <PagedCards
        query={InfoReportsDocument}
        args={{ filter: { groupId } }}
        connection={(d) => d.infoReports}
        emptyText={t('empty')}
        totalText={(count) => t('total', { count })}
        render={(r) => <ReportRow key={r.id} report={r} />}
      />
      <FileReportDialog open={filing} groupId={groupId} onClose={() => setFiling(false)} />
    </Space>
  );
}
