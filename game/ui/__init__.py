"""The game: pygame-ce scenes that draw what game.core computes (the model never calls the UI)."""

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
