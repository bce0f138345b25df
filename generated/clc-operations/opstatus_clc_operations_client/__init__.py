"""A client library for accessing CenturyLink Cloud Operations API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
