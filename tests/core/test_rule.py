"""The x-opstatus rule: classification from the spec, pointers, progress, warnings, loading."""

from __future__ import annotations

import copy
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
import yaml
from opstatus_core import Classification, PollPolicy, load_rule
from opstatus_core._rule import Pointer, PollingRule, resolve_pointer
from opstatus_core.errors import InvalidSpec
from opstatus_core.sdk import (
    ApiError,
    MalformedResponse,
    OperationIdMismatch,
    OperationNotFound,
    UnknownStatusWarning,
)

from ._support import SPEC, rule


def test_classification_comes_from_the_spec() -> None:
    r = rule()
    assert r.classify("Succeeded") is Classification.SUCCEEDED
    assert r.classify("ValidationFailed") is Classification.FAILED
    assert r.classify("Canceled") is Classification.CANCELED
    assert r.classify("Running") is Classification.PENDING
    assert r.known_values == {
        "NotStarted",
        "Running",
        "Succeeded",
        "Failed",
        "ValidationFailed",
        "Canceled",
    }


def test_unknown_value_warned_once_per_rule_and_value() -> None:
    r = rule()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert r.classify("Weird") is Classification.PENDING
        r.classify("Weird")
        r.classify("Other")
        rule().classify("Weird")  # another rule instance warns again
    assert [str(w.message).split("'")[1] for w in caught if w.category is UnknownStatusWarning] == [
        "Weird",
        "Other",
        "Weird",
    ]


def test_every_known_value_must_be_classified_exactly_once() -> None:
    spec = copy.deepcopy(SPEC)
    spec["components"]["schemas"]["KnownStatus"]["enum"].append("Paused")
    with pytest.raises(InvalidSpec, match="Paused"):
        PollingRule.from_document(spec, "getOperationStatus")
    spec = copy.deepcopy(SPEC)
    spec["paths"]["/ops/{id}"]["get"]["x-opstatus"]["pending"].append("Failed")
    with pytest.raises(InvalidSpec, match="both"):
        PollingRule.from_document(spec, "getOperationStatus")
    with pytest.raises(InvalidSpec, match="no operation"):
        PollingRule.from_document(SPEC, "nope")


def test_read_progress_error_id() -> None:
    document = {
        "id": "x",
        "status": "Running",
        "error": None,
        "summary": {"success": 3, "failed": 1, "total": 8},
    }
    got = rule().read(document, "X")  # the echoed id is compared case-insensitively
    assert got.progress == 0.5
    assert (got.status, got.classification, got.failure) == (
        "Running",
        Classification.PENDING,
        None,
    )
    assert got.error is None
    mismatch = rule().read(document, "y")
    assert mismatch.failure is OperationIdMismatch
    assert mismatch.reason == "the response is about 'x'"
    assert rule().read({"status": "Running", "summary": {"total": 0}}).progress is None
    missing = rule().read({"id": "x"})
    assert missing.failure is MalformedResponse
    assert missing.reason == "no status at /status (nothing)"
    assert rule().read({"status": 3}).failure is MalformedResponse


def test_ok_flag_rule() -> None:
    r = rule("getLcs")
    got = r.read({"IsSuccess": False, "ErrorMessage": "no project", "OperationStatus": "??"})
    assert got.ok is False
    assert got.error == "no project"
    assert (got.failure, got.reason, got.classification) == (ApiError, "/IsSuccess is false", None)


def test_read_a_batched_body() -> None:
    r = rule("getBatchStatus")
    body = {"response_map": {"a": {"status": "Completed"}, "b": {"status": "Not Found"}}}
    assert r.read(body, "a").classification is Classification.SUCCEEDED
    assert r.read(body, "a").document == {"status": "Completed"}
    assert (r.read(body, "b").failure, r.read(body, "b").reason) == (
        OperationNotFound,
        "status 'Not Found'",
    )
    assert r.read(body, "c").failure is OperationNotFound
    assert r.read(body, "c").document is None
    assert r.read({"other": 1}, "a").failure is MalformedResponse
    with pytest.raises(InvalidSpec, match="no entries pointer"):  # a rule of one operation
        rule("getOperationStatus").split_entries(body)


def test_duration_is_read_and_checked() -> None:
    base = {"status": "/s", "succeeded": ["ok"], "failed": [], "canceled": [], "pending": ["p"]}
    assert PollingRule.from_extension(base).duration is None
    r = PollingRule.from_extension({**base, "duration": {"typical": 60, "max": 3600}})
    assert r.duration is not None
    assert (r.duration.typical, r.duration.max) == (60.0, 3600.0)
    for bad in ({"typical": 60}, {"typical": 0, "max": 1}, {"typical": 9, "max": 3}, "1h", []):
        with pytest.raises(InvalidSpec, match="duration"):
            PollingRule.from_extension({**base, "duration": bad})


def test_every_provider_declares_its_duration_and_clients_derive_their_policy() -> None:
    from bench.providers import discover  # the installed SDKs, as the CLI finds them

    sdks, broken = discover()
    assert not broken
    assert len(sdks) == 5
    for sdk in sdks:
        expected = sdk.plugin.provider.rule().duration
        assert expected is not None, sdk.name
        fake = sdk.plugin.load_fake()
        with sdk.plugin.client(
            base_url=fake.base_url, transport=fake.transport(), **fake.demo_credentials
        ) as client:
            assert client.policy == PollPolicy.for_duration(expected.typical, expected.max)
            assert client.policy.timeout >= expected.max


def test_json_pointer_escapes() -> None:
    doc = {"a/b": {"m~n": [10, 20]}}
    assert resolve_pointer(doc, "/a~1b/m~0n/1") == 20
    assert resolve_pointer(doc, "/missing", None) is None


def test_a_pointer_is_its_text_with_its_tokens_decoded_when_the_rule_is_built() -> None:
    pointer = Pointer("#/a~1b/m~0n/1")
    assert pointer == "#/a~1b/m~0n/1"
    assert pointer.tokens == ("a/b", "m~n", "1")
    assert pointer.resolve({"a/b": {"m~n": [10, 20]}}) == 20
    assert Pointer("").resolve([1]) == [1]
    with pytest.raises(KeyError, match="/a~1b/m~0n/1"):
        pointer.resolve({"a/b": {"m~n": [10]}})
    base = {"status": "/s", "succeeded": ["ok"], "pending": ["p"]}
    r = PollingRule.from_extension({**base, "progress": {"done": "/d", "remaining": ["/r"]}})
    assert isinstance(r.status, Pointer)
    assert r.progress is not None
    assert isinstance(r.progress.remaining[0], Pointer)
    for key in ("status", "id", "error", "okFlag", "entries"):  # refused before any poll
        with pytest.raises(InvalidSpec, match="must start with '/'"):
            PollingRule.from_extension({**base, key: "s"})


def test_load_rule_from_package_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "fake_sdk_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "openapi.yaml").write_text(yaml.safe_dump(SPEC))
    monkeypatch.syspath_prepend(str(tmp_path))
    r = load_rule("fake_sdk_pkg", "getOperationStatus")
    assert r.classify("Succeeded") is Classification.SUCCEEDED
    assert load_rule("fake_sdk_pkg", "getOperationStatus") is r  # cached
    with pytest.raises(InvalidSpec):
        load_rule("fake_sdk_pkg_missing", "x")


def test_import_is_cheap() -> None:
    code = "import sys, opstatus_core; print('yaml' in sys.modules, 'asyncio' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def _with_goals() -> dict[str, object]:
    spec = copy.deepcopy(SPEC)
    ext = spec["paths"]["/ops/{id}"]["get"]["x-opstatus"]
    for key in ("succeeded", "failed", "canceled", "pending"):
        del ext[key]  # goals alone (top-level lists are optional next to them)
    ext["defaultGoal"] = "first"
    ext["goals"] = {
        "first": {
            "succeeded": ["Succeeded", "Running"],
            "failed": ["Failed", "ValidationFailed"],
            "canceled": ["Canceled"],
            "pending": ["NotStarted"],
        },
        "whole": {
            "succeeded": ["Succeeded"],
            "failed": ["Failed", "ValidationFailed"],
            "canceled": ["Canceled"],
            "pending": ["NotStarted", "Running"],
        },
    }
    return spec


def test_goals_pick_their_own_classification() -> None:
    spec = _with_goals()
    default = PollingRule.from_document(spec, "getOperationStatus")
    assert default.goal == "first"
    assert default.classify("Running") is Classification.SUCCEEDED
    whole = PollingRule.from_document(spec, "getOperationStatus", "whole")
    assert whole.goal == "whole"
    assert whole.classify("Running") is Classification.PENDING
    with pytest.raises(InvalidSpec, match="no goal 'other'"):
        PollingRule.from_document(spec, "getOperationStatus", "other")
    with pytest.raises(InvalidSpec, match="declares no goals"):
        PollingRule.from_document(SPEC, "getOperationStatus", "whole")


def test_every_goal_must_classify_every_known_value() -> None:
    spec = _with_goals()
    ext = spec["paths"]["/ops/{id}"]["get"]["x-opstatus"]  # type: ignore[index]
    ext["goals"]["whole"]["pending"].remove("Running")
    with pytest.raises(InvalidSpec, match=r"goals\.whole.*Running"):
        PollingRule.from_document(spec, "getOperationStatus")  # the default goal is fine
    spec = _with_goals()  # top-level lists next to goals must be the default goal's
    ext = spec["paths"]["/ops/{id}"]["get"]["x-opstatus"]  # type: ignore[index]
    ext.update({k: v for k, v in ext["goals"]["whole"].items()})
    ext["defaultGoal"] = "whole"
    PollingRule.from_document(spec, "getOperationStatus")
    ext["defaultGoal"] = "first"
    with pytest.raises(InvalidSpec, match="default goal's"):
        PollingRule.from_document(spec, "getOperationStatus")
    spec = _with_goals()
    del spec["paths"]["/ops/{id}"]["get"]["x-opstatus"]["defaultGoal"]  # type: ignore[index]
    with pytest.raises(InvalidSpec, match="defaultGoal"):
        PollingRule.from_document(spec, "getOperationStatus")
    ext = spec["paths"]["/ops/{id}"]["get"]["x-opstatus"]  # type: ignore[index]
    ext["defaultGoal"] = "nope"  # names no goal: refused even when the caller picks one
    with pytest.raises(InvalidSpec, match="defaultGoal"):
        PollingRule.from_document(spec, "getOperationStatus", "whole")
    ext.update(ext["goals"]["whole"])  # and not a KeyError next to top-level lists
    with pytest.raises(InvalidSpec, match="defaultGoal"):
        PollingRule.from_document(spec, "getOperationStatus", "whole")


def test_stuck_hints_are_pending_values_and_name_the_status() -> None:
    spec = copy.deepcopy(SPEC)
    ext = spec["paths"]["/ops/{id}"]["get"]["x-opstatus"]
    ext["stuckHints"] = {"NotStarted": "the queue may have lost it"}
    r = PollingRule.from_document(spec, "getOperationStatus")
    assert (
        r.stuck_reason("NotStarted")
        == "still 'NotStarted' at the deadline: the queue may have lost it"
    )
    assert r.stuck_reason("Running") is None
    assert r.stuck_reason(None) is None
    ext["stuckHints"] = {"Failed": "terminal"}
    with pytest.raises(InvalidSpec, match="pending"):
        PollingRule.from_document(spec, "getOperationStatus")


def test_not_found_markers_need_not_be_enum_values() -> None:
    spec = copy.deepcopy(SPEC)
    ext = spec["paths"]["/ops/{id}"]["get"]["x-opstatus"]
    ext["failed"].append("Not Found")
    ext["notFound"] = ["Not Found"]
    r = PollingRule.from_document(spec, "getOperationStatus")
    assert r.classify("Not Found") is Classification.FAILED
    ext["notFound"] = []
    with pytest.raises(InvalidSpec, match="not in the enum"):
        PollingRule.from_document(spec, "getOperationStatus")
