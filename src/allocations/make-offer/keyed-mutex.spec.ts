import { KeyedMutex } from './keyed-mutex.js';

describe('keyed mutex', () => {
  const tick = () => new Promise((r) => setTimeout(r, 5));

  it('runs work for one key one at a time, in arrival order', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const work = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
      return name;
    };
    expect(await Promise.all([mutex.run('a', work('1')), mutex.run('a', work('2')), mutex.run('a', work('3'))])).toEqual(['1', '2', '3']);
    expect(log).toEqual(['1 start', '1 end', '2 start', '2 end', '3 start', '3 end']);
  });

  it('runs different keys side by side', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const work = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
    };
    await Promise.all([mutex.run('a', work('a')), mutex.run('b', work('b'))]);
    expect(log.slice(0, 2).sort()).toEqual(['a start', 'b start']);
  });

  it('lets the next run after a failure', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.run('a', async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(await mutex.run('a', async () => 'next')).toBe('next');
  });
});
