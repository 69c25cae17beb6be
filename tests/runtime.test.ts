import assert from "node:assert/strict";

describe("the test runtime", () => {
  it("is Node 22 or newer, as users run (npm scripts take node@22 from node_modules/.bin)", () => {
    const major = Number(process.versions.node.split(".")[0]);
    assert.ok(major >= 22, `running on Node ${process.versions.node}; run the tests through npm test`);
  });
});
