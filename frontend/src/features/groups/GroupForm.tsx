// The group card (QX-FW-001) as a form, in a modal: creating and editing share it.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  AutoComplete,
  Button,
  Col,
  DatePicker,
  Divider,
  Form,
  type FormInstance,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import type { Rule } from 'antd/es/form';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useFieldRules } from '../../components/rules';
import { useEnumOptions } from '../../i18n/enums';
import type { GroupFormValues } from './logic';

const INDUSTRIES = ['政务', '教育', '医疗', '金融', '制造', '交通物流', '商贸零售', '能源', '农业', '房地产', '文旅', '互联网'];
const CARRIERS = ['中国电信', '中国联通', '中国广电'];

/** Text rules with the groups screens' messages. */
export function useTextRules() {
  return useFieldRules('groups', 'form.tooLong');
}

function listRule(maxItems: number, maxLen: number, tooMany: string, tooLong: string): Rule {
  return {
    validator: async (_, value: string[] | undefined) => {
      const items = value ?? [];
      if (items.length > maxItems) throw new Error(tooMany);
      if (items.some((s) => s.trim().length > maxLen)) throw new Error(tooLong);
    },
  };
}

interface Props {
  open: boolean;
  title: string;
  form: FormInstance<GroupFormValues>;
  initialValues: Partial<GroupFormValues>;
  saving: boolean;
  onSubmit: (values: GroupFormValues) => void;
  onCancel: () => void;
  /** Account managers to choose the owner from (heads creating a group); absent when not asked. */
  owners?: { id: string; displayName: string; username: string }[];
  okText?: string;
}

export function GroupFormModal({ open, title, form, initialValues, saving, onSubmit, onCancel, owners, okText }: Props) {
  const { t } = useTranslation('groups');
  const options = useEnumOptions();
  const rules = useTextRules();
  const today = dayjs().endOf('day');
  // Each opening starts from the values given (the card as shown, or a blank one).
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  return (
    <Modal
      open={open}
      title={title}
      width={880}
      okText={okText ?? t('common:save')}
      cancelText={t('common:cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onCancel}
      forceRender
      mask={{ closable: false }}
    >
      <Form<GroupFormValues>
        form={form}
        name="groupCard"
        layout="vertical"
        initialValues={initialValues}
        onFinish={onSubmit}
        requiredMark
        scrollToFirstError
      >
        <Divider titlePlacement="start" plain>
          {t('form.basics')}
        </Divider>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('field.name')} rules={rules.required(200)}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="industry" label={t('field.industry')} rules={rules.required(64)}>
              <AutoComplete
                options={INDUSTRIES.map((v) => ({ value: v }))}
                placeholder={t('field.industryPlaceholder')}
                filterOption={(input, o) => String(o?.value ?? '').includes(input)}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="kind" label={t('field.kind')} rules={[{ required: true, message: t('common:required') }]}>
              <Select options={options('GroupKind')} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="segment" label={t('field.segment')} rules={[{ required: true, message: t('common:required') }]}>
              <Select options={options('Segment')} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="valueClass" label={t('field.valueClass')} rules={[{ required: true, message: t('common:required') }]}>
              <Select options={options('ValueClass')} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="tier" label={t('field.tier')} rules={[{ required: true, message: t('common:required') }]}>
              <Select options={options('ServiceTier')} />
            </Form.Item>
          </Col>
          {owners && (
            <Col xs={24} md={12}>
              <Form.Item name="ownerId" label={t('field.owner')} rules={[{ required: true, message: t('common:required') }]}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={owners.map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }))}
                />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={owners ? 12 : 24}>
            <Form.Item name="annualOutputOver3M" label={t('field.annualOutputOver3M')} valuePropName="checked">
              <Switch checkedChildren={t('common:yes')} unCheckedChildren={t('common:no')} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start" plain>
          {t('form.region')}
        </Divider>
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Form.Item name="county" label={t('field.county')} rules={rules.required(64)}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="town" label={t('field.town')} rules={rules.optional(64)}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="streetOffice" label={t('field.streetOffice')} rules={rules.optional(64)}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="village" label={t('field.village')} rules={rules.optional(64)}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="address" label={t('field.address')} rules={rules.required(255)}>
              <Input />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start" plain>
          {t('form.competition')}
        </Divider>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="competitors" label={t('field.competitors')} rules={[listRule(10, 100, t('form.tooMany', { max: 10 }), t('form.tooLong', { max: 100 }))]}>
              <Select mode="tags" options={CARRIERS.map((v) => ({ value: v, label: v }))} placeholder={t('field.competitorsPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="informatizationProducts"
              label={t('field.informatizationProducts')}
              rules={[listRule(50, 100, t('form.tooMany', { max: 50 }), t('form.tooLong', { max: 100 }))]}
            >
              <Select mode="tags" open={false} suffixIcon={null} placeholder={t('field.productsPlaceholder')} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="competitorNotes" label={t('field.competitorNotes')} rules={rules.optional(2000)}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start" plain>
          {t('form.dates')}
        </Divider>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="foundedOn" label={t('field.foundedOn')}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(today) || d.year() < 1900} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Typography.Text>{t('field.keyDates')}</Typography.Text>
            <Form.List
              name="keyDates"
              rules={[
                {
                  validator: async (_, v: unknown[] | undefined) => {
                    if ((v?.length ?? 0) > 20) throw new Error(t('form.tooMany', { max: 20 }));
                  },
                },
              ]}
            >
              {(fields, { add, remove }, { errors }) => (
                <div style={{ marginTop: 8 }}>
                  {fields.map((f) => (
                    <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                      <Form.Item name={[f.name, 'name']} rules={rules.required(50)}>
                        <Input placeholder={t('field.keyDateName')} aria-label={t('field.keyDateName')} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'date']} rules={[{ required: true, message: t('common:required') }]}>
                        <DatePicker placeholder={t('field.keyDateDate')} aria-label={t('field.keyDateDate')} />
                      </Form.Item>
                      <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('common:cancel')} />
                    </Space>
                  ))}
                  <Button icon={<PlusOutlined />} onClick={() => add({ name: '', date: null })} size="small">
                    {t('field.addKeyDate')}
                  </Button>
                  <Form.ErrorList errors={errors} />
                </div>
              )}
            </Form.List>
          </Col>
          <Col span={24} style={{ marginTop: 16 }}>
            <Form.Item name="notes" label={t('field.notes')} rules={rules.optional(4000)}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
          </Col>
        </Row>
        {owners !== undefined || initialValues.name === undefined ? (
          <Typography.Text type="secondary">{t('form.ownerHint')}</Typography.Text>
        ) : null}
      </Form>
    </Modal>
  );
}
