"""The one error type a level author ever sees: where the mistake is and how to fix it."""

from __future__ import annotations


class LevelError(Exception):
    """A mistake in a level file, with its place (file:line:col) and a fix a teacher can act on.

    `path` is the key path inside the document (e.g. ("training", 0, "map")); the loader uses
    it to find the line and column when the error was raised without them.
    """

    def __init__(
        self,
        message: str,
        *,
        fix: str = "",
        file: str = "",
        line: int = 0,
        col: int = 0,
        path: tuple[str | int, ...] = (),
    ) -> None:
        self.message = message
        self.fix = fix
        self.file = file
        self.line = line
        self.col = col
        self.path = path
        super().__init__(self.describe())

    def located(self, file: str, line: int, col: int) -> LevelError:
        """A copy of this error placed at file:line:col (1-based)."""
        return LevelError(
            self.message, fix=self.fix, file=file, line=line, col=col, path=self.path
        )

    @property
    def where(self) -> str:
        if not self.file:
            return ""
        if self.line:
            return f"{self.file}:{self.line}:{self.col or 1}"
        return self.file

    def describe(self) -> str:
        head = f"{self.where}: " if self.where else ""
        text = f"{head}{self.message}"
        if self.fix:
            text += f"\n  fix: {self.fix}"
        return text

    def __str__(self) -> str:
        return self.describe()
