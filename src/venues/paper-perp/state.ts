/**
 * The paper exchange's state in its own SQLite file (better-sqlite3, WAL): balance, net positions in integer
 * lots, every order, the income ledger (realised PnL, commission, funding) and the funding settlements applied.
 * Every order and every funding settlement is one transaction, so a kill -9 leaves either all of it or none.
 * `synchronous = NORMAL` in WAL mode survives a process crash (not a power cut).
 */
import Database from "better-sqlite3";
import { ConfigError } from "../../errors/config.js";

export type OrderRow = {
  order_id: number;
  symbol: string;
  client_order_id: string;
  side: "BUY" | "SELL";
  type: string;
  lots: number;
  executed_lots: number;
  avg_price: number;
  reduce_only: number;
  status: string;
  fee: number;
  realized_pnl: number;
  time: number;
  update_time: number;
};

export type PositionRow = { symbol: string; lots: number; entry_price: number; update_time: number };
export type IncomeRow = {
  tran_id: number;
  symbol: string;
  income_type: string;
  income: number;
  asset: string;
  time: number;
  trade_id: string;
};
export type FundingRow = { symbol: string; funding_time: number; rate: number; mark_price: number };

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS balance (asset TEXT PRIMARY KEY, wallet REAL NOT NULL);
CREATE TABLE IF NOT EXISTS positions (symbol TEXT PRIMARY KEY, lots INTEGER NOT NULL, entry_price REAL NOT NULL,
  update_time INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS orders (order_id INTEGER PRIMARY KEY, symbol TEXT NOT NULL, client_order_id TEXT NOT NULL,
  side TEXT NOT NULL, type TEXT NOT NULL, lots INTEGER NOT NULL, executed_lots INTEGER NOT NULL, avg_price REAL NOT NULL,
  reduce_only INTEGER NOT NULL, status TEXT NOT NULL, fee REAL NOT NULL, realized_pnl REAL NOT NULL,
  time INTEGER NOT NULL, update_time INTEGER NOT NULL, UNIQUE (symbol, client_order_id));
CREATE TABLE IF NOT EXISTS income (tran_id INTEGER PRIMARY KEY AUTOINCREMENT, symbol TEXT NOT NULL,
  income_type TEXT NOT NULL, income REAL NOT NULL, asset TEXT NOT NULL, time INTEGER NOT NULL, trade_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS income_by_type_time ON income (income_type, time);
CREATE TABLE IF NOT EXISTS funding (symbol TEXT NOT NULL, funding_time INTEGER NOT NULL, rate REAL NOT NULL,
  mark_price REAL NOT NULL, PRIMARY KEY (symbol, funding_time));
`;

type Stmt<P extends unknown[], R = unknown> = Database.Statement<P, R>;

/** The prepared statements of a state file. */
export type PaperQueries = {
  orderByClientId: Stmt<[string, string], OrderRow>;
  orderById: Stmt<[string, number], OrderRow>;
  orders: Stmt<[string, number, number, number], OrderRow>;
  ordersFromId: Stmt<[string, number, number], OrderRow>;
  maxOrderId: Stmt<[], { m: number | null }>;
  insertOrder: Stmt<[OrderRow]>;
  position: Stmt<[string], PositionRow>;
  positions: Stmt<[], PositionRow>;
  upsertPosition: Stmt<[PositionRow]>;
  wallet: Stmt<[string], { wallet: number }>;
  addWallet: Stmt<[number, string]>;
  insertIncome: Stmt<[Omit<IncomeRow, "tran_id">]>;
  income: Stmt<[string, number, number, number], IncomeRow>;
  insertFunding: Stmt<[FundingRow]>;
  funding: Stmt<[string, number], FundingRow>;
};

/** An open state file. */
export type PaperState = {
  db: Database.Database;
  q: PaperQueries;
  meta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
  /** Wallet balance of the quote asset. */
  wallet(): number;
  /** The net position of a symbol (flat when it has none). */
  position(symbol: string): PositionRow;
  nextOrderId(): number;
  close(): void;
};

/**
 * Opens (creating if needed) the state file. A new file starts with `initialBalance` of `asset` and its funding
 * cursor at `nowMs` (settlements before the exchange existed are not paid), and records its symbol, quote asset and
 * step size: positions are stored in lots, so reopening it with another symbol or step would misread them.
 * @throws {ConfigError} naming the file when it was created for another symbol, asset or step size.
 */
export function openPaperState(p: {
  file: string;
  asset: string;
  symbol: string;
  stepSize: string;
  initialBalance: number;
  nowMs: number;
}): PaperState {
  const db = new Database(p.file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  db.exec(SCHEMA);
  const getMeta = db.prepare<[string], { value: string }>("SELECT value FROM meta WHERE key = ?");
  const setMeta = db.prepare<[string, string]>(
    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  );
  db.transaction(() => {
    if (!getMeta.get("created_at")) {
      setMeta.run("created_at", String(p.nowMs));
      setMeta.run("funding_cursor", String(p.nowMs));
      setMeta.run("symbol", p.symbol);
      setMeta.run("asset", p.asset);
      setMeta.run("step_size", p.stepSize);
      db.prepare("INSERT OR IGNORE INTO balance (asset, wallet) VALUES (?, ?)").run(
        p.asset,
        p.initialBalance,
      );
    }
  })();
  for (const [key, want] of [
    ["symbol", p.symbol],
    ["asset", p.asset],
    ["step_size", p.stepSize],
  ] as const) {
    const got = getMeta.get(key)?.value;
    if (got !== undefined && got !== want) {
      db.close();
      throw new ConfigError({
        path: "--db",
        value: p.file,
        reason: `was created with ${key} ${got}, not ${want}; use another file`,
      });
    }
  }
  return views(db, p);
}

function views(db: Database.Database, p: { asset: string }): PaperState {
  const getMeta = db.prepare<[string], { value: string }>("SELECT value FROM meta WHERE key = ?");
  const upsertMeta = db.prepare<[string, string]>(
    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  );
  const setMeta = (key: string, value: string) => {
    upsertMeta.run(key, value);
  };
  const q: PaperQueries = {
    orderByClientId: db.prepare<[string, string], OrderRow>(
      "SELECT * FROM orders WHERE symbol = ? AND client_order_id = ?",
    ),
    orderById: db.prepare<[string, number], OrderRow>(
      "SELECT * FROM orders WHERE symbol = ? AND order_id = ?",
    ),
    orders: db.prepare<[string, number, number, number], OrderRow>(
      "SELECT * FROM orders WHERE symbol = ? AND time >= ? AND time <= ? ORDER BY order_id LIMIT ?",
    ),
    ordersFromId: db.prepare<[string, number, number], OrderRow>(
      "SELECT * FROM orders WHERE symbol = ? AND order_id >= ? ORDER BY order_id LIMIT ?",
    ),
    maxOrderId: db.prepare<[], { m: number | null }>("SELECT MAX(order_id) AS m FROM orders"),
    insertOrder: db.prepare<[OrderRow]>(
      `INSERT INTO orders (order_id, symbol, client_order_id, side, type, lots, executed_lots, avg_price, reduce_only,
        status, fee, realized_pnl, time, update_time) VALUES (@order_id, @symbol, @client_order_id, @side, @type, @lots,
        @executed_lots, @avg_price, @reduce_only, @status, @fee, @realized_pnl, @time, @update_time)`,
    ),
    position: db.prepare<[string], PositionRow>("SELECT * FROM positions WHERE symbol = ?"),
    positions: db.prepare<[], PositionRow>("SELECT * FROM positions ORDER BY symbol"),
    upsertPosition: db.prepare<[PositionRow]>(
      `INSERT INTO positions (symbol, lots, entry_price, update_time) VALUES (@symbol, @lots, @entry_price, @update_time)
       ON CONFLICT (symbol) DO UPDATE SET lots = excluded.lots, entry_price = excluded.entry_price,
       update_time = excluded.update_time`,
    ),
    wallet: db.prepare<[string], { wallet: number }>("SELECT wallet FROM balance WHERE asset = ?"),
    addWallet: db.prepare<[number, string]>("UPDATE balance SET wallet = wallet + ? WHERE asset = ?"),
    insertIncome: db.prepare<[Omit<IncomeRow, "tran_id">]>(
      `INSERT INTO income (symbol, income_type, income, asset, time, trade_id)
       VALUES (@symbol, @income_type, @income, @asset, @time, @trade_id)`,
    ),
    income: db.prepare<[string, number, number, number], IncomeRow>(
      "SELECT * FROM income WHERE income_type LIKE ? AND time >= ? AND time <= ? ORDER BY tran_id LIMIT ?",
    ),
    insertFunding: db.prepare<[FundingRow]>(
      "INSERT INTO funding (symbol, funding_time, rate, mark_price) VALUES (@symbol, @funding_time, @rate, @mark_price)",
    ),
    funding: db.prepare<[string, number], FundingRow>(
      "SELECT * FROM funding WHERE symbol = ? AND funding_time = ?",
    ),
  };

  return {
    db,
    q,
    meta: (key: string) => getMeta.get(key)?.value,
    setMeta,
    wallet: () => q.wallet.get(p.asset)?.wallet ?? 0,
    position: (symbol: string): PositionRow =>
      q.position.get(symbol) ?? { symbol, lots: 0, entry_price: 0, update_time: 0 },
    nextOrderId: () => (q.maxOrderId.get()?.m ?? 0) + 1,
    close: () => db.close(),
  };
}

export type PaperStatus = {
  symbol: string;
  asset: string;
  stepSize: string;
  createdAt: number;
  fundingCursor: number;
  /** Wallet balance (quote): deposits + realised PnL − fees + funding. */
  wallet: number;
  positions: { symbol: string; quantity: number; entryPrice: number; updateTime: number }[];
  orders: number;
  lastOrderId: number;
  fundingSettlements: number;
};

/**
 * Returns the state of a paper exchange file, opened read-only (the server may be running: WAL readers do not
 * block it). Quantities in base units (lots × step size).
 * @throws {ConfigError} naming `--db` when the file does not exist or is not a paper-perp state file.
 */
export function readPaperStatus(file: string): PaperStatus {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new ConfigError({
      path: "--db",
      value: file,
      reason: `cannot be opened (${(e as Error).message})`,
    });
  }
  try {
    const meta = (k: string) =>
      db.prepare<[string], { value: string }>("SELECT value FROM meta WHERE key = ?").get(k)?.value;
    const symbol = meta("symbol");
    const asset = meta("asset");
    const stepSize = meta("step_size");
    if (symbol === undefined || asset === undefined || stepSize === undefined)
      throw new ConfigError({ path: "--db", value: file, reason: "is not a paper-perp state file" });
    const step = Number(stepSize);
    const decimals = stepSize.includes(".") ? stepSize.split(".")[1].length : 0;
    const positions = db
      .prepare<[], PositionRow>("SELECT * FROM positions ORDER BY symbol")
      .all()
      .map((r) => ({
        symbol: r.symbol,
        quantity: Number((r.lots * step).toFixed(decimals)),
        entryPrice: r.entry_price,
        updateTime: r.update_time,
      }));
    const orders = db
      .prepare<[], { n: number; m: number | null }>("SELECT COUNT(*) AS n, MAX(order_id) AS m FROM orders")
      .get();
    const funding = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM funding").get();
    const wallet = db
      .prepare<[string], { wallet: number }>("SELECT wallet FROM balance WHERE asset = ?")
      .get(asset);
    return {
      symbol,
      asset,
      stepSize,
      createdAt: Number(meta("created_at")),
      fundingCursor: Number(meta("funding_cursor")),
      wallet: wallet?.wallet ?? 0,
      positions,
      orders: orders?.n ?? 0,
      lastOrderId: orders?.m ?? 0,
      fundingSettlements: funding?.n ?? 0,
    };
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError({
      path: "--db",
      value: file,
      reason: `is not a paper-perp state file (${(e as Error).message})`,
    });
  } finally {
    db.close();
  }
}
