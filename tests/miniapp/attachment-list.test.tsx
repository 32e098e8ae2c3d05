// A need's attachments open in the app under their own names: on weapp photos
// in the image viewer and documents in the reader, saved as their name first;
// on H5 in a new tab opened in the tap (a PDF in the browser's viewer, a photo
// titled with its name), Word saved under its name.
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Attachment } from '@qi/shared';
import { uploadAttachment } from '../../miniapp/src/api';
import { AttachmentList, savedName } from '../../miniapp/src/components/AttachmentList';
import { signInAs } from './support/api';
import { files, router } from './support/taro';

async function uploaded(name: string, type: string, content: string): Promise<Attachment> {
  await signInAs('enterprise');
  files.choose([{ name, type, content }]);
  const [picked] = files.nextChosen;
  files.nextChosen = [];
  const u = await uploadAttachment(picked!.path, name, `attachment-list-${Math.random().toString(36).slice(2)}`);
  return { name: u.name, url: u.url, size: u.size, mime: u.mime };
}

afterEach(() => {
  process.env.TARO_ENV = 'h5';
  vi.restoreAllMocks();
});

describe('opening an attachment on weapp', () => {
  it('opens a PDF in the document reader, saved under its own name', async () => {
    process.env.TARO_ENV = 'weapp';
    const pdf = await uploaded('检测报告（2026）.pdf', 'application/pdf', '%PDF-1.4 report');
    render(<AttachmentList attachments={[pdf]} />);
    fireEvent.click(screen.getByText('检测报告（2026）.pdf'));
    await waitFor(() =>
      expect(router.calls.filter((c) => c.kind === 'openDocument')).toEqual([
        { kind: 'openDocument', url: 'wxfile://usr/检测报告（2026）.pdf', delta: undefined },
      ]),
    );
    expect(await files.byPath.get('wxfile://usr/检测报告（2026）.pdf')!.text()).toBe('%PDF-1.4 report');
  });

  it('opens a photo in the image viewer', async () => {
    process.env.TARO_ENV = 'weapp';
    const png = await uploaded('铭牌.png', 'image/png', 'png-bytes');
    render(<AttachmentList attachments={[png]} />);
    fireEvent.click(screen.getByText('铭牌.png'));
    await waitFor(() => expect(router.calls.filter((c) => c.kind === 'previewImage').map((c) => c.url)).toEqual(['wxfile://usr/铭牌.png']));
  });
});

describe('opening an attachment on H5', () => {
  it('opens a PDF in a tab opened by the tap, in the browser’s own viewer', async () => {
    const pdf = await uploaded('型号清单.pdf', 'application/pdf', '%PDF-1.4 list');
    // jsdom opens no windows: the tab is a stand-in with a location.
    const tab = { document: document.implementation.createHTMLDocument(''), location: { href: 'about:blank' }, close: vi.fn() };
    const open = vi.spyOn(window, 'open').mockImplementation(() => tab as unknown as Window);
    render(<AttachmentList attachments={[pdf]} />);
    fireEvent.click(screen.getByText('型号清单.pdf'));
    expect(open).toHaveBeenCalledTimes(1); // in the tap, before the download
    await waitFor(() => expect(tab.location.href).toMatch(/^blob:/));
    expect(tab.close).not.toHaveBeenCalled();
  });

  it('shows a photo in a tab titled with its name, with a link saving it under that name', async () => {
    const png = await uploaded('设备铭牌.png', 'image/png', 'png-bytes');
    const tab = { document: document.implementation.createHTMLDocument(''), location: { href: 'about:blank' }, close: vi.fn() };
    vi.spyOn(window, 'open').mockImplementation(() => tab as unknown as Window);
    render(<AttachmentList attachments={[png]} />);
    fireEvent.click(screen.getByText('设备铭牌.png'));
    await waitFor(() => expect(tab.document.title).toBe('设备铭牌.png'));
    const img = tab.document.querySelector('img')!;
    expect(img.getAttribute('src')).toMatch(/^blob:/);
    const save = tab.document.querySelector<HTMLAnchorElement>('a[download]')!;
    expect(save.download).toBe('设备铭牌.png');
    expect(save.getAttribute('href')).toBe(img.getAttribute('src'));
  });

  it('saves a Word file under its name instead of opening a tab', async () => {
    const docx = await uploaded('委托书.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'PK');
    const open = vi.spyOn(window, 'open');
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    render(<AttachmentList attachments={[docx]} />);
    fireEvent.click(screen.getByText('委托书.docx'));
    await waitFor(() => expect(clicked).toEqual(['委托书.docx']));
    expect(open).not.toHaveBeenCalled();
  });
});

describe('the name a file is saved under', () => {
  it('keeps the name, without path separators, and with its type’s extension', () => {
    expect(savedName({ name: '检测报告.pdf', mime: 'application/pdf' })).toBe('检测报告.pdf');
    expect(savedName({ name: '../证书/扫描 件', mime: 'image/jpeg' })).toBe('.._证书_扫描_件.jpg');
  });
});
