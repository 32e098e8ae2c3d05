// The rule of 动态评价: figures × thresholds → the harshest level reached, and
// what that proposes for a provider in each status.
import { describe, expect, it } from 'vitest';
import { DEFAULT_EVALUATION_THRESHOLDS, judge, proposalFor, type EvaluationFigures } from '@qi/shared';
import { windowEnding } from '../../cloud/src/services/evaluation/thresholds';

const figures = (over: Partial<EvaluationFigures> = {}): EvaluationFigures => ({
  served: 10,
  completion: { met: 10, of: 10, rate: 1 },
  onTime: { met: 10, of: 10, rate: 1 },
  satisfaction: { met: 10, of: 10, rate: 1 },
  complaints: 0,
  declines: 0,
  ...over,
});

describe('judging figures against the default thresholds', () => {
  it('reaches no level with full marks', () => {
    expect(judge(figures(), DEFAULT_EVALUATION_THRESHOLDS)).toEqual({ level: null, findings: [] });
  });

  it('names the harshest level reached and why', () => {
    expect(judge(figures({ onTime: { met: 3, of: 10, rate: 0.3 } }), DEFAULT_EVALUATION_THRESHOLDS)).toEqual({
      level: 'exit',
      findings: ['淘汰退出：按时率 30%（3/10）低于 40%'],
    });
    expect(judge(figures({ satisfaction: { met: 7, of: 10, rate: 0.7 } }), DEFAULT_EVALUATION_THRESHOLDS).level).toBe('warn');
    expect(judge(figures({ complaints: 3 }), DEFAULT_EVALUATION_THRESHOLDS).findings).toEqual(['暂停派单：有效投诉 3 件，达到 3 件']);
  });

  it('does not judge a rate over fewer than the minimum sample', () => {
    expect(judge(figures({ onTime: { met: 0, of: 2, rate: 0 } }), DEFAULT_EVALUATION_THRESHOLDS).level).toBeNull();
  });
});

describe('what a level proposes', () => {
  it('worsens a status only towards a harsher one, restores only with enough work, and never brings an exited provider back', () => {
    expect(proposalFor('active', 'warn', true)).toBe('warn');
    expect(proposalFor('warned', 'warn', true)).toBeNull();
    expect(proposalFor('warned', 'suspend', true)).toBe('suspend');
    expect(proposalFor('suspended', 'warn', true)).toBeNull();
    expect(proposalFor('suspended', null, true)).toBe('restore');
    expect(proposalFor('warned', null, false)).toBeNull();
    expect(proposalFor('active', null, true)).toBeNull();
    expect(proposalFor('exited', null, true)).toBeNull();
  });
});

describe('the rolling window', () => {
  it('goes back whole months, keeping the last day of a shorter month', () => {
    expect(windowEnding('2026-11-25', 12)).toEqual({ months: 12, from: '2025-11-25', to: '2026-11-25' });
    expect(windowEnding('2026-03-31', 1)).toEqual({ months: 1, from: '2026-02-28', to: '2026-03-31' });
  });
});
