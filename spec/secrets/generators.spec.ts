import { expect } from 'chai';
import {
  generateClientId,
  generateClientSecret,
  generateToken,
  UNICODE_ASCII_CHARACTER_SET,
} from '../../lib/generators.js';

describe('generators', () => {
  it('makes 40-character client ids of [A-Za-z0-9]', () => {
    const id = generateClientId();
    expect(id).to.match(/^[A-Za-z0-9]{40}$/);
    expect(generateClientId()).to.not.equal(id);
  });

  it('makes client secrets of the requested length (128 by default)', () => {
    expect(generateClientSecret()).to.match(/^[A-Za-z0-9]{128}$/);
    expect(generateClientSecret(50)).to.have.length(50);
  });

  it('draws every character of the set without modulo bias', () => {
    const per = 2000;
    const counts = new Map<string, number>();
    for (const ch of generateToken(62 * per)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).to.equal(UNICODE_ASCII_CHARACTER_SET.length);
    // A byte % 62 generator gives the first 256 % 62 = 8 characters 5/256 instead of 4/256 (+25%, ~2480 here);
    // the mean of those 8 stays within a few standard deviations (~16) of 2000 when the draw is uniform.
    const first = [...UNICODE_ASCII_CHARACTER_SET.slice(0, 8)].map((ch) => counts.get(ch) ?? 0);
    const mean = first.reduce((a, b) => a + b, 0) / first.length;
    expect(mean).to.be.within(per - 150, per + 150);
  });

  it('refuses a length below 1', () => {
    expect(() => generateToken(0)).to.throw(RangeError);
  });
});
