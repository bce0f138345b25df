"""LCS Database Movement API: waiting on its long-running operations."""
