// Pieces every adjustment screen shares: the amount (退费 / 补收), the stage tag, the list card,
// the adjustment's facts, its evidence (opened on demand), the member's recent bills and the
// account's other adjustments; and the approver's panel of a BILLING_ADJUSTMENT request.
import { DownloadOutlined, EyeOutlined, FilePdfOutlined, FileImageOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Empty, Flex, Form, List, Modal, Row, Space, Tag, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useClient, useQuery } from 'urql';
import { Bars } from '../../components/Bars';
import { base64Blob, pdfBlob, saveBlob, showBlob } from '../../components/files';
import { formatDateTime } from '../../components/format';
import { Money } from '../../components/Money';
import { QueryState } from '../../components/QueryState';
import {
  type AdjustmentDetailFragment,
  type AdjustmentEvidenceFileFragment,
  type AdjustmentRowFragment,
  type AdjustmentStatus,
  BillingAdjustmentEvidenceDocument,
  BillingAdjustmentOfRequestDocument,
} from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { EVIDENCE_ACCEPT, STATUS_COLORS, amountSide, dataUrl, evidenceCountProblem, evidenceProblem, fileSize, isImage } from './logic';
import './i18n';

export const adjustmentPath = (id: string) => `/adjustments/${encodeURIComponent(id)}`;

export function AdjustmentStatusTag({ status }: { status: AdjustmentStatus }) {
  const label = useEnumLabel();
  return <Tag color={STATUS_COLORS[status]}>{label('AdjustmentStatus', status)}</Tag>;
}

/** 退费 ¥120.00 (a refund, green) or 补收 ¥35.00 (a back-charge, orange). */
export function AdjustmentAmount({ amount, strong }: { amount: string; strong?: boolean }) {
  const { t } = useTranslation('billing');
  const { direction, size } = amountSide(amount);
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <Tag color={direction === 'refund' ? 'green' : 'orange'} style={{ marginInlineEnd: 4 }}>
        {t(direction)}
      </Tag>
      <Money value={size} strong={strong} />
    </span>
  );
}

/** One adjustment in a list: number, stage and amount; the customer and account; month and cause. */
export function AdjustmentCard({ adjustment: a }: { adjustment: AdjustmentRowFragment }) {
  const { t } = useTranslation('billing');
  const label = useEnumLabel();
  return (
    <Card size="small" data-testid="adjustment-card" style={{ marginBottom: 8 }}>
      <Flex wrap gap={8} align="center" style={{ marginBottom: 4 }}>
        <Link to={adjustmentPath(a.id)} style={{ fontWeight: 600 }}>
          {a.code}
        </Link>
        <AdjustmentStatusTag status={a.status} />
        <AdjustmentAmount amount={a.amount} strong />
      </Flex>
      <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
        {a.customerName}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ overflowWrap: 'anywhere' }}>
        {' · '}
        {t('field.account')}
        {t('common:sep')}
        {a.accountNo}
        {a.memberName ? ` · ${a.memberName}` : ''}
      </Typography.Text>
      <div style={{ overflowWrap: 'anywhere' }}>
        {t('field.month')}
        {t('common:sep')}
        {a.month} · {label('AdjustmentCause', a.cause)}
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('field.requester')}
        {t('common:sep')}
        {a.requester?.displayName ?? '—'}
        {a.department ? ` · ${a.department.name}` : ''} · {formatDateTime(a.createdAt)}
      </Typography.Text>
    </Card>
  );
}

const who = (u: { displayName: string } | null | undefined, at: string | null | undefined) =>
  `${u?.displayName ?? '—'} · ${formatDateTime(at)}`;

/** Everything asked and done on an adjustment. */
export function AdjustmentFacts({ adjustment: a }: { adjustment: AdjustmentDetailFragment }) {
  const { t } = useTranslation('billing');
  const label = useEnumLabel();
  const text = (s: string) => <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{s}</span>;
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, sm: 2 }}
      items={[
        {
          key: 'customer',
          label: t('field.customer'),
          children: a.group ? <Link to={`/groups/${encodeURIComponent(a.group.id)}`}>{a.customerName}</Link> : a.customerName,
        },
        { key: 'account', label: t('field.account'), children: a.accountNo },
        ...(a.memberName ? [{ key: 'member', label: t('field.member'), children: a.memberName }] : []),
        { key: 'month', label: t('field.month'), children: a.month },
        { key: 'amount', label: t('field.amount'), children: <AdjustmentAmount amount={a.amount} strong /> },
        { key: 'accumulated', label: t('field.accumulated'), children: <Money value={a.accumulated} /> },
        { key: 'cause', label: t('field.cause'), children: label('AdjustmentCause', a.cause) },
        { key: 'status', label: t('field.status'), children: <AdjustmentStatusTag status={a.status} /> },
        { key: 'causeText', label: t('field.causeText'), span: 'filled' as const, children: text(a.causeText) },
        { key: 'rectification', label: t('field.rectification'), span: 'filled' as const, children: text(a.rectification) },
        { key: 'requester', label: t('field.requester'), children: a.requester?.displayName ?? '—' },
        { key: 'department', label: t('field.department'), children: a.department?.name ?? '—' },
        { key: 'created', label: t('field.createdAt'), children: formatDateTime(a.createdAt) },
        ...(a.billingReference ? [{ key: 'reference', label: t('field.reference'), children: a.billingReference }] : []),
        ...(a.executedAt ? [{ key: 'executed', label: t('field.executed'), children: who(a.executedBy, a.executedAt) }] : []),
        ...(a.checkedAt ? [{ key: 'checked', label: t('field.checked'), children: who(a.checkedBy, a.checkedAt) }] : []),
        ...(a.auditedAt ? [{ key: 'audited', label: t('field.audited'), children: who(a.auditedBy, a.auditedAt) }] : []),
        ...(a.stageNote ? [{ key: 'note', label: t('field.stageNote'), span: 'filled' as const, children: text(a.stageNote) }] : []),
      ]}
    />
  );
}

/**
 * The evidence files with their open and download buttons. The content comes only when a file is
 * opened: a PDF opens in the browser's viewer (its tab opened during the click), an image in a
 * preview.
 */
export function EvidenceList({ adjustmentId, files }: { adjustmentId: string; files: readonly AdjustmentEvidenceFileFragment[] }) {
  const client = useClient();
  async function load(fileId: string) {
    const r = await client.query(BillingAdjustmentEvidenceDocument, { id: adjustmentId, fileId }).toPromise();
    const node = r.data?.node;
    return node && 'evidenceFile' in node ? (node.evidenceFile ?? null) : null;
  }
  return <FileList files={files} load={load} />;
}

/** An uploaded file's content, as the API sends it one file at a time. */
export interface FileContent {
  fileName: string;
  contentType: string;
  contentBase64: string;
}

/** Uploaded files (evidence, a report's attachments) with open and download buttons; `load` fetches one's content. */
export function FileList({ files, load }: { files: readonly AdjustmentEvidenceFileFragment[]; load: (fileId: string) => Promise<FileContent | null> }) {
  const { t } = useTranslation('billing');
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ name: string; url: string; type: string; base64: string } | null>(null);

  const content = (file: AdjustmentEvidenceFileFragment) => load(file.id);

  async function run(file: AdjustmentEvidenceFileFragment, how: 'open' | 'save', index: number) {
    setBusy(`${how}-${index}`);
    // A PDF's tab is opened now, while the click counts as the user's (see `showBlob`).
    const tab = how === 'open' && !isImage(file.contentType) ? window.open('about:blank', '_blank') : null;
    try {
      const c = await content(file);
      if (!c) {
        tab?.close();
        message.error(t('evidence.failed'));
        return;
      }
      if (how === 'save') saveBlob(base64Blob(c.contentBase64, c.contentType), c.fileName);
      else if (isImage(c.contentType))
        setPreview({ name: c.fileName, url: dataUrl(c.contentType, c.contentBase64), type: c.contentType, base64: c.contentBase64 });
      else showBlob(tab, pdfBlob(c.contentBase64), c.fileName);
    } catch {
      tab?.close();
      message.error(t('evidence.failed'));
    } finally {
      setBusy(null);
    }
  }

  if (files.length === 0) return <Typography.Text type="secondary">{t('evidence.none')}</Typography.Text>;
  return (
    <>
      <List
        size="small"
        dataSource={[...files]}
        renderItem={(f, i) => (
          <List.Item key={`${f.sha256}-${i}`} data-testid="evidence-file">
            <Flex wrap gap={8} align="center" justify="space-between" style={{ width: '100%' }}>
              <Space size={6} style={{ minWidth: 0 }}>
                {isImage(f.contentType) ? <FileImageOutlined /> : <FilePdfOutlined />}
                <Typography.Text style={{ overflowWrap: 'anywhere' }}>{f.fileName}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                  {fileSize(f.size)}
                </Typography.Text>
              </Space>
              <Space size={4}>
                <Button size="small" icon={<EyeOutlined />} loading={busy === `open-${i}`} onClick={() => run(f, 'open', i)}>
                  {t('evidence.open')}
                </Button>
                <Button
                  size="small"
                  icon={<DownloadOutlined />}
                  loading={busy === `save-${i}`}
                  onClick={() => run(f, 'save', i)}
                  aria-label={`${t('evidence.download')} ${f.fileName}`}
                >
                  {t('evidence.download')}
                </Button>
              </Space>
            </Flex>
          </List.Item>
        )}
      />
      <Modal
        open={!!preview}
        title={preview?.name}
        onCancel={() => setPreview(null)}
        footer={
          preview && (
            <Button icon={<DownloadOutlined />} onClick={() => saveBlob(base64Blob(preview.base64, preview.type), preview.name)}>
              {t('evidence.download')}
            </Button>
          )
        }
        width={900}
        destroyOnHidden
      >
        {preview && <img src={preview.url} alt={preview.name} style={{ maxWidth: '100%', display: 'block', margin: '0 auto' }} />}
      </Modal>
    </>
  );
}

/** The member's recent bills, newest first, as bars. */
export function RecentBills({ bills }: { bills: AdjustmentDetailFragment['recentBills'] }) {
  const { t } = useTranslation('billing');
  if (bills.length === 0) return <Typography.Text type="secondary">{t('bills.none')}</Typography.Text>;
  return (
    <Bars
      testId="recent-bills"
      rows={bills.map((b) => ({ key: b.month, label: b.month, value: Number(b.amount), text: <Money value={b.amount} /> }))}
    />
  );
}

/** The account's other adjustments, newest first. */
export function PreviousAdjustments({ list }: { list: AdjustmentDetailFragment['previousAdjustments'] }) {
  const { t } = useTranslation('billing');
  const label = useEnumLabel();
  if (list.length === 0) return <Typography.Text type="secondary">{t('previous.none')}</Typography.Text>;
  return (
    <List
      size="small"
      data-testid="previous-adjustments"
      dataSource={[...list]}
      renderItem={(p) => (
        <List.Item key={p.id}>
          <Flex wrap gap={6} align="center">
            <Link to={adjustmentPath(p.id)}>{p.code}</Link>
            <span>{p.month}</span>
            <AdjustmentAmount amount={p.amount} />
            <span>{label('AdjustmentCause', p.cause)}</span>
            <AdjustmentStatusTag status={p.status} />
          </Flex>
        </List.Item>
      )}
    />
  );
}

/** The facts, the evidence, the bills and the account's history: what an approver or billing weighs. */
export function AdjustmentSections({ adjustment: a }: { adjustment: AdjustmentDetailFragment }) {
  const { t } = useTranslation('billing');
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <AdjustmentFacts adjustment={a} />
      <div>
        <Typography.Title level={5}>{t('field.evidence')}</Typography.Title>
        <EvidenceList adjustmentId={a.id} files={a.evidence} />
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Typography.Title level={5}>{t('field.recentBills')}</Typography.Title>
          <RecentBills bills={a.recentBills} />
        </Col>
        <Col xs={24} lg={12}>
          <Typography.Title level={5}>{t('field.previous')}</Typography.Title>
          <PreviousAdjustments list={a.previousAdjustments} />
        </Col>
      </Row>
    </Space>
  );
}

/** The approver's view of a BILLING_ADJUSTMENT request: the adjustment it decides, with a link to it. */
export function AdjustmentContext({ requestId }: { requestId: string }) {
  const { t } = useTranslation('billing');
  const [result, reexecute] = useQuery({ query: BillingAdjustmentOfRequestDocument, variables: { id: requestId } });
  const node = result.data?.node;
  const a = node && 'billingAdjustment' in node ? node.billingAdjustment : null;
  return (
    <Card
      size="small"
      title={a ? `${t('detail.context')} ${a.code}` : t('detail.context')}
      extra={a && <Link to={adjustmentPath(a.id)}>{t('detail.open')}</Link>}
      style={{ marginTop: 16 }}
      data-testid="adjustment-context"
    >
      <QueryState result={result} onRetry={() => reexecute({ requestPolicy: 'network-only' })}>
        {() => (a ? <AdjustmentSections adjustment={a} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />)}
      </QueryState>
    </Card>
  );
}

const fileOf = (f: UploadFile) => ({ name: f.name, type: f.type, size: f.size });

/**
 * The form field of PDFs and images to upload with a request: each file is checked as it is
 * chosen (its type and size; a wrong one is marked red), and their number (at least one when
 * `required`). The files go with the form when it is sent.
 */
export function FilesField({ name, label, extra, choose, required }: { name: string; label: string; extra: string; choose: string; required: boolean }) {
  const { t } = useTranslation('billing');
  return (
    <Form.Item
      name={name}
      label={label}
      extra={extra}
      valuePropName="fileList"
      getValueFromEvent={(e: { fileList: UploadFile[] }) =>
        (e?.fileList ?? []).map((f) => ({ ...f, status: evidenceProblem(fileOf(f)) ? ('error' as const) : ('done' as const) }))
      }
      rules={[
        {
          validator: async (_, list: UploadFile[] | undefined) => {
            const files = list ?? [];
            const count = evidenceCountProblem(files.length);
            if (count === 'tooMany' || (count === 'none' && required)) throw new Error(t(count === 'none' ? 'form.evidenceNone' : 'form.evidenceTooMany'));
            const bad = files.flatMap((f) => {
              const p = evidenceProblem(fileOf(f));
              return p ? [`${f.name}${t('common:sep')}${t(p === 'type' ? 'form.evidenceType' : 'form.evidenceSize')}`] : [];
            });
            if (bad.length) throw new Error(bad.join('；'));
          },
        },
      ]}
    >
      <Upload accept={EVIDENCE_ACCEPT} multiple beforeUpload={() => false}>
        <Button icon={<UploadOutlined />}>{choose}</Button>
      </Upload>
    </Form.Item>
  );
}
