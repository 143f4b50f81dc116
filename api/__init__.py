"""The HTTP API of newskg: JSON events, a SPARQL 1.1 endpoint and the HTML view over one store.

Build it with :func:`api.main.create_app`.
"""
