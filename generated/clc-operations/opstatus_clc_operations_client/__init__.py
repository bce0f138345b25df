"""A client library for accessing CenturyLink Cloud Operations Status API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
