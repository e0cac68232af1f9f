/**
 * The throttling stores (lib/throttle): the database store (one UPSERT per failure, run here in the spec's
 * transaction) and the memory store follow one rule, checked on both with a clock the spec advances.
 */
import type { EntityManager } from '@mikro-orm/core';
import { expect } from 'chai';
import { DatabaseThrottleStore } from '../../lib/models/throttle-store.js';
import { throttleKeys, type ThrottleKeys } from '../../lib/throttle/keys.js';
import { MemoryThrottleStore } from '../../lib/throttle/memory-store.js';
import type { ThrottlePolicy } from '../../lib/throttle/policy.js';
import type { ThrottleStore } from '../../lib/throttle/store.js';
import { useTransaction } from '../helpers/db.js';
import { Clock } from '../validator/helpers.js';

const POLICY: ThrottlePolicy = { windowSeconds: 60, pairLimit: 3, addressLimit: 5, maxBlockSeconds: 240 };

type Make = (clock: Clock) => ThrottleStore;

function behaves(name: string, make: Make, session: () => EntityManager | undefined): void {
  describe(name, () => {
    let clock: Clock;
    let store: ThrottleStore;
    beforeEach(() => {
      clock = new Clock();
      store = make(clock);
    });

    const fail = async (keys: ThrottleKeys, times = 1, policy = POLICY) => {
      for (let i = 0; i < times; i++) await store.recordFailure(session(), keys, policy);
    };
    const until = (...keys: string[]) => store.blockedUntil(session(), keys);
    const alice = (ip = '192.0.2.1') => throttleKeys('user', 'alice', ip);

    it('blocks a pair at its limit for one window, and not its address', async () => {
      const keys = alice();
      await fail(keys, 2);
      expect(await until(keys.pair, keys.address)).to.equal(null);
      await fail(keys);
      expect(await until(keys.pair)).to.equal(clock.ms + 60_000);
      expect(await until(keys.address)).to.equal(null);
    });

    it('blocks an address at its limit across ids, and no other address', async () => {
      for (const id of ['a', 'b', 'c', 'd', 'e']) await fail(throttleKeys('client', id, '192.0.2.1'));
      const fresh = throttleKeys('client', 'f', '192.0.2.1');
      expect(await until(fresh.pair, fresh.address)).to.equal(clock.ms + 60_000);
      const elsewhere = throttleKeys('client', 'f', '198.51.100.7');
      expect(await until(elsewhere.pair, elsewhere.address)).to.equal(null);
    });

    it('never blocks an id from an address that has had no failures', async () => {
      await fail(alice('192.0.2.1'), 3);
      const owner = alice('198.51.100.7');
      expect(await until(owner.pair, owner.address)).to.equal(null);
    });

    it('doubles the block of a key that fails again within a window of its last block, up to the cap', async () => {
      const keys = alice();
      const blocks: number[] = [];
      for (let i = 0; i < 4; i++) {
        await fail(keys, 3);
        const end = (await until(keys.pair))!;
        blocks.push((end - clock.ms) / 1000);
        clock.ms = end + 1000;
      }
      expect(blocks).to.deep.equal([60, 120, 240, 240]);
    });

    it('forgets a key left alone for a whole window: its failures and its backoff', async () => {
      const keys = alice();
      await fail(keys, 2);
      clock.advance(60);
      await fail(keys, 2);
      expect(await until(keys.pair)).to.equal(null);
      await fail(keys);
      const end = (await until(keys.pair))!;
      clock.ms = end + 60_000;
      await fail(keys, 3);
      expect(await until(keys.pair)).to.equal(clock.ms + 60_000);
    });

    it('blocks at the first failure with a limit of 1', async () => {
      const keys = alice();
      await fail(keys, 1, { ...POLICY, pairLimit: 1 });
      expect(await until(keys.pair)).to.equal(clock.ms + 60_000);
    });

    it('reads nothing for keys it has never seen', async () => {
      expect(await until()).to.equal(null);
      expect(await until(alice().pair)).to.equal(null);
    });
  });
}

describe('throttle stores', () => {
  const em = useTransaction();

  behaves('DatabaseThrottleStore', (clock) => new DatabaseThrottleStore({ now: clock.now }), em);
  behaves(
    'MemoryThrottleStore',
    (clock) => new MemoryThrottleStore({ now: clock.now }),
    () => undefined,
  );

  it('MemoryThrottleStore forgets keys whose window has passed when purged', async () => {
    const clock = new Clock();
    const store = new MemoryThrottleStore({ now: clock.now });
    await store.recordFailure(undefined, throttleKeys('user', 'alice', '192.0.2.1'), POLICY);
    clock.advance(30);
    await store.recordFailure(undefined, throttleKeys('user', 'bob', '198.51.100.7'), POLICY);
    expect(store.size).to.equal(4);
    clock.advance(31);
    expect(store.purge(POLICY)).to.equal(2);
    expect(store.size).to.equal(2);
  });

  it('DatabaseThrottleStore says what it needs when no EntityManager reaches it', async () => {
    const store = new DatabaseThrottleStore();
    let error: unknown = null;
    await store.blockedUntil(undefined, []).catch((e: unknown) => (error = e));
    expect(String(error)).to.include('MemoryThrottleStore');
  });
});
