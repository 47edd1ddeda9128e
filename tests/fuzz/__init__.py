"""Hostile-input fuzzing: the corpus, the in-process harness, the mutation fuzzer."""
