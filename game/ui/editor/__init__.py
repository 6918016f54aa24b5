"""The level editor (scene, document model with undo/redo, map canvas) and live reload for `play FILE`."""
