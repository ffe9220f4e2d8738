// 联系人 (关键人): the people we deal with in the group; add, edit, archive, restore.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, DatePicker, Flex, Form, Input, Modal, Popconfirm, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { QueryState } from '../../components/QueryState';
import { useAction } from '../../components/useAction';
import {
  GroupContactArchiveDocument,
  GroupContactCreateDocument,
  GroupContactRestoreDocument,
  GroupContactUpdateDocument,
  GroupContactsDocument,
  type GroupContactFieldsFragment,
} from '../../gql/graphql';
import { useEnumLabel, useEnumOptions } from '../../i18n/enums';
import { useTextRules } from './GroupForm';
import { contactFormToFields, contactToFormValues, plausiblePhone, type ContactFormValues } from './logic';

const CONTEXT = { additionalTypenames: ['Contact'] };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function ContactsTab({ groupId, writable }: { groupId: string; writable: boolean }) {
  const { t } = useTranslation('groups');
  const label = useEnumLabel();
  const [archived, setArchived] = useState(false);
  const [result, reexecute] = useQuery({ query: GroupContactsDocument, variables: { id: groupId, archived }, context: CONTEXT });
  const [editing, setEditing] = useState<GroupContactFieldsFragment | 'new' | null>(null);
  const [archive] = useAction(GroupContactArchiveDocument);
  const [restore] = useAction(GroupContactRestoreDocument);

  const columns: ColumnsType<GroupContactFieldsFragment> = [
    {
      key: 'name',
      title: t('contacts.name'),
      render: (_, c) => (
        <Space size={4}>
          <Typography.Text strong>{c.name}</Typography.Text>
          {c.archivedAt && <Tag>{t('contacts.archivedTag')}</Tag>}
        </Space>
      ),
    },
    { key: 'title', title: t('contacts.title'), render: (_, c) => c.title ?? '—' },
    {
      key: 'role',
      title: t('contacts.role'),
      width: 110,
      render: (_, c) => <Tag color={c.role === 'DECISION_MAKER' ? 'red' : undefined}>{label('ContactRole', c.role)}</Tag>,
    },
    { key: 'phones', title: t('contacts.phones'), render: (_, c) => (c.phones.length ? c.phones.join('、') : '—') },
    { key: 'email', title: t('contacts.email'), render: (_, c) => c.email ?? '—' },
    { key: 'birthday', title: t('contacts.birthday'), width: 110, render: (_, c) => c.birthday ?? '—' },
    {
      key: 'preferences',
      title: t('contacts.preferences'),
      ellipsis: true,
      render: (_, c) => c.preferences ?? '—',
    },
  ];
  if (writable) {
    columns.push({
      key: 'actions',
      title: t('common:actions'),
      width: 130,
      render: (_, c) =>
        c.archivedAt ? (
          <Button size="small" onClick={() => restore({ input: { id: c.id, expectedVersion: c.version } })}>
            {t('contacts.restore')}
          </Button>
        ) : (
          <Space size={4}>
            <Button size="small" type="link" onClick={() => setEditing(c)}>
              {t('contacts.edit')}
            </Button>
            <Popconfirm
              title={t('contacts.archiveConfirm', { name: c.name })}
              okText={t('common:confirm')}
              cancelText={t('common:cancel')}
              onConfirm={() => archive({ input: { id: c.id, expectedVersion: c.version } })}
            >
              <Button size="small" type="link" danger>
                {t('contacts.archive')}
              </Button>
            </Popconfirm>
          </Space>
        ),
    });
  }

  return (
    <div>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Space size={4}>
          <Switch size="small" checked={archived} onChange={setArchived} aria-label={t('contacts.showArchived')} />
          <Typography.Text>{t('contacts.showArchived')}</Typography.Text>
        </Space>
        {writable && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('contacts.add')}
          </Button>
        )}
      </Flex>
      <QueryState
        result={result}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        isEmpty={(d) => (d.group?.contacts.length ?? 0) === 0}
        emptyText={t('contacts.empty')}
      >
        {(d) => (
          <Table<GroupContactFieldsFragment>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={d.group?.contacts ?? []}
            pagination={false}
            scroll={{ x: 900 }}
            expandable={{
              rowExpandable: (c) => !!c.notes,
              expandedRowRender: (c) => (
                <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
                  {t('contacts.notes')}：{c.notes}
                </Typography.Paragraph>
              ),
            }}
          />
        )}
      </QueryState>
      <ContactModal groupId={groupId} editing={editing} onClose={() => setEditing(null)} />
    </div>
  );
}

function ContactModal({
  groupId,
  editing,
  onClose,
}: {
  groupId: string;
  editing: GroupContactFieldsFragment | 'new' | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('groups');
  const options = useEnumOptions();
  const rules = useTextRules();
  const [form] = Form.useForm<ContactFormValues>();
  const [create, creating] = useAction(GroupContactCreateDocument);
  const [update, updating] = useAction(GroupContactUpdateDocument);
  const existing = editing && editing !== 'new' ? editing : null;

  useEffect(() => {
    if (!editing) return;
    form.resetFields();
    form.setFieldsValue(existing ? contactToFormValues(existing) : { role: 'LIAISON', phones: [''] });
  }, [editing, existing, form]);

  async function submit(v: ContactFormValues) {
    const opts = { form, strip: ['fields'], success: t('contacts.saved') };
    const fields = contactFormToFields(v);
    const ok = existing
      ? await update({ input: { id: existing.id, expectedVersion: existing.version, fields } }, opts)
      : await create({ input: { groupId, fields } }, opts);
    if (ok) onClose();
  }

  const today = dayjs().endOf('day');
  return (
    <Modal
      open={!!editing}
      title={existing ? t('contacts.editTitle') : t('contacts.createTitle')}
      okText={t('common:save')}
      cancelText={t('common:cancel')}
      confirmLoading={creating || updating}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
      mask={{ closable: false }}
      width={640}
    >
      <Form<ContactFormValues> form={form} name="contact" layout="vertical" onFinish={submit}>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="name" label={t('contacts.name')} rules={rules.required(100)}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="title" label={t('contacts.title')} rules={rules.optional(100)}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="role" label={t('contacts.role')} rules={[{ required: true, message: t('common:required') }]}>
              <Select options={options('ContactRole')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="birthday" label={t('contacts.birthday')}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(today) || d.year() < 1900} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Typography.Text>{t('contacts.phones')}</Typography.Text>
            <Form.List
              name="phones"
              rules={[
                {
                  validator: async (_, v: string[] | undefined) => {
                    if ((v ?? []).filter((p) => p && p.trim()).length > 5) throw new Error(t('contacts.maxPhones'));
                  },
                },
              ]}
            >
              {(fields, { add, remove }, { errors }) => (
                <div style={{ marginTop: 8 }}>
                  {fields.map((f, i) => (
                    <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                      <Form.Item
                        name={f.name}
                        rules={[
                          {
                            validator: async (_, v: string | undefined) => {
                              if (v && v.trim() && !plausiblePhone(v)) throw new Error(t('members.phoneInvalid'));
                            },
                          },
                        ]}
                      >
                        <Input
                          inputMode="tel"
                          style={{ width: 260 }}
                          aria-label={`${t('contacts.phones')} ${i + 1}`}
                          placeholder="13812345678 / 020-87654321"
                        />
                      </Form.Item>
                      {fields.length > 1 && (
                        <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('common:cancel')} />
                      )}
                    </Space>
                  ))}
                  {fields.length < 5 && (
                    <Button size="small" icon={<PlusOutlined />} onClick={() => add('')}>
                      {t('contacts.addPhone')}
                    </Button>
                  )}
                  <Form.ErrorList errors={errors} />
                </div>
              )}
            </Form.List>
          </Col>
          <Col span={24} style={{ marginTop: 12 }}>
            <Form.Item
              name="email"
              label={t('contacts.email')}
              rules={[
                { max: 255, message: t('form.tooLong', { max: 255 }) },
                {
                  validator: async (_, v: string | undefined) => {
                    if (v && v.trim() && !EMAIL.test(v.trim())) throw new Error(t('contacts.emailInvalid'));
                  },
                },
              ]}
            >
              <Input inputMode="email" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="preferences" label={t('contacts.preferences')} rules={rules.optional(1000)}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="notes" label={t('contacts.notes')} rules={rules.optional(2000)}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
