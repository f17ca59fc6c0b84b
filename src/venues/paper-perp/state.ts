/**
 * The paper exchange's state in its own SQLite file (better-sqlite3, WAL): balance, net positions in integer
 * lots, every order, the income ledger (realised PnL, commission, funding) and the funding settlements applied.
 * Every order and every funding settlement is one transaction, so a kill -9 leaves either all of it or none.
 * `synchronous = NORMAL` in WAL mode survives a process crash (not a power cut).
 */
import Database from "better-sqlite3";

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

export type PaperState = ReturnType<typeof openPaperState>;

/**
 * Opens (creating if needed) the state file. A new file starts with `initialBalance` of `asset` and its funding
 * cursor at `nowMs` (settlements before the exchange existed are not paid).
 */
export function openPaperState(p: { file: string; asset: string; initialBalance: number; nowMs: number }) {
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
      db.prepare("INSERT OR IGNORE INTO balance (asset, wallet) VALUES (?, ?)").run(
        p.asset,
        p.initialBalance,
      );
    }
  })();

  const q = {
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
    insertOrder: db.prepare(
      `INSERT INTO orders (order_id, symbol, client_order_id, side, type, lots, executed_lots, avg_price, reduce_only,
        status, fee, realized_pnl, time, update_time) VALUES (@order_id, @symbol, @client_order_id, @side, @type, @lots,
        @executed_lots, @avg_price, @reduce_only, @status, @fee, @realized_pnl, @time, @update_time)`,
    ),
    position: db.prepare<[string], PositionRow>("SELECT * FROM positions WHERE symbol = ?"),
    positions: db.prepare<[], PositionRow>("SELECT * FROM positions ORDER BY symbol"),
    upsertPosition: db.prepare(
      `INSERT INTO positions (symbol, lots, entry_price, update_time) VALUES (@symbol, @lots, @entry_price, @update_time)
       ON CONFLICT (symbol) DO UPDATE SET lots = excluded.lots, entry_price = excluded.entry_price,
       update_time = excluded.update_time`,
    ),
    wallet: db.prepare<[string], { wallet: number }>("SELECT wallet FROM balance WHERE asset = ?"),
    addWallet: db.prepare<[number, string]>("UPDATE balance SET wallet = wallet + ? WHERE asset = ?"),
    insertIncome: db.prepare(
      `INSERT INTO income (symbol, income_type, income, asset, time, trade_id)
       VALUES (@symbol, @income_type, @income, @asset, @time, @trade_id)`,
    ),
    income: db.prepare<[string, number, number, number], IncomeRow>(
      "SELECT * FROM income WHERE income_type LIKE ? AND time >= ? AND time <= ? ORDER BY tran_id LIMIT ?",
    ),
    insertFunding: db.prepare(
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
    setMeta: (key: string, value: string) => setMeta.run(key, value),
    wallet: () => q.wallet.get(p.asset)?.wallet ?? 0,
    position: (symbol: string): PositionRow =>
      q.position.get(symbol) ?? { symbol, lots: 0, entry_price: 0, update_time: 0 },
    nextOrderId: () => (q.maxOrderId.get()?.m ?? 0) + 1,
    close: () => db.close(),
  };
}
