"""``opstatus doc-translation wait``: the API version flag, and per-document progress by the bar."""

from __future__ import annotations

import pytest
from opstatus_cli.main import main
from opstatus_core import Classification
from opstatus_core.sdk import Snapshot
from opstatus_core.testing import serve
from opstatus_doc_translation import TranslationStatus, document_counts
from opstatus_doc_translation.testing import DEMO_KEY, DocTranslationFake


@pytest.mark.parametrize("api_version", ["v1.0", "2024-05-01"])
def test_wait_shows_document_counts_on_the_chosen_version(
    api_version: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # wide enough that rich does not cut the bar's line
    fake = DocTranslationFake(retry_after=None, documents=5)
    with serve(fake) as server:
        ok = fake.seed_operation("succeeded", polls=2, failed_documents=1)["id"]
        code = main(
            [
                "doc-translation",
                "wait",
                ok,
                "--base-url",
                server.base_url.removesuffix(fake.base_path),
                "--key",
                DEMO_KEY,
                "--api-version",
                api_version,
                "--interval",
                "0.05",
            ]
        )
    out = capsys.readouterr()
    assert code == 0, out
    assert "5 documents: 4 succeeded, 1 failed" in out.err
    assert DEMO_KEY not in out.out + out.err
    route = "/translator/document/" if api_version[0].isdigit() else "/translator/text/batch/v1.0/"
    sent = [r for r in fake.requests if r.route == "getTranslationStatus"]
    assert sent
    assert all(route in r.url for r in sent)


def test_document_counts_line() -> None:
    fake = DocTranslationFake(documents=4)
    op = fake.create_batch([("Running", None)])
    op.poll()
    body = fake.document(op)
    snap: Snapshot[TranslationStatus] = Snapshot(
        operation_id=op.id,
        status="Running",
        classification=Classification.PENDING,
        progress=None,
        attempt=1,
        elapsed=0.0,
        model=TranslationStatus.from_dict(body),
    )
    assert document_counts(snap) == "4 documents: 1 running, 3 not started"
    assert document_counts(Snapshot(op.id, "x", Classification.PENDING, None, 1, 0.0, None)) is None
