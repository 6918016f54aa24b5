"""The game: pygame-ce scenes that draw what game.core computes (the model never calls the UI)."""
