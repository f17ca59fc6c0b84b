/**
 * The port through which the API reads the keeper: `src/keeper/readModel.ts` implements it over the keeper's
 * journal database. The shapes are defined once, by the keeper (`src/keeper/types.ts`, the same JSON as
 * `lpguard keeper status --json`); the server never writes the keeper's tables, and `requestStop` asks the keeper
 * (through its control table) to stop, or to pull its kill switch.
 */
export type {
  JournalEntryView,
  KeeperEventView,
  KeeperHedgeView,
  KeeperPositionView,
  KeeperReadModel,
  KeeperState,
  KeeperStatus,
} from "../keeper/types.js";
