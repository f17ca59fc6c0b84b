/** The close tick the synthetic hedging tests start from (≈ 1,580 USDC per WETH on a USDC/WETH pool). */
export const START_TICK = 202690;

/**
 * Returns the perp market of the synthetic hedging tests: 10× leverage, 0.5 % maintenance, 1.25 % liquidation fee,
 * no impact; taker fee and half-spread as given (default 0: a frictionless hedge).
 */
export function testPerpMarket(costs: { takerFee?: number; halfSpreadBps?: number } = {}) {
  return {
    takerFee: costs.takerFee ?? 0,
    makerFee: 0,
    halfSpreadBps: costs.halfSpreadBps ?? 0,
    impactModel: "none" as const,
    impactCoefficient: 0,
    depth: 1,
    leverage: 10,
    maintenanceMarginRate: 0.005,
    liquidationFee: 0.0125,
  };
}
