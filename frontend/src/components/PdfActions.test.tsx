import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderWithProviders } from '../test/render';
import { PdfActions } from './PdfActions';

const PDF = { fileName: '报价单-BJ-000001-1.pdf', contentBase64: btoa('%PDF-1.7') };

describe('PDF buttons', () => {
  afterEach(() => vi.restoreAllMocks());

  it('opens the print tab during the click, before the PDF arrives, then shows the PDF in it', async () => {
    const tab = { location: { href: '' }, close: vi.fn() } as unknown as Window;
    const open = vi.spyOn(window, 'open').mockReturnValue(tab);
    Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:quote'), revokeObjectURL: vi.fn() });
    let resolve: (v: typeof PDF) => void = () => {};
    const load = vi.fn(() => new Promise<typeof PDF>((r) => (resolve = r)));
    renderWithProviders(<PdfActions label="报价单 PDF" load={load} />);
    fireEvent.click(screen.getByRole('button', { name: '打印报价单 PDF' }));
    expect(open).toHaveBeenCalledTimes(1); // still inside the click
    expect(tab.location.href).toBe('');
    resolve(PDF);
    await waitFor(() => expect(tab.location.href).toBe('blob:quote'));
  });

  it('saves the file when the tab is blocked, and closes the tab when nothing comes', async () => {
    vi.spyOn(window, 'open').mockReturnValue(null);
    Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:quote'), revokeObjectURL: vi.fn() });
    const saved: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    renderWithProviders(<PdfActions label="报价单 PDF" load={async () => PDF} />);
    fireEvent.click(screen.getByRole('button', { name: '打印报价单 PDF' }));
    await waitFor(() => expect(saved).toEqual([PDF.fileName]));

    const tab = { location: { href: '' }, close: vi.fn() } as unknown as Window;
    vi.spyOn(window, 'open').mockReturnValue(tab);
    renderWithProviders(<PdfActions label="合同文本 PDF" load={async () => null} />);
    fireEvent.click(screen.getByRole('button', { name: '打印合同文本 PDF' }));
    await waitFor(() => expect(tab.close).toHaveBeenCalled());
  });
});
