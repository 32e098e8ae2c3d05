// An institution's public page in 服务大厅 shows its published 动态评价 — the
// rates over the window in force, as the API computes them — beside its
// qualifications, and never a contact.
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import InstitutionPage from '../../miniapp/src/packageDirectory/pages/institution/index';
import { formatShare } from '../../miniapp/src/labels';
import { call } from './support/api';
import { router } from './support/taro';

describe('an institution’s public page', () => {
  it('shows its evaluation over the window, as the API publishes it', async () => {
    const list = (await call('GET', '/api/institutions')).body;
    const first = (Array.isArray(list) ? list : list.items)[0] as { id: string };
    const page = (await call('GET', `/api/institutions/${first.id}`)).body;
    router.set('/packageDirectory/pages/institution/index', { id: first.id });
    const { container } = render(<InstitutionPage />);
    expect(await screen.findByText(`服务评价（近 ${page.evaluation.windowMonths} 个月）`)).toBeTruthy();
    const block = container.querySelector<HTMLElement>('[data-evaluation]')!;
    if (page.evaluation.served === 0) expect(block.textContent).toContain('评价期内暂无派单服务记录');
    else {
      expect(block.textContent).toContain(`${page.evaluation.served} 项`);
      expect(block.textContent).toContain(formatShare(page.evaluation.onTimeRate));
      expect(block.textContent).toContain(formatShare(page.evaluation.satisfactionRate));
    }
    expect(container.textContent).not.toMatch(/1\d{2}\*{4}\d{4}|1\d{10}/);
  });
});
