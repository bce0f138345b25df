"""A client library for accessing SnapLogic APIM 3.0 Service Migration Status API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
