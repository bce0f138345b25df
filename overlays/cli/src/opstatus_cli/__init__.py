"""The opstatus command line: check and wait on operations of any installed provider."""
