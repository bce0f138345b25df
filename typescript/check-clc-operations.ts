// What a TypeScript caller of specs/clc-operations.yaml writes, type-checked against the types
// openapi-typescript generates from the bundled spec (make ts-check).
import type { components, paths } from "./clc-operations";

type Known = components["schemas"]["KnownOperationStatus"];
type Body =
  paths["/v2/operations/{acctAlias}/status/{statusId}"]["get"]["responses"][200]["content"]["application/json"];
type Outcome = "succeeded" | "failed" | "canceled" | "pending";

// The spec's x-opstatus classification; tsc checks every known status is named exactly once.
const classification: Record<Known, Outcome> = {
  notStarted: "pending",
  executing: "pending",
  resumed: "pending",
  unknown: "pending",
  succeeded: "succeeded",
  failed: "failed",
};

export function classify(body: Body): Outcome {
  const known: Partial<Record<string, Outcome>> = classification;
  return known[body.status] ?? "pending";
}

// The seed page's example response, verbatim.
export const pageExample: Body = { status: "succeeded" };
export const later: Body = { status: "someStatusAddedLater" };
export const outcome: Outcome = classify(pageExample);

// @ts-expect-error status is required
export const noStatus: Body = {};
