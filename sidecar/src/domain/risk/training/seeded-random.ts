/**
 * A small seeded generator (mulberry32) with the draws the order generator needs: the same seed gives the same
 * orders on every machine, which is what lets training reproduce the committed weights file exactly.
 */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  chance(p: number): boolean;
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** exp(normal(mu, sigma)): amounts and ratios, which are skewed to the right. */
  logNormal(mu: number, sigma: number): number;
}

export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const normal = () => {
    // Box-Muller; 1 - next() keeps the logarithm's argument above 0.
    const u = 1 - next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  return {
    next,
    chance: (p) => next() < p,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    logNormal: (mu, sigma) => Math.exp(mu + sigma * normal()),
  };
}
