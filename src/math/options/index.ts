/** Option math: normal distribution, Black-76 and Black–Scholes prices and greeks, implied vol, vol surfaces. */
export {
  type Black76ErrorType,
  type Black76Parameters,
  type Black76ReturnType,
  black76,
} from "./black76.js";
export {
  type BlackScholesErrorType,
  type BlackScholesParameters,
  type BlackScholesReturnType,
  blackScholes,
} from "./blackScholes.js";
export {
  type BuildVolSurfaceErrorType,
  type BuildVolSurfaceParameters,
  buildVolSurface,
  type VolSlice,
  type VolSurface,
} from "./buildVolSurface.js";
export { type ImpliedVolErrorType, type ImpliedVolParameters, impliedVol } from "./impliedVol.js";
export { OptionKind, optionSign } from "./optionKind.js";
export { standardNormalCdf } from "./standardNormalCdf.js";
export { standardNormalPdf } from "./standardNormalPdf.js";
