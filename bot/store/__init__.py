"""The store: one SQLite file holding articles and what was read from them."""

from bot.store.db import Store, StoreError

__all__ = ["Store", "StoreError"]
