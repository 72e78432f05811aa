// The subnets lab networks take: one /28 each from ATELIER_LAB_SUBNETS, reused after release.
import { describe, expect, it } from 'vitest';
import { parseSubnetRange, subnetAt, SubnetPool } from '../../server/sandbox/lab-subnets.js';

describe('lab subnets', () => {
  it('parses a range and cuts it into /28s', () => {
    const r = parseSubnetRange('10.213.0.0/16');
    expect(r.count).toBe(4096);
    expect(subnetAt(r, 0)).toBe('10.213.0.0/28');
    expect(subnetAt(r, 17)).toBe('10.213.1.16/28');
    expect(subnetAt(r, 4095)).toBe('10.213.255.240/28');
  });

  it('refuses what is not an aligned IPv4 range', () => {
    expect(() => parseSubnetRange('10.213.0.0')).toThrow(/not an IPv4 range/);
    expect(() => parseSubnetRange('10.213.0.0/29')).toThrow(/between \/8 and \/28/);
    expect(() => parseSubnetRange('10.213.0.1/16')).toThrow(/should be 10.213.0.0/);
    expect(() => parseSubnetRange('300.1.1.0/24')).toThrow(/not an IPv4 range/);
  });

  it('hands out the lowest free subnet, skips marked ones, reuses released ones, says when full', () => {
    const pool = new SubnetPool(parseSubnetRange('10.9.0.0/26'));
    pool.mark('10.9.0.0/28');
    expect(pool.take()).toBe('10.9.0.16/28');
    expect(pool.take()).toBe('10.9.0.32/28');
    pool.release('10.9.0.16/28');
    expect(pool.take()).toBe('10.9.0.16/28');
    expect(pool.take()).toBe('10.9.0.48/28');
    expect(() => pool.take()).toThrow(
      /no free lab network: all 4 subnets of ATELIER_LAB_SUBNETS 10.9.0.0\/26/,
    );
    pool.mark('192.168.0.0/28'); // outside the range: ignored
    expect(pool.used).toBe(4);
  });
});
