import { describe, expect, test } from "vitest";
import { createGbmModel } from "./gbm.js";
import { createRng } from "./rng.js";

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 via erf, |error| < 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/**
 * Probability that a GBM started at S0 stays inside (A, B) up to T (continuous monitoring): the eigenfunction
 * series of Brownian motion with drift ν = μ − σ²/2 killed at a = ln(A/S0), b = ln(B/S0):
 * P = Σ_n (2/w) sin(nπx0/w) e^{−kx0} e^{−(n²π²σ²/(2w²) + ν²/(2σ²))T} · c_n(1 − (−1)^n e^{kw}) / (k² + c_n²),
 * w = b − a, x0 = −a, k = ν/σ², c_n = nπ/w (Cox & Miller 1965, §5.7; Borodin & Salminen).
 */
function gbmStayInRangeProbability(
  s0: number,
  lower: number,
  upper: number,
  mu: number,
  sigma: number,
  T: number,
): number {
  const a = Math.log(lower / s0);
  const b = Math.log(upper / s0);
  const w = b - a;
  const x0 = -a;
  const nu = mu - 0.5 * sigma * sigma;
  const k = nu / (sigma * sigma);
  let sum = 0;
  for (let n = 1; n <= 400; n++) {
    const c = (n * Math.PI) / w;
    const decay = Math.exp(-((c * c * sigma * sigma) / 2 + (nu * nu) / (2 * sigma * sigma)) * T);
    const integral = (c * (1 - (n % 2 === 0 ? 1 : -1) * Math.exp(k * w))) / (k * k + c * c);
    sum += (2 / w) * Math.sin(c * x0) * Math.exp(-k * x0) * decay * integral;
  }
  return sum;
}

describe("createGbmModel", () => {
  test("default: E[S_T] = S0·e^{μT} and Var[ln S_T/S0] = σ²T", () => {
    const mu = 0.1;
    const sigma = 0.5;
    const T = 1;
    const steps = 50;
    const paths = 20_000;
    const model = createGbmModel({ mu, sigma });
    const out = new Float64Array(steps + 1);
    let sum = 0;
    let sl = 0;
    let sl2 = 0;
    for (let i = 0; i < paths; i++) {
      out[0] = 100;
      model.fillPath(createRng(11, i), out, T / steps);
      const st = out[steps];
      sum += st;
      const l = Math.log(st / 100);
      sl += l;
      sl2 += l * l;
    }
    const mean = sum / paths;
    const varLog = sl2 / paths - (sl / paths) ** 2;
    // standard errors: S_T/S0 sd ≈ 0.57 → SE 0.4%; variance SE ≈ σ²√(2/N) ≈ 1%
    expect(Math.abs(mean / (100 * Math.exp(mu * T)) - 1)).toBeLessThan(0.016);
    expect(Math.abs(varLog / (sigma * sigma * T) - 1)).toBeLessThan(0.04);
    expect(Math.abs(sl / paths - (mu - 0.5 * sigma * sigma) * T)).toBeLessThan(0.02);
  });

  test("behavior: same seed and stream give the identical path; another stream differs", () => {
    const model = createGbmModel({ mu: 0, sigma: 0.8 });
    const a = new Float64Array(101);
    const b = new Float64Array(101);
    const c = new Float64Array(101);
    a[0] = b[0] = c[0] = 3000;
    model.fillPath(createRng(5, 3), a, 1 / 365);
    model.fillPath(createRng(5, 3), b, 1 / 365);
    model.fillPath(createRng(5, 4), c, 1 / 365);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  test("behavior: fillPathLog gives fillPath's prices bit for bit and a log sum within its documented error", () => {
    for (const [sigma, dt] of [
      [0.8, 1 / 525_600],
      [3, 1 / 365],
      [0, 1 / 12],
    ]) {
      const m = createGbmModel({ mu: 0.1, sigma });
      const a = new Float64Array(5001);
      const b = new Float64Array(5001);
      const logs = new Float64Array(5001);
      a[0] = 3000;
      b[0] = 3000;
      m.fillPath(createRng(4, 2), a, dt);
      m.fillPathLog?.(createRng(4, 2), b, dt, logs);
      let maxAbs = 0;
      for (let i = 0; i < a.length; i++) {
        expect(Object.is(a[i], b[i])).toBe(true);
        maxAbs = Math.max(maxAbs, Math.abs(logs[i]));
        expect(Math.abs(logs[i] - Math.log(a[i]))).toBeLessThanOrEqual(
          (i + 1) * (3.4e-16 + maxAbs * 1.2e-16),
        );
      }
      // the sum moved: not a constant path (σ > 0)
      if (sigma > 0) expect(logs[5000]).not.toBe(logs[0]);
    }
    expect(() =>
      createGbmModel({ mu: 0, sigma: 1 }).fillPathLog?.(
        createRng(1),
        new Float64Array(3).fill(1),
        1,
        new Float64Array(2),
      ),
    ).toThrow(/logs\.length/);
  });

  test("behavior: σ = 0 is the deterministic path S0·e^{μt}", () => {
    const out = new Float64Array(11);
    out[0] = 50;
    createGbmModel({ mu: 0.2, sigma: 0 }).fillPath(createRng(1), out, 0.1);
    for (let i = 0; i <= 10; i++) expect(out[i]).toBeCloseTo(50 * Math.exp(0.02 * i), 10);
  });

  test("behavior: bad parameters name the field and value", () => {
    expect(() => createGbmModel({ mu: 0, sigma: -1 })).toThrow(/sigma -1/);
    const out = new Float64Array(3);
    expect(() => createGbmModel({ mu: 0, sigma: 1 }).fillPath(createRng(1), out, 0.1)).toThrow(/out\[0\] 0/);
  });

  test("behavior: the double-barrier series matches the one-barrier closed form when the other barrier is far", () => {
    // P(min_t X_t > a) = Φ((−a + νT)/(σ√T)) − e^{2νa/σ²} Φ((a + νT)/(σ√T)) (reflection principle with drift)
    const mu = 0.05;
    const sigma = 0.6;
    const T = 0.5;
    const a = Math.log(0.8);
    const nu = mu - 0.5 * sigma * sigma;
    const s = sigma * Math.sqrt(T);
    const oneBarrier =
      normalCdf((-a + nu * T) / s) - Math.exp((2 * nu * a) / (sigma * sigma)) * normalCdf((a + nu * T) / s);
    expect(gbmStayInRangeProbability(1, 0.8, 1e4, mu, sigma, T)).toBeCloseTo(oneBarrier, 5);
  });

  test("behavior: the simulated range-exit probability matches the double-barrier closed form", () => {
    const s0 = 3000;
    const lower = 2500;
    const upper = 3600;
    const mu = 0.1;
    const sigma = 0.8;
    const T = 30 / 365;
    const steps = 400;
    const dt = T / steps;
    const paths = 20_000;
    const model = createGbmModel({ mu, sigma });
    const out = new Float64Array(steps + 1);
    let exits = 0;
    for (let i = 0; i < paths; i++) {
      out[0] = s0;
      model.fillPath(createRng(99, i), out, dt);
      for (let t = 1; t <= steps; t++) {
        if (out[t] <= lower || out[t] >= upper) {
          exits++;
          break;
        }
      }
    }
    const simulated = exits / paths;
    // discrete monitoring: shift the barriers outward by e^{±0.5826 σ√Δt} (Broadie, Glasserman & Kou 1997)
    const shift = Math.exp(0.5826 * sigma * Math.sqrt(dt));
    const theory = 1 - gbmStayInRangeProbability(s0, lower / shift, upper * shift, mu, sigma, T);
    const continuous = 1 - gbmStayInRangeProbability(s0, lower, upper, mu, sigma, T);
    // MC standard error √(p(1−p)/N) ≈ 0.0035
    expect(Math.abs(simulated - theory)).toBeLessThan(0.012);
    expect(simulated).toBeLessThan(continuous);
  });
});
