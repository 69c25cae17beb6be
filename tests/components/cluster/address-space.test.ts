import assert from "node:assert/strict";
import { PRIVATE_IPV4_RANGES, privateRangeOf, privateSpaceWith } from "../../../components/cluster/address-space";

describe("private address space", () => {
  it("lists RFC 1918's three blocks and RFC 6598's shared block", () => {
    assert.deepEqual(
      PRIVATE_IPV4_RANGES.map((r) => `${r.cidr} ${r.rfc}`),
      ["10.0.0.0/8 RFC 1918", "172.16.0.0/12 RFC 1918", "192.168.0.0/16 RFC 1918", "100.64.0.0/10 RFC 6598"],
    );
  });

  it("names the block that holds a range, the block itself included", () => {
    assert.equal(privateRangeOf("10.20.0.0/16")?.cidr, "10.0.0.0/8");
    assert.equal(privateRangeOf("10.0.0.0/8")?.cidr, "10.0.0.0/8");
    assert.equal(privateRangeOf("172.31.255.0/24")?.cidr, "172.16.0.0/12");
    assert.equal(privateRangeOf("192.168.1.7/32")?.cidr, "192.168.0.0/16");
    assert.equal(privateRangeOf("100.127.0.0/16")?.rfc, "RFC 6598");
  });

  it("finds no block for public ranges, ranges wider than a block, or text that is not an IPv4 CIDR", () => {
    for (const cidr of ["203.0.113.0/24", "172.32.0.0/11", "100.128.0.0/9", "10.0.0.0/7", "172.0.0.0/8", "2001:db8::/32", "office"]) {
      assert.equal(privateRangeOf(cidr), undefined, cidr);
    }
  });

  it("adds to the private space only the ranges it does not already hold, once each", () => {
    assert.deepEqual(privateSpaceWith(["10.0.0.0/16", "198.18.0.0/15", "198.18.0.0/15", "100.64.1.0/24"]), [
      "10.0.0.0/8",
      "172.16.0.0/12",
      "192.168.0.0/16",
      "100.64.0.0/10",
      "198.18.0.0/15",
    ]);
  });
});
