import assert from "node:assert/strict";
import {
  buildPrices,
  catalogueTypes,
  parseArgs,
  parseAwsPricing,
  parseAzurePricing,
  parseGceGpuPrices,
  parseGcpPricing,
  serialise,
  Snapshot,
} from "../../../scripts/prices/snapshot";

// Small excerpts in the shape of each source file (see the script's header for the files).
const AWS_GO = `package pricing

// generated at 2026-07-20T13:44:30Z for us-east-1

var InitialOnDemandPricesAWS = map[string]map[ec2types.InstanceType]float64{
	// us-east-1
	"us-east-1": {
		// m7i family
		"m7i.2xlarge": 0.403200, "m7i.large": 0.100800,
		"m7i.xlarge": 0.201600,
	},
}
`;

const AZURE_GO = `package pricing

// generated at 2026-06-18T03:43:41Z

func init() {
	// eastus
	initialOnDemandPrices["eastus"] = map[string]float64{
		"Standard_D2s_v5":          0.096000,
		"Standard_D4s_v5":          0.192000,
	}
	// westeurope
	initialOnDemandPrices["westeurope"] = map[string]float64{
		"Standard_D4s_v5":          0.210000,
	}
}
`;

const GCE_GO = `package gce

var (
	gpuPrices = map[string]float64{
		"nvidia-tesla-t4":   0.35,
		"nvidia-tesla-v100": 2.48,
		"nvidia-l4":         0, // price of this gpu is counted into G2 machine-type price
	}
	preemptibleGpuPrices = map[string]float64{
		"nvidia-tesla-t4":   0.11,
	}
)
`;

describe("scripts/prices/snapshot", () => {
  it("reads Karpenter's AWS table: its date and every region block", () => {
    const aws = parseAwsPricing(AWS_GO);
    assert.equal(aws.asOf, "2026-07-20");
    assert.deepEqual([...aws.onDemand.keys()], ["us-east-1"]);
    assert.deepEqual(Object.fromEntries(aws.onDemand.get("us-east-1")!), { "m7i.2xlarge": 0.4032, "m7i.large": 0.1008, "m7i.xlarge": 0.2016 });
  });

  it("reads Karpenter's Azure table region by region", () => {
    const azure = parseAzurePricing(AZURE_GO);
    assert.equal(azure.asOf, "2026-06-18");
    assert.deepEqual(Object.fromEntries([...azure.onDemand].map(([r, t]) => [r, Object.fromEntries(t)])), {
      eastus: { Standard_D2s_v5: 0.096, Standard_D4s_v5: 0.192 },
      westeurope: { Standard_D4s_v5: 0.21 },
    });
  });

  it("reads the GCE GPU prices that are not folded into a machine price, and not the preemptible ones", () => {
    assert.deepEqual(Object.fromEntries(parseGceGpuPrices(GCE_GO)), { "nvidia-tesla-t4": 0.35, "nvidia-tesla-v100": 2.48 });
  });

  it("throws on a file that is not the expected table", () => {
    assert.throws(() => parseAwsPricing("package pricing\n"), /no 'generated at' line/);
    assert.throws(() => parseAzurePricing("// generated at 2026-06-18T03:43:41Z\n"), /no region blocks/);
    assert.throws(() => parseGcpPricing({ regions: {} }), /no 'prices' object/);
    assert.throws(() => parseGceGpuPrices("package gce\n"), /no gpuPrices map/);
  });

  it("prices N1 + GPU shapes as machine plus GPUs only where both are priced, without spot", () => {
    const gcp = parseGcpPricing({
      prices: {
        "us-central1": { on_demand: { "n1-standard-8": 0.379998, "n2-standard-8": 0.388472 }, spot: { "n1-standard-8": 0.13402, "n2-standard-8": 0.18424 } },
        "europe-west4": { on_demand: { "n1-standard-8": 0.418 }, spot: { "n1-standard-8": 0.15 } },
        "mars-north1": { on_demand: { "n2-standard-8": 0.1 }, spot: {} },
      },
    });
    const prices = buildPrices(
      "gcp",
      [
        { name: "n1-standard-8+2xt4", machineType: "n1-standard-8", attached: { acceleratorType: "nvidia-tesla-t4", count: 2 } },
        { name: "n2-standard-8", machineType: "n2-standard-8" },
      ],
      { onDemand: gcp.onDemand, spot: gcp.spot, attachedGpus: new Map([["us-central1", new Map([["nvidia-tesla-t4", 0.35]])]]) },
    );
    assert.deepEqual(prices, {
      "n1-standard-8+2xt4": { "us-central1": { onDemand: 1.079998, spot: null } },
      "n2-standard-8": { "us-central1": { onDemand: 0.388472, spot: 0.18424 } },
    });
  });

  it("rounds to six decimals and leaves out types no table prices", () => {
    const prices = buildPrices("aws", [{ name: "m7i.large", machineType: "m7i.large" }, { name: "p5e.48xlarge", machineType: "p5e.48xlarge" }], {
      onDemand: new Map([["us-east-1", new Map([["m7i.large", 0.10080049]])]]),
    });
    assert.deepEqual(prices, { "m7i.large": { "us-east-1": { onDemand: 0.1008, spot: null } } });
  });

  it("lists each catalogue type once, GPU, CPU and system alike, N1 shapes with their GPUs", () => {
    const types = catalogueTypes("gcp");
    assert.equal(new Set(types.map((t) => t.name)).size, types.length);
    assert.deepEqual(types.find((t) => t.name === "n1-standard-8+1xt4"), {
      name: "n1-standard-8+1xt4",
      machineType: "n1-standard-8",
      attached: { acceleratorType: "nvidia-tesla-t4", count: 1 },
    });
    for (const name of ["g2-standard-4", "n2-highcpu-2", "e2-standard-4"]) assert.deepEqual(types.find((t) => t.name === name), { name, machineType: name });
  });

  it("writes JSON that reads back as the snapshot, one line per type and region", () => {
    const snapshot: Snapshot = {
      cloud: "azure",
      source: "Azure/karpenter-provider-azure x @352646f5",
      asOf: "2026-06-18",
      spotAsOf: null,
      prices: { Standard_D4s_v5: { westeurope: { onDemand: 0.21, spot: null }, eastus: { onDemand: 0.192, spot: null } } },
    };
    const text = serialise(snapshot);
    assert.deepEqual(JSON.parse(text), snapshot);
    assert.deepEqual(
      text.split("\n").filter((l) => l.includes("onDemand")).map((l) => l.trim()),
      ['"eastus": { "onDemand": 0.192, "spot": null },', '"westeurope": { "onDemand": 0.21, "spot": null }'],
    );
  });

  it("rejects a command line missing sources, naming every missing flag and a malformed date", () => {
    assert.deepEqual(parseArgs(["--aws", "a.go", "--gcp-as-of", "3 Aug", "--colour", "red"]), [
      "--colour: not one of --aws, --aws-commit, --azure, --azure-commit, --gcp, --gcp-commit, --gcp-as-of, --gce-gpus, --gce-gpus-commit, --out followed by a value",
      "--aws-commit: required",
      "--azure: required",
      "--azure-commit: required",
      "--gcp: required",
      "--gcp-commit: required",
      "--gce-gpus: required",
      "--gce-gpus-commit: required",
      "--gcp-as-of: must be a date like 2026-08-03, got 3 Aug",
    ]);
  });
});
