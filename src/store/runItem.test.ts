import { describe, expect, test } from "vitest";
import { ListRunsResponse } from "../server/schemas.js";
import { runListItem } from "./runItem.js";
import type { RunRecord } from "./types.js";

const record: RunRecord = {
  id: "r1",
  kind: "backtest",
  name: "passive on pool",
  status: "done",
  spec: { big: "spec" },
  summary: { pnl: 1 },
  progress: 1,
  error: null,
  sweepId: null,
  createdAt: Date.UTC(2022, 6, 19, 12, 0, 0),
  updatedAt: Date.UTC(2022, 6, 19, 12, 0, 5),
};

describe("runListItem (the one list item of `runs list --json` and GET /api/runs)", () => {
  test("default: drops spec and summary, times as ISO strings, and fits the API's response schema", () => {
    const item = runListItem(record);
    expect(item).toEqual({
      id: "r1",
      kind: "backtest",
      name: "passive on pool",
      status: "done",
      progress: 1,
      error: null,
      sweepId: null,
      createdAt: "2022-07-19T12:00:00.000Z",
      updatedAt: "2022-07-19T12:00:05.000Z",
    });
    // the route answers with it: the response schema accepts it as it is
    expect(ListRunsResponse.parse({ runs: [item], total: 1 }).runs[0]).toEqual(item);
  });
});
