import assert from "node:assert/strict";
import { parseCidr } from "../../../../components/spec/rules/network";

describe("CIDR parsing", () => {
  it("reads IPv4 and IPv6 blocks with their prefix", () => {
    assert.deepEqual(parseCidr("10.0.0.0/16"), { ok: true, value: { family: "ipv4", prefix: 16, network: "10.0.0.0" } });
    assert.deepEqual(parseCidr("203.0.113.7/32"), { ok: true, value: { family: "ipv4", prefix: 32, network: "203.0.113.7" } });
    assert.deepEqual(parseCidr("2001:db8::/32"), { ok: true, value: { family: "ipv6", prefix: 32, network: "2001:db8::" } });
    assert.deepEqual(parseCidr("0.0.0.0/0"), { ok: true, value: { family: "ipv4", prefix: 0, network: "0.0.0.0" } });
  });

  it("rejects host bits and names the network", () => {
    assert.deepEqual(parseCidr("10.1.2.3/16"), { ok: false, message: 'has host bits set, got "10.1.2.3/16"; the network is "10.1.0.0/16"' });
  });

  it("rejects shorthand and out-of-range forms", () => {
    const shape = (s: string) => ({ ok: false, message: `must be a CIDR block like "10.0.0.0/16" or "2001:db8::/32", got "${s}"` });
    for (const s of ["10/8", "10.0.0.0", "10.0.0.0/33", "256.0.0.0/8", "10.0.0.0/-1", "::/129", "not a cidr", ""]) {
      assert.deepEqual(parseCidr(s), shape(s), s);
    }
  });
});
