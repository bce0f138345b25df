"""The start calls a start-then-wait workflow may run, per provider: the SDK client's method that
starts an operation and returns its id or reference.

Only these methods can be named by a workflow input (an input is data, never code to call).
# TODO(issue 13): when core's ``Plugin`` declares its start calls, read them from there.
"""

from __future__ import annotations

__all__ = ["START_CALLS"]

#: provider slug -> {method name: what it takes}; each returns an id (str) or a reference (dict)
START_CALLS: dict[str, dict[str, str]] = {
    # POST /batches: ``request`` is a BatchSubmissionRequest as a mapping; returns the batch id
    "doc-translation": {"start_translation": "request: the batch submission (JSON mapping)"},
    # runReplication (204, no id): returns the new run's {company_id, id}
    "bc-cloudmigration": {
        "run_replication": "ref (optional): the record to bind to; company_id (optional)",
        "run_data_upgrade": "ref: the run in UpgradePending",
    },
}
