import assert from "node:assert/strict";
import { alignedTable, listWithin, wrapWords } from "../../../components/capacity/text-layout";

const names = (n: number) => Array.from({ length: n }, (_, i) => `team/svc-${i}`);

describe("terminal text layout", () => {
  describe("wrapWords", () => {
    it("breaks at spaces, indenting continuation lines and keeping the first line's indent", () => {
      assert.deepEqual(wrapWords("  node pools: g6.2xlarge to g6.xlarge", 20, "    "), ["  node pools:", "    g6.2xlarge to", "    g6.xlarge"]);
    });

    it("cuts a word longer than a line, so no line is wider than asked", () => {
      assert.deepEqual(wrapWords("Standard_ND96amsr_A100_v4 ok", 10, "  "), ["Standard_N", "  D96amsr_", "  A100_v4", "  ok"]);
    });

    it("leaves a short line alone", () => {
      assert.deepEqual(wrapWords("total: $1.29/h", 120), ["total: $1.29/h"]);
    });
  });

  describe("listWithin", () => {
    it("lists every item when they fit", () => {
      assert.deepEqual(listWithin(["a/x", "b/y"], 20, 2), ["a/x, b/y"]);
    });

    it("ends the last allowed line with the count of items left out", () => {
      assert.deepEqual(listWithin(names(10), 31, 2), ["team/svc-0, team/svc-1,", "team/svc-2, team/svc-3, +6 more"]);
      assert.deepEqual(listWithin(names(10), 30, 2), ["team/svc-0, team/svc-1,", "team/svc-2, +7 more"], "an item gives way to the count");
    });

    it("shortens an item wider than a line", () => {
      assert.deepEqual(listWithin(["research/a-very-long-service-name"], 12, 1), ["research/a-…"]);
    });
  });

  describe("alignedTable", () => {
    const header = ["POOL", "NODES", "WORKLOADS"];
    const rows = [
      ["l4-1", "1–2"],
      ["t4-10", "0–4"],
    ];
    const table = (width: number, count: number) => alignedTable(header, rows, { width, lastColumn: (_i, room) => listWithin(names(count), room, 2) });

    it("prints one line per row when the last column fits", () => {
      assert.deepEqual(table(60, 2), ["POOL   NODES  WORKLOADS", "l4-1   1–2    team/svc-0, team/svc-1", "t4-10  0–4    team/svc-0, team/svc-1"]);
    });

    it("wraps the last column under itself when it does not fit", () => {
      assert.deepEqual(table(50, 9), [
        "POOL   NODES  WORKLOADS",
        "l4-1   1–2    team/svc-0, team/svc-1, team/svc-2,",
        "              team/svc-3, team/svc-4, +4 more",
        "t4-10  0–4    team/svc-0, team/svc-1, team/svc-2,",
        "              team/svc-3, team/svc-4, +4 more",
      ]);
    });

    it("moves the last column under each row when the other columns leave it too little room", () => {
      assert.deepEqual(table(32, 3), ["POOL   NODES", "l4-1   1–2", "    workloads: team/svc-0,", "               +2 more", "t4-10  0–4", "    workloads: team/svc-0,", "               +2 more"]);
    });

    it("breaks headers over two lines when even the other columns are wider than the line", () => {
      const wide = alignedTable(["POOL", "GPU USE AT PEAK", "WORKLOADS"], [["l4-1", "100%"]], { width: 14, lastColumn: () => ["a"] });
      assert.deepEqual(wide, ["POOL  GPU USE", "      AT PEAK", "l4-1  100%", "    workloads: a"]);
    });

    it("breaks the first column's cells at spaces when the table is still wider than the line", () => {
      const wide = alignedTable(["POOL", "NODES", "WORKLOADS"], [["a-spot-fallback (fallback)", "0–4"], ["l4-1", "1–2"]], { width: 24, lastColumn: () => ["a"] });
      assert.deepEqual(wide, ["POOL               NODES", "a-spot-fallback    0–4", "(fallback)", "    workloads: a", "l4-1               1–2", "    workloads: a"]);
      assert.ok(wide.every((l) => l.length <= 24));
    });
  });
});
