export { fullRange } from "./fullRange.js";
export * from "./hedge/index.js";
export { hedgedStrategy } from "./hedgedStrategy.js";
export { type HoldTokensParameters, holdTokens } from "./holdTokens.js";
export { type PassiveRangeParameters, passiveRange } from "./passiveRange.js";
export { type RecenterRangeParameters, recenterRange } from "./recenterRange.js";
export {
  type ResolveRangeTicksParameters,
  type ResolveRangeTicksReturnType,
  resolveRangeTicks,
} from "./resolveRangeTicks.js";
export type { RangeSpec } from "./types.js";
