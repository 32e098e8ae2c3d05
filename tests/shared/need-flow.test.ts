// The need's state machine, checked exhaustively against a table written out
// here from SPEC "Need states" (not derived from NEED_TRANSITIONS).
import { describe, expect, it } from 'vitest';
import { NEED_STATES, ROLES, type NeedState } from '../../shared/src/enums';
import {
  NEED_ACTIONS,
  NEED_ACTION_LABELS,
  OPEN_NEED_STATES,
  PAUSED_NEED_STATES,
  allowedNeedActions,
  decideNeedAction,
  isTerminalNeedState,
  type Actor,
  type NeedAction,
  type NeedDecision,
  type NeedGuardContext,
} from '../../shared/src/needFlow';

const CJK = /[\u4e00-\u9fff]/;
const ACTORS: readonly Actor[] = [...ROLES, 'system'];

type Guard = 'no_open_tasks' | 'rating_unresolved_when_rated' | 'not_signed_off';
interface Rule {
  /** Where the need goes; notes, sign-offs and hand-overs (转办) leave it where it is. */
  to: NeedState;
  by: readonly Actor[];
  guard?: Guard;
}

/** SPEC's state table, state by state: who may move the need out, how, and where to. */
const EXPECTED: Record<NeedState, Partial<Record<NeedAction, Rule>>> = {
  submitted: {
    accept: { to: 'accepted', by: ['specialist'] },
    answer: { to: 'completed', by: ['specialist'] },
    reject: { to: 'rejected', by: ['specialist'] },
    withdraw: { to: 'withdrawn', by: ['enterprise'] },
    note: { to: 'submitted', by: ['specialist'] },
    transfer: { to: 'submitted', by: ['specialist', 'manager'] },
  },
  accepted: {
    answer: { to: 'completed', by: ['specialist'] },
    request_info: { to: 'info_requested', by: ['specialist'] },
    serve: { to: 'in_service', by: ['specialist'] },
    dispatch: { to: 'in_service', by: ['specialist'] },
    reject: { to: 'rejected', by: ['specialist'] },
    withdraw: { to: 'withdrawn', by: ['enterprise'] },
    note: { to: 'accepted', by: ['specialist'] },
    transfer: { to: 'accepted', by: ['specialist', 'manager'] },
  },
  info_requested: {
    supplement: { to: 'accepted', by: ['enterprise'] },
    withdraw: { to: 'withdrawn', by: ['enterprise'] },
    note: { to: 'info_requested', by: ['specialist'] },
    transfer: { to: 'info_requested', by: ['specialist', 'manager'] },
  },
  in_service: {
    complete: { to: 'completed', by: ['specialist'], guard: 'no_open_tasks' },
    dispatch: { to: 'in_service', by: ['specialist'] },
    note: { to: 'in_service', by: ['specialist'] },
    transfer: { to: 'in_service', by: ['specialist', 'manager'] },
  },
  completed: {
    rate: { to: 'rated', by: ['enterprise'] },
    expire: { to: 'closed', by: ['system'] },
    note: { to: 'completed', by: ['specialist'] },
    sign_off: { to: 'completed', by: ['specialist', 'manager'], guard: 'not_signed_off' },
  },
  rated: {
    close: { to: 'closed', by: ['specialist', 'system'] },
    reopen: { to: 'in_service', by: ['manager'], guard: 'rating_unresolved_when_rated' },
    note: { to: 'rated', by: ['specialist'] },
    sign_off: { to: 'rated', by: ['specialist', 'manager'], guard: 'not_signed_off' },
  },
  closed: {
    reopen: { to: 'in_service', by: ['manager'] },
    note: { to: 'closed', by: ['specialist'] },
    sign_off: { to: 'closed', by: ['specialist', 'manager'], guard: 'not_signed_off' },
  },
  rejected: {},
  withdrawn: {},
};

/** Who may ever take an action, in any state. */
function rolesEver(action: NeedAction): Set<Actor> {
  const roles = new Set<Actor>();
  for (const state of NEED_STATES) for (const a of EXPECTED[state][action]?.by ?? []) roles.add(a);
  return roles;
}

type Expected = { ok: true; to: NeedState } | { ok: false; reason: 'role' | 'state' | 'guard' };

function expected(state: NeedState, action: NeedAction, actors: readonly Actor[], ctx: NeedGuardContext): Expected {
  const ever = rolesEver(action);
  if (!actors.some((a) => ever.has(a))) return { ok: false, reason: 'role' };
  const rule = EXPECTED[state][action];
  if (!rule || !actors.some((a) => rule.by.includes(a))) return { ok: false, reason: 'state' };
  if (rule.guard === 'no_open_tasks' && ((ctx.openTasks ?? 0) > 0 || (ctx.unreplacedDeclines ?? 0) > 0)) {
    return { ok: false, reason: 'guard' };
  }
  if (rule.guard === 'not_signed_off' && ctx.signedOff) return { ok: false, reason: 'guard' };
  if (rule.guard === 'rating_unresolved_when_rated' && ctx.ratingUnresolved !== true) {
    return { ok: false, reason: 'guard' };
  }
  return { ok: true, to: rule.to };
}

const CONTEXTS: readonly { name: string; ctx: NeedGuardContext }[] = [
  { name: 'no guard context', ctx: {} },
  {
    name: 'every guard satisfied (no open tasks or unreplaced declines, rating unresolved, not signed off)',
    ctx: { openTasks: 0, unreplacedDeclines: 0, ratingUnresolved: true, signedOff: false },
  },
  {
    name: 'every guard failing (2 open tasks, 1 unreplaced decline, rating resolved, signed off)',
    ctx: { openTasks: 2, unreplacedDeclines: 1, ratingUnresolved: false, signedOff: true },
  },
  { name: 'only a declined task left unreplaced', ctx: { openTasks: 0, unreplacedDeclines: 1 } },
];

const an = (word: string): string => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

function describeOutcome(e: Expected): string {
  return e.ok ? `moves it to ${e.to}` : `is refused for ${e.reason}`;
}

function expectDecision(actual: NeedDecision, e: Expected, action: NeedAction): void {
  if (e.ok) {
    expect(actual).toEqual({ ok: true, to: e.to });
    return;
  }
  expect(actual.ok).toBe(false);
  if (actual.ok) return;
  expect(actual.reason).toBe(e.reason);
  expect(actual.message).toMatch(CJK);
  if (e.reason !== 'guard') expect(actual.message).toContain(NEED_ACTION_LABELS[action]);
}

describe('the need state machine covers the states and actions SPEC names', () => {
  it('has exactly the nine states of the SPEC table, in order', () => {
    expect([...NEED_STATES]).toEqual([
      'submitted',
      'accepted',
      'info_requested',
      'in_service',
      'completed',
      'rated',
      'closed',
      'rejected',
      'withdrawn',
    ]);
  });

  it('has exactly the sixteen actions of the state machine', () => {
    expect([...NEED_ACTIONS].sort()).toEqual(
      [
        'accept',
        'answer',
        'request_info',
        'supplement',
        'serve',
        'dispatch',
        'complete',
        'reject',
        'withdraw',
        'rate',
        'close',
        'expire',
        'reopen',
        'note',
        'sign_off',
        'transfer',
      ].sort(),
    );
  });

  it.each(NEED_ACTIONS.map((a) => [a]))('gives the action %s a Chinese label', (action) => {
    expect(NEED_ACTION_LABELS[action]).toMatch(CJK);
  });
});

const CONTEXT_ROWS = CONTEXTS.map(({ name, ctx }) => [name, ctx] as const);

describe.each(CONTEXT_ROWS)('decideNeedAction for every state × action × single actor, with %s', (_name, ctx) => {
  const cases = NEED_STATES.flatMap((state) =>
    NEED_ACTIONS.flatMap((action) =>
      ACTORS.map((actor) => {
        const e = expected(state, action, [actor], ctx);
        const title = `${actor === 'system' ? 'the system' : an(actor)} taking ${action} on ${an(state)} need ${describeOutcome(e)}`;
        return [title, { state, action, actor, e }] as const;
      }),
    ),
  );

  it('covers all 9 × 16 × 6 combinations', () => {
    expect(cases).toHaveLength(9 * 16 * 6);
  });

  it.each(cases)('%s', (_title, { state, action, actor, e }) => {
    expectDecision(decideNeedAction(state, action, [actor], ctx), e, action);
  });
});

describe('decideNeedAction refuses in the order role, then state, then guard', () => {
  it('refuses a role that may never take the action even when the state is wrong too', () => {
    expect(decideNeedAction('rejected', 'accept', ['enterprise'])).toMatchObject({ ok: false, reason: 'role' });
    expect(decideNeedAction('closed', 'withdraw', ['supervisor'])).toMatchObject({ ok: false, reason: 'role' });
  });

  it('refuses a role that may never take the action even when a guard would fail too', () => {
    expect(decideNeedAction('in_service', 'complete', ['provider'], { openTasks: 3 })).toMatchObject({
      ok: false,
      reason: 'role',
    });
  });

  it('refuses on state before checking a guard', () => {
    expect(decideNeedAction('accepted', 'complete', ['specialist'], { openTasks: 3 })).toMatchObject({
      ok: false,
      reason: 'state',
    });
  });

  it('refuses an empty actor list for every action on role', () => {
    for (const state of NEED_STATES) {
      for (const action of NEED_ACTIONS) {
        expect(decideNeedAction(state, action, [])).toMatchObject({ ok: false, reason: 'role' });
      }
    }
  });

  it('lets the supervisor, who only reads, take no action at all', () => {
    for (const state of NEED_STATES) {
      for (const action of NEED_ACTIONS) {
        expect(decideNeedAction(state, action, ['supervisor'])).toMatchObject({ ok: false, reason: 'role' });
      }
    }
  });

  it('lets a provider, who works on tasks, take no need action at all', () => {
    for (const state of NEED_STATES) {
      for (const action of NEED_ACTIONS) {
        expect(decideNeedAction(state, action, ['provider'])).toMatchObject({ ok: false, reason: 'role' });
      }
    }
  });
});

describe('decideNeedAction guards', () => {
  it('completes an in-service need with no open tasks', () => {
    expect(decideNeedAction('in_service', 'complete', ['specialist'], { openTasks: 0 })).toEqual({
      ok: true,
      to: 'completed',
    });
  });

  it('completes an in-service need served by the platform itself, with no task count given', () => {
    expect(decideNeedAction('in_service', 'complete', ['specialist'])).toEqual({ ok: true, to: 'completed' });
  });

  it.each([1, 2, 7])('refuses to complete while %i task(s) are open, saying how many in Chinese', (openTasks) => {
    const d = decideNeedAction('in_service', 'complete', ['specialist'], { openTasks });
    expect(d).toMatchObject({ ok: false, reason: 'guard' });
    if (d.ok) return;
    expect(d.message).toMatch(CJK);
    expect(d.message).toContain(String(openTasks));
  });

  it('lets a specialist re-dispatch an in-service need while tasks are still open', () => {
    expect(decideNeedAction('in_service', 'dispatch', ['specialist'], { openTasks: 2 })).toEqual({
      ok: true,
      to: 'in_service',
    });
  });

  it('lets a manager reopen a rated need whose rating said the problem is unresolved', () => {
    expect(decideNeedAction('rated', 'reopen', ['manager'], { ratingUnresolved: true })).toEqual({
      ok: true,
      to: 'in_service',
    });
  });

  it('refuses to reopen a rated need whose rating said the problem is resolved, in Chinese', () => {
    const d = decideNeedAction('rated', 'reopen', ['manager'], { ratingUnresolved: false });
    expect(d).toMatchObject({ ok: false, reason: 'guard' });
    if (!d.ok) expect(d.message).toMatch(CJK);
  });

  it('refuses to reopen a rated need when it is not known that the rating said unresolved', () => {
    expect(decideNeedAction('rated', 'reopen', ['manager'])).toMatchObject({ ok: false, reason: 'guard' });
  });

  it.each([{}, { ratingUnresolved: false }, { ratingUnresolved: true }])(
    'lets a manager reopen a closed need whatever the rating said (%o)',
    (ctx) => {
      expect(decideNeedAction('closed', 'reopen', ['manager'], ctx)).toEqual({ ok: true, to: 'in_service' });
    },
  );
});

describe('decideNeedAction with several roles', () => {
  it('allows the action when any one of the roles may take it', () => {
    expect(decideNeedAction('submitted', 'withdraw', ['specialist', 'enterprise'])).toEqual({
      ok: true,
      to: 'withdrawn',
    });
    expect(decideNeedAction('rated', 'close', ['manager', 'system'])).toEqual({ ok: true, to: 'closed' });
  });

  it('refuses on state, not role, when one of the roles may take the action elsewhere', () => {
    expect(decideNeedAction('info_requested', 'accept', ['enterprise', 'specialist'])).toMatchObject({
      ok: false,
      reason: 'state',
    });
  });

  it('refuses on role when none of the roles may ever take the action', () => {
    expect(decideNeedAction('completed', 'rate', ['specialist', 'manager', 'supervisor', 'provider'])).toMatchObject({
      ok: false,
      reason: 'role',
    });
  });
});

const ACTOR_SETS: readonly (readonly Actor[])[] = [
  ...ACTORS.map((a) => [a]),
  ['enterprise', 'specialist'],
  ['specialist', 'manager'],
  ['manager', 'supervisor'],
  ['specialist', 'system'],
  ['provider', 'supervisor'],
  ACTORS,
  [],
];

describe.each(CONTEXT_ROWS)('allowedNeedActions with %s', (_name, ctx) => {
  const cases = NEED_STATES.flatMap((state) =>
    ACTOR_SETS.map((actors) => {
      const want = NEED_ACTIONS.filter((a) => expected(state, a, actors, ctx).ok);
      const who = actors.length ? actors.join('+') : 'nobody';
      const title = `lists for ${who} on ${an(state)} need exactly [${want.join(', ')}]`;
      return [title, { state, actors, want }] as const;
    }),
  );

  it.each(cases)('%s', (_title, { state, actors, want }) => {
    expect(allowedNeedActions(state, actors, ctx)).toEqual(want);
  });
});

describe('allowedNeedActions spot checks written by hand', () => {
  it('gives a person who is both enterprise and specialist every exit from submitted, in table order', () => {
    expect(allowedNeedActions('submitted', ['enterprise', 'specialist'])).toEqual([
      'accept',
      'answer',
      'reject',
      'withdraw',
      'note',
      'transfer',
    ]);
  });

  it('gives a specialist every exit from accepted, and a note', () => {
    expect(allowedNeedActions('accepted', ['specialist'])).toEqual([
      'answer',
      'request_info',
      'serve',
      'dispatch',
      'reject',
      'note',
      'transfer',
    ]);
  });

  it('gives an enterprise supplement and withdraw on an info-requested need', () => {
    expect(allowedNeedActions('info_requested', ['enterprise'])).toEqual(['supplement', 'withdraw']);
  });

  it('hides complete from a specialist while tasks are open, but keeps re-dispatch', () => {
    expect(allowedNeedActions('in_service', ['specialist'], { openTasks: 1 })).toEqual(['dispatch', 'note', 'transfer']);
    expect(allowedNeedActions('in_service', ['specialist'], { openTasks: 0 })).toEqual(['dispatch', 'complete', 'note', 'transfer']);
  });

  it('hides complete while a declined task has not been replaced by a re-dispatch', () => {
    expect(allowedNeedActions('in_service', ['specialist'], { openTasks: 0, unreplacedDeclines: 1 })).toEqual([
      'dispatch',
      'note',
      'transfer',
    ]);
  });

  it('lets a manager hand over (转办) a need still being worked on, and nothing after it is done', () => {
    expect(allowedNeedActions('submitted', ['manager'])).toEqual(['transfer']);
    expect(allowedNeedActions('info_requested', ['manager'])).toEqual(['transfer']);
    expect(allowedNeedActions('completed', ['manager'])).not.toContain('transfer');
  });

  it('lets a manager sign a finished record off once', () => {
    expect(allowedNeedActions('completed', ['manager'])).toEqual(['sign_off']);
    expect(allowedNeedActions('completed', ['manager'], { signedOff: true })).toEqual([]);
  });

  it('gives a specialist-manager close and reopen on a rated need only when the rating said unresolved', () => {
    expect(allowedNeedActions('rated', ['specialist', 'manager'], { ratingUnresolved: true })).toEqual([
      'close',
      'reopen',
      'note',
      'sign_off',
    ]);
    expect(allowedNeedActions('rated', ['specialist', 'manager'], { ratingUnresolved: false })).toEqual(['close', 'note', 'sign_off']);
  });

  it('gives the system only expiry on a completed need', () => {
    expect(allowedNeedActions('completed', ['system'])).toEqual(['expire']);
  });
});

describe('terminal states', () => {
  it.each([['rejected'], ['withdrawn']] as const)('allows nothing on a %s need, for anyone, in any context', (state) => {
    for (const { ctx } of CONTEXTS) {
      expect(allowedNeedActions(state, ACTORS, ctx)).toEqual([]);
      for (const action of NEED_ACTIONS) {
        for (const actor of ACTORS) expect(decideNeedAction(state, action, [actor], ctx).ok).toBe(false);
      }
    }
  });

  it.each(NEED_STATES.map((s) => ({ state: s, terminal: s === 'rejected' || s === 'withdrawn' })))(
    'isTerminalNeedState says $terminal for $state',
    ({ state, terminal }) => {
      expect(isTerminalNeedState(state)).toBe(terminal);
    },
  );

  it.each(NEED_STATES.filter((s) => s !== 'rejected' && s !== 'withdrawn').map((s) => [s]))(
    'leaves some way out of a %s need for somebody',
    (state) => {
      expect(allowedNeedActions(state, ACTORS, { openTasks: 0, ratingUnresolved: true }).length).toBeGreaterThan(0);
    },
  );
});

describe('reachability', () => {
  function reachable(step: (state: NeedState) => NeedState[]): Set<NeedState> {
    const seen = new Set<NeedState>(['submitted']);
    const queue: NeedState[] = ['submitted'];
    while (queue.length) {
      const s = queue.shift()!;
      for (const next of step(s)) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return seen;
  }

  it('reaches every state from submitted through decideNeedAction', () => {
    const seen = reachable((state) =>
      CONTEXTS.flatMap(({ ctx }) =>
        NEED_ACTIONS.flatMap((action) => {
          const d = decideNeedAction(state, action, ACTORS, ctx);
          return d.ok ? [d.to] : [];
        }),
      ),
    );
    expect([...seen].sort()).toEqual([...NEED_STATES].sort());
  });

  it('reaches every state from submitted in the SPEC table written here too', () => {
    const seen = reachable((state) => Object.values(EXPECTED[state]).map((r) => r.to));
    expect([...seen].sort()).toEqual([...NEED_STATES].sort());
  });
});

describe('state groups', () => {
  it('treats exactly submitted, accepted, info_requested and in_service as open', () => {
    expect([...OPEN_NEED_STATES].sort()).toEqual(['accepted', 'in_service', 'info_requested', 'submitted']);
  });

  it('pauses the reply clock only while the enterprise is asked to supplement', () => {
    expect([...PAUSED_NEED_STATES]).toEqual(['info_requested']);
  });
});
