"""Helpers of the Business Central cloud-migration SDK tests, on the shared harness
(tests/_support.py)."""

from __future__ import annotations

from collections.abc import Callable

from opstatus_bc_cloudmigration import AsyncBcCloudMigrationClient, BcCloudMigrationClient

from tests._support import call, policy

__all__ = ["CLASSES", "AnyClient", "MakeClient", "call", "policy"]

AnyClient = BcCloudMigrationClient | AsyncBcCloudMigrationClient
CLASSES = (BcCloudMigrationClient, AsyncBcCloudMigrationClient)
MakeClient = Callable[..., AnyClient]
