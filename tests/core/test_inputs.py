"""The input checks every SDK shares: one rule for GUIDs (``parse_guid``), one for
bearer-or-basic credentials (``bearer_or_basic``), one parse for operation references
(``OperationReference``), so no two providers refuse different things."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self
from uuid import UUID

import attrs
import pytest
from opstatus_core import (
    BasicCredentials,
    BearerToken,
    OperationReference,
    Secret,
    bearer_or_basic,
    parse_guid,
    secret_or_env,
)
from opstatus_core.errors import InvalidOperationReference
from opstatus_core.sdk import ConfigurationError

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


def test_a_required_credential_comes_from_its_keyword_else_its_variable() -> None:
    def key(given: str | None, environ: dict[str, str]) -> Secret:
        return secret_or_env(given, "K", provider="p", what="key", keyword="key", environ=environ)

    assert key("mine", {"K": "env"}) == Secret("mine")
    assert key(None, {"K": " env "}) == Secret("env")
    for given, environ in ((None, {}), (None, {"K": "  "}), ("", {"K": "env"})):
        with pytest.raises(ConfigurationError, match=r"^p: no key; pass key=\.\.\. or set K\.$"):
            key(given, environ)


# -- the typed reference: the rules every SDK shares, applied once by OperationReference.parse ----


@attrs.frozen
class Job(OperationReference):
    """A toy reference with a GUID id and a plain-text account (optional: a client default)."""

    provider = "p"
    keys = ("account", "id")
    id_key = "id"
    missing_hint = " (or pass account= to the client)"

    account: str
    job: UUID

    @classmethod
    def _from_values(cls, values: Mapping[str, object]) -> Self:
        return cls(cls.text(values, "account"), cls.guid(values, "id", "the job id"))

    def to_kwargs(self) -> dict[str, Any]:
        return {"account": self.account, "job_id": self.job}

    def to_dict(self) -> dict[str, str]:
        return {"account": self.account, "id": str(self.job)}


def test_a_reference_is_parsed_once_into_its_type() -> None:
    job = Job.parse({"account": "a", "id": GUID.upper()})
    assert job == Job("a", UUID(GUID))
    assert job.id == GUID
    assert job.to_kwargs() == {"account": "a", "job_id": UUID(GUID)}
    assert Job.parse(job) is job  # a typed reference is taken as it is
    assert Job.parse(job.to_dict()) == job  # the JSON form reads back to an equal reference
    assert Job.parse(GUID, defaults={"account": "a"}) == job
    assert Job.parse(UUID(GUID), defaults={"account": "a"}) == job
    assert Job.parse({"account": "b", "id": GUID}, defaults={"account": "a"}).account == "b"


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (42, r"^p: an operation reference is an id or a mapping, not int\.$"),
        (None, r"^p: an operation reference is an id or a mapping, not NoneType\.$"),
        (
            GUID,
            r"^p: reference needs \['account', 'id'\] \(or pass account= to the client\) "
            r"\(missing \['account'\], unknown \[\]\)\.$",
        ),
        ({"account": "a"}, r"^p: reference needs \['account', 'id'\] \(missing \['id'\]"),
        ({"account": "a", "id": ""}, r"missing \['id'\]"),
        ({"account": "a", "id": None}, r"missing \['id'\]"),
        ({"account": "a", "id": GUID, "x": "1"}, r"unknown \['x'\]"),
        ({"account": ".", "id": GUID}, r"^p: account cannot be '\.' or '\.\.' \(a dot-segment"),
        ({"account": "..", "id": GUID}, r"^p: account cannot be '\.' or '\.\.'"),
        ({"account": "a", "id": ".."}, r"^p: id cannot be '\.' or '\.\.'"),
        (
            {"account": "a" * 65_537, "id": GUID},
            r"^p: account is 65537 characters long \(at most 65536\)",
        ),
        ({"account": 7, "id": GUID}, r"^p: account must be a string, not int\.$"),
        ({"account": "a", "id": "nope"}, r"^p: the job id must be a GUID"),
    ],
)
def test_bad_references_are_refused_with_what_to_pass(bad: object, message: str) -> None:
    with pytest.raises(InvalidOperationReference, match=message) as info:
        Job.parse(bad)
    assert len(str(info.value)) < 300
