// A need's attachments open in the app under their own names: on weapp photos
// in the image viewer and documents in the reader, saved as their name first;
// on H5 in a new tab opened in the tap at the file's download link (its path
// ending with the name), Word saved under its name from that link.
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import Taro from '@tarojs/taro';
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
    const download = vi.spyOn(Taro, 'downloadFile');
    const reader = vi.spyOn(Taro, 'openDocument');
    render(<AttachmentList attachments={[pdf]} />);
    fireEvent.click(screen.getByText('检测报告（2026）.pdf'));
    await waitFor(() =>
      expect(router.calls.filter((c) => c.kind === 'openDocument')).toEqual([
        { kind: 'openDocument', url: 'wxfile://usr/检测报告（2026）.pdf', delta: undefined },
      ]),
    );
    expect(await files.byPath.get('wxfile://usr/检测报告（2026）.pdf')!.text()).toBe('%PDF-1.4 report');
    // Through the download link, which needs no session; the reader may forward the file (its menu), as a PDF.
    expect(download.mock.calls[0]![0]).toMatchObject({
      url: expect.stringContaining(`/api/files/${pdf.url.split('/').pop()}/${encodeURIComponent('检测报告（2026）.pdf')}?t=`),
      header: {},
    });
    expect(reader.mock.calls[0]![0]).toMatchObject({ fileType: 'pdf', showMenu: true });
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
  /** jsdom opens no windows: the tab is a stand-in with a location. */
  const stubTab = () => ({ opener: window as Window | null, location: { href: 'about:blank' }, close: vi.fn() });

  it('opens a PDF in a tab opened by the tap, at its download link ending with its name', async () => {
    const pdf = await uploaded('型号清单.pdf', 'application/pdf', '%PDF-1.4 list');
    const tab = stubTab();
    const open = vi.spyOn(window, 'open').mockImplementation(() => tab as unknown as Window);
    render(<AttachmentList attachments={[pdf]} />);
    fireEvent.click(screen.getByText('型号清单.pdf'));
    expect(open).toHaveBeenCalledTimes(1); // in the tap, before the link arrives
    await waitFor(() => expect(tab.location.href).toContain('/api/files/'));
    const href = new URL(tab.location.href);
    expect(href.pathname).toBe(`/api/files/${pdf.url.split('/').pop()}/${encodeURIComponent('型号清单.pdf')}`);
    expect(tab.opener).toBeNull();
    expect(tab.close).not.toHaveBeenCalled();
    // The link needs no session: what the tab loads is the file, under its name.
    const res = await fetch(`${inject('apiOrigin')}${href.pathname}${href.search}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('%PDF-1.4 list');
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('型号清单.pdf')}`);
  });

  it('opens a photo in a tab at its download link', async () => {
    const png = await uploaded('设备铭牌.png', 'image/png', 'png-bytes');
    const tab = stubTab();
    vi.spyOn(window, 'open').mockImplementation(() => tab as unknown as Window);
    render(<AttachmentList attachments={[png]} />);
    fireEvent.click(screen.getByText('设备铭牌.png'));
    await waitFor(() => expect(tab.location.href).toContain(`/${encodeURIComponent('设备铭牌.png')}?t=`));
  });

  it('saves a Word file under its name from its download link instead of opening a tab', async () => {
    const docx = await uploaded('委托书.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'PK');
    const open = vi.spyOn(window, 'open');
    const clicked: { download: string; href: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ download: this.download, href: this.href });
    });
    render(<AttachmentList attachments={[docx]} />);
    fireEvent.click(screen.getByText('委托书.docx'));
    await waitFor(() => expect(clicked.map((c) => c.download)).toEqual(['委托书.docx']));
    expect(clicked[0]!.href).toContain(`/${encodeURIComponent('委托书.docx')}?t=`);
    expect(open).not.toHaveBeenCalled();
  });

  it('closes the tab and says why when the file cannot be opened', async () => {
    const stranger = {
      name: '他人的报告.pdf',
      url: '/api/uploads/00000000-0000-4000-8000-000000000000',
      size: 10,
      mime: 'application/pdf',
    };
    await signInAs('enterprise');
    const tab = stubTab();
    vi.spyOn(window, 'open').mockImplementation(() => tab as unknown as Window);
    render(<AttachmentList attachments={[stranger]} />);
    fireEvent.click(screen.getByText('他人的报告.pdf'));
    await waitFor(() => expect(tab.close).toHaveBeenCalled());
    expect(tab.location.href).toBe('about:blank');
    expect(await screen.findByText('没有找到该附件，或您无权查看')).toBeTruthy();
  });
});

describe('the name a file is saved under', () => {
  it('keeps the name, without path separators, and with its type’s extension', () => {
    expect(savedName({ name: '检测报告.pdf', mime: 'application/pdf' })).toBe('检测报告.pdf');
    expect(savedName({ name: '../证书/扫描 件', mime: 'image/jpeg' })).toBe('.._证书_扫描_件.jpg');
  });
});
