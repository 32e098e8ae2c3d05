// Schema-driven fuzzing of every operation of the OpenAPI document, as
// anonymous and as every persona (tests/support/fuzz.ts): a fixed seed and a
// bounded count here; `npm run fuzz -- --count 100000` for a longer run.
// No request may answer 5xx, nor a 4xx outside the error envelope, nor a
// status or body its operation does not declare (tests/support/contract.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFuzzTarget, report, type FuzzTarget } from '../support/fuzz';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
/** Requests per operation by default: every operation gets its share however many the API grows to. */
const PER_OPERATION = 40;
const count = () => Number(process.env.FUZZ_COUNT ?? PER_OPERATION * target.operations);

let target: FuzzTarget;
beforeAll(async () => {
  target = await createFuzzTarget();
}, 120_000);
afterAll(() => target?.close());

describe('the API under schema-driven fuzzing', () => {
  it(`answers ${PER_OPERATION} generated requests per operation (seed ${SEED}) without a 5xx, every error in the envelope`, async () => {
    const result = await target.run({ seed: SEED, count: count() });
    const text = report(result);
    console.log(text.split('\n')[0]);
    expect(result.operations).toBeGreaterThan(40);
    // Every operation of the document was called, many times.
    expect(Object.entries(result.perOperation).filter(([, n]) => n < 20)).toEqual([]);
    expect(result.failures, text).toEqual([]);
    // The run reached past validation: successes and refusals both.
    expect(Object.keys(result.statuses).some((s) => s.startsWith('2'))).toBe(true);
    expect(result.statuses[400]).toBeGreaterThan(0);
  }, 300_000);
});
