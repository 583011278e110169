import { fellBehind, type PacedLoadResult } from '../../src/bench/paced-load.js';

const served = (requestsPerSec: number): PacedLoadResult => ({ requestsPerSec, p50Ms: 5, p99Ms: 20, maxMs: 30, errors: 0, non2xx: 0, late: 0 });

describe('fellBehind', () => {
  it('says nothing when the load was served at the rate asked for (within 5 %)', () => {
    expect(fellBehind(served(200), 200, 'the background load')).toBeUndefined();
    expect(fellBehind(served(191), 200, 'the background load')).toBeUndefined();
  });

  it('warns, with both rates, when the service could not keep up', () => {
    expect(fellBehind(served(161.4), 200, 'the background load')).toBe(
      'WARNING: the background load was served at 161 of the 200 req/s asked for: this machine could not keep up, and the latencies measure queueing',
    );
  });
});
