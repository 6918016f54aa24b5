"""Saving an episode as a GIF without freezing the window.

Writing a GIF is mostly Pillow's work (each frame's colours reduced to a palette, then
compressed): 0.7 s for a campaign episode of 60 steps, seconds for a big maze. Drawing the frames
needs pygame (the fonts, the maze pictures), which stays on the UI thread, so `GifExport` draws
them there a few at a time, about a megapixel per frame of the game (a count of pixels, never a
timer), then hands them to a daemon thread that writes the file. What it is doing, then where the
file went (or why it could not be written), is said through `say` (the app's message line);
quitting the game never waits for the writer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from PIL import Image

from .export import save_gif

PIXELS_PER_TICK = 1 << 20  # frame pixels drawn per frame of the game (at least one frame): four 512x512 mazes


class GifExport:
    """One GIF on its way: `frames` yields (index, how many, image) as export.iter_episode_frames
    does. Call `tick` every frame of the game until `drawn`; the writer thread then reports the
    file it saved through `say`."""

    def __init__(self, frames: Iterator[tuple[int, int, Image.Image]], path: Path,
                 say: Callable[[str, float], None]) -> None:
        self.path = path
        self._frames = frames
        self._images: list[Image.Image] = []
        self._say = say
        self.total = 0  # the frames the GIF will have (known once the first is drawn)
        self.drawn = False  # every frame drawn: the writer has started
        self.writer: threading.Thread | None = None
        say("Saving GIF...", 2.0)

    def tick(self) -> None:
        """Draw the next few frames and say how far it got; after the last, start the writer."""
        pixels = 0
        while pixels < PIXELS_PER_TICK:
            got = next(self._frames, None)
            if got is None:
                self._write()
                return
            _, self.total, image = got
            self._images.append(image)
            pixels += image.width * image.height
        self._say(f"Saving GIF... drawing frame {len(self._images)} of {self.total}", 2.0)

    def finish(self) -> None:
        """Draw every frame left now (the scene is being left) and start the writer."""
        while not self.drawn:
            self.tick()

    def _write(self) -> None:
        self.drawn = True
        images, self._images = self._images, []
        self._say(f"Saving GIF... writing {len(images)} frames to {self.path.name}", 600.0)  # until the writer says
        self.writer = threading.Thread(target=self._run, args=(images,), name="gif-writer", daemon=True)
        self.writer.start()

    def _run(self, images: list[Image.Image]) -> None:
        try:
            path = save_gif(images, self.path)
        except OSError as exc:  # an unwritable data folder, a full disk: say so, the game goes on
            self._say(f"Cannot save the GIF: {exc.strerror or exc} ({self.path.parent})", 6.0)
            return
        except Exception as exc:  # noqa: BLE001 - on the writer thread: a message, never a lost error
            self._say(f"Cannot save the GIF: {exc}", 6.0)
            return
        self._say(f"GIF saved: {path}", 6.0)
