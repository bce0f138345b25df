"""Business Central Cloud Migration API: waiting on its long-running operations."""
