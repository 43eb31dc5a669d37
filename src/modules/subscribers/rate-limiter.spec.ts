import { hitCounter, RateCounterStore, RateLimit } from './rate-limiter.service';

/** An in-memory stand-in for Redis' INCR / PEXPIRE NX / PTTL, with a clock the test moves. */
class FakeStore implements RateCounterStore {
  status = 'ready';
  now = 0;
  fail: Error | null = null;
  hang = false;
  private readonly keys = new Map<string, { count: number; expiresAt: number | null }>();

  multi() {
    const ops: Array<() => unknown> = [];
    const entry = (key: string) => {
      const e = this.keys.get(key);
      if (e && e.expiresAt !== null && e.expiresAt <= this.now) this.keys.delete(key);
      return this.keys.get(key);
    };
    const tx = {
      incr: (key: string) => {
        ops.push(() => {
          const e = entry(key) ?? { count: 0, expiresAt: null };
          e.count++;
          this.keys.set(key, e);
          return e.count;
        });
        return tx;
      },
      pexpire: (key: string, ms: number, mode: 'NX') => {
        ops.push(() => {
          const e = entry(key);
          if (!e || (mode === 'NX' && e.expiresAt !== null)) return 0;
          e.expiresAt = this.now + ms;
          return 1;
        });
        return tx;
      },
      pttl: (key: string) => {
        ops.push(() => {
          const e = entry(key);
          return !e ? -2 : e.expiresAt === null ? -1 : e.expiresAt - this.now;
        });
        return tx;
      },
      exec: (): Promise<Array<[Error | null, unknown]> | null> => {
        if (this.hang) return new Promise(() => undefined);
        if (this.fail) return Promise.reject(this.fail);
        return Promise.resolve(ops.map((op) => [null, op()] as [null, unknown]));
      },
    };
    return tx;
  }
}

const HOURLY: RateLimit = { name: 'test', limit: 3, windowMs: 3_600_000 };

describe('hitCounter (fixed-window rate limit)', () => {
  it('allows `limit` hits per window, then refuses with the seconds left in the window', async () => {
    const store = new FakeStore();
    const errors: Error[] = [];
    for (let i = 0; i < 3; i++) expect(await hitCounter(store, 'k', HOURLY, (e) => errors.push(e))).toEqual({ allowed: true });
    store.now = 600_000; // 10 minutes into the window
    expect(await hitCounter(store, 'k', HOURLY, (e) => errors.push(e))).toEqual({ allowed: false, retryAfterSeconds: 3000 });
    expect(errors).toEqual([]);
  });

  it('counts keys separately and starts again when the window has passed', async () => {
    const store = new FakeStore();
    for (let i = 0; i < 4; i++) await hitCounter(store, 'a', HOURLY, () => undefined);
    expect((await hitCounter(store, 'a', HOURLY, () => undefined)).allowed).toBe(false);
    expect((await hitCounter(store, 'b', HOURLY, () => undefined)).allowed).toBe(true);
    store.now = 3_600_000;
    expect((await hitCounter(store, 'a', HOURLY, () => undefined)).allowed).toBe(true);
  });

  it('lets hits through, and reports why, when Redis fails, hangs or is disconnected', async () => {
    const errors: string[] = [];
    const failing = new FakeStore();
    failing.fail = new Error('ECONNREFUSED');
    const hanging = new FakeStore();
    hanging.hang = true;
    const lost = new FakeStore();
    lost.status = 'reconnecting';
    for (const store of [failing, hanging, lost]) {
      for (let i = 0; i < 5; i++) {
        expect(await hitCounter(store, 'k', HOURLY, (e) => errors.push(e.message), 20)).toEqual({ allowed: true });
      }
    }
    expect(errors).toHaveLength(15);
    expect(errors).toEqual(expect.arrayContaining(['ECONNREFUSED', 'timed out after 20 ms', 'not connected (reconnecting)']));
  });
});
