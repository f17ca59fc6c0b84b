export { signPayload, verifySignedRequest } from "./auth.js";
export {
  createFundingSchedule,
  type FundingSchedule,
  type FundingSettlement,
  type PaperFundingConfig,
} from "./funding.js";
export { applyFill, fillPrice, liquidationPrice, type NetPosition } from "./matching.js";
export {
  filePriceSource,
  fixedPriceSource,
  type PriceSource,
  poolPriceSource,
  readDeploymentPrice,
} from "./priceSource.js";
export {
  DEFAULT_SYMBOL,
  PAPER_TEST_API_KEY,
  PAPER_TEST_SECRET,
  type PaperPerpServer,
  type PaperSymbolConfig,
  type StartPaperPerpParameters,
  startPaperPerp,
} from "./server.js";
export { type PaperStatus, readPaperStatus } from "./state.js";
