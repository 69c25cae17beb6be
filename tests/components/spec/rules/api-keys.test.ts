/** The value of the API-key config secret `gateway.auth.apiKeys` names, checked before any resource. */
import assert from "node:assert/strict";
import { checkApiKeyValues } from "../../../../components/spec/rules/api-keys";
import type { SpecProblem } from "../../../../components/spec/types";

describe("checkApiKeyValues", () => {
  const problem = (message: string): SpecProblem => ({ path: "gateway.auth.apiKeys", message: `names the secret "gatewayApiKeys", ${message}` });
  const HOW = "set one key per client with `pulumi config set --secret --path 'gatewayApiKeys.<client>' <key>`";

  it("takes a mapping of client names to keys, sorted by client", () => {
    assert.deepEqual(checkApiKeyValues({ "team-b": "kb-2f9c", "team-a.bot_1": "ka-81d0" }, "gatewayApiKeys"), {
      keys: { "team-a.bot_1": "ka-81d0", "team-b": "kb-2f9c" },
      problems: [],
    });
  });

  it("takes the mapping as the JSON text Pulumi hands a program", () => {
    assert.deepEqual(checkApiKeyValues('{"alice":"k-1","bob":"k-2"}', "gatewayApiKeys"), { keys: { alice: "k-1", bob: "k-2" }, problems: [] });
  });

  const BAD: readonly { readonly title: string; readonly value: unknown; readonly problems: readonly SpecProblem[] }[] = [
    { title: "rejects a config key with no value", value: undefined, problems: [problem(`which has no value; ${HOW}`)] },
    { title: "rejects an empty text value", value: "", problems: [problem(`which has no value; ${HOW}`)] },
    { title: "rejects a value that is one key as text, not a mapping", value: "s3cr3t-key", problems: [problem(`whose value is text, not a mapping of client names to keys; remove it and ${HOW}`)] },
    { title: "rejects a list of keys", value: '["k-1","k-2"]', problems: [problem(`whose value is a list, not a mapping of client names to keys; remove it and ${HOW}`)] },
    { title: "rejects JSON that is a number", value: "42", problems: [problem(`whose value is a number, not a mapping of client names to keys; remove it and ${HOW}`)] },
    { title: "rejects a mapping with no client", value: {}, problems: [problem(`which names no client; ${HOW}`)] },
    {
      title: "rejects client names that cannot be Secret data keys",
      value: { "team a": "k-1", "..hidden": "k-2", ".": "k-3" },
      problems: [
        problem('whose client "." is not a valid client name (letters, digits, "-", "_" and ".", at most 253 characters, not "." or starting with ".."): rename it'),
        problem('whose client "..hidden" is not a valid client name (letters, digits, "-", "_" and ".", at most 253 characters, not "." or starting with ".."): rename it'),
        problem('whose client "team a" is not a valid client name (letters, digits, "-", "_" and ".", at most 253 characters, not "." or starting with ".."): rename it'),
      ],
    },
    {
      title: "rejects empty keys and keys that are not text, never showing a key",
      value: { alice: "  ", bob: 12345, carol: null, dave: { nested: "k" } },
      problems: [
        problem('whose client "alice" has an empty key; set a key, or remove the client'),
        problem('whose client "bob" has a number instead of a key as text (`pulumi config set --path` reads digits as a number: add `--type string`); set it again'),
        problem('whose client "carol" has no key instead of a key as text; set it again'),
        problem('whose client "dave" has a mapping instead of a key as text; set it again'),
      ],
    },
    {
      title: "rejects two clients with the same key, which Envoy Gateway refuses",
      value: { alice: "k-1", bob: "k-2", carol: "k-1" },
      problems: [
        problem('whose clients "alice" and "carol" have the same key: Envoy Gateway refuses the whole key list then, and every request with it; give each client its own key'),
      ],
    },
  ];
  for (const c of BAD) {
    it(c.title, () => {
      const result = checkApiKeyValues(c.value, "gatewayApiKeys");
      assert.deepEqual(result, { problems: c.problems });
      for (const p of result.problems) assert.ok(!/k-1|k-2|s3cr3t|12345/.test(p.message), `a key leaked into: ${p.message}`);
    });
  }
});
