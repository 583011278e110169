import { RateLimiter } from '../../src/access/rate-limiter.js';

describe('rate limit: a token bucket per client', () => {
  it('allows a burst of the per-minute number, then refills evenly, per client', () => {
    let now = 0;
    const limiter = new RateLimiter(60, () => now);
    for (let i = 0; i < 60; i++) expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('b').allowed).toBe(true); // another client has its own bucket
    now += 1000; // one request a second comes back
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    now += 10 * 60_000; // refills to the burst, never beyond
    for (let i = 0; i < 60; i++) expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('takes back a token given back (a request that turned out not to count), never beyond the burst', () => {
    const limiter = new RateLimiter(2, () => 0);
    limiter.giveBack('a'); // no bucket yet: nothing to give back
    expect(limiter.take('a').allowed).toBe(true);
    limiter.giveBack('a');
    limiter.giveBack('a');
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('is off at 0', () => {
    const limiter = new RateLimiter(0);
    for (let i = 0; i < 1000; i++) expect(limiter.take('a').allowed).toBe(true);
  });
});
