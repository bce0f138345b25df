// What a TypeScript caller of specs/snaplogic-apim.yaml writes, type-checked against the types
// openapi-typescript generates from the bundled spec (make ts-check).
import type { components, paths } from "./snaplogic-apim";

type Schemas = components["schemas"];
type Known = Schemas["KnownMigrationStatus"];
type Body = paths["/migration_status/{org_name}"]["get"]["responses"][200]["content"]["application/json"];
type Outcome = "succeeded" | "failed" | "canceled" | "pending";

// The spec's x-opstatus classification; tsc checks every known status is named exactly once.
const classification: Record<Known, Outcome> = {
  Started: "pending",
  Migrating: "pending",
  Completed: "succeeded",
  Failed: "failed",
};
// x-opstatus `notFound`: the by-token marker of an unknown token (not a migration state).
const notFoundMarker = "Not Found";

// One request answers for many status tokens: x-opstatus `entries: /response_map`.
export function classifyAll(body: Body): Map<string, Outcome> {
  const known: Partial<Record<string, Outcome>> = classification;
  const result = new Map<string, Outcome>();
  for (const [token, entry] of Object.entries(body.response_map)) {
    result.set(token, entry.status === notFoundMarker ? "failed" : (known[entry.status] ?? "pending"));
  }
  return result;
}

// The seed page's example response, verbatim.
export const pageExample: Body = {
  response_map: {
    "17ed9720-05b2-4e22-9955-04c4534451ae": {
      status: "Completed",
      asset_snid: "...",
      asset_type: "API_SERVICE_VERSION",
      target_path: "target-env/my-proj-space/my-proj",
      service_name: "BookStoreService",
      service_slug: "bookstore-service",
      user_id: "[email\u00a0protected]",
      create_time: "2026-04-28T10:30:00.000000",
      completed_time: "2026-04-28T10:30:45.000000",
      status_token: "17ed9720-05b2-4e22-9955-04c4534451ae",
    },
  },
  http_status_code: 200,
};

export const outcomes = classifyAll(pageExample);
export const notFound: Schemas["MigrationStatusEntry"] = { status: "Not Found" };

// @ts-expect-error http_status_code is required
export const noCode: Body = { response_map: {} };
