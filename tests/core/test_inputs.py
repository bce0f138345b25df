"""The input checks every SDK shares (opstatus_core.inputs): one rule for GUIDs, one for
bearer-or-basic credentials, so no two providers refuse different things."""

from __future__ import annotations

from uuid import UUID

import pytest
from opstatus_core import BasicCredentials, BearerToken, ConfigurationError, Secret
from opstatus_core.errors import InvalidOperationReference
from opstatus_core.inputs import bearer_or_basic, parse_guid

GUID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"


@pytest.mark.parametrize(
    "spelling",
    [GUID, GUID.upper(), f"{{{GUID}}}", f" {GUID} ", GUID.replace("-", ""), UUID(GUID)],
)
def test_guid_spellings_become_one_uuid(spelling: object) -> None:
    assert parse_guid(spelling, "id", provider="p") == UUID(GUID)


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "nope",
        GUID[:-1],
        GUID + "0",
        f"{{{GUID}",  # unbalanced braces
        f"{GUID}}}",
        "3f2504e0-4f8911d3-9a0c-0305e82c3301",  # hyphens in some places only
        f"urn:uuid:{GUID}",
        f"../{GUID}",
        f"{GUID}/../x",
        None,
        42,
    ],
)
def test_anything_else_is_refused_with_the_name_and_provider(bad: object) -> None:
    with pytest.raises(InvalidOperationReference, match=r"^p: the id must be a GUID"):
        parse_guid(bad, "the id", provider="p")


def _auth(environ: dict[str, str] | None = None, **given: str) -> object:
    return bearer_or_basic(
        provider="p",
        token=given.get("token"),
        username=given.get("username"),
        password=given.get("password"),
        token_env="T",
        username_env="U",
        password_env="P",
        environ=environ or {},
    )


def test_explicit_credentials_win_over_the_environment() -> None:
    env = {"T": "env-token", "U": "env-user", "P": "env-pw"}
    assert _auth(env, token="tok") == BearerToken(Secret("tok"))
    assert _auth(env, username="u", password="pw") == BasicCredentials("u", Secret("pw"))
    assert _auth(env) == BearerToken(Secret("env-token"))
    assert _auth({"U": "eu", "P": "ep"}) == BasicCredentials("eu", Secret("ep"))


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"token": "t", "username": "u", "password": "pw"}, "not both"),
        ({"token": "t", "password": "pw"}, "not both"),
        ({"token": ""}, "the token is empty"),
        ({"username": "u"}, "needs username and password"),
        ({"password": "pw"}, "needs username and password"),
        ({"username": "a:b", "password": "pw"}, "cannot contain ':'"),
        ({}, "no credentials; .* T, or U and P"),
    ],
)
def test_ambiguous_or_incomplete_credentials_are_refused(
    given: dict[str, str], message: str
) -> None:
    with pytest.raises(ConfigurationError, match=message) as info:
        _auth(**given)
    assert "pw" not in str(info.value)


def test_the_guid_cache_stays_small() -> None:
    """Parsed GUIDs are cached for the two reads of one reference, not kept for every operation
    ever seen (`make soak` counts the objects left after 5,000 waits)."""
    import uuid

    from opstatus_core import inputs

    for _ in range(1000):
        value = str(uuid.uuid4())
        assert parse_guid(value, "id", provider="p") == UUID(value)
        assert parse_guid(value.upper(), "id", provider="p") == UUID(value)
    assert inputs._guid_text.cache_info().currsize <= 64
