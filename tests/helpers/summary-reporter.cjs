// Mocha's spec reporter, followed by the one closing line CI reads: "N passed, N failed".
"use strict";
const Mocha = require("mocha");

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats;
      const skipped = pending > 0 ? `, ${pending} skipped` : "";
      // After the spec reporter's own epilogue, so this stays the last line.
      process.on("exit", () => console.log(`${passes} passed, ${failures} failed${skipped}`));
    });
  }
}

module.exports = SummaryReporter;
