"""One APIRouter per resource; :mod:`api.main` includes them."""
