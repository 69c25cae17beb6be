import assert from "node:assert/strict";
import { checkLabel, labelLike, maxJobNameLength } from "../../../../components/spec/rules/names";
import { Problems } from "../../../../components/spec/rules/problems";

function labelErrors(name: string, startWithLetter = false, max = 63): string[] {
  const out = new Problems();
  checkLabel(name, "name", { max, startWithLetter }, out);
  return out.errors.map((p) => p.message);
}

describe("DNS label names", () => {
  it("accepts DNS-1123 labels, digits first included", () => {
    assert.deepEqual(labelErrors("research"), []);
    assert.deepEqual(labelErrors("a"), []);
    assert.deepEqual(labelErrors("team-42"), []);
    assert.deepEqual(labelErrors("42team"), []);
  });

  it("rejects a leading digit when the name must be DNS-1035", () => {
    assert.deepEqual(labelErrors("42team", true), [
      'must be a DNS label (lower-case letters, digits and "-", starting with a letter and ending with a letter or digit), got "42team"; try "team"',
    ]);
  });

  it("rejects upper case, underscores and edge dashes with the nearest valid label", () => {
    const shape = 'must be a DNS label (lower-case letters, digits and "-", starting and ending with a letter or digit)';
    assert.deepEqual(labelErrors("Team_A"), [`${shape}, got "Team_A"; try "team-a"`]);
    assert.deepEqual(labelErrors("-team-"), [`${shape}, got "-team-"; try "team"`]);
    assert.deepEqual(labelErrors("a..b"), [`${shape}, got "a..b"; try "a-b"`]);
    assert.deepEqual(labelErrors("__"), [`${shape}, got "__"`]);
  });

  it("rejects names over the length budget and says the length", () => {
    assert.deepEqual(labelErrors("abcdef", false, 5), ['must be at most 5 characters, got 6: "abcdef"']);
  });

  it("suggests a label no longer than the budget and not ending in a dash", () => {
    assert.equal(labelLike("Very Long Name", { max: 9 }), "very-long");
    assert.equal(labelLike("Very Long Name", { max: 5 }), "very");
  });

  it("budgets job names for the pod hostname <name>-<hash8>-<index>", () => {
    assert.equal(maxJobNameLength(1), 52);
    assert.equal(maxJobNameLength(10), 52);
    assert.equal(maxJobNameLength(11), 51);
    assert.equal(maxJobNameLength(1000), 50);
    for (const workers of [1, 9, 10, 11, 100, 101, 1000]) {
      const hostname = `${"n".repeat(maxJobNameLength(workers))}-${"h".repeat(8)}-${workers - 1}`;
      assert.equal(hostname.length, 63, `workers ${workers}`);
    }
  });
});
