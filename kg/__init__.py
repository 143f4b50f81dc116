"""newskg: an event-timeline knowledge graph for news analysts.

Data flows one way: ingest → nlp → resolve → graph → store → query / analysis / views.
"""

__version__ = "0.1.0"
