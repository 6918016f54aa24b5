"""After a slow frame, the key repeat that piled up is dropped and real presses are kept."""

from __future__ import annotations

import pygame

from game.ui.app import App
from game.ui.window import drop_key_repeat


def _key(kind: int, k: int) -> pygame.event.Event:
    return pygame.event.Event(kind, key=k, mod=0, unicode="", scancode=0)


class _Held:
    """Key state as pygame.key.get_pressed gives it: indexed by key."""

    def __init__(self, *keys: int) -> None:
        self.keys = set(keys)

    def __getitem__(self, key: int) -> bool:
        return key in self.keys


def test_repeats_of_a_key_down_through_a_slow_frame_are_dropped_and_later_presses_kept(app: App) -> None:
    """Return pressed on the title: the level list takes a second to open, pygame repeats Return
    on its timer meanwhile, and the release is read only after the frame. Before, the repeats
    were kept (the key was no longer held when they were looked at) and one press walked on
    through the level's intro into training."""
    pygame.event.clear()
    ret, down = pygame.K_RETURN, pygame.K_DOWN
    for event in [_key(pygame.KEYDOWN, ret)] * 5 + [_key(pygame.KEYUP, ret), _key(pygame.KEYDOWN, down),
                                                    _key(pygame.KEYUP, down), _key(pygame.KEYDOWN, ret),
                                                    _key(pygame.KEYUP, ret)]:
        pygame.event.post(event)
    drop_key_repeat(held_before=_Held(ret), held_now=_Held())
    left = [(e.type, e.key) for e in pygame.event.get() if e.type in (pygame.KEYDOWN, pygame.KEYUP)]
    assert left == [(pygame.KEYUP, ret), (pygame.KEYDOWN, down), (pygame.KEYUP, down), (pygame.KEYDOWN, ret),
                    (pygame.KEYUP, ret)]


def test_a_key_still_held_after_the_slow_frame_loses_its_repeats(app: App) -> None:
    pygame.event.clear()
    for _ in range(3):
        pygame.event.post(_key(pygame.KEYDOWN, pygame.K_RIGHT))
    pygame.event.post(_key(pygame.KEYDOWN, pygame.K_a))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=(5, 5)))
    drop_key_repeat(held_before=_Held(), held_now=_Held(pygame.K_RIGHT))
    left = pygame.event.get()
    assert [(e.type, getattr(e, "key", None)) for e in left] == [(pygame.KEYDOWN, pygame.K_a),
                                                                (pygame.MOUSEBUTTONDOWN, None)]
