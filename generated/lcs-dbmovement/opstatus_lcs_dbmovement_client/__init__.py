"""A client library for accessing LCS Database Movement API (v1) - Get status"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
