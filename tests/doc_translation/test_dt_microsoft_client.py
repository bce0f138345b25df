"""Microsoft's own client (azure-ai-translation-document 2.0.0, from PyPI) runs its whole flow
against our fake over loopback: submit, poll, documents, list, formats, one document, cancel.

The best proof that the spec and the fake describe the service as its owner's client calls it:
every request it sends is validated against the spec by the fake, and must pass.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from azure.ai.translation.document import DocumentTranslationClient
from azure.core.credentials import AzureKeyCredential
from opstatus_core import PollPolicy
from opstatus_core.sdk import OperationCanceled
from opstatus_core.testing import serve
from opstatus_doc_translation import DocTranslationClient
from opstatus_doc_translation.testing import DEMO_KEY, DocTranslationFake

SOURCE = "https://example.blob.core.windows.net/source-en"
TARGET = "https://example.blob.core.windows.net/target-fr"


@pytest.fixture
def served() -> Iterator[tuple[DocTranslationFake, str]]:
    """The fake on loopback (no Retry-After, so the client's own 0.05 s interval applies)."""
    fake = DocTranslationFake(validate_responses=True, retry_after=None)
    with serve(fake) as server:
        yield fake, server.base_url.removesuffix(fake.base_path)
    fake.assert_healthy()
    fake.assert_requests_valid()


@pytest.mark.parametrize("api_version", ["2026-03-01", "2024-05-01"])
def test_microsofts_client_runs_its_whole_flow(
    served: tuple[DocTranslationFake, str], api_version: str
) -> None:
    fake, endpoint = served
    fake.documents = 60  # more than one page of document statuses
    client = DocumentTranslationClient(
        endpoint, AzureKeyCredential(DEMO_KEY), api_version=api_version, polling_interval=0.05
    )
    with client:
        poller = client.begin_translation(SOURCE, TARGET, "fr")
        documents = list(poller.result())
        assert poller.status() == "Succeeded"
        assert poller.details.documents_succeeded_count == 60
        assert len(documents) == 60
        assert {d.status for d in documents} == {"Succeeded"}
        assert {d.translated_to for d in documents} == {"fr"}
        assert client.get_translation_status(poller.id).status == "Succeeded"
        assert poller.id in {t.id for t in client.list_translation_statuses()}
        assert client.get_document_status(poller.id, documents[0].id).id == documents[0].id
        assert "Word" in {f.file_format for f in client.get_supported_document_formats()}
        assert "XLIFF" in {f.file_format for f in client.get_supported_glossary_formats()}
    sent = [r for r in fake.requests if r.route]
    assert all(f"api-version={api_version}" in r.url for r in sent)
    assert {r.route for r in sent} == {
        "startTranslation",
        "getTranslationStatus",
        "listDocumentStatuses",
        "listTranslations",
        "getDocumentStatus",
        "getSupportedFormats",
    }
    assert sum(r.route == "listDocumentStatuses" for r in sent) == 2  # it followed nextLink


def test_microsofts_client_cancels_and_stops_at_cancelling() -> None:
    """Its poller treats ``Cancelling`` as finished (the spec explains why ours waits on)."""
    fake = DocTranslationFake(
        validate_responses=True,
        retry_after=None,
        cancelling_polls=3,
        submit_schedule=[("NotStarted", 1), ("Running", 50), ("Succeeded", None)],
    )
    with (
        serve(fake) as server,
        DocumentTranslationClient(
            server.base_url.removesuffix(fake.base_path),
            AzureKeyCredential(DEMO_KEY),
            polling_interval=0.05,
        ) as client,
    ):
        poller = client.begin_translation(SOURCE, TARGET, "fr")
        client.cancel_translation(poller.id)
        poller.wait()
        # its model spells the wire's "Cancelling" as "Canceling"; finished for its poller
        assert poller.details.status == "Canceling"
        # for opstatus it is pending: our wait goes on to the batch's terminal status
        with (
            DocTranslationClient(
                base_url=server.base_url.removesuffix(fake.base_path),
                key=DEMO_KEY,
                policy=PollPolicy(initial_delay=0, interval=0.02, max_interval=0.05, timeout=30),
            ) as ours,
            pytest.raises(OperationCanceled) as info,
        ):
            ours.wait(poller.id)
        assert info.value.last_status == "Canceled"
    fake.assert_healthy()
    fake.assert_requests_valid()
