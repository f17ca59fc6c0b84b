// The lpguard dashboard: token login, a live vault page and a runs page. Plain ES modules, no framework; the
// API is the same one other programs use (bearer token on every call, the event stream included: EventSource
// cannot send headers, so the stream is read with fetch() and parsed here).
import { colour, fmt, hbars, heatmap, rangeBar, scatter, timeChart, waterfall } from "/charts.js";

const $ = (sel, root = document) => root.querySelector(sel);
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const state = { token: sessionStorage.getItem("lpguard.token"), stream: null, vaultHistory: [], lastKeeperId: 0 };
const lp = window.__lpguard ?? (window.__lpguard = { charts: {}, svg: {} });
lp.events = [];
lp.runUpdates = [];

class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function api(path, init = {}) {
  const res = await fetch(path, { ...init, headers: { ...(init.headers ?? {}), authorization: `Bearer ${state.token}` } });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    if (res.status === 401) logout("Your token was refused. Sign in again.");
    throw new ApiError(res.status, body);
  }
  return body;
}

/* login ------------------------------------------------------------------------------------------------------ */

function logout(message = "") {
  sessionStorage.removeItem("lpguard.token");
  state.token = null;
  state.stream?.abort();
  state.stream = null;
  $("#view").hidden = true;
  $("#nav").hidden = true;
  $("#login").hidden = false;
  $("#login-error").textContent = message;
}

$("#login-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  state.token = $("#token").value.trim();
  try {
    const h = await api("/api/health");
    sessionStorage.setItem("lpguard.token", state.token);
    $("#token").value = "";
    enter(h);
  } catch (e) {
    logout(e.status === 401 ? "That token was refused." : `Cannot reach the API: ${e.message}`);
  }
});
$("#logout").addEventListener("click", () => logout());

function enter(health) {
  lp.health = health;
  $("#login").hidden = true;
  $("#nav").hidden = false;
  $("#view").hidden = false;
  startStream();
  if (!location.hash || location.hash === "#/") location.hash = health.keeper ? "#/vault" : "#/runs";
  else route();
}

/* live event stream (fetch streaming, Authorization header) -------------------------------------------------- */

async function startStream() {
  state.stream?.abort();
  const ac = new AbortController();
  state.stream = ac;
  const live = $("#live");
  for (let attempt = 0; !ac.signal.aborted; attempt++) {
    try {
      const headers = { authorization: `Bearer ${state.token}` };
      if (state.lastKeeperId > 0) headers["last-event-id"] = String(state.lastKeeperId);
      const res = await fetch("/api/events", { headers, signal: ac.signal });
      if (res.status === 401) return logout("Your token was refused. Sign in again.");
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      live.textContent = "live";
      live.classList.add("on");
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
        let i;
        while ((i = buf.indexOf("\n\n")) >= 0) {
          handleFrame(buf.slice(0, i));
          buf = buf.slice(i + 2);
        }
      }
    } catch (e) {
      if (ac.signal.aborted) return;
    }
    live.textContent = "reconnecting";
    live.classList.remove("on");
    await new Promise((r) => setTimeout(r, Math.min(5000, 300 * 2 ** attempt)));
  }
}

function handleFrame(frame) {
  let event = "message";
  let data = "";
  let id;
  for (const line of frame.split("\n")) {
    if (line.startsWith(":")) continue;
    const k = line.indexOf(":");
    const field = k < 0 ? line : line.slice(0, k);
    const val = k < 0 ? "" : line.slice(k + 1).replace(/^ /, "");
    if (field === "event") event = val;
    else if (field === "data") data += (data ? "\n" : "") + val;
    else if (field === "id") id = Number(val);
  }
  if (!data) return;
  const msg = JSON.parse(data);
  if (event === "keeper") {
    if (id !== undefined) state.lastKeeperId = Math.max(state.lastKeeperId, id);
    lp.events.push(msg);
    onKeeperEvent(msg);
  } else if (event === "run") {
    lp.runUpdates.push(msg);
    onRunUpdate(msg);
  }
}

/* routing ---------------------------------------------------------------------------------------------------- */

window.addEventListener("hashchange", route);

function route() {
  if (!state.token) return;
  const h = location.hash.replace(/^#\/?/, "");
  const [page, id] = h.split("/");
  for (const a of document.querySelectorAll("[data-nav]")) a.classList.toggle("active", a.dataset.nav === page);
  lp.page = null;
  lp.charts = {};
  lp.svg = {};
  if (page === "vault") return vaultPage();
  if (page === "runs" && id) return runPage(decodeURIComponent(id));
  if (page === "sweep" && id) return sweepPage(decodeURIComponent(id));
  if (page === "compare") return comparePage(decodeURIComponent(id ?? "").split(",").filter(Boolean));
  return runsPage();
}

const view = () => $("#view");
const kpi = (label, value, cls = "") => `<div class="kpi"><div class="label">${esc(label)}</div><div class="value ${cls}" data-kpi="${esc(label)}">${value}</div></div>`;
const signCls = (x) => (x > 0 ? "pos" : x < 0 ? "neg" : "");

/* vault page ------------------------------------------------------------------------------------------------- */

async function vaultPage() {
  view().innerHTML = `<h1>Vault</h1><div id="vault-body" class="muted">loading…</div>`;
  let status;
  try {
    status = (await api("/api/vault")).status;
  } catch (e) {
    $("#vault-body").innerHTML = `<p class="error">${esc(e.message)}</p>`;
    return;
  }
  if (status === null) {
    $("#vault-body").innerHTML = `<p class="muted">The keeper has not written a status yet.</p>`;
    return;
  }
  lp.page = "vault";
  const events = (await api("/api/vault/events?afterId=0&limit=1000")).events;
  for (const e of events) state.lastKeeperId = Math.max(state.lastKeeperId, e.id);
  const journal = (await api("/api/vault/journal?limit=20")).entries;
  $("#vault-body").className = "";
  $("#vault-body").innerHTML = `
    <div class="kpis" id="vault-kpis"></div>
    <div class="grid">
      <div class="card"><h2>Value vs hold</h2><div id="chart-vault-value" class="chart"></div></div>
      <div class="card"><h2>Attribution (quote)</h2><div id="chart-attribution"></div></div>
      <div class="card"><h2>Net delta per asset (base units)</h2><div id="chart-delta"></div></div>
      <div class="card"><h2>Positions: range and price</h2><div id="positions"></div></div>
      <div class="card"><h2>Hedges</h2><div id="hedges"></div></div>
      <div class="card"><h2>Latest events</h2><div class="events"><ul id="event-list"></ul></div></div>
      <div class="card"><h2>Journal</h2><div class="scroll" id="journal"></div></div>
      <div class="card"><h2>Control</h2>
        <p class="muted">Stop asks the keeper to finish its step and stop. Kill pulls the kill switch: no new orders.</p>
        <button id="stop" type="button">Stop keeper</button> <button id="kill" type="button" class="danger">Kill switch</button>
        <p id="control-msg" class="muted"></p></div>
    </div>`;
  for (const e of events.slice(-50)) addEventRow(e, false);
  renderJournal(journal);
  renderStatus(status);
  $("#stop").onclick = () => control(false);
  $("#kill").onclick = () => control(true);
}

async function control(kill) {
  if (!confirm(kill ? "Pull the kill switch?" : "Stop the keeper?")) return;
  try {
    const r = await api("/api/vault/stop", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ kill }) });
    $("#control-msg").textContent = `requested: ${r.requested}`;
    renderStatus((await api("/api/vault")).status);
  } catch (e) {
    $("#control-msg").textContent = e.message;
  }
}

function renderStatus(s) {
  if (!s || lp.page !== "vault") return;
  lp.status = s;
  const a = s.attribution ?? {};
  const feeApr = a.feeApr ?? (a.fees !== undefined && a.days > 0 && s.value > 0 ? (a.fees / s.value) * (365 / a.days) : undefined);
  const hedgeCost = (a.hedgeCosts ?? a.costsHedge ?? 0) + (a.hedge ?? 0);
  $("#vault-kpis").innerHTML = [
    kpi("state", `<span class="state ${esc(s.state)}">${esc(s.state)}</span>${s.reason ? ` <span class="muted">${esc(s.reason)}</span>` : ""}`),
    kpi("value", fmt(s.value, 2)),
    kpi("hold value", fmt(s.hodlValue, 2)),
    kpi("value − hold", fmt(s.value - s.hodlValue, 2), signCls(s.value - s.hodlValue)),
    kpi("fee APR", feeApr === undefined ? "–" : `${(feeApr * 100).toFixed(2)} %`),
    kpi("LVR", fmt(a.lvr, 2), signCls(a.lvr)),
    kpi("hedge PnL + cost", fmt(hedgeCost, 2), signCls(hedgeCost)),
    kpi("funding", fmt(a.funding, 2), signCls(a.funding)),
    kpi("last block", esc(s.lastBlock)),
    kpi("data age", `${(s.dataFreshnessMs / 1000).toFixed(1)} s`, s.dataFreshnessMs > 60_000 ? "neg" : ""),
  ].join("");
  const last = state.vaultHistory.at(-1);
  if (!last || last.t !== s.updatedAt) state.vaultHistory.push({ t: s.updatedAt, value: s.value, hodl: s.hodlValue });
  const hist = state.vaultHistory;
  if (hist.length >= 1) {
    const pts = hist.length === 1 ? [hist[0], { ...hist[0], t: hist[0].t + 1000 }] : hist;
    timeChart($("#chart-vault-value"), "vault-value", {
      x: pts.map((p) => p.t),
      series: [
        { label: "value", values: pts.map((p) => p.value) },
        { label: "hold", values: pts.map((p) => p.hodl), dash: [5, 4] },
      ],
      height: 220,
    });
  }
  const comps = Object.entries(a).filter(([k, v]) => typeof v === "number" && !["total", "feeApr", "days"].includes(k));
  waterfall($("#chart-attribution"), "attribution", comps.map(([label, value]) => ({ label, value })));
  hbars($("#chart-delta"), "net-delta", Object.entries(s.netDelta).map(([label, value]) => ({ label, value })));
  const pos = $("#positions");
  pos.innerHTML = s.positions.length === 0 ? `<p class="muted">no open position</p>` : "";
  s.positions.forEach((p, i) => {
    const div = document.createElement("div");
    div.innerHTML = `<div class="muted">#${esc(p.tokenId)} · ${esc(p.pool)} · L = ${esc(p.liquidity)}</div><div></div>`;
    pos.appendChild(div);
    rangeBar(div.lastElementChild, `position-${i}`, p);
  });
  $("#hedges").innerHTML = s.hedges.length === 0 ? `<p class="muted">no hedge</p>` : `<table><tr><th>venue</th><th>symbol</th><th class="num">quantity</th></tr>${s.hedges.map((h) => `<tr><td>${esc(h.venue)}</td><td>${esc(h.symbol)}</td><td class="num ${signCls(h.quantity)}">${fmt(h.quantity, 6)}</td></tr>`).join("")}</table>`;
}

function addEventRow(e, fresh) {
  const ul = $("#event-list");
  if (!ul) return;
  const li = document.createElement("li");
  li.dataset.eventId = e.id;
  if (fresh) li.className = "fresh";
  li.textContent = `${new Date(e.time).toISOString().slice(11, 19)}  ${e.kind}  ${JSON.stringify(e.fields)}`;
  ul.prepend(li);
  while (ul.children.length > 100) ul.lastElementChild.remove();
}

function renderJournal(entries) {
  const el = $("#journal");
  if (!el) return;
  el.innerHTML = entries.length === 0 ? `<p class="muted">empty</p>` : `<table><tr><th>seq</th><th>leg</th><th>kind</th><th>state</th><th>tx / order</th></tr>${entries
    .slice()
    .reverse()
    .map((j) => `<tr><td>${j.seq}</td><td>${esc(j.leg)}</td><td>${esc(j.action ?? j.kind)}</td><td>${esc(j.state)}</td><td>${esc(j.txHash ?? j.clientOrderId ?? "")}</td></tr>`)
    .join("")}</table>`;
}

let statusRefresh;
function onKeeperEvent(e) {
  if (lp.page !== "vault") return;
  addEventRow(e, true);
  clearTimeout(statusRefresh);
  statusRefresh = setTimeout(async () => {
    try {
      renderStatus((await api("/api/vault")).status);
      renderJournal((await api("/api/vault/journal?limit=20")).entries);
    } catch {}
  }, 150);
}

/* runs page -------------------------------------------------------------------------------------------------- */

async function runsPage() {
  view().innerHTML = `<h1>Runs</h1>
    <div class="filters">
      <select id="f-kind"><option value="">all kinds</option><option>backtest</option><option>compare</option><option>simulate</option><option>sweep-point</option></select>
      <input id="f-name" placeholder="name contains…">
      <button id="compare-btn" type="button" disabled>Compare selected</button>
      <span id="runs-count" class="muted"></span>
    </div>
    <div class="card scroll"><table id="runs-table"></table></div>
    <div class="card scroll" id="sweeps" hidden><h2>Sweeps</h2><table id="sweeps-table"></table></div>`;
  lp.page = "runs";
  api("/api/sweeps").then(({ sweeps }) => {
    if (sweeps.length === 0) return;
    $("#sweeps").hidden = false;
    $("#sweeps-table").innerHTML = `<tr><th>created</th><th>name</th><th>status</th></tr>${sweeps
      .map((w) => `<tr class="clickable" data-sweep="${esc(w.id)}"><td>${esc(w.createdAt.slice(0, 19).replace("T", " "))}</td><td>${esc(w.name)}</td><td><span class="state ${esc(w.status)}">${esc(w.status)}</span></td></tr>`)
      .join("")}`;
    for (const tr of document.querySelectorAll("#sweeps-table tr[data-sweep]"))
      tr.addEventListener("click", () => (location.hash = `#/sweep/${encodeURIComponent(tr.dataset.sweep)}`));
  });
  const load = async () => {
    const q = new URLSearchParams({ limit: "200" });
    if ($("#f-kind").value) q.set("kind", $("#f-kind").value);
    if ($("#f-name").value.trim()) q.set("name", $("#f-name").value.trim());
    const { runs, total } = await api(`/api/runs?${q}`);
    $("#runs-count").textContent = `${runs.length} of ${total}`;
    $("#runs-table").innerHTML = `<tr><th></th><th>created</th><th>kind</th><th>name</th><th>status</th><th>id</th></tr>${runs
      .map(
        (r) => `<tr class="clickable" data-run="${esc(r.id)}"><td><input type="checkbox" data-select="${esc(r.id)}" ${r.kind === "backtest" && r.status === "done" ? "" : "disabled"}></td><td>${esc(r.createdAt.slice(0, 19).replace("T", " "))}</td><td>${esc(r.kind)}</td><td>${esc(r.name)}</td><td data-status="${esc(r.id)}">${statusCell(r)}</td><td class="muted">${esc(r.id.slice(0, 8))}</td></tr>`,
      )
      .join("")}`;
    for (const tr of document.querySelectorAll("#runs-table tr[data-run]"))
      tr.addEventListener("click", (ev) => {
        if (ev.target.matches("input")) return;
        location.hash = `#/runs/${encodeURIComponent(tr.dataset.run)}`;
      });
    for (const cb of document.querySelectorAll("[data-select]"))
      cb.addEventListener("change", () => {
        $("#compare-btn").disabled = document.querySelectorAll("[data-select]:checked").length < 2;
      });
  };
  $("#f-kind").onchange = load;
  $("#f-name").oninput = () => {
    clearTimeout(load.t);
    load.t = setTimeout(load, 250);
  };
  $("#compare-btn").onclick = () => {
    const ids = [...document.querySelectorAll("[data-select]:checked")].map((c) => c.dataset.select);
    location.hash = `#/compare/${ids.map(encodeURIComponent).join(",")}`;
  };
  await load();
}

const statusCell = (r) =>
  `<span class="state ${esc(r.status)}">${esc(r.status)}</span>${r.status === "running" ? ` <span class="progress"><span style="width:${(r.progress * 100).toFixed(0)}%"></span></span>` : ""}${r.error ? ` <span class="error">${esc(r.error)}</span>` : ""}`;

function onRunUpdate(u) {
  const cell = document.querySelector(`[data-status="${CSS.escape(u.id)}"]`);
  if (cell) cell.innerHTML = statusCell(u);
  if (lp.page === `run:${u.id}` && (u.status === "done" || u.status === "failed")) route();
}

async function series(id, names, maxPoints) {
  const q = new URLSearchParams();
  for (const n of names) q.append("name", n);
  if (maxPoints) q.set("maxPoints", String(maxPoints));
  return api(`/api/runs/${encodeURIComponent(id)}/series?${q}`);
}

const nums = (a) => a.map((v) => (v === null ? null : v));

async function runPage(id) {
  view().innerHTML = `<p><a href="#/runs">← runs</a></p><div id="run-body" class="muted">loading…</div>`;
  let run;
  try {
    run = await api(`/api/runs/${encodeURIComponent(id)}`);
  } catch (e) {
    $("#run-body").innerHTML = `<p class="error">${esc(e.message)}</p>`;
    return;
  }
  lp.page = `run:${id}`;
  lp.run = run;
  const body = $("#run-body");
  body.className = "";
  body.innerHTML = `<h1>${esc(run.name)} <span class="state ${esc(run.status)}">${esc(run.status)}</span></h1>
    <p class="muted">${esc(run.kind)} · ${esc(run.id)} · ${esc(run.createdAt)}</p>${run.error ? `<p class="error">${esc(run.error)}</p>` : ""}
    <div id="run-content"></div>`;
  if (run.status !== "done") return;
  if (run.kind === "backtest") return backtestView(run);
  if (run.kind === "compare") return compareRunView(run);
  if (run.kind === "simulate") return simulateView(run);
  $("#run-content").innerHTML = `<pre>${esc(JSON.stringify(run.summary, null, 2))}</pre>`;
}

function summaryTable(obj) {
  const rows = Object.entries(obj ?? {}).filter(([, v]) => v === null || typeof v !== "object");
  return `<table class="kv">${rows.map(([k, v]) => `<tr><td>${esc(k)}</td><td class="num">${typeof v === "number" ? fmt(v, 6) : esc(v ?? "–")}</td></tr>`).join("")}</table>`;
}

async function backtestView(run) {
  const s = run.summary;
  const c = $("#run-content");
  c.innerHTML = `
    <div class="kpis">${kpi("final value", fmt(s.finalValue, 2))}${kpi("PnL", fmt(s.pnl, 2), signCls(s.pnl))}${kpi("fees", fmt(s.feesQuote, 2))}${kpi("IL", `${(s.impermanentLoss * 100).toFixed(3)} %`, signCls(s.impermanentLoss))}${kpi("LVR", fmt(s.lvrQuote, 2))}${kpi("time in range", `${(s.timeInRange * 100).toFixed(1)} %`)}${kpi("rebalances", s.rebalances)}</div>
    <div class="grid">
      <div class="card"><h2>Value vs hold</h2><div id="chart-value" class="chart"></div></div>
      <div class="card"><h2>Price and range (in-range shaded; ticks mark pool events)</h2><div id="chart-price" class="chart"></div></div>
      <div class="card"><h2>Cumulative attribution (quote)</h2><div id="chart-attr" class="chart"></div></div>
      <div class="card"><h2>Attribution waterfall</h2><div id="chart-waterfall"></div></div>
      <div class="card"><h2>Summary</h2><div class="scroll">${summaryTable(s)}</div></div>
      <div class="card"><h2>Events</h2><div class="events scroll" id="run-events"></div></div>
    </div>`;
  const names = ["time", "value", "hodlValue", "price", "rangeLowerPrice", "rangeUpperPrice", "fees", "lvr", "rebalancing", "inventory", "hedge", "funding", "costs"];
  const [ser, ev] = await Promise.all([
    series(run.id, names.filter((n) => run.series.some((x) => x.name === n)), 3000),
    api(`/api/runs/${encodeURIComponent(run.id)}/events?limit=2000`),
  ]);
  const S = ser.series;
  const markers = ev.events.filter((e) => e.kind === "pool").map((e) => e.time);
  timeChart($("#chart-value"), "value", {
    x: S.time,
    series: [
      { label: "value", values: nums(S.value) },
      { label: "hold", values: nums(S.hodlValue), dash: [5, 4] },
    ],
    markers,
  });
  timeChart($("#chart-price"), "price", {
    x: S.time,
    series: [
      { label: "price", values: nums(S.price), colour: "#111827" },
      { label: "range upper", values: nums(S.rangeUpperPrice), colour: "#59a14f" },
      { label: "range lower", values: nums(S.rangeLowerPrice), colour: "#e15759" },
    ],
    band: [2, 3],
    markers,
  });
  const attr = ["fees", "lvr", "rebalancing", "inventory", "hedge", "funding", "costs"].filter((n) => S[n]);
  timeChart($("#chart-attr"), "attribution-lines", {
    x: S.time,
    series: attr.map((n, i) => ({ label: n, values: n === "lvr" || n === "costs" ? S[n].map((v) => (v === null ? null : -v)) : nums(S[n]), colour: colour(i) })),
  });
  const a = s.attribution;
  waterfall($("#chart-waterfall"), "run-waterfall", [
    { label: "fees", value: a.fees },
    { label: "rebal.", value: a.rebalancing },
    { label: "−LVR", value: -a.lvr },
    { label: "inventory", value: a.inventory },
    { label: "hedge", value: a.hedge },
    { label: "funding", value: a.funding },
    { label: "premium", value: a.premium },
    { label: "−costs", value: -a.costs },
  ]);
  $("#run-events").innerHTML = `<table><tr><th>time</th><th>kind</th><th>venue</th><th>fields</th></tr>${ev.events
    .slice(0, 300)
    .map((e) => `<tr><td>${esc(new Date(e.time).toISOString().slice(0, 16).replace("T", " "))}</td><td>${esc(e.kind)}</td><td>${esc(e.venue)}</td><td>${esc(JSON.stringify(e.fields))}</td></tr>`)
    .join("")}</table>`;
}

async function compareRunView(run) {
  const rows = run.summary.rows;
  const c = $("#run-content");
  c.innerHTML = `<div class="grid">
      <div class="card"><h2>PnL vs PnL volatility (daily, quote)</h2><div id="chart-scatter"></div></div>
      <div class="card"><h2>Value per run</h2><div id="chart-compare-value" class="chart"></div></div>
    </div>
    <div class="card scroll"><h2>Rows</h2><table><tr>${Object.keys(rows[0]).map((k) => `<th>${esc(k)}</th>`).join("")}</tr>${rows
      .map((r) => `<tr>${Object.values(r).map((v) => `<td class="${typeof v === "number" ? "num" : ""}">${typeof v === "number" ? fmt(v, 4) : esc(v)}</td>`).join("")}</tr>`)
      .join("")}</table></div>`;
  scatter($("#chart-scatter"), "scatter", rows.map((r) => ({ label: r.name, x: r.pnlVol, y: r.netPnl })), { xLabel: "std of daily PnL", yLabel: "net PnL" });
  const ser = await series(run.id, ["time", ...rows.map((r) => `${r.name}/value`)], 2000);
  timeChart($("#chart-compare-value"), "compare-value", {
    x: ser.series.time,
    series: rows.map((r, i) => ({ label: r.name, values: nums(ser.series[`${r.name}/value`]), colour: colour(i) })),
  });
}

async function simulateView(run) {
  const rep = run.summary;
  const c = $("#run-content");
  c.innerHTML = `<div class="grid" id="fans"></div><div class="card scroll"><h2>Strategies</h2><table><tr><th>strategy</th><th class="num">mean PnL</th><th class="num">p5</th><th class="num">p50</th><th class="num">p95</th></tr>${rep.strategies
    .map((s) => `<tr><td>${esc(s.name)}</td><td class="num">${fmt(s.totalPnl.mean, 2)}</td><td class="num">${fmt(s.totalPnl.p5, 2)}</td><td class="num">${fmt(s.totalPnl.p50, 2)}</td><td class="num">${fmt(s.totalPnl.p95, 2)}</td></tr>`)
    .join("")}</table></div>`;
  const names = run.series.map((s) => s.name).filter((n) => /\/(timeDays|p5|p25|p50|p75|p95)$/.test(n));
  if (names.length === 0) return;
  const ser = (await series(run.id, names, 2000)).series;
  const strategies = [...new Set(names.map((n) => n.slice(0, n.lastIndexOf("/"))))];
  // one shared y-scale for every fan, so their widths compare at a glance
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of strategies)
    for (const q of ["p5", "p95"]) for (const v of ser[`${s}/${q}`]) if (v !== null) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  strategies.forEach((s, i) => {
    const div = document.createElement("div");
    div.className = "card";
    div.innerHTML = `<h2>${esc(s)}: value quantiles</h2><div class="chart"></div>`;
    $("#fans").appendChild(div);
    const t0 = Date.UTC(2000, 0, 1);
    const u = timeChart(div.lastElementChild, `fan-${i}`, {
      x: ser[`${s}/timeDays`].map((d) => t0 + d * 86_400_000),
      series: ["p95", "p75", "p50", "p25", "p5"].map((q, k) => ({ label: q, values: nums(ser[`${s}/${q}`]), colour: ["#9ecae1", "#4292c6", "#08306b", "#4292c6", "#9ecae1"][k] })),
      band: [1, 5],
    });
    u.setScale("y", { min: lo, max: hi });
  });
}

async function comparePage(ids) {
  view().innerHTML = `<p><a href="#/runs">← runs</a></p><h1>Compare ${ids.length} backtests</h1>
    <div class="grid"><div class="card"><h2>PnL vs PnL volatility (daily, quote)</h2><div id="chart-scatter"></div></div>
    <div class="card"><h2>Value</h2><div id="chart-compare-value" class="chart"></div></div></div><div class="card scroll" id="compare-table"></div>`;
  lp.page = "compare";
  const runs = await Promise.all(ids.map((id) => api(`/api/runs/${encodeURIComponent(id)}`)));
  const sers = await Promise.all(ids.map((id) => series(id, ["time", "value"])));
  const points = runs.map((r, i) => {
    const { time, value } = sers[i].series;
    // daily PnL: value at each UTC day's last bar minus the previous day's (the first from the initial value)
    const daily = [];
    let prev = r.summary.initialValue;
    for (let k = 0; k < time.length; k++) {
      if (k === time.length - 1 || Math.floor(time[k + 1] / 86_400_000) !== Math.floor(time[k] / 86_400_000)) {
        daily.push(value[k] - prev);
        prev = value[k];
      }
    }
    const m = daily.reduce((a, b) => a + b, 0) / daily.length;
    const sd = Math.sqrt(daily.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, daily.length - 1));
    return { label: r.name, x: sd, y: r.summary.pnl };
  });
  lp.comparePoints = points;
  scatter($("#chart-scatter"), "scatter", points, { xLabel: "std of daily PnL", yLabel: "PnL" });
  const step = Math.max(1, Math.ceil(sers[0].series.time.length / 2000));
  timeChart($("#chart-compare-value"), "compare-value", {
    x: sers[0].series.time.filter((_, k) => k % step === 0),
    series: runs.map((r, i) => ({ label: r.name, values: sers[i].series.value.filter((_, k) => k % step === 0), colour: colour(i) })),
  });
  $("#compare-table").innerHTML = `<table><tr><th>run</th><th class="num">PnL</th><th class="num">daily PnL std</th><th class="num">fees</th><th class="num">IL</th></tr>${runs
    .map((r, i) => `<tr><td>${esc(r.name)}</td><td class="num">${fmt(r.summary.pnl, 2)}</td><td class="num">${fmt(points[i].x, 2)}</td><td class="num">${fmt(r.summary.feesQuote, 2)}</td><td class="num">${(r.summary.impermanentLoss * 100).toFixed(3)} %</td></tr>`)
    .join("")}</table>`;
}

/* sweep page: heatmap of a metric over two parameters ----------------------------------------------------------- */

async function sweepPage(id) {
  view().innerHTML = `<p><a href="#/runs">← runs</a></p><div id="sweep-body" class="muted">loading…</div>`;
  let sw;
  try {
    sw = await api(`/api/sweeps/${encodeURIComponent(id)}`);
  } catch (e) {
    $("#sweep-body").innerHTML = `<p class="error">${esc(e.message)}</p>`;
    return;
  }
  lp.page = `sweep:${id}`;
  const pts = sw.points.filter((p) => p.params && typeof p.params === "object");
  const numericKeys = [...new Set(pts.flatMap((p) => Object.keys(p.params)))].filter((k) =>
    pts.every((p) => typeof p.params[k] === "number"),
  );
  const metrics = [...new Set(pts.flatMap((p) => Object.keys(p.metrics ?? {})))];
  const body = $("#sweep-body");
  body.className = "";
  body.innerHTML = `<h1>${esc(sw.name)} <span class="state ${esc(sw.status)}">${esc(sw.status)}</span></h1>
    <p class="muted">${pts.length} points · ${pts.filter((p) => p.status === "done").length} done</p>
    <div class="filters">x <select id="hx">${numericKeys.map((k) => `<option>${esc(k)}</option>`).join("")}</select>
    y <select id="hy">${numericKeys.map((k, i) => `<option ${i === 1 ? "selected" : ""}>${esc(k)}</option>`).join("")}</select>
    metric <select id="hm">${metrics.map((k) => `<option>${esc(k)}</option>`).join("")}</select></div>
    <div class="card"><div id="chart-heatmap"></div></div>`;
  const draw = () => {
    const kx = $("#hx").value;
    const ky = $("#hy").value;
    const m = $("#hm").value;
    if (!kx || !ky || !m) return;
    const xs = [...new Set(pts.map((p) => p.params[kx]))].sort((a, b) => a - b);
    const ys = [...new Set(pts.map((p) => p.params[ky]))].sort((a, b) => a - b);
    // several points per (x, y) (other parameters vary): their mean
    const cell = (x, y) => {
      const vs = pts.filter((p) => p.params[kx] === x && p.params[ky] === y && Number.isFinite(p.metrics?.[m])).map((p) => p.metrics[m]);
      return vs.length === 0 ? Number.NaN : vs.reduce((a, b) => a + b, 0) / vs.length;
    };
    heatmap($("#chart-heatmap"), "heatmap", { xs, ys, cell, xLabel: kx, yLabel: ky, metric: m });
  };
  for (const s of ["#hx", "#hy", "#hm"]) $(s).onchange = draw;
  draw();
}

/* start ------------------------------------------------------------------------------------------------------ */

if (state.token) api("/api/health").then(enter, () => logout());
