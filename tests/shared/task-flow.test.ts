// The task's state machine, checked exhaustively against a table written out
// here from SPEC (a task is one provider's share of a need: assigned → accepted
// → done, or declined; the specialist may cancel it), not derived from
// TASK_TRANSITIONS.
import { describe, expect, it } from 'vitest';
import { ROLES, TASK_STATES, type TaskState } from '../../shared/src/enums';
import type { Actor } from '../../shared/src/needFlow';
import {
  OPEN_TASK_STATES,
  TASK_ACTIONS,
  TASK_ACTION_LABELS,
  allowedTaskActions,
  decideTaskAction,
  type TaskAction,
} from '../../shared/src/taskFlow';

const CJK = /[\u4e00-\u9fff]/;
const ACTORS: readonly Actor[] = [...ROLES, 'system'];

interface Rule {
  to: TaskState;
  by: readonly Actor[];
}

/** State by state: who may act on a task, how, and where it goes. */
const EXPECTED: Record<TaskState, Partial<Record<TaskAction, Rule>>> = {
  assigned: {
    accept: { to: 'accepted', by: ['provider'] },
    decline: { to: 'declined', by: ['provider'] },
    cancel: { to: 'cancelled', by: ['specialist'] },
  },
  accepted: {
    progress: { to: 'accepted', by: ['provider'] },
    done: { to: 'done', by: ['provider'] },
    cancel: { to: 'cancelled', by: ['specialist'] },
  },
  done: {},
  declined: {},
  cancelled: {},
};

function rolesEver(action: TaskAction): Set<Actor> {
  const roles = new Set<Actor>();
  for (const state of TASK_STATES) for (const a of EXPECTED[state][action]?.by ?? []) roles.add(a);
  return roles;
}

type Expected = { ok: true; to: TaskState } | { ok: false; reason: 'role' | 'state' };

function expected(state: TaskState, action: TaskAction, actors: readonly Actor[]): Expected {
  const ever = rolesEver(action);
  if (!actors.some((a) => ever.has(a))) return { ok: false, reason: 'role' };
  const rule = EXPECTED[state][action];
  if (!rule || !actors.some((a) => rule.by.includes(a))) return { ok: false, reason: 'state' };
  return { ok: true, to: rule.to };
}

const an = (word: string): string => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);
const who = (actor: Actor): string => (actor === 'system' ? 'the system' : an(actor));

describe('the task state machine covers the states and actions SPEC names', () => {
  it('has exactly the five task states', () => {
    expect([...TASK_STATES]).toEqual(['assigned', 'accepted', 'done', 'declined', 'cancelled']);
  });

  it('has exactly the five task actions', () => {
    expect([...TASK_ACTIONS]).toEqual(['accept', 'decline', 'progress', 'done', 'cancel']);
  });

  it.each(TASK_ACTIONS.map((a) => [a]))('gives the task action %s a Chinese label', (action) => {
    expect(TASK_ACTION_LABELS[action]).toMatch(CJK);
  });
});

describe('decideTaskAction for every state × action × single actor', () => {
  const cases = TASK_STATES.flatMap((state) =>
    TASK_ACTIONS.flatMap((action) =>
      ACTORS.map((actor) => {
        const e = expected(state, action, [actor]);
        const outcome = e.ok ? `moves it to ${e.to}` : `is refused for ${e.reason}`;
        return [`${who(actor)} taking ${action} on ${an(state)} task ${outcome}`, { state, action, actor, e }] as const;
      }),
    ),
  );

  it('covers all 5 × 5 × 6 combinations', () => {
    expect(cases).toHaveLength(5 * 5 * 6);
  });

  it.each(cases)('%s', (_title, { state, action, actor, e }) => {
    const d = decideTaskAction(state, action, [actor]);
    if (e.ok) {
      expect(d).toEqual({ ok: true, to: e.to });
      return;
    }
    expect(d.ok).toBe(false);
    if (d.ok) return;
    expect(d.reason).toBe(e.reason);
    expect(d.message).toMatch(CJK);
    expect(d.message).toContain(TASK_ACTION_LABELS[action]);
  });
});

describe('decideTaskAction refusal order and several roles', () => {
  it('refuses a role that may never take the action even when the state is wrong too', () => {
    expect(decideTaskAction('done', 'accept', ['specialist'])).toMatchObject({ ok: false, reason: 'role' });
    expect(decideTaskAction('cancelled', 'cancel', ['provider'])).toMatchObject({ ok: false, reason: 'role' });
  });

  it('keeps an accepted task accepted when the provider records progress', () => {
    expect(decideTaskAction('accepted', 'progress', ['provider'])).toEqual({ ok: true, to: 'accepted' });
  });

  it('refuses progress on a task the provider has not accepted yet, on state', () => {
    expect(decideTaskAction('assigned', 'progress', ['provider'])).toMatchObject({ ok: false, reason: 'state' });
  });

  it('allows an action when any one of several roles may take it', () => {
    expect(decideTaskAction('assigned', 'cancel', ['provider', 'specialist'])).toEqual({ ok: true, to: 'cancelled' });
  });

  it('refuses an empty actor list for every action on role', () => {
    for (const state of TASK_STATES) {
      for (const action of TASK_ACTIONS) {
        expect(decideTaskAction(state, action, [])).toMatchObject({ ok: false, reason: 'role' });
      }
    }
  });
});

const ACTOR_SETS: readonly (readonly Actor[])[] = [
  ...ACTORS.map((a) => [a]),
  ['provider', 'specialist'],
  ['enterprise', 'manager', 'supervisor', 'system'],
  ACTORS,
  [],
];

describe('allowedTaskActions', () => {
  const cases = TASK_STATES.flatMap((state) =>
    ACTOR_SETS.map((actors) => {
      const want = TASK_ACTIONS.filter((a) => expected(state, a, actors).ok);
      const names = actors.length ? actors.join('+') : 'nobody';
      return [`lists for ${names} on ${an(state)} task exactly [${want.join(', ')}]`, { state, actors, want }] as const;
    }),
  );

  it.each(cases)('%s', (_title, { state, actors, want }) => {
    expect(allowedTaskActions(state, actors)).toEqual(want);
  });

  it('gives a provider accept and decline on an assigned task, in table order', () => {
    expect(allowedTaskActions('assigned', ['provider'])).toEqual(['accept', 'decline']);
  });

  it('gives a provider progress and done on an accepted task', () => {
    expect(allowedTaskActions('accepted', ['provider'])).toEqual(['progress', 'done']);
  });

  it('gives a person who is both provider and specialist every exit from an assigned task', () => {
    expect(allowedTaskActions('assigned', ['provider', 'specialist'])).toEqual(['accept', 'decline', 'cancel']);
  });
});

describe('terminal and open task states', () => {
  it.each([['done'], ['declined'], ['cancelled']] as const)('allows nothing on a %s task, for anyone', (state) => {
    expect(allowedTaskActions(state, ACTORS)).toEqual([]);
  });

  it('treats exactly assigned and accepted tasks as holding the need open', () => {
    expect([...OPEN_TASK_STATES].sort()).toEqual(['accepted', 'assigned']);
  });

  it('leaves some way out of every open task state, and none out of the others', () => {
    for (const state of TASK_STATES) {
      expect(allowedTaskActions(state, ACTORS).length > 0).toBe(OPEN_TASK_STATES.includes(state));
    }
  });

  it('reaches every task state from assigned', () => {
    const seen = new Set<TaskState>(['assigned']);
    const queue: TaskState[] = ['assigned'];
    while (queue.length) {
      const s = queue.shift()!;
      for (const action of TASK_ACTIONS) {
        const d = decideTaskAction(s, action, ACTORS);
        if (d.ok && !seen.has(d.to)) {
          seen.add(d.to);
          queue.push(d.to);
        }
      }
    }
    expect([...seen].sort()).toEqual([...TASK_STATES].sort());
  });
});
