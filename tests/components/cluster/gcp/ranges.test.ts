import assert from "node:assert/strict";
import fc from "fast-check";
import { carveRanges, contains, defaultMasterCidr, nodeCapacity, overlaps, parseIpv4Cidr } from "../../../../components/cluster/gcp/ranges";

describe("GKE address ranges", () => {
  it("carves the default 10.0.0.0/16 into pods, nodes, services and the control plane", () => {
    assert.deepEqual(carveRanges("10.0.0.0/16"), {
      pods: "10.0.0.0/17",
      nodes: "10.0.128.0/19",
      services: "10.0.160.0/20",
      master: "10.0.255.240/28",
      maxNodes: 128,
    });
  });

  it("gives a /18 room for 32 nodes and a /8 for 32768", () => {
    assert.equal(nodeCapacity(18), 32);
    assert.equal(nodeCapacity(8), 32768);
  });

  it("keeps every range inside the network and apart from the others, for any /8 to /18", () => {
    const cidr = fc
      .tuple(fc.constantFrom("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"), fc.integer({ min: 0, max: 2 ** 24 - 1 }), fc.integer({ min: 8, max: 18 }))
      .map(([space, offset, prefix]) => {
        const s = parseIpv4Cidr(space)!;
        const p = Math.max(prefix, s.prefix);
        const base = (s.base + (offset % 2 ** (32 - s.prefix))) >>> 0;
        const masked = (base & ((0xffffffff << (32 - p)) >>> 0)) >>> 0;
        return `${[24, 16, 8, 0].map((b) => Math.floor(masked / 2 ** b) % 256).join(".")}/${p}`;
      });
    fc.assert(
      fc.property(cidr, (text) => {
        const net = parseIpv4Cidr(text)!;
        const r = carveRanges(text);
        const parts = [r.pods, r.nodes, r.services, r.master].map((x) => parseIpv4Cidr(x)!);
        parts.forEach((p) => assert.ok(contains(net, p), `${text}: ${JSON.stringify(p)} outside`));
        for (let i = 0; i < parts.length; i++) for (let j = i + 1; j < parts.length; j++) assert.ok(!overlaps(parts[i], parts[j]), `${text}: ranges ${i} and ${j} overlap`);
        assert.equal(r.master, defaultMasterCidr(text));
        assert.equal(r.maxNodes, 2 ** (24 - parts[0].prefix));
      }),
      { numRuns: 200 },
    );
  });

  it("throws for a network the carving does not support (validation runs first)", () => {
    assert.throws(() => carveRanges("10.0.0.0/20"), /carveRanges needs an IPv4 CIDR from \/8 to \/18, got "10\.0\.0\.0\/20"/);
  });
});
