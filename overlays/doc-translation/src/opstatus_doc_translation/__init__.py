"""Document Translation API (Azure AI Translator batches): submit, watch, wait on and cancel.

```python
from opstatus_doc_translation import DocTranslationClient

with DocTranslationClient() as client:  # OPSTATUS_TRANSLATOR_ENDPOINT, OPSTATUS_TRANSLATOR_KEY
    outcome = client.wait(batch_id, timeout=600, on_progress=print)
```
"""

from typing import Any

from opstatus_core import sdk as _core_sdk
from opstatus_core.plugin import Credential, Plugin
from opstatus_core.sdk import *  # noqa: F403 - the same errors and outcome types in every SDK
from opstatus_core.sdk import Snapshot
from opstatus_doc_translation_client.models import (
    BatchRequest,
    BatchSubmissionRequest,
    DocumentFilter,
    DocumentStatus,
    FileFormat,
    Glossary,
    KnownTranslationStatus,
    SourceInput,
    StatusSummary,
    TargetInput,
    TranslationError,
    TranslationStatus,
)

from ._client import (
    API_VERSION_ENV,
    API_VERSIONS,
    DEFAULT_API_VERSION,
    ENDPOINT_ENV,
    KEY_ENV,
    PROVIDER,
    REGION_ENV,
    AsyncDocTranslationClient,
    DocTranslationClient,
    DocTranslationReference,
    InvalidBatchRequest,
    api_base_url,
    operation_id_from_location,
    parse_api_version,
    parse_operation_id,
)


def document_counts(snapshot: Snapshot[Any]) -> str | None:
    """A batch's per-document progress as one line: ``10 documents: 6 succeeded, 1 failed,
    2 running, 1 not started`` (from the status's ``summary``; the CLI shows it by the bar)."""
    summary = getattr(snapshot.model, "summary", None)
    if not isinstance(summary, StatusSummary):
        return None
    counts = (
        (summary.success, "succeeded"),
        (summary.failed, "failed"),
        (summary.in_progress, "running"),
        (summary.not_yet_started, "not started"),
        (summary.cancelled, "canceled"),
    )
    parts = [f"{n} {label}" for n, label in counts if n]
    noun = "document" if summary.total == 1 else "documents"
    return f"{summary.total} {noun}" + (": " + ", ".join(parts) if parts else "")


PLUGIN = Plugin(
    provider=PROVIDER,
    client=DocTranslationClient,
    async_client=AsyncDocTranslationClient,
    summary="Azure AI Translator Document Translation: batch status (GUID ids), submit, cancel; "
    "v1.0-preview.1 to 2026-03-01.",
    credentials=(
        Credential(
            kwarg="key",
            env=KEY_ENV,
            help="The Translator resource key (sent as Ocp-Apim-Subscription-Key).",
        ),
        Credential(
            kwarg="api_version",
            env=API_VERSION_ENV,
            help=f"The API version: {', '.join(API_VERSIONS)} (default {DEFAULT_API_VERSION}).",
            secret=False,
        ),
        Credential(
            kwarg="region",
            env=REGION_ENV,
            help="The resource's region (sent as Ocp-Apim-Subscription-Region; regional and "
            "multi-service resources need it).",
            secret=False,
        ),
    ),
    fake="opstatus_doc_translation.testing:DocTranslationFake",
    progress_detail=document_counts,
    # POST /batches: the batch submission as a mapping; returns the batch id
    start_calls={"start_translation": "request: the batch submission (JSON mapping)"},
)

__all__ = [
    "API_VERSIONS",
    "API_VERSION_ENV",
    "DEFAULT_API_VERSION",
    "ENDPOINT_ENV",
    "KEY_ENV",
    "PLUGIN",
    "PROVIDER",
    "REGION_ENV",
    "AsyncDocTranslationClient",
    "BatchRequest",
    "BatchSubmissionRequest",
    "DocTranslationClient",
    "DocTranslationReference",
    "DocumentFilter",
    "DocumentStatus",
    "FileFormat",
    "Glossary",
    "InvalidBatchRequest",
    "KnownTranslationStatus",
    "SourceInput",
    "StatusSummary",
    "TargetInput",
    "TranslationError",
    "TranslationStatus",
    "api_base_url",
    "document_counts",
    "operation_id_from_location",
    "parse_api_version",
    "parse_operation_id",
]
__all__ += _core_sdk.__all__  # the same errors and outcome types in every SDK
