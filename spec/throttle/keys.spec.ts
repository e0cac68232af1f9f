/** Throttling keys (lib/throttle/address.ts, keys.ts): what an address counts as, and keys that hold no raw id. */
import { expect } from 'chai';
import { throttleAddress } from '../../lib/throttle/address.js';
import { throttleKeys } from '../../lib/throttle/keys.js';

describe('throttling keys', () => {
  it('counts an IPv4 address as it is, and an IPv4-mapped IPv6 address as its IPv4 address', () => {
    expect(throttleAddress('192.0.2.1')).to.equal('192.0.2.1');
    expect(throttleAddress('::ffff:192.0.2.1')).to.equal('192.0.2.1');
    expect(throttleAddress('::FFFF:c000:201')).to.equal('192.0.2.1');
  });

  it('counts an IPv6 address by its /64, however it is written', () => {
    const net = '2001:db8:1:2::/64';
    for (const ip of [
      '2001:db8:1:2::1',
      '2001:DB8:1:2:ffff:0:0:7',
      '2001:0db8:0001:0002:0:0:0:1',
      '2001:db8:1:2::1%eth0',
    ]) {
      expect(throttleAddress(ip), ip).to.equal(net);
    }
    expect(throttleAddress('2001:db8::1')).to.equal('2001:db8:0:0::/64');
    expect(throttleAddress('2001:db8:1:3::1')).not.to.equal(net);
    expect(throttleAddress('::1.2.3.4')).to.equal('0:0:0:0::/64');
  });

  it('keeps what is no IP address as given, bounded', () => {
    expect(throttleAddress('')).to.equal('');
    expect(throttleAddress(null)).to.equal('');
    expect(throttleAddress('x'.repeat(1000))).to.have.length(64);
  });

  it('makes checksums of a bounded length that hold neither the id nor the address', () => {
    const keys = throttleKeys('user', 'alice@example.com', '192.0.2.1');
    for (const key of [keys.pair, keys.address]) {
      expect(key).to.match(/^[0-9a-f]{64}$/);
    }
    expect(throttleKeys('user', 'x'.repeat(1_000_000), '192.0.2.1').pair).to.match(/^[0-9a-f]{64}$/);
  });

  it('tells kinds, ids and addresses apart, and shares the address key across ids', () => {
    const a = throttleKeys('user', 'alice', '192.0.2.1');
    expect(throttleKeys('client', 'alice', '192.0.2.1').pair).not.to.equal(a.pair);
    expect(throttleKeys('user', 'alice', '192.0.2.2').pair).not.to.equal(a.pair);
    expect(throttleKeys('user', 'bob', '192.0.2.1').address).to.equal(a.address);
    expect(throttleKeys('user', 'alice', '::ffff:192.0.2.1')).to.deep.equal(a);
  });
});
