// The per-instance memories (checked tokens, callers' signers) stay bounded,
// forgetting what was remembered least recently.
import { describe, expect, it } from 'vitest';
import { remember } from '../../cloud/src/boundedMap';

describe('remember', () => {
  it('keeps at most max entries, forgetting the one remembered least recently', () => {
    const m = new Map<string, number>();
    remember(m, 'a', 1, 2);
    remember(m, 'b', 2, 2);
    remember(m, 'a', 3, 2); // a is remembered again: b is now the oldest
    remember(m, 'c', 4, 2);
    expect([...m]).toEqual([
      ['a', 3],
      ['c', 4],
    ]);
  });
});
