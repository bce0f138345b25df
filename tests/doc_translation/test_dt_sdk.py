"""The SDK around the engine: configuration, ids, credentials, submit/cancel, the spec's rule."""

from __future__ import annotations

import base64
import logging
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from opstatus_core import Classification, FakeClock
from opstatus_core.plugin import DemoFake
from opstatus_core.sdk import InvalidContinuationToken
from opstatus_core.testing import Fault
from opstatus_doc_translation import (
    PLUGIN,
    PROVIDER,
    ApiError,
    AsyncDocTranslationClient,
    AuthenticationError,
    ConfigurationError,
    DocTranslationClient,
    DocTranslationReference,
    InvalidBatchRequest,
    InvalidOperationReference,
    OperationCanceled,
    OperationNotFound,
    TransientRetriesExhausted,
    api_base_url,
    operation_id_from_location,
    parse_operation_id,
)
from opstatus_doc_translation.testing import DocTranslationFake, batch_request

from tests._support import load_spec, spec_path

from ._support import call, make_client, run

SPEC_FILE = spec_path("doc-translation")
GUID = "727bf148-f327-47a0-9481-abae6362f11e"


# -- the spec is the source of truth ----------------------------------------------------------


def test_classification_equals_the_spec() -> None:
    spec = load_spec("doc-translation")
    op = spec["paths"]["/batches/{id}"]["get"]
    assert op["operationId"] == PROVIDER.operation_id
    ext = op["x-opstatus"]
    enum = spec["components"]["schemas"][ext["knownStatus"].rsplit("/", 1)[-1]]["enum"]
    expected = {
        value: cls
        for cls in Classification
        for value in ext[cls.value]  # the four lists: succeeded, failed, canceled, pending
    }
    assert sorted(expected) == sorted(enum)  # every known value classified exactly once
    assert sum(len(ext[c.value]) for c in Classification) == len(enum)
    rule = PROVIDER.rule()
    for value in enum:
        assert rule.classify(value) is expected[value], value
    assert rule.known_values == frozenset(enum)
    assert rule.status == ext["status"]
    assert rule.id == ext["id"]
    # the packaged spec is the same file
    packaged = Path(__import__("opstatus_doc_translation").__file__).with_name("openapi.yaml")
    assert packaged.read_bytes() == SPEC_FILE.read_bytes()


# -- configuration ----------------------------------------------------------------------------


def test_env_vars() -> None:
    env = {
        "OPSTATUS_TRANSLATOR_ENDPOINT": "https://myres.cognitiveservices.azure.com",
        "OPSTATUS_TRANSLATOR_KEY": "k",
    }
    client = DocTranslationClient(environ=env)
    assert client.base_url == "https://myres.cognitiveservices.azure.com/translator/document"
    assert client.api_version == "2026-03-01"
    assert client.region is None
    client.close()
    env |= {"OPSTATUS_TRANSLATOR_API_VERSION": "v1.0", "OPSTATUS_TRANSLATOR_REGION": "westeurope"}
    client = DocTranslationClient(environ=env)
    assert client.base_url == "https://myres.cognitiveservices.azure.com/translator/text/batch/v1.0"
    assert (client.api_version, client.region) == ("v1.0", "westeurope")
    client.close()
    with pytest.raises(ConfigurationError, match="unknown API version"):
        DocTranslationClient(environ=env, api_version="2023-01-01")
    with pytest.raises(ConfigurationError, match="region"):
        DocTranslationClient(environ=env, region="west europe\r\nX-Evil: 1")
    explicit = AsyncDocTranslationClient(base_url="https://h.example/custom/path/", key="k")
    assert explicit.base_url == "https://h.example/custom/path"
    with pytest.raises(ConfigurationError, match="OPSTATUS_TRANSLATOR_KEY"):
        DocTranslationClient(environ={"OPSTATUS_TRANSLATOR_ENDPOINT": "https://h.example"})
    with pytest.raises(ConfigurationError, match="OPSTATUS_TRANSLATOR_ENDPOINT"):
        DocTranslationClient(environ={"OPSTATUS_TRANSLATOR_KEY": "k"})
    with pytest.raises(ConfigurationError, match="custom domain"):
        api_base_url("https://api.cognitive.microsofttranslator.com")
    with pytest.raises(ConfigurationError, match="http"):
        DocTranslationClient(base_url="ftp://h.example", key="k")


def test_timeouts_and_tls(fake: DocTranslationFake) -> None:
    client = make_client("sync", fake, FakeClock(), request_timeout=7.5)
    httpx_client = client.generated_client.get_httpx_client()
    assert httpx_client.timeout.read == 7.5
    assert client.generated_client._verify_ssl is True


# -- ids --------------------------------------------------------------------------------------


def test_ids_are_canonical_guids() -> None:
    assert parse_operation_id(GUID.upper()) == GUID
    assert parse_operation_id(GUID.replace("-", "")) == GUID
    assert parse_operation_id(UUID(GUID)) == GUID
    for bad in ("", "nope", GUID[:-1], GUID + "0", f"{GUID}/../x", None, 42):
        with pytest.raises(InvalidOperationReference):
            parse_operation_id(bad)
    seed = "https://your-resource-name.cognitiveservices.azure.com/translator/text/batch"
    assert operation_id_from_location(f"{seed}/v1.0-preview.1/batches/{GUID}") == GUID
    # the submit page's form (an upper-case id under /operation/)
    upper = "0FA2822F-4C2A-4317-9C20-658C801E0E55"
    assert operation_id_from_location(f"{seed}/v1.0.preview.1/operation/{upper}") == upper.lower()


def test_the_typed_reference_is_the_canonical_guid() -> None:
    ref = DocTranslationReference.parse(f"{{{GUID.upper()}}}")
    assert ref == DocTranslationReference.parse(UUID(GUID)) == DocTranslationReference(UUID(GUID))
    assert ref.id == GUID
    assert ref.to_dict() == {"id": GUID}
    assert ref.to_kwargs() == {"id": UUID(GUID)}
    with pytest.raises(InvalidOperationReference, match="the operation id must be a GUID"):
        DocTranslationReference.parse({"id": "x"})


@pytest.mark.parametrize("bad", ["nope", GUID[:-1], f"../{GUID}", {"id": "x"}, {"job": GUID}])
async def test_malformed_id_refused_before_any_request(
    mode: str, fake: DocTranslationFake, bad: Any
) -> None:
    clock = FakeClock()
    for method in ("wait", "status", "cancel"):
        with pytest.raises(InvalidOperationReference):
            await run(mode, fake, clock, method, bad)
    assert fake.requests == []


async def test_upper_case_id_is_accepted(mode: str, fake: DocTranslationFake) -> None:
    ref = fake.seed_operation("succeeded", polls=1)
    outcome = await run(mode, fake, FakeClock(), "wait", ref["id"].upper())
    assert outcome.operation_id == ref["id"]


async def test_token_with_a_bad_id_is_refused(mode: str, fake: DocTranslationFake) -> None:
    raw = b'{"v":1,"p":"doc-translation","r":{"id":"nope"},"d":1e12,"a":0,"s":null}'
    token = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    client = make_client(mode, fake, FakeClock())
    with pytest.raises(InvalidContinuationToken):
        client.resume(token)
    foreign = base64.urlsafe_b64encode(raw.replace(b"doc-translation", b"clc-operations"))
    with pytest.raises(InvalidContinuationToken):
        client.resume(foreign.decode().rstrip("="))
    assert fake.requests == []


# -- typed errors -----------------------------------------------------------------------------


async def test_unknown_id_is_not_found(mode: str, fake: DocTranslationFake) -> None:
    missing = str(uuid4())
    with pytest.raises(OperationNotFound) as info:
        await run(mode, fake, FakeClock(), "wait", missing)
    assert info.value.status_code == 404
    assert info.value.detail == "id not found"  # the spec's 404 body
    assert info.value.attempts == 1


async def test_vanished_batch_is_not_found(mode: str, fake: DocTranslationFake) -> None:
    ref = fake.seed_operation("succeeded", polls=4)
    fake.inject(Fault.vanished(), skip=2)
    with pytest.raises(OperationNotFound) as info:
        await run(mode, fake, FakeClock(), "wait", ref)
    assert info.value.last_status == "Running"


async def test_bad_credentials(mode: str, fake: DocTranslationFake) -> None:
    ref = fake.seed_operation("succeeded")
    with pytest.raises(AuthenticationError) as info:
        await run(mode, fake, FakeClock(), "wait", ref, client_args={"key": "wrong-key"})
    assert info.value.status_code == 401
    assert info.value.detail == "User is not authorized"  # the seed page's 401 body
    assert info.value.attempts == 1  # not retried


async def test_key_revoked_mid_wait(mode: str, fake: DocTranslationFake) -> None:
    ref = fake.seed_operation("succeeded", polls=4)
    fake.inject(Fault.unauthorized(), skip=2)
    with pytest.raises(AuthenticationError) as info:
        await run(mode, fake, FakeClock(), "wait", ref)
    assert info.value.attempts == 3
    assert info.value.continuation_token


# -- credentials never leak -------------------------------------------------------------------


async def test_credential_redaction(
    mode: str, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = f"planted-{uuid4().hex}"
    fake = DocTranslationFake(keys=[secret])
    caplog.set_level(logging.DEBUG)
    clock = FakeClock()
    texts: list[str] = []
    client = make_client(mode, fake, clock, key=secret)
    texts += [repr(client), str(client), repr(client.__dict__), repr(client.generated_client)]
    ok = fake.seed_operation("succeeded", polls=2)
    outcome = await call(client, "wait", ok, on_progress=lambda s: texts.append(repr(s)))
    texts += [repr(outcome), str(outcome)]
    poller = client.poller(fake.seed_operation("succeeded"))
    texts += [repr(poller), poller.continuation_token()]
    texts.append(base64.urlsafe_b64decode(poller.continuation_token() + "===").decode())
    errors: list[BaseException] = []
    fake.inject(Fault.http_error(503), times=9)
    for ref, kwargs in (
        (fake.seed_operation("failed", polls=0), {}),
        (fake.seed_operation("succeeded"), {}),  # transient budget exhausted
        (str(uuid4()), {}),
        ("nope", {}),
    ):
        try:
            await call(client, "wait", ref, **kwargs)
        except Exception as exc:
            errors.append(exc)
    wrong = make_client(mode, fake, clock, key=secret[::-1])
    try:
        await call(wrong, "wait", fake.seed_operation("succeeded"))
    except Exception as exc:
        errors.append(exc)
    try:
        await call(wrong, "start_translation", batch_request())
    except Exception as exc:
        errors.append(exc)
    assert {type(e) for e in errors} >= {
        TransientRetriesExhausted,
        OperationNotFound,
        InvalidOperationReference,
        AuthenticationError,
    }
    for exc in errors:
        texts += [str(exc), repr(exc), repr(vars(exc))]
        token = getattr(exc, "continuation_token", None)
        if token:
            texts.append(base64.urlsafe_b64decode(token + "===").decode())
    texts += [caplog.text, *capsys.readouterr(), repr(fake.requests)]
    for text in texts:
        assert secret not in text
        assert secret[::-1] not in text


# -- submit and cancel ------------------------------------------------------------------------


async def test_submit_wait_and_cancel(mode: str, fake: DocTranslationFake) -> None:
    client = make_client(mode, fake, FakeClock())
    batch_id = await call(client, "start_translation", batch_request(inputs=1, languages=["fr"]))
    assert str(UUID(batch_id)) == batch_id
    assert (await call(client, "status", batch_id)).status == "NotStarted"
    cancelled = await call(client, "cancel", batch_id)
    assert cancelled.status == "Cancelling"
    with pytest.raises(OperationCanceled) as info:
        await call(client, "wait", batch_id)
    assert info.value.last_status == "Canceled"
    with pytest.raises(ApiError) as again:
        await call(client, "cancel", batch_id)
    assert again.value.status_code == 400
    with pytest.raises(OperationNotFound):
        await call(client, "cancel", str(uuid4()))
    done = await call(client, "start_translation", batch_request(inputs=2))
    outcome = await call(client, "wait", done)
    assert outcome.model.summary.total == 8


@pytest.mark.parametrize("body", [{}, {"inputs": []}, {"inputs": [{"source": {}}]}, "x", []])
async def test_malformed_submission_refused_before_any_request(
    mode: str, fake: DocTranslationFake, body: Any
) -> None:
    with pytest.raises(InvalidBatchRequest):
        await run(mode, fake, FakeClock(), "start_translation", body)
    assert fake.requests == []


@pytest.mark.parametrize(
    ("fault", "code"),
    [
        (Fault.http_error(503), 503),
        (Fault.http_error(500), 500),
        (Fault.drop_connection(), None),
    ],
)
async def test_submit_not_retried_once_the_service_may_have_acted(
    mode: str, fake: DocTranslationFake, fault: Fault, code: int | None
) -> None:
    fake.inject(fault)
    with pytest.raises(TransientRetriesExhausted) as info:
        await run(mode, fake, FakeClock(), "start_translation", batch_request())
    assert info.value.status_code == code
    assert info.value.operation_id == "(new batch)"
    assert "not idempotent" in str(info.value)
    assert len(fake.requests) == 1  # a submission the service may have acted on is not retried


async def test_submit_refusals_are_typed(mode: str, fake: DocTranslationFake) -> None:
    fake.inject(Fault.unauthorized())
    with pytest.raises(AuthenticationError) as info:
        await run(mode, fake, FakeClock(), "start_translation", batch_request())
    assert info.value.status_code == 401
    assert info.value.attempts == 1
    fake.inject(Fault.http_error(400))
    with pytest.raises(ApiError) as refused:
        await run(mode, fake, FakeClock(), "start_translation", batch_request())
    assert refused.value.status_code == 400
    assert len(fake.requests) == 2


@pytest.mark.parametrize("fault", [Fault.http_error(429), Fault.refuse_connection()])
async def test_submit_retried_when_the_service_cannot_have_acted(
    mode: str, fake: DocTranslationFake, fault: Fault
) -> None:
    fake.inject(fault)
    clock = FakeClock()
    batch_id = await run(mode, fake, clock, "start_translation", batch_request())
    assert str(UUID(batch_id)) == batch_id
    assert len(fake.requests) == 2
    assert len(fake.operations) == 1  # one batch
    assert clock.sleeps  # after a backoff (Retry-After on the 429)


async def test_cancel_retries_transient_failures(mode: str, fake: DocTranslationFake) -> None:
    ref = fake.seed_operation("succeeded", polls=4)
    fake.inject(Fault.http_error(503), times=2)
    status = await run(mode, fake, FakeClock(), "cancel", ref)
    assert status.status == "Cancelling"
    assert [r.status for r in fake.requests] == [503, 503, 200]
    fake.inject(Fault.http_error(503), times=9)
    with pytest.raises(TransientRetriesExhausted) as info:
        await run(mode, fake, FakeClock(), "cancel", fake.seed_operation("succeeded"))
    assert info.value.attempts == 6  # the policy's transient budget (5), then the error


# -- the plugin -------------------------------------------------------------------------------


def test_plugin() -> None:
    assert PLUGIN.name == "doc-translation"
    assert PLUGIN.client is DocTranslationClient
    assert PLUGIN.async_client is AsyncDocTranslationClient
    assert [(c.kwarg, c.env, c.secret) for c in PLUGIN.credentials] == [
        ("key", "OPSTATUS_TRANSLATOR_KEY", True),
        ("api_version", "OPSTATUS_TRANSLATOR_API_VERSION", False),
        ("region", "OPSTATUS_TRANSLATOR_REGION", False),
    ]
    (found,) = [e for e in entry_points(group="opstatus.providers") if e.name == "doc-translation"]
    assert found.load() is PLUGIN
    fake = PLUGIN.load_fake()
    assert isinstance(fake, DocTranslationFake)
    demo: DemoFake = fake
    ref = demo.seed_operation("canceled", polls=1)
    client = PLUGIN.client(
        base_url=fake.base_url,
        transport=fake.transport(),
        clock=FakeClock(),
        **demo.demo_credentials,
    )
    with pytest.raises(OperationCanceled):
        client.wait(ref)
