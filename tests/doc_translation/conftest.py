"""Fixtures for the Document Translation SDK tests: the fake, a fake clock, the client kind."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
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
