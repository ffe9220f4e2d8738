// 成员: the group's members, paginated and filtered; add, edit, change line state, archive;
// bulk import from CSV.
import { PlusOutlined, StarFilled, UploadOutlined } from '@ant-design/icons';
import {
  Button,
  Checkbox,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { Money } from '../../components/Money';
import { Pager, useCursorPager } from '../../components/Pager';
import { QueryState } from '../../components/QueryState';
import { useAction } from '../../components/useAction';
import {
  GroupMemberArchiveDocument,
  GroupMemberCreateDocument,
  GroupMemberRestoreDocument,
  GroupMemberSetStatusDocument,
  GroupMemberUpdateDocument,
  GroupMembersDocument,
  type GroupMemberFieldsFragment,
} from '../../gql/graphql';
import { useEnumLabel, useEnumOptions } from '../../i18n/enums';
import { ImportMembersModal } from './ImportMembers';
import { useTextRules } from './GroupForm';
import {
  dateToPicker,
  memberFilterToVariables,
  memberFormToFields,
  plausiblePhone,
  type MemberFilterState,
  type MemberFormValues,
} from './logic';

const CONTEXT = { additionalTypenames: ['Member'] };
const MEMBER_STATUS_COLORS: Record<string, string> = {
  ACTIVE: 'green',
  SUSPENDED: 'orange',
  FORWARDED: 'blue',
  PENDING_CLOSE: 'volcano',
  CLOSED: 'default',
};

export function MembersTab({ groupId, writable }: { groupId: string; writable: boolean }) {
  const { t } = useTranslation('groups');
  const label = useEnumLabel();
  const options = useEnumOptions();
  const [filter, setFilter] = useState<MemberFilterState>({ search: '', archived: false });
  const pager = useCursorPager(20);
  const variables = useMemo(
    () => ({ id: groupId, filter: memberFilterToVariables(filter), ...pager.variables }),
    [groupId, filter, pager.variables],
  );
  const [result, reexecute] = useQuery({ query: GroupMembersDocument, variables, context: CONTEXT });
  const [editing, setEditing] = useState<GroupMemberFieldsFragment | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const [archive] = useAction(GroupMemberArchiveDocument);
  const [restore] = useAction(GroupMemberRestoreDocument);

  function change(patch: Partial<MemberFilterState>) {
    setFilter((f) => ({ ...f, ...patch }));
    pager.reset();
  }

  const columns: ColumnsType<GroupMemberFieldsFragment> = [
    {
      key: 'name',
      title: t('members.name'),
      render: (_, m) => (
        <Space size={4}>
          {m.name}
          {m.keyPerson && (
            <Tag color="gold" icon={<StarFilled />}>
              {t('members.keyPerson')}
            </Tag>
          )}
        </Space>
      ),
    },
    { key: 'phone', title: t('members.phone'), dataIndex: 'phone', width: 140 },
    { key: 'position', title: t('members.position'), render: (_, m) => m.position ?? '—' },
    { key: 'vip', title: t('members.vipLevel'), width: 90, render: (_, m) => label('VipLevel', m.vipLevel) },
    { key: 'carrier', title: t('members.carrier'), width: 130, render: (_, m) => label('Carrier', m.carrier) },
    {
      key: 'status',
      title: t('members.status'),
      width: 90,
      render: (_, m) => <Tag color={MEMBER_STATUS_COLORS[m.status]}>{label('MemberStatus', m.status)}</Tag>,
    },
    { key: 'band', title: t('members.valueBand'), width: 90, render: (_, m) => label('ValueBand', m.valueBand) },
    {
      key: 'arpu',
      title: t('members.arpu'),
      width: 120,
      align: 'right',
      render: (_, m) => (m.arpu ? <Money value={m.arpu} /> : '—'),
    },
    { key: 'birthday', title: t('members.birthday'), width: 110, render: (_, m) => m.birthday ?? '—' },
  ];
  if (writable) {
    columns.push({
      key: 'actions',
      title: t('common:actions'),
      width: 130,
      render: (_, m) =>
        m.archivedAt ? (
          <Button size="small" onClick={() => restore({ input: { id: m.id, expectedVersion: m.version } })}>
            {t('members.restore')}
          </Button>
        ) : (
          <Space size={4}>
            <Button size="small" type="link" onClick={() => setEditing(m)}>
              {t('members.edit')}
            </Button>
            <Popconfirm
              title={t('members.archiveConfirm', { name: m.name })}
              okText={t('common:confirm')}
              cancelText={t('common:cancel')}
              onConfirm={() => archive({ input: { id: m.id, expectedVersion: m.version } })}
            >
              <Button size="small" type="link" danger>
                {t('members.archive')}
              </Button>
            </Popconfirm>
          </Space>
        ),
    });
  }

  return (
    <div>
      <Flex wrap gap={8} align="center" justify="space-between" style={{ marginBottom: 12 }}>
        <Flex wrap gap={8} align="center">
          <Input.Search
            aria-label={t('members.searchLabel')}
            placeholder={t('members.searchPlaceholder')}
            allowClear
            enterButton={t('common:search')}
            onSearch={(v) => change({ search: v })}
            style={{ width: 260 }}
          />
          <Select
            aria-label={t('members.status')}
            placeholder={t('members.status')}
            allowClear
            style={{ width: 120 }}
            options={options('MemberStatus')}
            value={filter.status}
            onChange={(v) => change({ status: v })}
          />
          <Select
            aria-label={t('members.valueBand')}
            placeholder={t('members.valueBand')}
            allowClear
            style={{ width: 120 }}
            options={options('ValueBand')}
            value={filter.valueBand}
            onChange={(v) => change({ valueBand: v })}
          />
          <Select
            aria-label={t('members.keyPerson')}
            placeholder={t('members.keyPerson')}
            allowClear
            style={{ width: 130 }}
            value={filter.keyPerson === undefined ? undefined : filter.keyPerson ? 'yes' : 'no'}
            options={[
              { value: 'yes', label: t('members.keyOnly') },
              { value: 'no', label: t('members.others') },
            ]}
            onChange={(v) => change({ keyPerson: v === undefined ? undefined : v === 'yes' })}
          />
          <Space size={4}>
            <Switch
              size="small"
              checked={filter.archived}
              onChange={(v) => change({ archived: v })}
              aria-label={t('members.archived')}
            />
            <Typography.Text>{t('members.archived')}</Typography.Text>
          </Space>
        </Flex>
        {writable && (
          <Space>
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              {t('members.import')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('members.add')}
            </Button>
          </Space>
        )}
      </Flex>
      <QueryState
        result={result}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        isEmpty={(d) => (d.group?.members.nodes.length ?? 0) === 0 && pager.page === 1}
        emptyText={t('members.empty')}
      >
        {(d) => (
          <>
            <Table<GroupMemberFieldsFragment>
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={d.group?.members.nodes ?? []}
              pagination={false}
              loading={result.fetching}
              scroll={{ x: 1000 }}
            />
            <Flex justify="space-between" align="center">
              <Pager pager={pager} pageInfo={d.group?.members.pageInfo} />
              <Typography.Text type="secondary">
                {t('members.total', { count: d.group?.members.totalCount ?? 0 })}
              </Typography.Text>
            </Flex>
          </>
        )}
      </QueryState>
      <MemberModal groupId={groupId} editing={editing} onClose={() => setEditing(null)} />
      <ImportMembersModal
        groupId={groupId}
        open={importing}
        onClose={() => setImporting(false)}
        onImported={() => reexecute({ requestPolicy: 'network-only' })}
      />
    </div>
  );
}

function MemberModal({
  groupId,
  editing,
  onClose,
}: {
  groupId: string;
  editing: GroupMemberFieldsFragment | 'new' | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('groups');
  const options = useEnumOptions();
  const rules = useTextRules();
  const [form] = Form.useForm<MemberFormValues>();
  const [create, creating] = useAction(GroupMemberCreateDocument);
  const [update, updating] = useAction(GroupMemberUpdateDocument);
  const [setStatus, settingStatus] = useAction(GroupMemberSetStatusDocument);
  const existing = editing && editing !== 'new' ? editing : null;

  useEffect(() => {
    if (!editing) return;
    form.resetFields();
    form.setFieldsValue(
      existing
        ? {
            name: existing.name,
            phone: existing.phone,
            position: existing.position ?? undefined,
            keyPerson: existing.keyPerson,
            vipLevel: existing.vipLevel,
            carrier: existing.carrier,
            birthday: dateToPicker(existing.birthday),
            status: existing.status,
          }
        : { keyPerson: false, vipLevel: 'NONE', carrier: 'OWN', status: 'ACTIVE' },
    );
  }, [editing, existing, form]);

  async function submit(v: MemberFormValues) {
    const opts = { form, strip: ['fields'], success: t('members.saved') };
    if (!existing) {
      const ok = await create({ input: { groupId, fields: memberFormToFields(v), status: v.status } }, opts);
      if (ok) onClose();
      return;
    }
    const updated = await update(
      { input: { id: existing.id, expectedVersion: existing.version, fields: memberFormToFields(v) } },
      v.status === existing.status ? opts : { form, strip: ['fields'] },
    );
    if (!updated?.member) return;
    if (v.status !== existing.status) {
      const ok = await setStatus(
        { input: { id: existing.id, expectedVersion: updated.member.version, status: v.status } },
        { form, success: t('members.saved') },
      );
      if (!ok) return;
    }
    onClose();
  }

  const today = dayjs().endOf('day');
  return (
    <Modal
      open={!!editing}
      title={existing ? t('members.editTitle') : t('members.createTitle')}
      okText={t('common:save')}
      cancelText={t('common:cancel')}
      confirmLoading={creating || updating || settingStatus}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
      mask={{ closable: false }}
    >
      <Form<MemberFormValues> form={form} name="member" layout="vertical" onFinish={submit}>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="name" label={t('members.name')} rules={rules.required(100)}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="phone"
              label={t('members.phone')}
              rules={[
                { required: true, whitespace: true, message: t('common:required') },
                {
                  validator: async (_, v: string | undefined) => {
                    if (v && v.trim() && !plausiblePhone(v)) throw new Error(t('members.phoneInvalid'));
                  },
                },
              ]}
            >
              <Input inputMode="tel" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="position" label={t('members.position')} rules={rules.optional(100)}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="birthday" label={t('members.birthday')}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(today) || d.year() < 1900} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="vipLevel" label={t('members.vipLevel')}>
              <Select options={options('VipLevel')} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="carrier" label={t('members.carrier')}>
              <Select options={options('Carrier')} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="status" label={t('members.status')}>
              <Select options={options('MemberStatus')} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="keyPerson" valuePropName="checked">
              <Checkbox>{t('members.keyPerson')}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
