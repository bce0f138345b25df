"""Fixtures for the Document Translation SDK tests: the fake, a fake clock, the client kind."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# dt_support sits next to this file (this folder is not an importable package name); appended,
# not prepended, so that another folder's `from conftest import ...` never finds this conftest
sys.path.append(str(Path(__file__).parent))
from opstatus_doc_translation.testing import DocTranslationFake


@pytest.fixture
def fake() -> Iterator[DocTranslationFake]:
    """The fake, checking its own responses against the spec; every request it got must be
    valid unless the test sets ``fake.expect_invalid = True``."""
    service = DocTranslationFake(validate_responses=True)
    yield service
    service.assert_healthy()
    if not getattr(service, "expect_invalid", False):
        service.assert_requests_valid()
