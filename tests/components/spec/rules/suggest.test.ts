import assert from "node:assert/strict";
import { didYouMean, suggest } from "../../../../components/spec/rules/suggest";

describe("did-you-mean suggestions", () => {
  it("finds a name that differs only in case or separators", () => {
    assert.equal(suggest("gpu_pools", ["namespaces", "gpuPools"]), "gpuPools");
    assert.equal(suggest("GPUPOOLS", ["gpuPools"]), "gpuPools");
    assert.equal(suggest("training-jobs", ["trainingJobs"]), "trainingJobs");
  });

  it("finds the closest name within a third of its length", () => {
    assert.equal(suggest("replica", ["replicas", "region"]), "replicas");
    assert.equal(suggest("us-east-7", ["us-east-1", "us-west-2"]), "us-east-1");
    assert.equal(suggest("l5", ["l4", "t4"]), "l4");
  });

  it("suggests nothing when nothing is close", () => {
    assert.equal(suggest("foo", ["name", "cloud", "region"]), undefined);
    assert.equal(suggest("completely-different", ["l4"]), undefined);
    assert.equal(didYouMean("foo", ["bar-baz"]), "");
  });

  it("prefers a name the input is the start of over an equally close one", () => {
    assert.equal(suggest("l40", ["l4", "l40s"]), "l40s");
    assert.equal(suggest("h10", ["h20", "h100"]), "h100");
    assert.equal(suggest("replica", ["replicas", "replic"]), "replicas");
  });

  it("prefers the earlier candidate on a tie", () => {
    assert.equal(suggest("ab", ["aa", "bb"]), "aa");
  });

  it("writes the hint as a clause", () => {
    assert.equal(didYouMean("replica", ["replicas"]), '; did you mean "replicas"?');
  });
});
