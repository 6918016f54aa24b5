"""Undo and redo for the editor's document: a copy of the document before each change, the
changes of one gesture (a brush stroke, typing in one field) merged into one step. No pygame here."""

from __future__ import annotations

from typing import Any

Doc = dict[str, Any]


class History:
    """The documents before each undoable step (`past`) and those undone (`future`)."""

    def __init__(self) -> None:
        self.past: list[Doc] = []
        self.future: list[Doc] = []
        self.merge: object = None  # the gesture the last step belongs to (None: none goes on)

    def record(self, before: Doc, merge: object = None) -> None:
        """A change was made to `before`: a new step, or part of the last one if `merge` matches it."""
        if merge is None or merge != self.merge:
            self.past.append(before)
            self.future.clear()
        self.merge = merge

    def end_merge(self) -> None:
        """The next change starts a new step (e.g. the mouse button was released)."""
        self.merge = None

    def undo(self, current: Doc) -> Doc | None:
        """The document before the last step (current is kept for redo); None if there is none."""
        if not self.past:
            return None
        self.future.append(current)
        self.merge = None
        return self.past.pop()

    def redo(self, current: Doc) -> Doc | None:
        """The document the last undo left (current is kept for undo); None if there is none."""
        if not self.future:
            return None
        self.past.append(current)
        self.merge = None
        return self.future.pop()
