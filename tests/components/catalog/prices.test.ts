import assert from "node:assert/strict";
import {
  CLOUDS,
  CLOUD_FACTS,
  CPU_INSTANCE_TYPES,
  Cloud,
  INSTANCE_TYPES,
  PRICE_SNAPSHOTS,
  isRegion,
  pricedRegions,
  regionalPrice,
} from "../../../components/catalog";

/** Every catalogue row with a price: GPU shapes, CPU shapes and system machines. */
function catalogueRows(cloud: Cloud): { name: string; pricePerHour: number | null; priceRegion: string }[] {
  return [...INSTANCE_TYPES[cloud], ...CPU_INSTANCE_TYPES[cloud], ...CLOUD_FACTS[cloud].systemInstanceTypes];
}



describe("catalog: price snapshot", () => {
  it("prices every catalogue type in its price region exactly as its row does, except the listed ones", () => {
    // Exceptions, each with its reason:
    // - unpriced: the row is null because no public source prices the type in its price region
    //   (p5e sold as Capacity Blocks; A3 Mega/Ultra and ND H200 v5 have no such price), and the
    //   snapshot has no on-demand price there either;
    // - rounded: GCP N1 + GPU rows add GPUs to the autoscaler's N1 host prices rounded to 4
    //   decimals (0.38), the snapshot to the exact host price (0.379998); the E2 system rows are
    //   the per-unit list prices times the shape (0.134012), the snapshot the billing
    //   catalogue's SKU sum (0.134023). Both differ by under 0.0001 USD/h.
    const unpriced: string[] = [];
    const rounded: string[] = [];
    const other: string[] = [];
    let largestRoundingUsd = 0;
    for (const cloud of CLOUDS) {
      for (const row of catalogueRows(cloud)) {
        const price = regionalPrice(cloud, row.name, row.priceRegion)?.onDemand ?? null;
        const name = `${cloud}/${row.name}`;
        if (row.pricePerHour === null && price === null) unpriced.push(name);
        else if (price === row.pricePerHour) continue;
        else if (row.pricePerHour !== null && price !== null && Math.abs(price - row.pricePerHour) < 0.0001) {
          rounded.push(name);
          largestRoundingUsd = Math.max(largestRoundingUsd, Math.abs(price - row.pricePerHour));
        } else other.push(`${name}: row ${row.pricePerHour}, snapshot ${price}`);
      }
    }
    assert.deepEqual(other, []);
    assert.deepEqual(unpriced, ["aws/p5e.48xlarge", "gcp/a3-megagpu-8g", "gcp/a3-ultragpu-8g", "azure/Standard_ND96isr_H200_v5"]);
    const n1 = INSTANCE_TYPES.gcp.filter((t) => t.name.includes("+")).map((t) => `gcp/${t.name}`);
    assert.deepEqual(rounded.sort(), [...n1, "gcp/e2-standard-2", "gcp/e2-standard-4", "gcp/e2-standard-8"].sort());
    assert.ok(largestRoundingUsd < 0.00005, String(largestRoundingUsd));
  });

  // No upper bound on age here: a test that starts failing on a date, with no change to the code,
  // would break CI for everyone. The dates are pinned below; a refresh changes them on purpose.
  it("dates each snapshot with ISO dates, spot separately and only when it has spot prices, none in the future", () => {
    const now = Date.now();
    for (const cloud of CLOUDS) {
      const s = PRICE_SNAPSHOTS[cloud];
      const hasSpot = Object.values(s.prices).some((byRegion) => Object.values(byRegion).some((e) => e.spot !== null));
      assert.equal(s.spotAsOf !== null, hasSpot, cloud);
      for (const date of [s.asOf, ...(s.spotAsOf === null ? [] : [s.spotAsOf])]) {
        assert.match(date, /^\d{4}-\d{2}-\d{2}$/, cloud);
        const at = Date.parse(`${date}T00:00:00Z`);
        assert.ok(at <= now, `${cloud}: ${date} is in the future`);
      }
    }
    assert.deepEqual(
      CLOUDS.map((c) => [PRICE_SNAPSHOTS[c].asOf, PRICE_SNAPSHOTS[c].spotAsOf]),
      [["2026-07-20", null], ["2026-08-03", "2026-08-03"], ["2026-06-18", null]],
    );
  });

  it("holds only catalogue types and known regions, each entry with a positive price and spot below on-demand", () => {
    for (const cloud of CLOUDS) {
      const known = new Set(catalogueRows(cloud).map((r) => r.name));
      assert.equal(PRICE_SNAPSHOTS[cloud].cloud, cloud);
      for (const [type, byRegion] of Object.entries(PRICE_SNAPSHOTS[cloud].prices)) {
        assert.ok(known.has(type), `${cloud}/${type} is not in the catalogue`);
        for (const [region, e] of Object.entries(byRegion)) {
          const at = `${cloud}/${type}/${region}`;
          assert.ok(isRegion(cloud, region), at);
          assert.ok(e.onDemand !== null || e.spot !== null, at);
          for (const p of [e.onDemand, e.spot]) assert.ok(p === null || (Number.isFinite(p) && p > 0), at);
          if (e.onDemand !== null && e.spot !== null) assert.ok(e.spot < e.onDemand, `${at}: spot ${e.spot} >= on-demand ${e.onDemand}`);
        }
      }
    }
  });

  it("covers the sources' regions: AWS in us-east-1 only, GCP and Azure across their regions", () => {
    assert.deepEqual(pricedRegions("aws", "m7i.large"), ["us-east-1"]);
    assert.deepEqual(pricedRegions("aws", "p5.48xlarge"), ["us-east-1"]);
    assert.equal(pricedRegions("gcp", "n2-standard-8").length, 40);
    assert.equal(pricedRegions("azure", "Standard_D4s_v5").length, 55);
    assert.deepEqual(pricedRegions("azure", "Standard_NC8ads_A10_v4"), ["southcentralus", "westeurope", "westus3"]);
    // N1 + GPU: the GPU table has us-central1 prices only, so the shape is priced nowhere else.
    assert.deepEqual(pricedRegions("gcp", "n1-standard-8+1xt4"), ["us-central1"]);
    assert.deepEqual(pricedRegions("aws", "no-such-type"), []);
  });

  it("answers a price with its dates and source", () => {
    assert.deepEqual(regionalPrice("gcp", "n2-standard-8", "europe-west4"), {
      onDemand: 0.427664,
      spot: 0.155472,
      asOf: "2026-08-03",
      spotAsOf: "2026-08-03",
      source: PRICE_SNAPSHOTS.gcp.source,
    });
    assert.deepEqual(regionalPrice("azure", "Standard_NC8ads_A10_v4", "westus3"), {
      onDemand: 1.1,
      spot: null,
      asOf: "2026-06-18",
      spotAsOf: null,
      source: PRICE_SNAPSHOTS.azure.source,
    });
    assert.match(PRICE_SNAPSHOTS.aws.source, /^aws\/karpenter-provider-aws pkg\/providers\/pricing\/zz_generated\.pricing_aws\.go @[0-9a-f]{8} /);
  });

  it("answers undefined where the snapshot has no price, never another region's", () => {
    assert.equal(regionalPrice("aws", "m7i.large", "eu-west-1"), undefined);
    assert.equal(regionalPrice("gcp", "n1-standard-8+1xt4", "europe-west4"), undefined);
    assert.equal(regionalPrice("azure", "Standard_NC8ads_A10_v4", "eastus"), undefined);
    assert.equal(regionalPrice("gcp", "a3-ultragpu-8g", "us-central1"), undefined);
    assert.equal(regionalPrice("aws", "no-such-type", "us-east-1"), undefined);
    assert.equal(regionalPrice("aws", "constructor", "us-east-1"), undefined);
    assert.equal(regionalPrice("aws", "m7i.large", "__proto__"), undefined);
  });

  // Published figures read with the search tool on 2026-12-02, independent of the snapshot's
  // sources:
  // - AWS us-east-1: m7i.large 0.1008 (www.doit.com/blog/aws-ec2-pricing); m6i.xlarge 0.192 and
  //   m7i.xlarge 0.2016 (c3x.dev/blog/m5-vs-m6i-vs-m7i-cost-performance); g5.xlarge 1.006
  //   (www.factualminds.com/blog/amazon-ec2-on-demand-pricing-instance-families-2026, 2026-06-17).
  // - GCP us-central1: kubernetes/autoscaler cluster-autoscaler/cloudprovider/gce/gce_price_info.go
  //   @0411d1c8 (github.com/kubernetes/autoscaler): N2 0.031611 per vCPU-hour and 0.004237 per
  //   GiB-hour, a2-highgpu-1g 3.673385, n1-standard-8 0.3800 (four decimals).
  // - Azure eastus: learningbro.com/courses/azure-vms-and-compute/lessons/azure-pricing-pay-as-you-go-reserved-spot-vms
  //   gives Linux pay-as-you-go Standard_D4s_v5 ~0.19 and Standard_E8s_v5 ~0.50 ("illustrative").
  //   No exact independent Azure figure was found; these bound the snapshot within 5 %.
  it("agrees with published prices read independently", () => {
    const od = (cloud: Cloud, type: string, region: string): number | null | undefined => regionalPrice(cloud, type, region)?.onDemand;
    assert.equal(od("aws", "m7i.large", "us-east-1"), 0.1008);
    assert.equal(od("aws", "m7i.xlarge", "us-east-1"), 0.2016);
    assert.equal(od("aws", "m6i.xlarge", "us-east-1"), 0.192);
    assert.equal(od("aws", "g5.xlarge", "us-east-1"), 1.006);

    assert.equal(od("gcp", "n2-standard-8", "us-central1"), Math.round((8 * 0.031611 + 32 * 0.004237) * 1e6) / 1e6);
    assert.equal(od("gcp", "n2-highmem-16", "us-central1"), Math.round((16 * 0.031611 + 128 * 0.004237) * 1e6) / 1e6);
    assert.equal(od("gcp", "a2-highgpu-1g", "us-central1"), 3.673385);
    assert.ok(Math.abs(od("gcp", "n1-standard-8+1xt4", "us-central1")! - (0.38 + 0.35)) < 0.0001);

    for (const [type, published] of [["Standard_D4s_v5", 0.19], ["Standard_E8s_v5", 0.5]] as const) {
      const price = od("azure", type, "eastus")!;
      assert.ok(Math.abs(price - published) / published < 0.05, `${type}: ${price} vs ~${published}`);
    }
  });
});
