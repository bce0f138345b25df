"""A client library for accessing Business Central Cloud Migration Status API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
