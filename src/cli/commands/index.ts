import type { Command } from "commander";
import type { CliIO } from "../io.js";
import { registerBacktest } from "./backtest.js";
import { registerChain } from "./chain.js";
import { registerCompare } from "./compare.js";
import { registerFetch } from "./fetch.js";
import { registerForecast } from "./forecast.js";
import { registerKeeper } from "./keeper.js";
import { registerOptimize } from "./optimize.js";
import { registerPaperPerp } from "./paperPerp.js";
import { registerPosition } from "./position.js";
import { registerRisk } from "./risk.js";
import { registerRuns } from "./runs.js";
import { registerServe } from "./serve.js";
import { registerSimulate } from "./simulate.js";
import { registerSweep } from "./sweep.js";
import { registerWorker } from "./worker.js";

/** A command module registers one subcommand on the program. */
export type RegisterCommand = (program: Command, io: CliIO) => void;

/** Every command of the CLI, in help order. Add one line per command file. */
export const commands: RegisterCommand[] = [
  registerBacktest,
  registerChain,
  registerCompare,
  registerFetch,
  registerForecast,
  registerOptimize,
  registerKeeper,
  registerPaperPerp,
  registerPosition,
  registerRisk,
  registerRuns,
  registerServe,
  registerSimulate,
  registerSweep,
  registerWorker,
];
