// A case as a card (with its author's edit), the case dialog (publish or edit), and a deal's
// stage summaries with the way to publish it as a case (the proposal page's tab).
import { Alert, Button, Card, Descriptions, Flex, Form, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useClient, useQuery } from 'urql';
import { FormModal } from '../../components/FormModal';
import { QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../components/format';
import { useFieldRules } from '../../components/rules';
import { useAction } from '../../components/useAction';
import {
  AddStageSummaryDocument,
  EditWorkCaseDocument,
  ProjectStoryDocument,
  PublishWorkCaseDocument,
  StageSummaryDraftDocument,
  type WorkCaseFieldsFragment,
} from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import './i18n';

interface CaseValues {
  title: string;
  customerLabel: string;
  challenge: string;
  solution: string;
  result: string;
}

const trimmed = (v: CaseValues): CaseValues => ({
  title: v.title.trim(),
  customerLabel: v.customerLabel.trim(),
  challenge: v.challenge.trim(),
  solution: v.solution.trim(),
  result: v.result.trim(),
});

/** Publishing a deal as a case (`proposalId`), or its author editing one (`edit`). */
function CaseDialog({
  open,
  proposalId,
  edit,
  onClose,
  onDone,
}: {
  open: boolean;
  proposalId?: string;
  edit?: WorkCaseFieldsFragment;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation('cases');
  const rules = useFieldRules('cases');
  const [form] = Form.useForm<CaseValues>();
  const [publish, publishing] = useAction(PublishWorkCaseDocument);
  const [change, changing] = useAction(EditWorkCaseDocument);
  return (
    <FormModal<CaseValues>
      open={open}
      title={edit ? t('editTitle') : t('story.publishTitle')}
      okText={edit ? t('edit') : t('story.publish')}
      busy={publishing || changing}
      form={form}
      width={640}
      initialValues={edit ?? undefined}
      onClose={onClose}
      onDone={onDone}
      onSubmit={async (v) => {
        const r = edit
          ? await change({ input: { id: edit.id, expectedVersion: edit.version, case: trimmed(v) } }, { form, strip: ['case'], success: t('saved'), onConflict: onDone })
          : await publish({ input: { proposalId: proposalId ?? '', case: trimmed(v) } }, { form, strip: ['case'], success: t('story.published') });
        return !!r?.workCase;
      }}
    >
      <Form.Item name="title" label={t('field.title')} rules={rules.required(100)}>
        <Input maxLength={100} aria-label={t('field.title')} />
      </Form.Item>
      <Form.Item name="customerLabel" label={t('field.customerLabel')} rules={rules.required(100)}>
        <Input maxLength={100} placeholder={t('placeholder.customerLabel')} aria-label={t('field.customerLabel')} />
      </Form.Item>
      {(['challenge', 'solution', 'result'] as const).map((k) => (
        <Form.Item key={k} name={k} label={t(`field.${k}`)} rules={rules.required(2000)}>
          <Input.TextArea rows={3} maxLength={2000} showCount aria-label={t(`field.${k}`)} />
        </Form.Item>
      ))}
    </FormModal>
  );
}

/** A case: its customer and industry, what was sold, the three parts of the story. */
export function CaseCard({ c, onChanged }: { c: WorkCaseFieldsFragment; onChanged: () => void }) {
  const { t } = useTranslation('cases');
  const [editing, setEditing] = useState(false);
  return (
    <Card size="small" data-testid="work-case" style={{ marginBottom: 8 }}>
      <Flex wrap gap={8} align="center" style={{ marginBottom: 4 }}>
        <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
          {c.title}
        </Typography.Text>
        <Tag>{c.industry}</Tag>
        <Typography.Text type="secondary">{c.customerLabel}</Typography.Text>
        {c.canEdit && (
          <Button size="small" onClick={() => setEditing(true)}>
            {t('edit')}
          </Button>
        )}
      </Flex>
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'products', label: t('field.products'), children: c.products },
          { key: 'challenge', label: t('field.challenge'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{c.challenge}</span> },
          { key: 'solution', label: t('field.solution'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{c.solution}</span> },
          { key: 'result', label: t('field.result'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{c.result}</span> },
          {
            key: 'author',
            label: t('field.author'),
            children: (
              <Space wrap size={8}>
                {`${c.author?.displayName ?? '—'} · ${formatDateTime(c.createdAt)}`}
                {c.group && <Link to={`/groups/${encodeURIComponent(c.group.id)}`}>{t('openGroup')}</Link>}
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <CaseDialog
          open
          edit={c}
          onClose={() => setEditing(false)}
          onDone={() => {
            setEditing(false);
            onChanged();
          }}
        />
      )}
    </Card>
  );
}

/** A deal's stage summaries, writing one from the system's draft, and publishing the deal as a case. */
export function ProjectStory({ proposalId }: { proposalId: string }) {
  const { t } = useTranslation('cases');
  const label = useEnumLabel();
  const rules = useFieldRules('cases');
  const client = useClient();
  const [result, reexecute] = useQuery({ query: ProjectStoryDocument, variables: { id: proposalId } });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const [add, adding] = useAction(AddStageSummaryDocument);
  // The system's draft while the summary is being written; null when the dialog is closed.
  const [draft, setDraft] = useState<string | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [form] = Form.useForm<{ text: string }>();
  async function startWriting() {
    const r = await client.query(StageSummaryDraftDocument, { id: proposalId }, { requestPolicy: 'network-only' }).toPromise();
    setDraft(r.data?.stageSummaryDraft ?? '');
  }
  return (
    <QueryState result={result} onRetry={refresh}>
      {(d) => {
        const p = d.node && 'stageSummaries' in d.node ? d.node : null;
        if (!p) return null;
        return (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Typography.Text type="secondary">{t('story.intro')}</Typography.Text>
            <Flex wrap gap={8}>
              <Button onClick={() => void startWriting()}>{t('story.add')}</Button>
              {p.canPublishCase && (
                <Button type="primary" onClick={() => setPublishing(true)}>
                  {t('story.publish')}
                </Button>
              )}
            </Flex>
            {p.workCase ? (
              <>
                <Alert type="success" showIcon title={t('story.isCase', { title: p.workCase.title })} />
                <CaseCard c={p.workCase} onChanged={refresh} />
              </>
            ) : (
              !p.canPublishCase && <Typography.Text type="secondary">{t('story.notYet')}</Typography.Text>
            )}
            {p.stageSummaries.length === 0 ? (
              <Typography.Text type="secondary">{t('story.none')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={[...p.stageSummaries].reverse()}
                renderItem={(s, i) => (
                  <List.Item key={i} data-testid="stage-summary">
                    <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                      <Space wrap size={6}>
                        <Tag color="blue">{t('story.at', { stage: label('Stage', s.stage) })}</Tag>
                        <Typography.Text type="secondary">
                          {s.author?.displayName} · {formatDateTime(s.createdAt)}
                        </Typography.Text>
                      </Space>
                      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{s.text}</Typography.Paragraph>
                    </Space>
                  </List.Item>
                )}
              />
            )}
            <FormModal<{ text: string }>
              open={draft !== null}
              title={t('story.addTitle')}
              busy={adding}
              form={form}
              initialValues={{ text: draft ?? '' }}
              onClose={() => setDraft(null)}
              onDone={() => {
                setDraft(null);
                refresh();
              }}
              onSubmit={async (v) => {
                const r = await add({ input: { proposalId, text: v.text.trim() } }, { form, success: t('story.added') });
                return !!r?.summary;
              }}
            >
              <Form.Item name="text" label={t('story.text')} rules={rules.required(2000)}>
                <Input.TextArea rows={10} maxLength={2000} showCount aria-label={t('story.text')} />
              </Form.Item>
            </FormModal>
            <CaseDialog
              open={publishing}
              proposalId={proposalId}
              onClose={() => setPublishing(false)}
              onDone={() => {
                setPublishing(false);
                refresh();
              }}
            />
          </Space>
        );
      }}
    </QueryState>
  );
}
