// Files the browser saves or opens: a CSV that Excel opens with its Chinese intact, a PDF (or
// an image) from the API's base64.

/** The UTF-8 byte order mark: without it Excel reads a CSV as the local code page and garbles Chinese. */
export const BOM = '\uFEFF';

/** `csv` as a UTF-8 CSV file starting with exactly one byte order mark. */
export function csvBlob(csv: string): Blob {
  return new Blob([csv.startsWith(BOM) ? csv : BOM + csv], { type: 'text/csv;charset=utf-8' });
}

/** Has the browser save `blob` as `fileName` (through a temporary object URL and link). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked once the click has been handled, so the download has its data.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file of `type` from the API's base64 content (e.g. an evidence image). */
export function base64Blob(base64: string, type: string): Blob {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type });
}

/** A PDF from the API's base64 content. */
export function pdfBlob(base64: string): Blob {
  return base64Blob(base64, 'application/pdf');
}

/**
 * Shows `blob` in `tab` (the browser's viewer prints it). The tab is opened during the click,
 * before the document is fetched: a popup blocker would refuse one opened afterwards. Without
 * a tab (blocked anyway) the file is saved instead.
 */
export function showBlob(tab: Window | null, blob: Blob, fileName: string): void {
  if (!tab) {
    saveBlob(blob, fileName);
    return;
  }
  const url = URL.createObjectURL(blob);
  tab.location.href = url;
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Has the browser save `csv` as `filename`, with exactly one byte order mark. */
export function downloadCsv(csv: string, filename = 'report.csv'): void {
  saveBlob(csvBlob(csv), filename);
}
