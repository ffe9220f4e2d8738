import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pdfBlob, saveBlob, showBlob } from './files';

export interface PdfContent {
  fileName: string;
  contentBase64: string;
}

/**
 * Download and print buttons for a document the server makes as PDF (a quote, a contract):
 * `load` fetches it when asked.
 */
export function PdfActions({ load, label }: { load: () => Promise<PdfContent | null | undefined>; label: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<'save' | 'print' | null>(null);
  const run = async (how: 'save' | 'print') => {
    setBusy(how);
    // Opened now, while the click still counts as the user's: filled once the PDF is here.
    const tab = how === 'print' ? window.open('about:blank', '_blank') : null;
    try {
      const pdf = await load();
      if (!pdf) {
        tab?.close();
        message.error(t('pdf.failed'));
        return;
      }
      const blob = pdfBlob(pdf.contentBase64);
      if (how === 'save') saveBlob(blob, pdf.fileName);
      else showBlob(tab, blob, pdf.fileName);
    } catch (e) {
      tab?.close();
      throw e;
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space wrap size={4}>
      <Button icon={<DownloadOutlined />} loading={busy === 'save'} onClick={() => run('save')}>
        {t('pdf.download', { label })}
      </Button>
      <Button icon={<PrinterOutlined />} loading={busy === 'print'} onClick={() => run('print')} aria-label={t('pdf.print', { label })}>
        {t('pdf.printShort')}
      </Button>
    </Space>
  );
}
