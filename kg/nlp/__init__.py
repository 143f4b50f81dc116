"""The NLP layer: spaCy pipeline, time expressions, event triggers, links, claims."""

from kg.nlp.extract import extract, extract_many
from kg.nlp.pipeline import ModelNotInstalled, load_pipeline

__all__ = ["extract", "extract_many", "load_pipeline", "ModelNotInstalled"]
