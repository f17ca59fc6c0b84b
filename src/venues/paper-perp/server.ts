/**
 * The paper exchange: a local Binance USDⓈ-M look-alike (Fastify 5 on 127.0.0.1) that ccxt's `binanceusdm` can
 * trade against, so the keeper's perp adapter runs end to end here. It speaks the subset ccxt calls for
 * (paths found by running ccxt against it): exchange info, server time, new order (MARKET, `newClientOrderId`,
 * `reduceOnly`), query order (by `orderId` or `origClientOrderId`), all orders, user trades, position risk (v2, v3), account
 * (v2, v3), balance (v2, v3), leverage brackets, income (funding, commission, realised PnL) and funding-rate
 * history. SIGNED endpoints check the API key header and the HMAC-SHA256 signature like Binance (`auth.ts`).
 *
 * Matching (`matching.ts`): a market order fills in full at `priceSource()` moved by `spreadBps` against the taker,
 * pays `takerFee` on the notional, and nets into a one-way position. Funding (`funding.ts`) is paid against the
 * open position at each settlement time of the schedule: payment = −quantity · mark · rate.
 *
 * Differences from Binance, on purpose: a client order id is unique for ever (Binance: among open orders), so a
 * resend after a crash is always rejected with -4116; only MARKET orders exist; a reduce-only order larger than
 * the position is cut to the position.
 */
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import { parseUnits } from "../../math/units.js";
import { API_ERRORS, type BinanceApiError, verifySignedRequest } from "./auth.js";
import { createFundingSchedule, type PaperFundingConfig } from "./funding.js";
import { applyFill, fillPrice, liquidationPrice } from "./matching.js";
import { type OrderRow, openPaperState } from "./state.js";

/** The local test key of the paper exchange (not a secret: it guards nothing but a local test server). */
export const PAPER_TEST_API_KEY = "lpguard-paper-test-key";
/** The local test secret of the paper exchange. */
export const PAPER_TEST_SECRET = "lpguard-paper-test-secret";

export type PaperSymbolConfig = {
  /** Binance symbol id, e.g. "ETHUSDT". */
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  /** Lot size (LOT_SIZE stepSize) as a decimal string, e.g. "0.001". */
  stepSize: string;
  /** Price tick as a decimal string, e.g. "0.01". */
  tickSize: string;
  minQty: string;
  maxQty: string;
  /** Minimum order notional in quote. */
  minNotional: number;
};

export const DEFAULT_SYMBOL: PaperSymbolConfig = {
  symbol: "ETHUSDT",
  baseAsset: "ETH",
  quoteAsset: "USDT",
  stepSize: "0.001",
  tickSize: "0.01",
  minQty: "0.001",
  maxQty: "10000",
  minNotional: 5,
};

export type StartPaperPerpParameters = {
  host?: string;
  /** 0 picks a free port. */
  port: number;
  dbFile: string;
  /** Reference price (quote per base); called for every fill and mark. */
  priceSource: () => Promise<number>;
  funding?: PaperFundingConfig;
  /** Taker fee as a fraction of notional (Binance VIP0: 0.0005). */
  takerFee: number;
  /** Half-spread against the taker, in basis points. */
  spreadBps: number;
  apiKey?: string;
  secret?: string;
  symbol?: Partial<PaperSymbolConfig>;
  /** Wallet balance of a new state file, in the quote asset; default 100,000. */
  initialBalance?: number;
  /** Leverage for the initial-margin check; default 20. */
  leverage?: number;
  /** Maintenance margin ratio (first bracket); default 0.005. */
  maintenanceMarginRatio?: number;
  /**
   * Exchange clock for order times and funding settlements (default `Date.now`). Signature timestamps are
   * always checked against the wall clock.
   */
  clock?: () => number;
};

export type PaperPerpServer = {
  url: string;
  port: number;
  pid: number;
  /** Settles any funding due at the exchange clock now (also runs before every request and every second). */
  settleFunding(): Promise<number>;
  close(): Promise<void>;
};

/** Without `startTime`, fundingRate answers the most recent settlements of the last 1000 days (at most 200). */
const RECENT_FUNDING_MS = 1000 * 86_400_000;

class ApiError extends Error {
  constructor(readonly api: BinanceApiError) {
    super(api.msg);
  }
}

const err = (status: number, code: number, msg: string) => new ApiError({ status, code, msg });

/** Decimal places of a step string ("0.001" → 3). */
const decimalsOf = (step: string) => (step.includes(".") ? step.split(".")[1].replace(/0+$/, "").length : 0);

/**
 * Starts the paper exchange and resolves once it listens.
 * @example
 * import { startPaperPerp } from "./venues/paper-perp/index.js";
 * const ex = await startPaperPerp({ port: 0, dbFile: "paper.db", priceSource: async () => 1850, takerFee: 0.0005, spreadBps: 1 });
 * ex.url; // "http://127.0.0.1:PORT" — give it to createCcxtPerpClient({ baseUrl })
 */
export async function startPaperPerp(p: StartPaperPerpParameters): Promise<PaperPerpServer> {
  const host = p.host ?? "127.0.0.1";
  const sym: PaperSymbolConfig = { ...DEFAULT_SYMBOL, ...p.symbol };
  const apiKey = p.apiKey ?? PAPER_TEST_API_KEY;
  const secret = p.secret ?? PAPER_TEST_SECRET;
  const clock = p.clock ?? Date.now;
  const leverage = p.leverage ?? 20;
  const mmr = p.maintenanceMarginRatio ?? 0.005;
  const qtyDecimals = decimalsOf(sym.stepSize);
  const lotSize = Number(sym.stepSize);
  const stepUnits = parseUnits(sym.stepSize, qtyDecimals);
  if (!(p.takerFee >= 0 && p.takerFee < 0.1))
    throw new RangeError(`takerFee ${p.takerFee} must be in [0, 0.1)`);
  if (!(p.spreadBps >= 0 && p.spreadBps < 1000))
    throw new RangeError(`spreadBps ${p.spreadBps} must be in [0, 1000)`);
  const schedule = createFundingSchedule(p.funding);
  const state = openPaperState({
    file: p.dbFile,
    asset: sym.quoteAsset,
    symbol: sym.symbol,
    stepSize: sym.stepSize,
    initialBalance: p.initialBalance ?? 100_000,
    nowMs: clock(),
  });

  const qty = (lots: number) => (lots * lotSize).toFixed(qtyDecimals);
  const money = (x: number) => x.toFixed(8);

  async function price(): Promise<number> {
    let x: number;
    try {
      x = await p.priceSource();
    } catch {
      throw err(503, -1001, "Internal error; unable to process your request. Please try again.");
    }
    if (!(Number.isFinite(x) && x > 0))
      throw err(503, -1001, "Internal error; unable to process your request. Please try again.");
    return x;
  }

  let settling: Promise<number> | undefined;
  async function settleFunding(): Promise<number> {
    while (settling) await settling;
    const run = (async () => {
      const cursor = Number(state.meta("funding_cursor"));
      const now = clock();
      const due = schedule.between(cursor, now);
      if (due.length === 0) return 0;
      const mark = await price();
      state.db.transaction(() => {
        for (const s of due) {
          const pos = state.position(sym.symbol);
          const quantity = pos.lots * lotSize;
          if (pos.lots !== 0) {
            const payment = -quantity * mark * s.rate;
            state.q.addWallet.run(payment, sym.quoteAsset);
            state.q.insertIncome.run({
              symbol: sym.symbol,
              income_type: "FUNDING_FEE",
              income: payment,
              asset: sym.quoteAsset,
              time: s.time,
              trade_id: "",
            });
          }
          state.q.insertFunding.run({
            symbol: sym.symbol,
            funding_time: s.time,
            rate: s.rate,
            mark_price: mark,
          });
          state.setMeta("funding_cursor", String(s.time));
        }
      })();
      return due.length;
    })();
    settling = run;
    try {
      return await run;
    } finally {
      settling = undefined;
    }
  }

  function orderJson(o: OrderRow) {
    return {
      orderId: o.order_id,
      symbol: o.symbol,
      status: o.status,
      clientOrderId: o.client_order_id,
      price: "0",
      avgPrice: o.avg_price.toFixed(5),
      origQty: qty(o.lots),
      executedQty: qty(o.executed_lots),
      cumQty: qty(o.executed_lots),
      cumQuote: money(o.executed_lots * lotSize * o.avg_price),
      timeInForce: "GTC",
      type: o.type,
      reduceOnly: o.reduce_only === 1,
      closePosition: false,
      side: o.side,
      positionSide: "BOTH",
      stopPrice: "0",
      workingType: "CONTRACT_PRICE",
      priceProtect: false,
      origType: o.type,
      priceMatch: "NONE",
      selfTradePreventionMode: "EXPIRE_MAKER",
      goodTillDate: 0,
      time: o.time,
      updateTime: o.update_time,
    };
  }

  function symbolParam(params: URLSearchParams, required: boolean): string | undefined {
    const s = params.get("symbol");
    if (s === null || s === "") {
      if (required) throw new ApiError(API_ERRORS.mandatory("symbol"));
      return undefined;
    }
    if (s !== sym.symbol) throw err(400, -1121, "Invalid symbol.");
    return s;
  }

  function intParam(params: URLSearchParams, name: string, dflt: number, max?: number): number {
    const raw = params.get(name);
    if (raw === null || raw === "") return dflt;
    const v = Number(raw);
    if (!Number.isInteger(v))
      throw err(
        400,
        -1100,
        `Illegal characters found in parameter '${name}'; legal range is '^[0-9]{1,20}$'.`,
      );
    return max !== undefined ? Math.min(v, max) : v;
  }

  async function positionJson(v: 2 | 3) {
    const mark = await price();
    const pos = state.position(sym.symbol);
    const quantity = pos.lots * lotSize;
    const upnl = quantity * (mark - pos.entry_price);
    const notional = quantity * mark;
    const liq = liquidationPrice({
      quantity,
      entryPrice: pos.entry_price,
      walletBalance: state.wallet(),
      mmr,
    });
    const base = {
      symbol: sym.symbol,
      positionSide: "BOTH",
      positionAmt: qty(pos.lots),
      entryPrice: pos.entry_price.toFixed(5),
      breakEvenPrice: pos.entry_price.toFixed(5),
      markPrice: mark.toFixed(8),
      unRealizedProfit: money(upnl),
      liquidationPrice: liq.toFixed(8),
      isolatedMargin: "0.00000000",
      notional: money(notional),
      isolatedWallet: "0",
      updateTime: pos.update_time,
    };
    if (v === 2)
      return {
        ...base,
        leverage: String(leverage),
        maxNotionalValue: "1000000000",
        marginType: "cross",
        isAutoAddMargin: "false",
      };
    return {
      ...base,
      marginAsset: sym.quoteAsset,
      initialMargin: money(Math.abs(notional) / leverage),
      maintMargin: money(Math.abs(notional) * mmr),
      positionInitialMargin: money(Math.abs(notional) / leverage),
      openOrderInitialMargin: "0",
      adl: 0,
      bidNotional: "0",
      askNotional: "0",
    };
  }

  async function accountFigures() {
    const mark = await price();
    const pos = state.position(sym.symbol);
    const quantity = pos.lots * lotSize;
    const wallet = state.wallet();
    const upnl = quantity * (mark - pos.entry_price);
    const notional = Math.abs(quantity * mark);
    const im = notional / leverage;
    const mm = notional * mmr;
    const marginBalance = wallet + upnl;
    const available = Math.max(0, marginBalance - im);
    return { pos, quantity, wallet, upnl, notional, im, mm, marginBalance, available, mark };
  }

  async function accountJson(v: 2 | 3) {
    const a = await accountFigures();
    const now = clock();
    const asset = {
      asset: sym.quoteAsset,
      walletBalance: money(a.wallet),
      unrealizedProfit: money(a.upnl),
      marginBalance: money(a.marginBalance),
      maintMargin: money(a.mm),
      initialMargin: money(a.im),
      positionInitialMargin: money(a.im),
      openOrderInitialMargin: "0.00000000",
      crossWalletBalance: money(a.wallet),
      crossUnPnl: money(a.upnl),
      availableBalance: money(a.available),
      maxWithdrawAmount: money(a.available),
      marginAvailable: true,
      updateTime: now,
    };
    const position = {
      symbol: sym.symbol,
      positionSide: "BOTH",
      positionAmt: qty(a.pos.lots),
      unrealizedProfit: money(a.upnl),
      isolatedMargin: "0",
      notional: money(a.quantity * a.mark),
      isolatedWallet: "0",
      initialMargin: money(a.im),
      maintMargin: money(a.mm),
      updateTime: a.pos.update_time,
      ...(v === 2
        ? {
            leverage: String(leverage),
            isolated: false,
            entryPrice: a.pos.entry_price.toFixed(5),
            maxNotional: "1000000000",
          }
        : {}),
    };
    return {
      feeTier: 0,
      canTrade: true,
      canDeposit: true,
      canWithdraw: true,
      updateTime: 0,
      multiAssetsMargin: false,
      tradeGroupId: -1,
      totalInitialMargin: money(a.im),
      totalMaintMargin: money(a.mm),
      totalWalletBalance: money(a.wallet),
      totalUnrealizedProfit: money(a.upnl),
      totalMarginBalance: money(a.marginBalance),
      totalPositionInitialMargin: money(a.im),
      totalOpenOrderInitialMargin: "0.00000000",
      totalCrossWalletBalance: money(a.wallet),
      totalCrossUnPnl: money(a.upnl),
      availableBalance: money(a.available),
      maxWithdrawAmount: money(a.available),
      assets: [asset],
      positions: [position],
    };
  }

  async function balanceJson() {
    const a = await accountFigures();
    return [
      {
        accountAlias: "paper",
        asset: sym.quoteAsset,
        balance: money(a.wallet),
        crossWalletBalance: money(a.wallet),
        crossUnPnl: money(a.upnl),
        availableBalance: money(a.available),
        maxWithdrawAmount: money(a.available),
        marginAvailable: true,
        updateTime: clock(),
      },
    ];
  }

  async function newOrder(params: URLSearchParams) {
    symbolParam(params, true);
    const side = params.get("side");
    if (side !== "BUY" && side !== "SELL") throw new ApiError(API_ERRORS.mandatory("side"));
    const type = params.get("type");
    if (type !== "MARKET") throw err(400, -1116, "Invalid orderType.");
    const rawQty = params.get("quantity");
    if (rawQty === null || rawQty === "") throw new ApiError(API_ERRORS.mandatory("quantity"));
    let units: bigint;
    try {
      units = parseUnits(rawQty, qtyDecimals);
    } catch {
      throw err(400, -1111, "Precision is over the maximum defined for this asset.");
    }
    if (units <= 0n) throw err(400, -4003, "Quantity less than or equal to zero.");
    if (units % stepUnits !== 0n)
      throw err(400, -1111, "Precision is over the maximum defined for this asset.");
    let lots = Number(units / stepUnits);
    if (lots * lotSize < Number(sym.minQty) || lots * lotSize > Number(sym.maxQty))
      throw err(400, -4005, "Quantity greater than max quantity.");
    const reduceOnly = params.get("reduceOnly") === "true";
    let clientOrderId = params.get("newClientOrderId");
    if (clientOrderId !== null && !/^[.A-Z:/a-z0-9_-]{1,36}$/.test(clientOrderId))
      throw err(
        400,
        -1100,
        "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[\\.A-Z\\:/a-z0-9_-]{1,36}$'.",
      );
    const duplicated = () => err(400, -4116, "ClientOrderId is duplicated.");
    if (clientOrderId !== null && state.q.orderByClientId.get(sym.symbol, clientOrderId)) throw duplicated();
    const ref = await price();
    const fill = fillPrice(ref, side, p.spreadBps);
    const now = clock();
    return state.db.transaction(() => {
      if (clientOrderId !== null && state.q.orderByClientId.get(sym.symbol, clientOrderId))
        throw duplicated();
      const orderId = state.nextOrderId();
      if (clientOrderId === null) clientOrderId = `paper-${orderId}`;
      const pos = state.position(sym.symbol);
      const sign = side === "BUY" ? 1 : -1;
      if (reduceOnly) {
        if (pos.lots === 0 || Math.sign(pos.lots) === sign)
          throw err(400, -2022, "ReduceOnly Order is rejected.");
        lots = Math.min(lots, Math.abs(pos.lots));
      }
      const notional = lots * lotSize * fill;
      if (notional < sym.minNotional)
        throw err(
          400,
          -4164,
          `Order's notional must be no smaller than ${sym.minNotional} (unless you choose reduce only).`,
        );
      const fee = notional * p.takerFee;
      const r = applyFill({ lots: pos.lots, entryPrice: pos.entry_price }, sign * lots, fill, lotSize);
      const wallet = state.wallet() + r.realizedPnl - fee;
      if (Math.abs(r.position.lots) > Math.abs(pos.lots)) {
        const q = r.position.lots * lotSize;
        const equity = wallet + q * (ref - r.position.entryPrice);
        if ((Math.abs(q) * ref) / leverage > equity) throw err(400, -2019, "Margin is insufficient.");
      }
      const row: OrderRow = {
        order_id: orderId,
        symbol: sym.symbol,
        client_order_id: clientOrderId,
        side,
        type: "MARKET",
        lots,
        executed_lots: lots,
        avg_price: fill,
        reduce_only: reduceOnly ? 1 : 0,
        status: "FILLED",
        fee,
        realized_pnl: r.realizedPnl,
        time: now,
        update_time: now,
      };
      state.q.insertOrder.run(row);
      state.q.upsertPosition.run({
        symbol: sym.symbol,
        lots: r.position.lots,
        entry_price: r.position.entryPrice,
        update_time: now,
      });
      state.q.addWallet.run(r.realizedPnl - fee, sym.quoteAsset);
      const income = (income_type: string, income: number) =>
        state.q.insertIncome.run({
          symbol: sym.symbol,
          income_type,
          income,
          asset: sym.quoteAsset,
          time: now,
          trade_id: String(orderId),
        });
      income("COMMISSION", -fee);
      if (r.realizedPnl !== 0) income("REALIZED_PNL", r.realizedPnl);
      return orderJson(row);
    })();
  }

  function queryOrder(params: URLSearchParams) {
    symbolParam(params, true);
    const id = params.get("orderId");
    const cid = params.get("origClientOrderId");
    let row: OrderRow | undefined;
    if (id !== null && id !== "") row = state.q.orderById.get(sym.symbol, Number(id));
    else if (cid !== null && cid !== "") row = state.q.orderByClientId.get(sym.symbol, cid);
    else
      throw err(400, -1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
    if (!row) throw err(400, -2013, "Order does not exist.");
    return orderJson(row);
  }

  function allOrders(params: URLSearchParams) {
    symbolParam(params, true);
    const limit = intParam(params, "limit", 500, 1000);
    const fromId = params.get("orderId");
    const rows =
      fromId !== null && fromId !== ""
        ? state.q.ordersFromId.all(sym.symbol, Number(fromId), limit)
        : state.q.orders.all(
            sym.symbol,
            intParam(params, "startTime", 0),
            intParam(params, "endTime", Number.MAX_SAFE_INTEGER),
            limit,
          );
    return rows.map(orderJson);
  }

  /** One trade per order (a market order fills at one price). */
  function userTrades(params: URLSearchParams) {
    symbolParam(params, true);
    const limit = intParam(params, "limit", 500, 1000);
    const id = params.get("orderId");
    const rows =
      id !== null && id !== ""
        ? [state.q.orderById.get(sym.symbol, Number(id))].filter((r): r is OrderRow => r !== undefined)
        : state.q.orders.all(
            sym.symbol,
            intParam(params, "startTime", 0),
            intParam(params, "endTime", Number.MAX_SAFE_INTEGER),
            limit,
          );
    return rows.map((o) => ({
      buyer: o.side === "BUY",
      commission: money(o.fee),
      commissionAsset: sym.quoteAsset,
      id: o.order_id,
      maker: false,
      orderId: o.order_id,
      price: o.avg_price.toFixed(5),
      qty: qty(o.executed_lots),
      quoteQty: money(o.executed_lots * lotSize * o.avg_price),
      realizedPnl: money(o.realized_pnl),
      side: o.side,
      positionSide: "BOTH",
      symbol: o.symbol,
      time: o.time,
    }));
  }

  function income(params: URLSearchParams) {
    symbolParam(params, false);
    const type = params.get("incomeType") || "%";
    const limit = intParam(params, "limit", 100, 1000);
    return state.q.income
      .all(
        type,
        intParam(params, "startTime", 0),
        intParam(params, "endTime", Number.MAX_SAFE_INTEGER),
        limit,
      )
      .map((r) => ({
        symbol: r.symbol,
        incomeType: r.income_type,
        income: money(r.income),
        asset: r.asset,
        info: r.income_type,
        time: r.time,
        tranId: r.tran_id,
        tradeId: r.trade_id,
      }));
  }

  function fundingRates(params: URLSearchParams) {
    symbolParam(params, false);
    const limit = intParam(params, "limit", 100, 1000);
    const now = clock();
    const start = params.get("startTime");
    const end = intParam(params, "endTime", now);
    const to = Math.min(end, now);
    let rows =
      start !== null && start !== ""
        ? schedule.between(Number(start) - 1, to).slice(0, limit)
        : schedule.between(to - RECENT_FUNDING_MS, to).slice(-200);
    if (start === null) rows = rows.slice(-limit);
    return rows.map((s) => ({
      symbol: sym.symbol,
      fundingRate: s.rate.toFixed(8),
      fundingTime: s.time,
      markPrice: (state.q.funding.get(sym.symbol, s.time)?.mark_price ?? 0).toFixed(8),
    }));
  }

  const exchangeInfo = () => ({
    timezone: "UTC",
    serverTime: clock(),
    futuresType: "U_MARGINED",
    rateLimits: [
      { rateLimitType: "REQUEST_WEIGHT", interval: "MINUTE", intervalNum: 1, limit: 2400 },
      { rateLimitType: "ORDERS", interval: "MINUTE", intervalNum: 1, limit: 1200 },
      { rateLimitType: "ORDERS", interval: "SECOND", intervalNum: 10, limit: 300 },
    ],
    exchangeFilters: [],
    assets: [{ asset: sym.quoteAsset, marginAvailable: true, autoAssetExchange: "-10000" }],
    symbols: [
      {
        symbol: sym.symbol,
        pair: sym.symbol,
        contractType: "PERPETUAL",
        deliveryDate: 4133404800000,
        onboardDate: 1569398400000,
        status: "TRADING",
        maintMarginPercent: "2.5000",
        requiredMarginPercent: "5.0000",
        baseAsset: sym.baseAsset,
        quoteAsset: sym.quoteAsset,
        marginAsset: sym.quoteAsset,
        pricePrecision: decimalsOf(sym.tickSize),
        quantityPrecision: qtyDecimals,
        baseAssetPrecision: 8,
        quotePrecision: 8,
        underlyingType: "COIN",
        underlyingSubType: [],
        settlePlan: 0,
        triggerProtect: "0.0500",
        liquidationFee: "0.012500",
        marketTakeBound: "0.05",
        maxMoveOrderLimit: 10000,
        filters: [
          { minPrice: "0.01", maxPrice: "1000000", filterType: "PRICE_FILTER", tickSize: sym.tickSize },
          { stepSize: sym.stepSize, filterType: "LOT_SIZE", maxQty: sym.maxQty, minQty: sym.minQty },
          { stepSize: sym.stepSize, filterType: "MARKET_LOT_SIZE", maxQty: sym.maxQty, minQty: sym.minQty },
          { limit: 200, filterType: "MAX_NUM_ORDERS" },
          { limit: 10, filterType: "MAX_NUM_ALGO_ORDERS" },
          { notional: String(sym.minNotional), filterType: "MIN_NOTIONAL" },
          {
            multiplierDown: "0.9500",
            multiplierUp: "1.0500",
            multiplierDecimal: "4",
            filterType: "PERCENT_PRICE",
          },
        ],
        orderTypes: ["MARKET"],
        timeInForce: ["GTC", "IOC", "FOK", "GTX", "GTD"],
      },
    ],
  });

  const leverageBrackets = () => [
    {
      symbol: sym.symbol,
      notionalCoef: 1.0,
      brackets: [
        {
          bracket: 1,
          initialLeverage: 125,
          notionalCap: 1_000_000_000,
          notionalFloor: 0,
          maintMarginRatio: mmr,
          cum: 0,
        },
      ],
    },
  ];

  // ---- HTTP ---------------------------------------------------------------------------------------------------
  const app = Fastify({ logger: false, bodyLimit: 65_536 });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string" }, (_req, body, done) => done(null, body));

  type Handler = (params: URLSearchParams) => unknown;
  const rawQuery = (req: FastifyRequest) => {
    const url = req.raw.url ?? "";
    const i = url.indexOf("?");
    return i < 0 ? "" : url.slice(i + 1);
  };

  async function respond(reply: FastifyReply, fn: () => unknown) {
    try {
      // a settlement that cannot run now (no price) is retried later; it must not block lookups
      await settleFunding().catch(() => undefined);
      const body = await fn();
      return reply.code(200).header("content-type", "application/json").send(JSON.stringify(body));
    } catch (e) {
      const api =
        e instanceof ApiError
          ? e.api
          : { status: 500, code: -1000, msg: "An unknown error occured while processing the request." };
      return reply
        .code(api.status)
        .header("content-type", "application/json")
        .send(JSON.stringify({ code: api.code, msg: api.msg }));
    }
  }

  function publicRoute(method: "GET" | "POST", path: string, handler: Handler) {
    app.route({
      method,
      url: path,
      handler: (req, reply) => respond(reply, () => handler(new URLSearchParams(rawQuery(req)))),
    });
  }

  function signedRoute(method: "GET" | "POST", path: string, handler: Handler) {
    app.route({
      method,
      url: path,
      handler: (req, reply) =>
        respond(reply, () => {
          const q = rawQuery(req);
          const body = typeof req.body === "string" ? req.body : "";
          const header = req.headers["x-mbx-apikey"];
          const bad = verifySignedRequest({
            apiKey,
            secret,
            headerApiKey: Array.isArray(header) ? header[0] : header,
            rawQuery: q,
            rawBody: body,
            nowMs: Date.now(),
          });
          if (bad) throw new ApiError(bad);
          const params = new URLSearchParams(body);
          for (const [k, v] of new URLSearchParams(q)) params.set(k, v); // query wins, as on Binance
          return handler(params);
        }),
    });
  }

  publicRoute("GET", "/fapi/v1/ping", () => ({}));
  publicRoute("GET", "/fapi/v1/time", () => ({ serverTime: clock() }));
  publicRoute("GET", "/fapi/v1/exchangeInfo", exchangeInfo);
  publicRoute("GET", "/fapi/v1/fundingRate", fundingRates);
  signedRoute("POST", "/fapi/v1/order", newOrder);
  signedRoute("GET", "/fapi/v1/order", queryOrder);
  signedRoute("GET", "/fapi/v1/allOrders", allOrders);
  signedRoute("GET", "/fapi/v1/userTrades", userTrades);
  signedRoute("GET", "/fapi/v1/leverageBracket", leverageBrackets);
  signedRoute("GET", "/fapi/v2/positionRisk", () => positionJson(2).then((x) => [x]));
  signedRoute("GET", "/fapi/v3/positionRisk", () => positionJson(3).then((x) => [x]));
  signedRoute("GET", "/fapi/v2/account", () => accountJson(2));
  signedRoute("GET", "/fapi/v3/account", () => accountJson(3));
  signedRoute("GET", "/fapi/v2/balance", balanceJson);
  signedRoute("GET", "/fapi/v3/balance", balanceJson);
  signedRoute("GET", "/fapi/v1/income", income);
  app.setNotFoundHandler((_req, reply) =>
    reply
      .code(404)
      .header("content-type", "application/json")
      .send(JSON.stringify({ code: -5000, msg: "Path not found" })),
  );

  try {
    await app.listen({ host, port: p.port });
  } catch (e) {
    await app.close().catch(() => undefined);
    state.close();
    throw e;
  }
  const address = app.server.address();
  const boundPort = typeof address === "object" && address ? address.port : p.port;
  const timer = setInterval(() => {
    settleFunding().catch(() => undefined);
  }, 1000);
  timer.unref();
  let closed = false;
  return {
    url: `http://${host}:${boundPort}`,
    port: boundPort,
    pid: process.pid,
    settleFunding,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await app.close();
      while (settling) await settling.catch(() => undefined);
      state.close();
    },
  };
}
