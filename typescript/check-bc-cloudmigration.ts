// What a TypeScript caller of specs/bc-cloudmigration.yaml writes, type-checked against the types
// openapi-typescript generates from the bundled spec (make ts-check).
import type { components, paths } from "./bc-cloudmigration";

type Schemas = components["schemas"];
type Known = Schemas["KnownCloudMigrationStatus"];
type Body =
  paths["/companies({company_id})/cloudMigrationStatus({cloudMigrationStatus_id})"]["get"]["responses"][200]["content"]["application/json"];
type Outcome = "succeeded" | "failed" | "canceled" | "pending";

// The spec's x-opstatus classification (both the schema 2.0 member names and the 1.0
// captions); tsc checks every known status is named exactly once.
const classification: Record<Known, Outcome> = {
  InProgress: "pending",
  "In Progress": "pending",
  UpgradeInProgress: "pending",
  "Upgrade in Progress": "pending",
  RepairDataPending: "pending",
  "Data Repair Pending": "pending",
  Completed: "succeeded",
  UpgradePending: "succeeded",
  "Upgrade Pending": "succeeded",
  Failed: "failed",
  UpgradeFailed: "failed",
  "Upgrade Failed": "failed",
};

export function classify(body: Body): Outcome {
  const known: Partial<Record<string, Outcome>> = classification;
  return known[body.status] ?? "pending";
}

// progress = done / (done + remaining), from the table counters
export function progress(body: Body): number | undefined {
  const done = (body.tablesSuccessful ?? 0) + (body.tablesFailed ?? 0);
  const all = done + (body.tablesRemaining ?? 0);
  return all === 0 ? undefined : done / all;
}

// The spec's illustrative example (the seed page has none for this entity).
export const example: Body = {
  id: "5d8a9c1e-2b3f-4a6d-9e7c-1f2a3b4c5d6e",
  runId: "2c1f4e7a-9b3d-4f6e-8a2c-5d7e9f1a3b5c",
  startTime: "2024-05-03T07:00:00Z",
  endTime: "2024-05-03T07:58:41Z",
  replicationType: "Full",
  status: "Upgrade Pending",
  source: "Dynamics 365 Business Central 14",
  details: "",
  tablesSuccessful: 1432,
  tablesFailed: 0,
  tablesRemaining: 0,
};

export const outcome: Outcome = classify(example);
export const later: Body = { id: example.id, status: "SomeStatusAddedLater" };

// @ts-expect-error tablesFailed is an integer (or null), not a string
export const badCount: Body = { ...example, tablesFailed: "5" };
