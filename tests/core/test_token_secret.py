"""Continuation tokens, secrets, env helpers, TLS option, client repr."""

from __future__ import annotations

import base64
import json
import pickle
import warnings

import pytest
from opstatus_core import BearerToken, FakeClock, Secret, env_secret, env_value
from opstatus_core.sdk import (
    AuthenticationError,
    ConfigurationError,
    InsecureTransportWarning,
    InvalidContinuationToken,
)
from opstatus_core.token import ContinuationState, decode_token, encode_token

from ._support import FakeClient, Script, status_body


def test_token_round_trip_is_short_compact_and_versioned() -> None:
    state = ContinuationState(
        "clc-operations", {"alias": "ALIAS", "id": "wa1-12345"}, 1_700_000_900.5, 3, "executing"
    )
    token = encode_token(state)
    assert len(token) < 200
    assert "=" not in token
    payload = json.loads(base64.urlsafe_b64decode(token + "=="))
    assert payload == {
        "v": 1,
        "p": "clc-operations",
        "r": {"alias": "ALIAS", "id": "wa1-12345"},
        "d": 1700000900.5,
        "a": 3,
        "s": "executing",
    }
    assert decode_token(token, provider="clc-operations") == state


@pytest.mark.parametrize(
    "payload",
    [
        {"v": 1},
        {"v": 1, "p": "x", "r": {}, "d": 1},
        {"v": 1, "p": "x", "r": {"id": "a"}, "d": "soon"},
        {"v": 1, "p": "x", "r": {"id": "a"}, "d": 10**400},  # no float holds it
        {"v": 1, "p": "x", "r": {"id": "a"}, "d": 1, "t": 10**400},
        {"v": 1, "p": "x", "r": {"id": "a"}, "d": 1, "t": True},
        [1, 2],
    ],
)
def test_structurally_bad_tokens(payload: object) -> None:
    token = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()
    with pytest.raises(InvalidContinuationToken):
        decode_token(token)


def test_token_never_contains_credentials() -> None:
    clock = FakeClock()
    secret = "s3cr3t-token-value"
    with FakeClient(
        transport=Script((200, status_body("Running"))).sync(),
        clock=clock,
        auth=BearerToken(Secret(secret)),
    ) as client:
        poller = client.poller("op-1")
        poller.poll()
        token = poller.continuation_token()
        assert secret not in base64.urlsafe_b64decode(token + "==").decode()
        assert secret not in repr(client)


def test_secret_is_redacted() -> None:
    s = Secret("hunter2")
    assert "hunter2" not in repr(s)
    assert "hunter2" not in str(s)
    assert "hunter2" not in f"{s}"
    assert "hunter2" not in repr([s])
    assert "hunter2" not in repr(BearerToken(s))
    assert s.reveal() == "hunter2"
    assert s == Secret("hunter2")
    assert s != Secret("x")
    with pytest.raises(TypeError):
        hash(s)
    with pytest.raises(TypeError):
        pickle.dumps(s)


def test_credentials_never_in_error_messages() -> None:
    secret = "tok-abc-123"
    with (
        FakeClient(
            transport=Script((401, {"error": "denied"})).sync(),
            clock=FakeClock(),
            auth=BearerToken(Secret(secret)),
        ) as client,
        pytest.raises(AuthenticationError) as info,
    ):
        client.wait("op-1")
    assert secret not in str(info.value)
    assert secret not in repr(info.value)


def test_env_helpers() -> None:
    env = {"FAKE_URL": " https://x.example ", "FAKE_KEY": "k", "EMPTY": " "}
    assert env_value("FAKE_URL", environ=env) == "https://x.example"
    assert env_value("EMPTY", environ=env) is None
    key = env_secret("FAKE_KEY", environ=env)
    assert key is not None
    assert key.reveal() == "k"
    with pytest.raises(ConfigurationError, match="MISSING"):
        env_value("MISSING", environ=env, required=True)


def test_tls_verification_on_unless_loud_option() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert FakeClient(transport=Script((200, {})).sync()).generated_client.verify_ssl is True
    with pytest.warns(InsecureTransportWarning):
        client = FakeClient(transport=Script((200, {})).sync(), insecure_skip_tls_verify=True)
    assert client.generated_client.verify_ssl is False


def test_every_request_has_a_timeout() -> None:
    client = FakeClient(transport=Script((200, {})).sync())
    assert client.generated_client.get_httpx_client().timeout.read == 30
    client = FakeClient(transport=Script((200, {})).sync(), request_timeout=5)
    assert client.generated_client.get_httpx_client().timeout.read == 5


def test_base_url_from_env_or_error() -> None:
    import attrs

    from ._support import PROVIDER

    class NoDefault(FakeClient):
        provider = attrs.evolve(PROVIDER, default_base_url=None, base_url_env="FAKE_BASE_URL")

    assert (
        NoDefault(environ={"FAKE_BASE_URL": "https://env.example/"}).base_url
        == "https://env.example"
    )
    with pytest.raises(ConfigurationError, match="FAKE_BASE_URL"):
        NoDefault(environ={})
