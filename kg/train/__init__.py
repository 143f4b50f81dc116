"""Offline builders of shipped data: WordNet lexicons and the causal classifier (need the [train] extra)."""
