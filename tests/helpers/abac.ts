/**
 * A small evaluator of Azure role assignment conditions (ABAC, condition version 2.0), enough to
 * show what a generated blob condition allows: ActionMatches, SubOperationMatches, NOT/!, AND, OR,
 * parentheses, and string comparisons of @Resource/@Request attributes.
 *
 * Semantics from learn.microsoft.com/azure/role-based-access-control/conditions-format (read
 * 2026-12): a condition is a boolean expression over the request; "if you have three or more
 * expressions ... you must add parentheses", so a chain that mixes AND and OR without them is
 * refused here rather than given a precedence Azure does not promise. An attribute the operation
 * does not carry (Blob path on a listing, a listing without a prefix) makes its comparison false.
 */

export interface AbacRequest {
  readonly action: string;
  readonly subOperation?: string;
  /** `@Resource[...]` attributes by their full name, e.g. `Microsoft.Storage/.../blobs:path`. */
  readonly resource?: Readonly<Record<string, string>>;
  readonly request?: Readonly<Record<string, string>>;
}

type Node =
  | { readonly kind: "chain"; readonly op: "AND" | "OR"; readonly items: readonly Node[] }
  | { readonly kind: "not"; readonly item: Node }
  | { readonly kind: "action"; readonly pattern: string }
  | { readonly kind: "subOperation"; readonly name: string }
  | { readonly kind: "compare"; readonly source: "Resource" | "Request"; readonly attribute: string; readonly operator: string; readonly value: string };

const OPERATORS: Readonly<Record<string, (actual: string, value: string) => boolean>> = {
  StringEquals: (a, v) => a === v,
  StringEqualsIgnoreCase: (a, v) => a.toLowerCase() === v.toLowerCase(),
  StringStartsWith: (a, v) => a.startsWith(v),
  StringStartsWithIgnoreCase: (a, v) => a.toLowerCase().startsWith(v.toLowerCase()),
  StringLike: (a, v) => globToRegExp(v).test(a),
};

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`);
}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(): Node {
    const node = this.chain();
    this.skip();
    if (this.pos !== this.text.length) throw new Error(`unexpected ${JSON.stringify(this.text.slice(this.pos, this.pos + 20))} at ${this.pos}`);
    return node;
  }

  private skip(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private peekWord(word: string): boolean {
    this.skip();
    const next = this.text[this.pos + word.length];
    return this.text.startsWith(word, this.pos) && (next === undefined || !/[A-Za-z]/.test(next));
  }

  private expect(s: string): void {
    this.skip();
    if (!this.text.startsWith(s, this.pos)) throw new Error(`expected ${JSON.stringify(s)} at ${this.pos}, got ${JSON.stringify(this.text.slice(this.pos, this.pos + 20))}`);
    this.pos += s.length;
  }

  private chain(): Node {
    const items = [this.unary()];
    let op: "AND" | "OR" | undefined;
    for (;;) {
      const next = this.peekWord("AND") ? "AND" : this.peekWord("OR") ? "OR" : this.text.startsWith("&&", this.pos) ? "AND" : this.text.startsWith("||", this.pos) ? "OR" : undefined;
      if (next === undefined) break;
      if (op !== undefined && op !== next) throw new Error(`AND and OR mixed without parentheses at ${this.pos}`);
      op = next;
      this.pos += this.text.startsWith("&&", this.pos) || this.text.startsWith("||", this.pos) ? 2 : next.length;
      items.push(this.unary());
    }
    return items.length === 1 ? items[0]! : { kind: "chain", op: op!, items };
  }

  private unary(): Node {
    this.skip();
    if (this.text[this.pos] === "!") {
      this.pos++;
      return { kind: "not", item: this.unary() };
    }
    if (this.peekWord("NOT")) {
      this.pos += 3;
      return { kind: "not", item: this.unary() };
    }
    return this.primary();
  }

  private primary(): Node {
    this.skip();
    if (this.text[this.pos] === "(") {
      this.pos++;
      const inner = this.chain();
      this.expect(")");
      return inner;
    }
    if (this.peekWord("ActionMatches")) {
      this.pos += "ActionMatches".length;
      return { kind: "action", pattern: this.braced() };
    }
    if (this.peekWord("SubOperationMatches")) {
      this.pos += "SubOperationMatches".length;
      return { kind: "subOperation", name: this.braced() };
    }
    const attr = /^@(Resource|Request)\[([^\]]+)\]/.exec(this.text.slice(this.pos));
    if (attr === null) throw new Error(`expected an expression at ${this.pos}: ${JSON.stringify(this.text.slice(this.pos, this.pos + 30))}`);
    this.pos += attr[0].length;
    this.skip();
    const operator = /^[A-Za-z]+/.exec(this.text.slice(this.pos))?.[0] ?? "";
    if (OPERATORS[operator] === undefined) throw new Error(`unsupported operator ${JSON.stringify(operator)} at ${this.pos}`);
    this.pos += operator.length;
    return { kind: "compare", source: attr[1] as "Resource" | "Request", attribute: attr[2]!, operator, value: this.quoted() };
  }

  private braced(): string {
    this.expect("{");
    const value = this.quoted();
    this.expect("}");
    return value;
  }

  private quoted(): string {
    this.expect("'");
    const end = this.text.indexOf("'", this.pos);
    if (end < 0) throw new Error(`unterminated string at ${this.pos}`);
    const value = this.text.slice(this.pos, end);
    this.pos = end + 1;
    return value;
  }
}

/** Parses a condition; throws on anything outside the supported grammar. */
export function parseCondition(text: string): Node {
  return new Parser(text).parse();
}

function evaluate(node: Node, req: AbacRequest): boolean {
  switch (node.kind) {
    case "chain":
      return node.op === "AND" ? node.items.every((n) => evaluate(n, req)) : node.items.some((n) => evaluate(n, req));
    case "not":
      return !evaluate(node.item, req);
    case "action":
      return globToRegExp(node.pattern).test(req.action);
    case "subOperation":
      return req.subOperation === node.name;
    case "compare": {
      const actual = (node.source === "Resource" ? req.resource : req.request)?.[node.attribute];
      return actual !== undefined && OPERATORS[node.operator]!(actual, node.value);
    }
  }
}

/** Whether the condition lets the request through (the role must grant the action as well). */
export function conditionAllows(condition: string, req: AbacRequest): boolean {
  return evaluate(parseCondition(condition), req);
}
