// Both records of a need — the enterprise's 办理进度 and the workbench's 过程记录 —
// name every action a need event can carry (the submission, every need action,
// every provider task action) and every actor in Chinese: no code shows.
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { NEED_EVENT_ACTIONS, ROLES, type NeedEvent } from '@qi/shared';
import { NeedTimeline } from '../../miniapp/src/components/NeedTimeline';
import { Timeline } from '../../miniapp/src/components/staff/Timeline';

const events: NeedEvent[] = NEED_EVENT_ACTIONS.flatMap((action, i) =>
  [...ROLES, 'system'].map((role, j) => ({
    id: `00000000-0000-4000-8000-${String(i * 10 + j).padStart(12, '0')}`,
    at: '2026-12-01T02:00:00.000Z',
    actor: { id: null, name: '王小明', role },
    action,
    from: 'submitted' as const,
    to: 'accepted' as const,
    note: null,
  })),
);

/** Any run of ASCII letters and underscores long enough to be a code (task_accept, request_info, specialist). */
const CODE = /[a-z]+_[a-z_]+|\b(?:submit|accept|dispatch|enterprise|specialist|provider|manager|supervisor|system)\b/;

describe('need records name every event in Chinese', () => {
  it.each([
    ['办理进度', () => render(<NeedTimeline events={events} />)],
    ['过程记录', () => render(<Timeline events={events} />)],
  ])('%s shows no raw code', (_name, draw) => {
    const { container } = draw();
    const text = container.textContent ?? '';
    expect(text).not.toMatch(CODE);
    expect(text).toContain('服务机构接单');
    expect(text).toContain('提交需求');
    expect(text).toContain('系统');
  });
});
