"""The opstatus benchmark suite (``make bench``): see the README's "Performance" section."""
