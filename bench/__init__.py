"""Province-scale benchmarks (see bench/README.md once the benchmark issue lands)."""
