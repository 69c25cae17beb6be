import assert from "node:assert/strict";
import fc from "fast-check";
import { cpuText, memoryText, parseCpu, parseMemory, parseQuantity } from "../../../components/spec/quantity";

function cpu(input: unknown): { text: string; millis: number } {
  const r = parseCpu(input);
  assert.ok(r.ok, r.ok ? "" : r.message);
  return r.value;
}

function memory(input: unknown): { text: string; bytes: number } {
  const r = parseMemory(input);
  assert.ok(r.ok, r.ok ? "" : r.message);
  return r.value;
}

function cpuError(input: unknown): string {
  const r = parseCpu(input);
  assert.ok(!r.ok, `expected ${String(input)} to be rejected`);
  return r.message;
}

function memoryError(input: unknown): string {
  const r = parseMemory(input);
  assert.ok(!r.ok, `expected ${String(input)} to be rejected`);
  return r.message;
}

describe("CPU quantities", () => {
  const cases: [unknown, string, number][] = [
    [4, "4", 4000],
    ["4", "4", 4000],
    [0.5, "500m", 500],
    ["0.1", "100m", 100],
    ["500m", "500m", 500],
    ["1000m", "1", 1000],
    ["1500m", "1500m", 1500],
    ["2.5", "2500m", 2500],
    [".5", "500m", 500],
    ["1.", "1", 1000],
    ["+2", "2", 2000],
    ["2e-3", "2m", 2],
    ["2e0", "2", 2000],
    ["1k", "1000", 1_000_000],
    ["0", "0", 0],
    ["1000000u", "1", 1000],
    ["1000000000n", "1", 1000],
  ];
  for (const [input, text, millis] of cases) {
    it(`reads ${JSON.stringify(input)} as ${millis} millicores, written "${text}"`, () => {
      assert.deepEqual(cpu(input), { text, millis });
    });
  }

  it("keeps decimal fractions exact where binary floating point would not", () => {
    assert.equal(cpu(0.7).millis, 700);
    assert.equal(cpu("0.3").millis, 300);
    assert.equal(cpu("2.675").millis, 2675);
  });

  it("rejects finer than one millicore and names the rounded-up value", () => {
    assert.equal(
      cpuError("0.0001"),
      'is finer than 1m (a thousandth of a core), the smallest CPU step Kubernetes accepts, got "0.0001"; use "1m"',
    );
    assert.equal(cpuError("1500u"), 'is finer than 1m (a thousandth of a core), the smallest CPU step Kubernetes accepts, got "1500u"; use "2m"');
  });

  it("rejects negative values", () => {
    assert.equal(cpuError("-1"), 'must not be negative, got "-1"');
    assert.equal(cpuError(-0.5), "must not be negative, got -0.5");
  });

  it("rejects text that is not a quantity, with the forms it takes", () => {
    const help = 'must be a CPU quantity, a number of cores like 4 or 0.5, or millicores like "500m"';
    assert.equal(cpuError("4 cores"), `${help}, got "4 cores"`);
    assert.equal(cpuError(""), `${help}, got ""`);
    assert.equal(cpuError("1e"), `${help}, got "1e"`);
    assert.equal(cpuError("m"), `${help}, got "m"`);
    assert.equal(cpuError("1e3m"), `${help}, got "1e3m"`);
    assert.equal(cpuError(Number.POSITIVE_INFINITY), `${help}, got Infinity`);
    assert.equal(cpuError(true), `${help}, got true`);
    assert.equal(cpuError([4]), `${help}, got a list`);
  });

  it("rejects values too large to count in millicores exactly", () => {
    assert.equal(cpuError("1E"), 'is too large to be a CPU request, got "1E"');
  });

  it("writes whole cores bare and the rest in millicores", () => {
    assert.equal(cpuText(0), "0");
    assert.equal(cpuText(3000), "3");
    assert.equal(cpuText(3500), "3500m");
    assert.equal(cpuText(1), "1m");
  });
});

describe("memory quantities", () => {
  const cases: [unknown, string, number][] = [
    ["16Gi", "16Gi", 16 * 1024 ** 3],
    ["1.5Gi", "1536Mi", 1.5 * 1024 ** 3],
    ["512Mi", "512Mi", 512 * 1024 ** 2],
    ["1024Mi", "1Gi", 1024 ** 3],
    ["1000Ki", "1000Ki", 1_024_000],
    ["0.5Ki", "512", 512],
    ["1Ti", "1Ti", 1024 ** 4],
    ["1G", "1G", 1e9],
    ["1e9", "1G", 1e9],
    ["1500M", "1500M", 1.5e9],
    ["1.5G", "1500M", 1.5e9],
    [1073741824, "1073741824", 1073741824],
    [64000000, "64M", 64_000_000],
    ["12k", "12k", 12_000],
    ["0", "0", 0],
  ];
  for (const [input, text, bytes] of cases) {
    it(`reads ${JSON.stringify(input)} as ${bytes} bytes, written "${text}"`, () => {
      assert.deepEqual(memory(input), { text, bytes });
    });
  }

  it("rejects milli-bytes and points to mebibytes", () => {
    assert.equal(memoryError("500m"), 'uses "m" (thousandths of a byte), got "500m"; write "500Mi" for mebibytes');
  });

  it("rejects fractions of a byte", () => {
    assert.equal(memoryError("0.5"), 'is not a whole number of bytes, got "0.5"; use a smaller unit, e.g. "Mi" instead of "Gi"');
  });

  it("rejects the usual unit slips with the spelling Kubernetes reads", () => {
    const help = 'must be a memory quantity, a size like "16Gi" (GiB), "512Mi" (MiB) or a number of bytes';
    assert.equal(memoryError("16GB"), `${help}, got "16GB"; did you mean "16Gi"?`);
    assert.equal(memoryError("16 GiB"), `${help}, got "16 GiB"; did you mean "16Gi"?`);
    assert.equal(memoryError("16gi"), `${help}, got "16gi"; did you mean "16Gi"?`);
    assert.equal(memoryError("512mb"), `${help}, got "512mb"; did you mean "512Mi"?`);
    assert.equal(memoryError("lots"), `${help}, got "lots"`);
  });

  it("rejects negative sizes and sizes above 8 PiB", () => {
    assert.equal(memoryError("-1Gi"), 'must not be negative, got "-1Gi"');
    assert.equal(memoryError("9Pi"), 'is too large (above 8 PiB), got "9Pi"');
  });

  it("writes binary and decimal sizes with the largest exact suffix of their own kind", () => {
    assert.equal(memoryText(0), "0");
    assert.equal(memoryText(1024 ** 5), "1Pi");
    assert.equal(memoryText(1000, "binary"), "1000");
    assert.equal(memoryText(1000, "decimal"), "1k");
    assert.equal(memoryText(1024, "decimal"), "1024");
  });
});

describe("the quantity grammar", () => {
  it("tells binary notation from decimal", () => {
    const gi = parseQuantity("1Gi");
    const g = parseQuantity("1G");
    assert.ok(gi.ok && g.ok);
    assert.equal(gi.value.format, "binary");
    assert.equal(g.value.format, "decimal");
  });

  it("reads E as exa alone and as an exponent before digits", () => {
    const exa = parseQuantity("2E");
    const exp = parseQuantity("2E3");
    assert.ok(exa.ok && exp.ok);
    assert.equal(exa.value.numerator / exa.value.denominator, 2n * 10n ** 18n);
    assert.equal(exp.value.numerator / exp.value.denominator, 2000n);
  });

  it("rejects exponents beyond ±30", () => {
    assert.deepEqual(parseQuantity("1e31"), { ok: false, message: "has an exponent beyond ±30" });
  });

  it("round-trips every CPU text it writes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (millis) => {
        const r = parseCpu(cpuText(millis));
        return r.ok && r.value.millis === millis && r.value.text === cpuText(millis);
      }),
    );
  });

  it("round-trips every memory text it writes, in both notations", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 50 }), fc.constantFrom("binary" as const, "decimal" as const), (bytes, format) => {
        const r = parseMemory(memoryText(bytes, format));
        return r.ok && r.value.bytes === bytes;
      }),
    );
  });

  it("agrees with plain arithmetic on Mi and Gi for whole numbers", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (n) => {
        const mi = parseMemory(`${n}Mi`);
        const gi = parseMemory(`${n}Gi`);
        return mi.ok && gi.ok && mi.value.bytes === n * 1024 ** 2 && gi.value.bytes === n * 1024 ** 3;
      }),
    );
  });
});
