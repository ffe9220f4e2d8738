// Files the browser saves: the retention report as CSV that Excel opens with its Chinese intact.

/** The UTF-8 byte order mark: without it Excel reads a CSV as the local code page and garbles Chinese. */
export const BOM = '\uFEFF';

/** `csv` as a UTF-8 CSV file starting with exactly one byte order mark. */
export function csvBlob(csv: string): Blob {
  return new Blob([csv.startsWith(BOM) ? csv : BOM + csv], { type: 'text/csv;charset=utf-8' });
}

/** Has the browser save `csv` as `filename` (through a temporary object URL and link). */
export function downloadCsv(csv: string, filename = 'report.csv'): void {
  const url = URL.createObjectURL(csvBlob(csv));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked once the click has been handled, so the download has its data.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
