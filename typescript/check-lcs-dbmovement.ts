// What a TypeScript caller of specs/lcs-dbmovement.yaml writes, type-checked against the types
// openapi-typescript generates from the bundled spec (make ts-check).
import type { components, paths } from "./lcs-dbmovement";

type Known = components["schemas"]["KnownOperationStatus"];
type Body =
  paths["/databasemovement/v1/fetchstatus/project/{projectId}/environment/{environmentId}/operationactivity/{operationactivityId}"]["get"]["responses"][200]["content"]["application/json"];
type Outcome = "succeeded" | "failed" | "canceled" | "pending";

// The spec's x-opstatus classification; tsc checks every known status is named exactly once.
const classification: Record<Known, Outcome> = {
  NotStarted: "pending",
  InProgress: "pending",
  RollbackInProgress: "pending",
  Completed: "succeeded",
  SignedOff: "succeeded",
  Failed: "failed",
  RollbackFailed: "failed",
  RollbackCompleted: "failed",
  Aborted: "canceled",
};

// IsSuccess false means the call failed (ErrorMessage says why), whatever the status.
export function classify(body: Body): Outcome | Error {
  if (!body.IsSuccess) return new Error(body.ErrorMessage ?? "IsSuccess is false");
  const known: Partial<Record<string, Outcome>> = classification;
  return body.OperationStatus === undefined ? "pending" : (known[body.OperationStatus] ?? "pending");
}

// The seed page's example response, verbatim.
export const pageExample: Body = {
  IsSuccess: true,
  OperationActivityId: "6a90b45f-1764-4077-b924-3f4671540237",
  ErrorMessage: null,
  VersionEOL: "9999-12-31T23:59:59.9999999",
  ProjectId: 12345,
  EnvironmentId: "5362377c-bc37-4f92-b30e-fe0c1e664cc0",
  ActivityId: "55eb4327-9346-4c7b-82bd-fe8ef15112c6",
  CompletionDate: null,
  OperationStatus: "InProgress",
};

export const outcome = classify(pageExample);

// @ts-expect-error ProjectId is an integer, not a string
export const badProject: Body = { ...pageExample, ProjectId: "12345" };
