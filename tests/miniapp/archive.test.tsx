// 档案管理 (packageArchive) in jsdom against the real API: the search finds a
// need by its number and by its enterprise; the archive shows the 登记表 and
// takes a manager's 复查 with the shared schema's message for an empty one;
// supervisors read it masked and get no review form; the dossier lists the
// enterprise's needs; the entry on 我的 for staff only.
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import NeedArchivePage from '../../miniapp/src/packageArchive/pages/need/index';
import DossierPage from '../../miniapp/src/packageArchive/pages/enterprise/index';
import ArchiveSearchPage from '../../miniapp/src/packageArchive/pages/search/index';
import MePage from '../../miniapp/src/pages/me/index';
import { signInAs, submittedNeed } from './support/api';
import { textareaIn } from './support/dom';
import { network, router } from './support/taro';

const inputs = () => Array.from(document.querySelectorAll<HTMLInputElement>('.archive-search__input input'));

describe('the archive search', () => {
  it('finds a need by its number and opens nothing else', async () => {
    const need = await submittedNeed();
    await signInAs('manager');
    router.set('/packageArchive/pages/search/index', {});
    render(<ArchiveSearchPage />);
    await waitFor(() => expect(inputs()).toHaveLength(2));
    fireEvent.input(inputs()[0]!, { target: { value: need.number } });
    fireEvent.click(screen.getByText('检索'));
    await waitFor(() => expect(document.querySelector(`[data-archive="${need.number}"]`)).not.toBeNull());
    expect(document.querySelectorAll('[data-archive]')).toHaveLength(1);
    expect(network.sent.some((r) => r.url.includes(`/api/archives?number=${encodeURIComponent(need.number)}`))).toBe(true);
    // Managers also get the half-year summary.
    expect(document.querySelector('[data-block="half-year"]')).not.toBeNull();
  });

  it('says so when nothing matches', async () => {
    await signInAs('specialist');
    router.set('/packageArchive/pages/search/index', {});
    render(<ArchiveSearchPage />);
    await waitFor(() => expect(inputs()).toHaveLength(2));
    fireEvent.input(inputs()[1]!, { target: { value: '没有这家企业的名称' } });
    fireEvent.click(screen.getByText('检索'));
    await screen.findByText('没有符合条件的档案');
    // A specialist does not write the half-year summary.
    expect(document.querySelector('[data-block="half-year"]')).toBeNull();
  });
});

describe("a need's archive", () => {
  it("shows the form and records a manager's review, refusing an empty one with the schema's message", async () => {
    const need = await submittedNeed();
    await signInAs('manager');
    router.set('/packageArchive/pages/need/index', { id: need.id });
    render(<NeedArchivePage />);
    await screen.findByText('需求登记表');
    expect(screen.getByText(need.number)).toBeTruthy();
    expect(screen.getByText('下载PDF')).toBeTruthy();
    fireEvent.click(await screen.findByText('登记复查'));
    await waitFor(() => expect(document.querySelector('[data-field="findings"]')?.textContent).toContain('复查意见至少 2 个字'));
    const box = await textareaIn(document, '[data-field="findings"] textarea');
    fireEvent.input(box, { target: { value: '登记表信息完整，待办结后再复查一次' } });
    fireEvent.click(await screen.findByText('登记复查'));
    await waitFor(() => expect(document.querySelector('[data-review]')).not.toBeNull());
    expect(screen.getByText('登记表信息完整，待办结后再复查一次')).toBeTruthy();
  });

  it('is masked for a supervisor, who gets no review form', async () => {
    const need = await submittedNeed();
    await signInAs('supervisor');
    router.set('/packageArchive/pages/need/index', { id: need.id });
    render(<NeedArchivePage />);
    await screen.findByText('需求登记表');
    expect(screen.getByText('个人姓名与电话已脱敏')).toBeTruthy();
    expect(document.body.textContent).not.toContain(need.contactPhone);
    expect(document.querySelector('[data-field="findings"]')).toBeNull();
  });
});

describe("the enterprise's dossier", () => {
  it("lists the enterprise's needs for the enterprise itself", async () => {
    const need = await submittedNeed();
    await signInAs('enterprise');
    router.set('/packageArchive/pages/enterprise/index', { id: need.enterprise.id });
    render(<DossierPage />);
    await waitFor(() => expect(document.querySelector(`[data-need="${need.number}"]`)).not.toBeNull());
    expect(screen.getByText('企业信息')).toBeTruthy();
  });
});

describe('the entry on 我的', () => {
  it('is offered to managers and not to enterprises', async () => {
    await signInAs('manager');
    router.set('/pages/me/index', {});
    const { unmount } = render(<MePage />);
    await screen.findByText('档案管理');
    unmount();
    await signInAs('enterprise');
    render(<MePage />);
    await screen.findByText('企业信息', { exact: false });
    expect(screen.queryByText('档案管理')).toBeNull();
  });
});
