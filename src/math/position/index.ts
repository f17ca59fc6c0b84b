export {
  type AnalyzePositionErrorType,
  type AnalyzePositionParameters,
  type AnalyzePositionReturnType,
  analyzePosition,
  PositionKind,
} from "./analyzePosition.js";
