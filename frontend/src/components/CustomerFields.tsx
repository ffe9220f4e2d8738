// How the counter names a customer: by a member's phone number, or by the group's code (and,
// when a group line is meant, the line). The server looks either up in the user's reach.
import { Form, Input, Radio } from 'antd';
import type { ReactNode } from 'react';
import { useFieldRules } from './rules';

export interface CustomerValues {
  by: 'phone' | 'code';
  phone?: string;
  groupCode?: string;
  line?: string;
}

export interface CustomerLabels {
  byPhone: ReactNode;
  byCode: ReactNode;
  phone: ReactNode;
  phoneHint?: ReactNode;
  code: ReactNode;
  /** Asked with the code when given: the group line meant. */
  line?: ReactNode;
}

/** The fields, inside a form whose values extend [`CustomerValues`]. */
export function CustomerFields({ labels, ns }: { labels: CustomerLabels; ns: string }) {
  const rules = useFieldRules(ns);
  const by = Form.useWatch<CustomerValues['by']>('by') ?? 'phone';
  return (
    <>
      <Form.Item name="by" initialValue="phone">
        <Radio.Group
          optionType="button"
          options={[
            { value: 'phone', label: labels.byPhone },
            { value: 'code', label: labels.byCode },
          ]}
        />
      </Form.Item>
      {by === 'phone' ? (
        <Form.Item name="phone" label={labels.phone} extra={labels.phoneHint} rules={rules.required(30)}>
          <Input inputMode="tel" autoComplete="off" />
        </Form.Item>
      ) : (
        <>
          <Form.Item name="groupCode" label={labels.code} rules={rules.required(30)}>
            <Input autoComplete="off" />
          </Form.Item>
          {labels.line && (
            <Form.Item name="line" label={labels.line} rules={rules.required(100)}>
              <Input autoComplete="off" />
            </Form.Item>
          )}
        </>
      )}
    </>
  );
}

/** The API's customer fields from the form's values. */
export function customerInput(v: CustomerValues): { phone?: string; groupCode?: string; line?: string } {
  return v.by === 'code'
    ? { groupCode: v.groupCode?.trim(), ...(v.line !== undefined ? { line: v.line.trim() } : {}) }
    : { phone: v.phone?.trim() };
}
