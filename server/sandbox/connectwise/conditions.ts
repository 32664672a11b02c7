/**
 * The ConnectWise `conditions` / `childConditions` grammar, as the sandbox understands it:
 *   expr       := or
 *   or         := and ("or" and)*
 *   and        := unary ("and" unary)*
 *   unary      := "not" unary | "(" expr ")" | comparison
 *   comparison := path op value | path ["not"] (contains | like | in) value
 *   op         := = | != | < | <= | > | >=
 *   value      := "string" | number | [2024-01-31T17:00:00Z] | true | false | null | "(" value ("," value)* ")"
 * Paths use "/" for nesting (company/id, board/name, _info/lastUpdated). Keywords are case-insensitive.
 * String comparisons are case-insensitive (SQL Server's default collation); `like` accepts % and * wildcards.
 */
export type Literal = string | number | boolean | null | { date: number };

export type Condition =
  | { kind: "and" | "or"; left: Condition; right: Condition }
  | { kind: "not"; inner: Condition }
  | { kind: "cmp"; path: string[]; op: "=" | "!=" | "<" | "<=" | ">" | ">="; value: Literal }
  | { kind: "contains" | "like"; path: string[]; negate: boolean; value: Literal }
  | { kind: "in"; path: string[]; negate: boolean; values: Literal[] };

export class ConditionSyntaxError extends Error {}

type Token =
  | { t: "str"; v: string }
  | { t: "num"; v: number }
  | { t: "date"; v: number; raw: string }
  | { t: "word"; v: string }
  | { t: "op"; v: string }
  | { t: "punct"; v: "(" | ")" | "," };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === "'") {
      let out = "";
      i++;
      while (i < input.length && input[i] !== c) {
        if (input[i] === "\\" && i + 1 < input.length) i++;
        out += input[i];
        i++;
      }
      if (i >= input.length) throw new ConditionSyntaxError("Unterminated string literal");
      i++;
      tokens.push({ t: "str", v: out });
    } else if (c === "[") {
      const end = input.indexOf("]", i);
      if (end < 0) throw new ConditionSyntaxError("Unterminated date literal");
      const raw = input.slice(i + 1, end).trim();
      const v = Date.parse(raw);
      if (Number.isNaN(v)) throw new ConditionSyntaxError(`Invalid date [${raw}]`);
      tokens.push({ t: "date", v, raw });
      i = end + 1;
    } else if (c === "(" || c === ")" || c === ",") {
      tokens.push({ t: "punct", v: c });
      i++;
    } else if ("=!<>".includes(c)) {
      const two = input.slice(i, i + 2);
      if (two === "!=" || two === "<=" || two === ">=" || two === "<>") {
        tokens.push({ t: "op", v: two === "<>" ? "!=" : two });
        i += 2;
      } else if (c === "!") {
        throw new ConditionSyntaxError("Unexpected '!'");
      } else {
        tokens.push({ t: "op", v: c });
        i++;
      }
    } else if (/[-\d]/.test(c) && /^-?\d/.test(input.slice(i, i + 2))) {
      const m = /^-?\d+(\.\d+)?/.exec(input.slice(i))!;
      tokens.push({ t: "num", v: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_/.]*/.exec(input.slice(i))!;
      tokens.push({ t: "word", v: m[0] });
      i += m[0].length;
    } else {
      throw new ConditionSyntaxError(`Unexpected character '${c}' at ${i}`);
    }
  }
  return tokens;
}

export function parseConditions(input: string): Condition {
  const tokens = tokenize(input);
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (tok: Token | undefined, w: string) => tok?.t === "word" && tok.v.toLowerCase() === w;
  const expectPunct = (p: "(" | ")") => {
    const tok = tokens[pos++];
    if (tok?.t !== "punct" || tok.v !== p) throw new ConditionSyntaxError(`Expected '${p}'`);
  };

  const literal = (): Literal => {
    const tok = tokens[pos++];
    if (!tok) throw new ConditionSyntaxError("Expected a value");
    if (tok.t === "str") return tok.v;
    if (tok.t === "num") return tok.v;
    if (tok.t === "date") return { date: tok.v };
    if (tok.t === "word") {
      const w = tok.v.toLowerCase();
      if (w === "true") return true;
      if (w === "false") return false;
      if (w === "null") return null;
    }
    throw new ConditionSyntaxError(`Expected a value, got '${"v" in tok ? String(tok.v) : ""}'`);
  };

  const comparison = (): Condition => {
    const tok = tokens[pos++];
    if (tok?.t !== "word") throw new ConditionSyntaxError("Expected a field name");
    const path = tok.v.split("/").filter(Boolean);
    let negate = false;
    if (isWord(peek(), "not")) {
      negate = true;
      pos++;
    }
    const next = tokens[pos++];
    if (!negate && next?.t === "op") return { kind: "cmp", path, op: next.v as "=", value: literal() };
    if (isWord(next, "contains") || isWord(next, "like")) {
      return { kind: (next as { v: string }).v.toLowerCase() as "like", path, negate, value: literal() };
    }
    if (isWord(next, "in")) {
      expectPunct("(");
      const values: Literal[] = [literal()];
      while (peek()?.t === "punct" && (peek() as { v: string }).v === ",") {
        pos++;
        values.push(literal());
      }
      expectPunct(")");
      return { kind: "in", path, negate, values };
    }
    throw new ConditionSyntaxError(`Expected an operator after '${tok.v}'`);
  };

  const unary = (): Condition => {
    if (isWord(peek(), "not")) {
      pos++;
      return { kind: "not", inner: unary() };
    }
    const tok = peek();
    if (tok?.t === "punct" && tok.v === "(") {
      pos++;
      const inner = or();
      expectPunct(")");
      return inner;
    }
    return comparison();
  };
  const and = (): Condition => {
    let left = unary();
    while (isWord(peek(), "and")) {
      pos++;
      left = { kind: "and", left, right: unary() };
    }
    return left;
  };
  const or = (): Condition => {
    let left = and();
    while (isWord(peek(), "or")) {
      pos++;
      left = { kind: "or", left, right: and() };
    }
    return left;
  };

  if (tokens.length === 0) throw new ConditionSyntaxError("Empty conditions");
  const result = or();
  if (pos < tokens.length) throw new ConditionSyntaxError("Unexpected text after the end of the expression");
  return result;
}

/** Every path the condition reads (to check them against the entity's fields). */
export function conditionPaths(cond: Condition): string[][] {
  switch (cond.kind) {
    case "and":
    case "or":
      return [...conditionPaths(cond.left), ...conditionPaths(cond.right)];
    case "not":
      return conditionPaths(cond.inner);
    default:
      return [cond.path];
  }
}

/** Values at a path; arrays fan out (childConditions over `types/name` see every element). */
export function valuesAt(record: unknown, path: string[]): unknown[] {
  let current: unknown[] = [record];
  for (const segment of path) {
    const next: unknown[] = [];
    for (const value of current) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item && typeof item === "object") {
          const obj = item as Record<string, unknown>;
          if (segment in obj) {
            next.push(obj[segment]);
            continue;
          }
          const key = Object.keys(obj).find((k) => k.toLowerCase() === segment.toLowerCase());
          next.push(key === undefined ? undefined : obj[key]);
        } else {
          next.push(undefined);
        }
      }
    }
    current = next;
  }
  return current.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

function comparable(value: unknown, literal: Literal): [number | string, number | string] | null {
  if (value === null || value === undefined || literal === null) return null;
  if (typeof literal === "object") {
    const at = typeof value === "string" ? Date.parse(value) : NaN;
    return Number.isNaN(at) ? null : [at, literal.date];
  }
  if (typeof literal === "number") {
    const n = typeof value === "number" ? value : Number(value);
    return Number.isNaN(n) ? null : [n, literal];
  }
  if (typeof literal === "boolean") return [String(value), String(literal)];
  return [String(value).toLowerCase(), literal.toLowerCase()];
}

function equals(value: unknown, literal: Literal): boolean {
  if (literal === null) return value === null || value === undefined;
  const pair = comparable(value, literal);
  return pair !== null && pair[0] === pair[1];
}

function likeToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/[%*]/g, ".*");
  return new RegExp(`^${escaped}$`, "is");
}

function matchOne(value: unknown, cond: Exclude<Condition, { kind: "and" | "or" | "not" }>): boolean {
  switch (cond.kind) {
    case "cmp": {
      if (cond.op === "=") return equals(value, cond.value);
      if (cond.op === "!=") return !equals(value, cond.value);
      const pair = comparable(value, cond.value);
      if (!pair) return false;
      const [a, b] = pair;
      return cond.op === "<" ? a < b : cond.op === "<=" ? a <= b : cond.op === ">" ? a > b : a >= b;
    }
    case "contains":
      return typeof value === "string" && typeof cond.value === "string" && value.toLowerCase().includes(cond.value.toLowerCase());
    case "like":
      return typeof value === "string" && typeof cond.value === "string" && likeToRegExp(cond.value).test(value);
    case "in":
      return cond.values.some((lit) => equals(value, lit));
  }
}

export function evaluate(cond: Condition, record: unknown): boolean {
  switch (cond.kind) {
    case "and":
      return evaluate(cond.left, record) && evaluate(cond.right, record);
    case "or":
      return evaluate(cond.left, record) || evaluate(cond.right, record);
    case "not":
      return !evaluate(cond.inner, record);
    default: {
      const values = valuesAt(record, cond.path);
      const hit = (values.length ? values : [undefined]).some((v) => matchOne(v, cond));
      return "negate" in cond && cond.negate ? !hit : hit;
    }
  }
}
