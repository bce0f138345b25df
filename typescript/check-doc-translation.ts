// What a TypeScript caller of specs/doc-translation.yaml writes, type-checked against the types
// openapi-typescript generates from the bundled spec (make ts-check).
import type { components, paths } from "./doc-translation";

type Schemas = components["schemas"];
type Known = Schemas["KnownTranslationStatus"];
type Body = paths["/batches/{id}"]["get"]["responses"][200]["content"]["application/json"];
type Outcome = "succeeded" | "failed" | "canceled" | "pending";

// The spec's x-opstatus classification. Record<Known, ...> makes tsc check it names every known
// status exactly once and nothing else.
const classification: Record<Known, Outcome> = {
  NotStarted: "pending",
  Running: "pending",
  Cancelling: "pending",
  Succeeded: "succeeded",
  Failed: "failed",
  ValidationFailed: "failed",
  Canceled: "canceled",
  Cancelled: "canceled",
};

// The status is an open enum: any string is accepted, unknown ones are still pending.
export function classify(body: Body): Outcome {
  const known: Partial<Record<string, Outcome>> = classification;
  return known[body.status] ?? "pending";
}

export function progress(body: Schemas["TranslationStatus"]): number {
  const { success, failed, cancelled, total } = body.summary;
  return total === 0 ? 1 : (success + failed + cancelled) / total;
}

// The seed page's example response, verbatim.
export const pageExample: Body = {
  id: "727bf148-f327-47a0-9481-abae6362f11e",
  createdDateTimeUtc: "2020-03-26T00:00:00Z",
  lastActionDateTimeUtc: "2020-03-26T01:00:00Z",
  status: "Succeeded",
  summary: {
    total: 10,
    failed: 1,
    success: 9,
    inProgress: 0,
    notYetStarted: 0,
    cancelled: 0,
    totalCharacterCharged: 0,
  },
};

export const later: Body = { ...pageExample, status: "SomeStatusAddedLater" };
export const outcome: Outcome = classify(pageExample);

// The check bites: a body without its id does not type-check.
// @ts-expect-error id is required
export const noId: Body = { ...pageExample, id: undefined };
