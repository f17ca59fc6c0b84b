/** The `lpguard simulate` driver: config schema and the Monte Carlo comparison of strategies on the same paths. */
export {
  loadSimulationConfig,
  parseSimulationConfig,
  type SimulationConfig,
  type SimulationEngineConfig,
  type SimulationStrategyConfig,
  type SyntheticPoolConfig,
  simulationConfigSchema,
} from "./config.js";
export {
  BATCH_PATHS,
  batchSeed,
  type FanData,
  type RunSimulationOptions,
  runSimulation,
  type SimulationReport,
  type SimulationRun,
  type StrategyResult,
} from "./runSimulation.js";
