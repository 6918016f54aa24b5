"""Mesa Maze: watch a mesa-optimizer learn a proxy objective, then see it break in deployment."""

__version__ = "0.1.0"
