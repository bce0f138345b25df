"""SnapLogic APIM Migration Status API: waiting on its long-running operations."""
