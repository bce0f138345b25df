"""A client library for accessing Azure AI Translator Document Translation (batch)"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
