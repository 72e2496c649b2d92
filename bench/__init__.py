"""make bench: figures about speed and size, printed and written to docs/benchmarks.md."""
