// 到站登记 on the station page: offered only while the station is open (休息中:
// the button is disabled and says why), and a need raised at a station names
// it on the receipt.
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import NeedDetailPage from '../../miniapp/src/pages/need-detail/index';
import StationPage from '../../miniapp/src/pages/station/index';
import { call, signInAs, tokenOf, uniqueTitle } from './support/api';
import { network, router } from './support/taro';

afterEach(() => {
  vi.useRealTimers();
});

async function openStation(at: string) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(at));
  await signInAs('enterprise2');
  router.set('/pages/station/index', { code: 'HKP001' });
  render(<StationPage />);
  await screen.findByText('在此提交需求');
}

const checkInButton = () => screen.getByText('到站登记', { selector: '.nut-button, .nut-button *' }).closest('.nut-button') as HTMLElement;

describe('到站登记', () => {
  it('is disabled while the station is 休息中, saying why and when it opens today', async () => {
    await openStation('2026-12-01T23:00:00Z'); // Wednesday 07:00 in Shanghai
    expect(checkInButton().className).toMatch(/nut-button-disabled/);
    expect(screen.getByText(/本站当前休息中（今日 09:00–12:00、14:30–17:30），无人接待/)).toBeTruthy();
    fireEvent.click(checkInButton());
    await new Promise((r) => setTimeout(r, 50));
    expect(network.sent.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('is offered while the station is open', async () => {
    await openStation('2026-12-02T02:00:00Z'); // Wednesday 10:00 in Shanghai
    await waitFor(() => expect(network.inflight.size).toBe(0));
    expect(checkInButton().className).not.toMatch(/nut-button-disabled/);
    expect(screen.queryByText(/本站当前休息中/)).toBeNull();
  });
});

describe('a need raised at a station', () => {
  it('names the station on its detail page', async () => {
    const token = await tokenOf('enterprise');
    const station = (await call('GET', '/api/stations/HKP001')).body;
    const need = await call('POST', '/api/needs', {
      token,
      headers: { 'Idempotency-Key': uniqueTitle('station-need-key') },
      body: {
        title: uniqueTitle('站点需求'),
        description: '扫站点码提交的需求，详情页应写明受理站点。',
        categories: ['testing'],
        contactName: '林晓华',
        contactPhone: '13876543210',
        stationId: station.id,
        channel: 'station_qr',
      },
    });
    expect(need.status).toBe(201);
    await signInAs('enterprise');
    router.set('/pages/need-detail/index', { id: need.body.id });
    render(<NeedDetailPage />);
    const fact = await screen.findByText('受理站点');
    await waitFor(() => expect(fact.closest('.fact')!.textContent).toContain(station.name));
  });
});
