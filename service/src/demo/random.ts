/**
 * A small seeded PRNG (mulberry32) and the draws the demo generator needs. Never Math.random: the same
 * seed must give the same company, byte for byte.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.next() * values.length)]!;
  }

  /** One of `values` with the given weights (need not sum to 1). */
  weighted<T>(values: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of values) total += weight;
    let left = this.next() * total;
    for (const [value, weight] of values) {
      left -= weight;
      if (left < 0) return value;
    }
    return values[values.length - 1]![0];
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** exp(N(mu, sigma)). */
  logNormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /** Poisson-distributed count (Knuth for small means, a normal approximation above 30). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let count = 0;
    let product = this.next();
    while (product > limit) {
      count += 1;
      product *= this.next();
    }
    return count;
  }

  /** `count` distinct items of `values` (fewer when there are fewer). */
  sample<T>(values: readonly T[], count: number): T[] {
    if (count >= values.length) return [...values];
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(Math.floor(this.next() * values.length));
    return [...chosen].map((index) => values[index]!);
  }

  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(values: readonly T[]): T[] {
    const copy = [...values];
    for (let index = copy.length - 1; index > 0; index--) {
      const other = Math.floor(this.next() * (index + 1));
      [copy[index], copy[other]] = [copy[other]!, copy[index]!];
    }
    return copy;
  }

  /** A UUIDv7 for time `ms`: time-ordered like the application's ids, random bits from this generator. */
  uuid7(ms: number): string {
    const time = Math.max(0, Math.floor(ms));
    const high = Math.floor(time / 65_536);
    const a = (this.next() * 4294967296) >>> 0;
    const b = (this.next() * 4294967296) >>> 0;
    const c = (this.next() * 4294967296) >>> 0;
    return (
      hex2(high >>> 24) +
      hex2(high >>> 16) +
      hex2(high >>> 8) +
      hex2(high) +
      '-' +
      hex2(time >>> 8) +
      hex2(time) +
      '-7' +
      HEX[(a >>> 8) & 0xf]! +
      hex2(a) +
      '-' +
      HEX[8 | ((a >>> 12) & 3)]! +
      HEX[(a >>> 16) & 0xf]! +
      hex2(a >>> 20) +
      '-' +
      hex2(b) +
      hex2(b >>> 8) +
      hex2(b >>> 16) +
      hex2(b >>> 24) +
      hex2(c) +
      hex2(c >>> 8)
    );
  }
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16));
const HEX2 = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const hex2 = (value: number): string => HEX2[value & 0xff]!;

/** A 32-bit seed from text (FNV-1a), to derive independent streams from one seed. */
export function seedFrom(...parts: (string | number)[]): number {
  let hash = 0x811c9dc5;
  for (const char of parts.join('\u0000')) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export const logistic = (x: number): number => 1 / (1 + Math.exp(-x));
