"""CenturyLink Cloud Operations API: waiting on its long-running operations."""
