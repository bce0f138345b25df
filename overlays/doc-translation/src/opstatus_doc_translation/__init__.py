"""Document Translation API: waiting on its long-running operations."""
