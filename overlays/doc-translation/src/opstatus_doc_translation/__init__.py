"""Document Translation API (Azure AI Translator batches): submit, watch, wait on and cancel.

```python
from opstatus_doc_translation import DocTranslationClient

with DocTranslationClient() as client:  # OPSTATUS_TRANSLATOR_ENDPOINT, OPSTATUS_TRANSLATOR_KEY
    outcome = client.wait(batch_id, timeout=600, on_progress=print)
```
"""

from opstatus_core import Credential, Plugin
from opstatus_core import sdk as _core_sdk
from opstatus_core.sdk import *  # noqa: F403 - the same errors and outcome types in every SDK
from opstatus_doc_translation_client.models import (
    BatchRequest,
    BatchSubmissionRequest,
    DocumentFilter,
    Glossary,
    KnownTranslationStatus,
    SourceInput,
    StatusSummary,
    TargetInput,
    TranslationError,
    TranslationStatus,
)

from ._client import (
    ENDPOINT_ENV,
    KEY_ENV,
    PROVIDER,
    AsyncDocTranslationClient,
    DocTranslationClient,
    InvalidBatchRequest,
    api_base_url,
    operation_id_from_location,
    parse_operation_id,
)

PLUGIN = Plugin(
    provider=PROVIDER,
    client=DocTranslationClient,
    async_client=AsyncDocTranslationClient,
    summary="Azure AI Translator Document Translation: batch status (GUID ids), submit, cancel.",
    credentials=(
        Credential(
            kwarg="key",
            env=KEY_ENV,
            help="The Translator resource key (sent as Ocp-Apim-Subscription-Key).",
        ),
    ),
    fake="opstatus_doc_translation.testing:DocTranslationFake",
)

__all__ = [
    "ENDPOINT_ENV",
    "KEY_ENV",
    "PLUGIN",
    "PROVIDER",
    "AsyncDocTranslationClient",
    "BatchRequest",
    "BatchSubmissionRequest",
    "DocTranslationClient",
    "DocumentFilter",
    "Glossary",
    "InvalidBatchRequest",
    "KnownTranslationStatus",
    "SourceInput",
    "StatusSummary",
    "TargetInput",
    "TranslationError",
    "TranslationStatus",
    "api_base_url",
    "operation_id_from_location",
    "parse_operation_id",
]
__all__ += _core_sdk.__all__  # the same errors and outcome types in every SDK
