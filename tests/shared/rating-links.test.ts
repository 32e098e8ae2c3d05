// The one-time rating link's address: what the QR code carries, and the token
// read back from it; and which needs carry it before their service is completed.
import { describe, expect, it } from 'vitest';
import {
  NEED_STATES,
  OPEN_NEED_STATES,
  ratingLinkBeforeCompletion,
  ratingLinkToken,
  ratingLinkUrl,
  RatingLinkTokenSchema,
} from '@qi/shared';

const token = 'q7Yb0cZ3kR1mN8sT2vW5xA9dE4fG6hJ0kL3mN7pQ1rS';

describe('rating link addresses', () => {
  it('opens the H5 page with the token, however the base ends', () => {
    expect(ratingLinkUrl('https://qi.example.cn/', token)).toBe(`https://qi.example.cn/#/pages/rate-link/index?t=${token}`);
    expect(ratingLinkUrl('https://qi.example.cn', token)).toBe(`https://qi.example.cn/#/pages/rate-link/index?t=${token}`);
  });

  it('reads the token back from the address, or from the token typed alone', () => {
    expect(ratingLinkToken(ratingLinkUrl('https://qi.example.cn', token))).toBe(token);
    expect(ratingLinkToken(` ${token} `)).toBe(token);
  });

  it('reads nothing from a cut, padded or foreign address', () => {
    expect(ratingLinkToken(ratingLinkUrl('https://qi.example.cn', token).slice(0, -1))).toBeNull();
    expect(ratingLinkToken(`${token}x`)).toBeNull();
    expect(ratingLinkToken('https://qi.example.cn/#/pages/station/index?code=HKC001')).toBeNull();
    expect(RatingLinkTokenSchema.safeParse('短').success).toBe(false);
  });
});

describe('the link before the service is completed (the window receipt)', () => {
  it('is for a need staff recorded, while it is being worked on; never for one the enterprise submitted', () => {
    for (const state of NEED_STATES) {
      expect(ratingLinkBeforeCompletion({ state, recordedByStaff: true }), state).toBe(OPEN_NEED_STATES.includes(state));
      expect(ratingLinkBeforeCompletion({ state, recordedByStaff: false }), state).toBe(false);
    }
  });
});
