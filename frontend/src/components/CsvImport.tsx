// The parts every CSV import dialog shares: the one-file picker (kept in the form as its file
// list, nothing uploaded until the form is sent) and the list of rows the server did not take.
import { UploadOutlined } from '@ant-design/icons';
import { Button, Form, Upload, type UploadFile } from 'antd';
import type { ReactNode } from 'react';

/** The form's `file` field: one CSV file, required. */
export function CsvFileField({ label, choose }: { label?: ReactNode; choose: string }) {
  return (
    <Form.Item
      name="file"
      label={label}
      valuePropName="fileList"
      getValueFromEvent={(e: { fileList: UploadFile[] }) => e?.fileList?.slice(-1)}
      rules={[{ required: true, message: choose }]}
    >
      <Upload accept=".csv,text/csv" maxCount={1} beforeUpload={() => false}>
        <Button icon={<UploadOutlined />}>{choose}</Button>
      </Upload>
    </Form.Item>
  );
}

/** The rows not taken, each said by `say`; nothing when every row went in. */
export function ImportProblems({
  problems,
  say,
}: {
  problems: readonly { line: number; message: string }[];
  say: (p: { line: number; message: string }) => string;
}) {
  if (problems.length === 0) return null;
  return (
    <ul style={{ paddingLeft: 16, maxHeight: 320, overflowY: 'auto' }}>
      {problems.map((p) => (
        <li key={p.line}>{say(p)}</li>
      ))}
    </ul>
  );
}
