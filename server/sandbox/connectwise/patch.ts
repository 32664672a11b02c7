import { badRequest, SandboxHttpError } from "./http";

/**
 * ConnectWise PATCH: a JSON array of `{op, path, value}` operations (replace | add | remove).
 * Paths are case-sensitive, may start with "/", and may be nested ("status/id"). Setting a key inside
 * a reference object (one that has an `id`) replaces the whole reference, so `status/name` is not
 * shadowed by the old id. Read-only fields cannot be patched.
 */
export type PatchOp = { op: "replace" | "add" | "remove"; path: string; value?: unknown };

export function parsePatch(body: unknown): PatchOp[] {
  if (!Array.isArray(body)) {
    throw badRequest("The PATCH body must be a JSON array of operations like [{\"op\":\"replace\",\"path\":\"summary\",\"value\":\"...\"}]");
  }
  return body.map((raw, i) => {
    if (!raw || typeof raw !== "object") throw badRequest(`Operation ${i} is not an object`);
    const { op, path, value } = raw as Record<string, unknown>;
    if (op !== "replace" && op !== "add" && op !== "remove") {
      throw badRequest(`Operation ${i}: op must be replace, add or remove`);
    }
    if (typeof path !== "string" || path.replace(/^\//, "") === "") throw badRequest(`Operation ${i}: path is required`);
    if (op !== "remove" && value === undefined) throw badRequest(`Operation ${i}: value is required`);
    return { op, path, value };
  });
}

export function applyPatch(
  target: Record<string, unknown>,
  ops: PatchOp[],
  spec: { resource: string; fields: string[]; readOnly: string[] },
): Record<string, unknown> {
  const out = structuredClone(target);
  for (const op of ops) {
    const segments = op.path.replace(/^\//, "").split("/");
    const head = segments[0]!;
    if (!spec.fields.includes(head)) {
      throw new SandboxHttpError(400, "InvalidObject", `Cannot apply the patch: ${spec.resource} has no field '${head}' (paths are case-sensitive)`);
    }
    if (spec.readOnly.includes(head)) {
      throw new SandboxHttpError(400, "InvalidObject", `Cannot apply the patch: ${spec.resource} field '${head}' is read-only`);
    }
    const value = op.op === "remove" ? null : op.value;
    if (segments.length === 1) {
      out[head] = value;
      continue;
    }
    let parent: Record<string, unknown> = out;
    for (let i = 0; i < segments.length - 1; i++) {
      const key = segments[i]!;
      const current = parent[key];
      const isReference = !!current && typeof current === "object" && !Array.isArray(current) && "id" in current;
      if (i === segments.length - 2 && isReference) {
        parent[key] = {};
      } else if (!current || typeof current !== "object" || Array.isArray(current)) {
        parent[key] = {};
      }
      parent = parent[key] as Record<string, unknown>;
    }
    parent[segments[segments.length - 1]!] = value;
  }
  return out;
}
