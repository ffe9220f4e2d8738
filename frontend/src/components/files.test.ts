import { BOM, base64Blob, csvBlob, downloadCsv, pdfBlob } from './files';

describe('a PDF from base64', () => {
  it('keeps every byte, including those above 127', async () => {
    const bytes = [0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0xff, 0x80, 0xe4];
    const blob = pdfBlob(btoa(String.fromCharCode(...bytes)));
    expect(blob.type).toBe('application/pdf');
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual(bytes);
  });

  it('keeps an image’s bytes and type too', async () => {
    const bytes = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
    const blob = base64Blob(btoa(String.fromCharCode(...bytes)), 'image/png');
    expect(blob.type).toBe('image/png');
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual(bytes);
  });
});


async function bytes(blob: Blob): Promise<number[]> {
  return [...new Uint8Array(await blob.arrayBuffer())];
}

describe('the retention report as a CSV file', () => {
  const csv = '项目,拍照月,当前\r\n成员数,120,98\r\n';

  it('starts with the UTF-8 byte order mark, then the text as UTF-8, so Excel shows the Chinese', async () => {
    const blob = csvBlob(csv);
    expect(blob.type).toBe('text/csv;charset=utf-8');
    const b = await bytes(blob);
    expect(b.slice(0, 3)).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(new Uint8Array(b.slice(3)))).toBe(csv);
  });

  it('does not add a second mark when the server already sent one', async () => {
    const b = await bytes(csvBlob(BOM + csv));
    expect(b.slice(0, 6)).not.toEqual([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]);
    expect(b.slice(0, 3)).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('saves it as report.csv through a temporary link', async () => {
    vi.useFakeTimers();
    const created: Blob[] = [];
    const create = vi.fn((b: Blob) => {
      created.push(b);
      return 'blob:report';
    });
    const revoke = vi.fn();
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: revoke });
    let clicked: HTMLAnchorElement | null = null;
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked = this;
    });
    downloadCsv(csv);
    expect(clicked).not.toBeNull();
    expect(clicked!.download).toBe('report.csv');
    expect(clicked!.href).toBe('blob:report');
    expect((await bytes(created[0])).slice(0, 3)).toEqual([0xef, 0xbb, 0xbf]);
    expect(document.querySelector('a[download]')).toBeNull();
    vi.runAllTimers();
    expect(revoke).toHaveBeenCalledWith('blob:report');
    click.mockRestore();
    vi.useRealTimers();
  });
});
