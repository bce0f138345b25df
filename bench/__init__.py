"""The opstatus benchmark suite (``make bench``): see bench/README_SECTION.md."""
