// Bulk import of members from CSV: upload (GraphQL multipart request), then follow the import
// every 500 ms until it finishes, with its progress and per-row report.
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Modal, Progress, Radio, Space, Table, Tag, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { useAction } from '../../components/useAction';
import {
  GroupImportMembersDocument,
  GroupMemberImportDocument,
  type GroupMemberImportFieldsFragment,
  type ImportMode,
} from '../../gql/graphql';
import { useEnumLabel, useEnumOptions } from '../../i18n/enums';
import { importProgress, memberCsvTemplate } from './logic';

const POLL_MS = 500;

/** Saves the CSV template in the UI's language. */
export function downloadTemplate(lang: 'zh-CN' | 'en', fileName: string) {
  const blob = new Blob([memberCsvTemplate(lang)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const STATUS_COLORS: Record<string, string> = {
  VALIDATING: 'processing',
  APPLYING: 'processing',
  SUCCEEDED: 'success',
  SUCCEEDED_WITH_ERRORS: 'warning',
  REJECTED: 'error',
  FAILED: 'error',
};

/** Where an import stands: progress bar, status, counts and the per-row errors. */
export function ImportReport({ imp }: { imp: GroupMemberImportFieldsFragment }) {
  const { t } = useTranslation('groups');
  const label = useEnumLabel();
  const view = importProgress(imp);
  const text =
    view.phase === 'validating'
      ? t('import.validating', { processed: view.processed })
      : view.phase === 'applying'
        ? t('import.applying', { processed: view.processed, total: view.total })
        : t('import.doneRows', { total: view.total });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      <Space wrap>
        <Typography.Text strong>{imp.fileName}</Typography.Text>
        <Tag color={STATUS_COLORS[imp.status]} data-testid="import-status">
          {label('ImportStatus', imp.status)}
        </Tag>
        <Typography.Text type="secondary">{label('ImportMode', imp.mode)}</Typography.Text>
      </Space>
      <div>
        <Progress percent={view.percent} status={view.status} aria-label={text} />
        <Typography.Text type="secondary" data-testid="import-progress">
          {text}
        </Typography.Text>
      </div>
      {imp.finished && (
        <Typography.Text>
          {t('import.summary', {
            inserted: imp.inserted,
            updated: imp.updated,
            unchanged: imp.unchanged,
            errors: imp.errorCount,
          })}
        </Typography.Text>
      )}
      {imp.failure && <Alert type="error" showIcon title={imp.failure} />}
      {imp.finished && imp.errors.length > 0 && (
        <div>
          <Typography.Text strong>{t('import.errorsTitle', { count: imp.errorCount })}</Typography.Text>
          {imp.errorCount > imp.errors.length && (
            <Typography.Text type="secondary"> {t('import.errorsTruncated', { shown: imp.errors.length })}</Typography.Text>
          )}
          <Table
            style={{ marginTop: 8 }}
            size="small"
            rowKey="key"
            dataSource={imp.errors.map((e, i) => ({ ...e, key: i }))}
            pagination={imp.errors.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
            columns={[
              {
                key: 'line',
                title: t('import.line'),
                width: 80,
                render: (_, e) => (e.line === 0 ? t('import.wholeFile') : e.line),
              },
              { key: 'column', title: t('import.column'), width: 120, render: (_, e) => e.column || t('import.wholeRow') },
              { key: 'message', title: t('import.message'), dataIndex: 'message' },
            ]}
          />
        </div>
      )}
    </Space>
  );
}

interface ImportForm {
  file?: UploadFile[];
  mode: ImportMode;
}

export function ImportMembersModal({
  groupId,
  open,
  onClose,
  onImported,
}: {
  groupId: string;
  open: boolean;
  onClose: () => void;
  onImported: () => void;
}) {
  const { t, i18n } = useTranslation('groups');
  const options = useEnumOptions();
  const [form] = Form.useForm<ImportForm>();
  const [start, starting] = useAction(GroupImportMembersDocument);
  const [started, setStarted] = useState<GroupMemberImportFieldsFragment | null>(null);
  const importId = started?.id ?? null;
  const [polled, refetch] = useQuery({
    query: GroupMemberImportDocument,
    variables: { id: importId ?? '' },
    pause: !importId,
    requestPolicy: 'network-only',
  });
  const current = (importId && polled.data?.memberImport?.id === importId ? polled.data.memberImport : null) ?? started;
  const finished = !!current?.finished;

  useEffect(() => {
    if (!importId || finished || !open) return;
    const h = setInterval(() => refetch({ requestPolicy: 'network-only' }), POLL_MS);
    return () => clearInterval(h);
  }, [importId, finished, open, refetch]);

  const reported = useRef<string | null>(null);
  useEffect(() => {
    if (importId && finished && reported.current !== importId) {
      reported.current = importId;
      onImported();
    }
  }, [importId, finished, onImported]);

  async function submit(v: ImportForm) {
    const file = v.file?.[0]?.originFileObj;
    if (!file) return;
    const payload = await start({ input: { groupId, mode: v.mode, file } }, { form });
    if (payload?.import) setStarted(payload.import);
  }

  function reset() {
    setStarted(null);
    form.resetFields();
  }

  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  return (
    <Modal
      open={open}
      title={t('import.title')}
      width={760}
      onCancel={onClose}
      afterClose={reset}
      mask={{ closable: false }}
      forceRender
      footer={
        current ? (
          <Space>
            {finished && <Button onClick={reset}>{t('import.again')}</Button>}
            <Button type="primary" onClick={onClose}>
              {t('import.close')}
            </Button>
          </Space>
        ) : (
          <Space>
            <Button onClick={onClose}>{t('common:cancel')}</Button>
            <Button type="primary" loading={starting} onClick={() => form.submit()}>
              {t('import.start')}
            </Button>
          </Space>
        )
      }
    >
      {current ? (
        <ImportReport imp={current} />
      ) : (
        <Form<ImportForm> form={form} name="memberImport" layout="vertical" initialValues={{ mode: 'ALL_OR_NOTHING' }} onFinish={submit}>
          <Alert type="info" showIcon title={t('import.hint')} style={{ marginBottom: 16 }} />
          <Form.Item
            name="file"
            label={t('import.file')}
            valuePropName="fileList"
            getValueFromEvent={(e: { fileList: UploadFile[] }) => e?.fileList?.slice(-1)}
            rules={[{ required: true, type: 'array', min: 1, message: t('import.fileRequired') }]}
          >
            <Upload accept=".csv,text/csv" maxCount={1} beforeUpload={() => false}>
              <Button icon={<UploadOutlined />}>{t('import.choose')}</Button>
            </Upload>
          </Form.Item>
          <Form.Item name="mode" label={t('import.mode')}>
            <Radio.Group options={options('ImportMode')} aria-label={t('import.mode')} />
          </Form.Item>
          <Button icon={<DownloadOutlined />} onClick={() => downloadTemplate(lang, t('import.templateName'))}>
            {t('import.template')}
          </Button>
        </Form>
      )}
    </Modal>
  );
}
