import assert from "node:assert/strict";
import { CLOUDS, REGIONS, isRegion } from "../../../components/catalog";

describe("catalog: regions", () => {
  it("accepts the regions used in the examples on their own cloud", () => {
    assert.equal(isRegion("aws", "us-east-1"), true);
    assert.equal(isRegion("aws", "us-west-2"), true);
    assert.equal(isRegion("gcp", "us-central1"), true);
    assert.equal(isRegion("azure", "eastus"), true);
    assert.equal(isRegion("azure", "westus3"), true);
  });

  it("rejects another cloud's region, a different spelling and a made-up name", () => {
    assert.equal(isRegion("aws", "us-central1"), false);
    assert.equal(isRegion("gcp", "us-east-1"), false);
    assert.equal(isRegion("azure", "East US"), false);
    assert.equal(isRegion("aws", "US-EAST-1"), false);
    assert.equal(isRegion("aws", "us-east-9"), false);
  });

  it("lists each region once per cloud", () => {
    for (const cloud of CLOUDS) assert.equal(new Set(REGIONS[cloud]).size, REGIONS[cloud].length, cloud);
  });

  it("spells every region the way its cloud's API does", () => {
    const pattern = { aws: /^[a-z]{2}-[a-z]+-\d$/, gcp: /^[a-z]+-[a-z]+\d+$/, azure: /^[a-z]+\d?$/ } as const;
    for (const cloud of CLOUDS) {
      for (const region of REGIONS[cloud]) assert.match(region, pattern[cloud], `${cloud} ${region}`);
    }
  });

  it("knows 34 AWS, 42 GCP and 55 Azure public regions", () => {
    assert.deepEqual({ aws: REGIONS.aws.length, gcp: REGIONS.gcp.length, azure: REGIONS.azure.length }, { aws: 34, gcp: 42, azure: 55 });
  });
});
