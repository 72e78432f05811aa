// Lab networks take their subnets from one configured IPv4 range (ATELIER_LAB_SUBNETS), cut into /28s:
// Docker's default address pools hold only a few dozen bridge networks, a class needs one per learner.
import { SandboxError } from './sandbox-runtime.js';

export const DEFAULT_LAB_SUBNETS = '10.213.0.0/16';

/** Every lab network is a /28: 14 addresses, enough for the most machines a course may declare. */
export const LAB_SUBNET_BITS = 28;

export interface SubnetRange {
  /** First address of the range as an unsigned 32-bit number. */
  base: number;
  bits: number;
  /** How many /28 subnets the range holds. */
  count: number;
  text: string;
}

function ipToNumber(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255))
    return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

const numberToIp = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

/** Parses `10.213.0.0/16`; the range must be aligned and hold at least one /28. */
export function parseSubnetRange(text: string): SubnetRange {
  const m = /^([0-9.]+)\/([0-9]{1,2})$/.exec(text.trim());
  const base = m ? ipToNumber(m[1] as string) : undefined;
  const bits = m ? Number(m[2]) : NaN;
  if (base === undefined || !(bits >= 8 && bits <= LAB_SUBNET_BITS))
    throw new Error(`"${text}" is not an IPv4 range such as 10.213.0.0/16 (prefix between /8 and /28)`);
  if (base % 2 ** (32 - bits) !== 0)
    throw new Error(
      `"${text}" is not aligned: its first address should be ${numberToIp(base - (base % 2 ** (32 - bits)))}`,
    );
  return { base, bits, count: 2 ** (LAB_SUBNET_BITS - bits), text: `${numberToIp(base)}/${bits}` };
}

/** The index-th /28 of the range. */
export function subnetAt(range: SubnetRange, index: number): string {
  return `${numberToIp(range.base + index * 2 ** (32 - LAB_SUBNET_BITS))}/${LAB_SUBNET_BITS}`;
}

/** Where a /28 sits in the range, or undefined when it is outside. */
export function indexOf(range: SubnetRange, subnet: string): number | undefined {
  const [ip, bits] = subnet.split('/');
  const n = ipToNumber(ip ?? '');
  if (n === undefined || Number(bits) !== LAB_SUBNET_BITS) return undefined;
  const i = (n - range.base) / 2 ** (32 - LAB_SUBNET_BITS);
  return Number.isInteger(i) && i >= 0 && i < range.count ? i : undefined;
}

/** Hands out the lowest free subnet; taken ones come back with `release`. Pure: Docker is asked elsewhere. */
export class SubnetPool {
  private readonly taken = new Set<number>();

  constructor(readonly range: SubnetRange) {}

  /** Marks subnets already in use (networks found at boot, or refused by Docker as overlapping). */
  mark(subnet: string): void {
    const i = indexOf(this.range, subnet);
    if (i !== undefined) this.taken.add(i);
  }

  take(): string {
    for (let i = 0; i < this.range.count; i++) {
      if (this.taken.has(i)) continue;
      this.taken.add(i);
      return subnetAt(this.range, i);
    }
    throw new SandboxError(
      'no-subnet',
      `no free lab network: all ${this.range.count} subnets of ATELIER_LAB_SUBNETS ${this.range.text} are in use`,
    );
  }

  release(subnet: string): void {
    const i = indexOf(this.range, subnet);
    if (i !== undefined) this.taken.delete(i);
  }

  get used(): number {
    return this.taken.size;
  }
}
