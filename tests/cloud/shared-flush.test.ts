// The WAL flush after asynchronous commits, shared by concurrent requests (db/types.ts
// sharedFlush): a flush covers only the commits that returned before it began, so a caller
// arriving while one runs waits for the next, which every such caller shares.
import { describe, expect, it } from 'vitest';
import { sharedFlush } from '../../cloud/src/db/types';

/** Flushes that end when the test says so, recording when each began. */
function controlledFlushes() {
  const began: number[] = [];
  const ends: (() => void)[] = [];
  const fails: ((e: Error) => void)[] = [];
  let clock = 0;
  const flushOnce = () =>
    new Promise<void>((resolve, reject) => {
      began.push(clock);
      ends.push(resolve);
      fails.push(reject);
    });
  return { flushOnce, began, ends, fails, tick: () => ++clock };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('sharedFlush', () => {
  it('starts a flush for a caller when none runs, and shares the next among those arriving during one', async () => {
    const f = controlledFlushes();
    const flush = sharedFlush(f.flushOnce);
    const done: string[] = [];
    const first = flush().then(() => done.push('first'));
    f.tick();
    // Committed after the first flush began: not covered by it.
    const later = [flush(), flush(), flush()].map((p, i) => p.then(() => done.push(`later${i}`)));
    await settle();
    expect(f.began).toEqual([0]);
    f.ends[0]!();
    await first;
    await settle();
    expect(done).toEqual(['first']);
    // One flush for the three, begun after the first ended.
    expect(f.began).toEqual([0, 1]);
    f.ends[1]!();
    await Promise.all(later);
    expect(done).toEqual(['first', 'later0', 'later1', 'later2']);
    // Nothing runs: the next caller starts its own at once.
    const again = flush();
    await settle();
    expect(f.began).toHaveLength(3);
    f.ends[2]!();
    await again;
  });

  it('fails the callers of a flush that fails, and flushes again for the next', async () => {
    const f = controlledFlushes();
    const flush = sharedFlush(f.flushOnce);
    const a = flush();
    const b = flush(); // waits for the next flush
    f.fails[0]!(Object.assign(new Error('terminating connection'), { code: '57P01' }));
    await expect(a).rejects.toMatchObject({ code: '57P01' });
    await settle();
    expect(f.began).toHaveLength(2);
    f.ends[1]!();
    await expect(b).resolves.toBeUndefined();
  });
});
