// 编辑站点 is a manager's form: a supervisor (or anyone else) who opens it by
// its URL sees that it is read-only, with no field to type into; and a code
// the server cannot make (小程序码 without WeChat's credentials here) is
// explained in a toast instead of opening raw JSON in a new tab.
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import EditStationPage from '../../miniapp/src/packageManage/pages/stations/edit';
import { call, signInAs, tokenOf } from './support/api';
import { router } from './support/taro';

async function aStation(): Promise<{ id: string; code: string }> {
  const list = (await call('GET', '/api/stations', { token: await tokenOf('manager') })).body;
  return (Array.isArray(list) ? list : list.items)[0];
}

describe('编辑站点 by role', () => {
  it('gives a supervisor no editable field, only the way to the station page', async () => {
    const station = await aStation();
    await signInAs('supervisor');
    router.set('/packageManage/pages/stations/edit', { id: station.id });
    const { container } = render(<EditStationPage />);
    expect(await screen.findByText('只能查看，不能编辑')).toBeTruthy();
    expect(container.querySelectorAll('input, textarea')).toHaveLength(0);
    fireEvent.click(await screen.findByText('查看站点页'));
    expect(router.calls.at(-1)).toEqual({ kind: 'navigateTo', url: `/pages/station/index?code=${encodeURIComponent(station.code)}` });
  });

  it('explains a 小程序码 the server cannot make, and opens nothing', async () => {
    const station = await aStation();
    await signInAs('manager');
    router.set('/packageManage/pages/stations/edit', { id: station.id });
    const opened = vi.spyOn(window, 'open').mockImplementation(() => null);
    render(<EditStationPage />);
    fireEvent.click(await screen.findByText('小程序码'));
    // The server's own reason, as a toast.
    expect(await screen.findByText(/未配置微信小程序.*无法生成小程序码/)).toBeTruthy();
    expect(opened).not.toHaveBeenCalled();
    opened.mockRestore();
  });
});
