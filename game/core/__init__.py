"""The model: pure Python + numpy (never pygame). Levels, simulation, brains, evolution."""
