/** One option line of a static-replication strip. */
export type StripOption = {
  /** Strike, quote per base. */
  strike: number;
  /** Number of options on one unit of base; negative = the payoff is SHORT this option (a hedge buys it). */
  weight: number;
};

/** Analytic bounds on |strip payoff − LP payoff| by price region (quote units). */
export type StripErrorBound = {
  /**
   * Bound over [lowest strike, highest strike]: max over strike intervals [a, b] meeting (A, B) of
   * max|f″|·(b − a)²/8 = L/(2·max(a, A)^{3/2})·(b − a)²/8. 0 when no interval meets the range.
   */
  interior: number;
  /** Exact maximum error on [0, lowest strike] (0 when the range starts at or above the lowest strike). */
  belowLowestStrike: number;
  /** 0 when the range ends at or below the highest strike; otherwise `null`: the error grows without bound. */
  aboveHighestStrike: number | null;
};

/**
 * A static replication of a payoff f(S) at one expiry: a zero-coupon bond paying `bond`, `forwardUnits` forward
 * contracts struck at `forward` (cost 0 today), puts at strikes ≤ forward and calls at strikes > forward.
 * Its payoff is bond + forwardUnits·(S − F) + Σ puts w·(K − S)⁺ + Σ calls w·(S − K)⁺.
 */
export type Strip = {
  /** Expansion point F (the forward for the expiry), quote per base. */
  forward: number;
  /** Bond face value in quote units (payoff of the strip at S = F). */
  bond: number;
  /** Forward contracts, in base units (the strip's slope at F). */
  forwardUnits: number;
  /** Puts (strike ≤ forward), ascending strikes; only non-zero weights. */
  puts: StripOption[];
  /** Calls (strike > forward), ascending strikes; only non-zero weights. */
  calls: StripOption[];
  /** Lowest and highest strike of the grid used; the strip is exact piecewise-linear interpolation between them. */
  lowestStrike: number;
  highestStrike: number;
  /** Analytic error bounds for the discretisation on this strike grid. */
  errorBound: StripErrorBound;
};
