// Staff opening the app on its home page land on their workbench (once per
// launch); an enterprise stays on the service hall. Each case is a fresh launch:
// the app's modules are loaded anew.
import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, inject, it, vi } from 'vitest';
import { signInAs } from './support/api';

/** A fresh launch: the app's modules (and Taro's stand-in, whose router records the navigations) loaded anew. */
async function launchOnHome() {
  vi.resetModules();
  const taro = await import('./support/taro');
  taro.setApiOrigin(inject('apiOrigin'));
  taro.router.set('/pages/home/index');
  const { default: HomePage } = await import('../../miniapp/src/pages/home/index');
  return { HomePage, relaunches: () => taro.router.calls.filter((c) => c.kind === 'reLaunch'), settle: () => taro.network.settle() };
}

describe('where the app opens', () => {
  it('takes a specialist from the home page to the workbench, once', async () => {
    const { HomePage, relaunches, settle } = await launchOnHome();
    await signInAs('specialist');
    const first = render(<HomePage />);
    await waitFor(() => expect(relaunches()).toEqual([{ kind: 'reLaunch', url: '/packageStaff/pages/inbox/index', delta: undefined }]));
    first.unmount();
    // Back on 服务大厅 later (the tab): it stays.
    render(<HomePage />);
    await settle();
    expect(relaunches()).toHaveLength(1);
  });

  it('leaves an enterprise on the service hall', async () => {
    const { HomePage, relaunches, settle } = await launchOnHome();
    await signInAs('enterprise');
    render(<HomePage />);
    await screen.findByText('菜单式服务');
    await settle();
    expect(relaunches()).toEqual([]);
  });
});
