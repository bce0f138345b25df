"""One polling engine for long-running operations, shared by every opstatus SDK."""
