// 派单 ends on the need with a toast, whether the dispatch page was reached
// from the need (back to it) or opened on its own by a link (the need opens
// in its place): never left standing on the candidate list.
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import DispatchPage from '../../miniapp/src/packageStaff/pages/dispatch/index';
import { dispatchPage, staffNeedPage } from '../../miniapp/src/links';
import { signInAs, specialistActs, submittedNeed } from './support/api';
import { router } from './support/taro';

describe('派单 ends on the need', () => {
  it('opens the need in place of a dispatch page opened on its own, with a toast', async () => {
    const need = await submittedNeed();
    await specialistActs(need.id, { action: 'accept' });
    await signInAs('specialist');
    router.set(dispatchPage(need.id).split('?')[0]!, { id: need.id });
    const { container } = render(<DispatchPage />);
    await waitFor(() => expect(container.querySelector('[data-match]')).not.toBeNull());
    fireEvent.click(container.querySelector('[data-match]')!);
    fireEvent.click(await screen.findByText(/派单（已选 1）/));
    await screen.findByText('已派单');
    await waitFor(() => expect(router.calls).toEqual([{ kind: 'redirectTo', url: staffNeedPage(need.id) }]));
  });

  it('ticks only strengths on a candidate: no history and tasks in hand are shown plain, without a tick', async () => {
    const need = await submittedNeed();
    await specialistActs(need.id, { action: 'accept' });
    await signInAs('specialist');
    router.set(dispatchPage(need.id).split('?')[0]!, { id: need.id });
    const { container } = render(<DispatchPage />);
    await waitFor(() => expect(container.querySelector('[data-match]')).not.toBeNull());
    const ticked = Array.from(container.querySelectorAll('.match-card__reason')).map((e) => e.textContent ?? '');
    const plain = Array.from(container.querySelectorAll('.match-card__note')).map((e) => e.textContent ?? '');
    expect(ticked.length).toBeGreaterThan(0);
    expect(ticked.every((t) => t.startsWith('✓ '))).toBe(true);
    expect(ticked.some((t) => /暂无|当前在办任务 [1-9]/.test(t))).toBe(false);
    // The seeded directory has providers without history yet: said plainly.
    expect(plain.some((t) => t.includes('暂无可计算的服务记录'))).toBe(true);
    expect(plain.every((t) => !t.includes('✓'))).toBe(true);
  });
});
