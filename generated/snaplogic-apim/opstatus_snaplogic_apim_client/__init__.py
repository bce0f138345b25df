"""A client library for accessing SnapLogic APIM Migration Status API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
