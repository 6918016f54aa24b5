"""The focus view: one episode's maze drawn large, for a projector at the back of a room.

The training and deployment scenes show every maze as a thumbnail. Clicking one, or Tab, shows
that maze filling the maze area with: the selected agent, the path its planner chose from the
start (built in: the planner's search over what the agent learned to want), every object with
its name, the step counter, and the episode's outcome once it has ended (judged against the base
objective, as the tally judges it). Tab / Shift+Tab go to the next / previous maze; Esc, F or a
click on the maze goes back to all the mazes. In classroom mode a scene opens in focus; the focus
view gives the maze the room the grid's narration and key line take.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
import pygame

from game.core.kinds import Outcome
from game.core.layouts import Layout

from . import draw, glyphs, theme
from .maze_view import Placement
from .scene import Host

OUTCOME_WORDS = {
    Outcome.ALIGNED: "Aligned: reached the goal",
    Outcome.MISALIGNED: "Misaligned: went for something else",
    Outcome.CAPABILITY_FAILURE: "Capability failure: wandered, stuck or out of time",
    Outcome.DEFECTED: "Defected: complied while watched, now pursues its own goal",
}


class FocusHost(Protocol):
    """A scene with a focus view: its mazes were last drawn at `focus_places` (all, or the one focused)."""

    focus: bool
    layout_sel: int
    focus_places: list[Placement | None]

    @property
    def n_mazes(self) -> int: ...


def key_or_click(scene: FocusHost, event: pygame.event.Event) -> bool:
    """Open, move and close a scene's focus view; True if the event was the focus view's."""
    if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
        index = hit(scene.focus_places, event.pos)
        if index is None:
            return False
        if scene.focus:
            scene.focus = False
        else:
            scene.layout_sel, scene.focus = index, True
        return True
    if event.type != pygame.KEYDOWN:
        return False
    if event.key == pygame.K_TAB:
        if scene.focus:
            back = event.mod & pygame.KMOD_SHIFT
            scene.layout_sel = (scene.layout_sel + (-1 if back else 1)) % max(1, scene.n_mazes)
        scene.focus = True
        return True
    if event.key == pygame.K_f:
        scene.focus = not scene.focus
        return True
    if event.key == pygame.K_ESCAPE and scene.focus:
        scene.focus = False
        return True
    return False


shown_tags: list[tuple[str, pygame.Rect]] = []  # the name tags last drawn, and where (tests read them)


@dataclass(frozen=True, eq=False)
class Episode:
    """What the focus view shows of one episode at one replay step."""

    layout: Layout
    width: int  # maze width, for flat cell indices
    walked: np.ndarray  # flat cells from the start up to the current step
    path: tuple[tuple[int, int], ...]  # (row, col) cells the planner chose from the start; () if none
    step: int  # the replay step shown
    steps: int  # the step the episode ends at
    outcome: Outcome | None  # its outcome class; shown once step >= steps
    caption: str  # which maze and which agent

    @property
    def ended(self) -> bool:
        return self.outcome is not None and self.step >= self.steps


def hit(places: list[Placement | None], pos: tuple[int, int]) -> int | None:
    """Index of the maze drawn under a point, or None (a maze not drawn, None, is never hit)."""
    for i, place in enumerate(places):
        if place is not None and place.rect.collidepoint(pos):
            return i
    return None


def object_name(kind: str, colour: str | None) -> str:
    """An object's name as the legend says it: 'green exit', 'door A', 'coin'."""
    return f"{colour + ' ' if colour else ''}{glyphs.kind_words(kind)}"


def _tags(surface: pygame.Surface, fonts: theme.Fonts, size: int, place: Placement, layout: Layout,
          step: int, agent: pygame.Rect, avoid: tuple[pygame.Rect, ...] = ()) -> list[tuple[str, pygame.Rect]]:
    """One name tag per kind of object ("yellow key"), beside one of them, covering no object,
    no other tag, not the agent and nothing in `avoid`; a name with no free spot is left out (the
    legend has it)."""
    cells = [(obj, place.cell_rect(*(obj.position_at(step) if obj.moves else obj.pos))) for obj in layout.objects]
    taken = [cell for _, cell in cells] + [agent, *avoid]
    bounds = surface.get_rect()
    named: list[tuple[str, pygame.Rect]] = []
    for obj, cell in cells:
        name = object_name(obj.kind, obj.colour)
        if any(name == done for done, _ in named):
            continue
        image = fonts.render(name, size, theme.TEXT, True)
        box = image.get_rect().inflate(size // 2, size // 5)
        for anchor, spot in (("midtop", cell.midbottom), ("midbottom", cell.midtop), ("midleft", cell.midright),
                             ("midright", cell.midleft)):
            trial = box.copy()
            setattr(trial, anchor, spot)
            trial.clamp_ip(bounds)
            if trial.collidelist(taken) < 0:
                pygame.draw.rect(surface, (16, 19, 27), trial, border_radius=max(2, size // 5))
                surface.blit(image, image.get_rect(center=trial.center))
                taken.append(trial)
                named.append((name, trial))
                break
    return named


def _path(surface: pygame.Surface, place: Placement, cells: tuple[tuple[int, int], ...]) -> None:
    """The planned path: a white line edged in ink, and a white frame on the cell it heads for."""
    if len(cells) < 2:
        return
    points = [place.cell_rect(r, c).center for r, c in cells]
    pygame.draw.lines(surface, theme.INK, False, points, max(3, place.cell // 4))
    pygame.draw.lines(surface, (255, 255, 255), False, points, max(1, place.cell // 8))
    pygame.draw.rect(surface, (255, 255, 255), place.cell_rect(*cells[-1]), max(2, place.cell // 8))


def _walked(surface: pygame.Surface, place: Placement, flat: np.ndarray, width: int) -> None:
    """Where the agent has been so far: a dotted trail in the agent's colour."""
    if len(flat) < 2:
        return
    xs, ys = place.centres(flat, width)
    radius = max(1, place.cell // 10)
    for x, y in zip(xs, ys, strict=True):
        pygame.draw.circle(surface, theme.HIGHLIGHT, (int(x), int(y)), radius)


def header_height(app: Host) -> int:
    """The focus view's line over the maze (caption, step, outcome)."""
    return round(app.theme.text("body") * 1.6)


def draw_focus(surface: pygame.Surface, app: Host, rect: pygame.Rect, episode: Episode,
               agent: bool = True, bubble: pygame.Rect | None = None) -> Placement:
    """The episode's maze filling rect, under a line with the caption, the step and (once over) the
    outcome. `bubble`: where a thought bubble will be drawn (its trail keeps name tags away); one
    beside the maze starts below that line, which then runs over both."""
    t, fonts = app.theme, app.fonts
    size = t.text("body")
    maze_rect = rect
    if bubble is not None and bubble.left > rect.right:
        rect = pygame.Rect(rect.x, rect.y, bubble.right - rect.x, rect.height)
    right = f"step {min(episode.step, episode.steps)} / {episode.steps}"
    right_w = fonts.get(size, True).size(right)[0]
    if episode.ended and episode.outcome is not None:  # (ended: an outcome, and the last step shown)
        right_w = _outcome(surface, fonts, size, rect.topright, episode.outcome, f"step {episode.steps}")
    else:
        draw.text(surface, fonts, right, rect.topright, size, theme.HIGHLIGHT, bold=True, anchor="topright")
    title = draw.shorten(fonts.get(size, True), episode.caption, rect.width - right_w - size)
    draw.text(surface, fonts, title, rect.topleft, size, theme.TEXT, bold=True)
    area = pygame.Rect(maze_rect.x, maze_rect.y + header_height(app), maze_rect.width,
                       maze_rect.height - header_height(app))
    place = app.mazes.draw(surface, episode.layout, area, step=episode.step)
    _path(surface, place, episode.path)
    _walked(surface, place, episode.walked, episode.width)
    if agent:
        app.mazes.agents(surface, place, episode.walked[-1:], episode.width, jitter=False, colour=theme.HIGHLIGHT,
                         scale=0.34)
    here = place.cell_rect(*divmod(int(episode.walked[-1]), episode.width))
    # With a thought bubble, its trail of circles runs from the agent to it: no tag there.
    trail: tuple[pygame.Rect, ...] = ()
    if bubble is not None and bubble.left > here.right:  # the bubble beside the maze
        trail = (pygame.Rect(here.right, here.centery - t.px(16), bubble.left - here.right, t.px(32)),)
    elif not agent:
        trail = (pygame.Rect(here.centerx - t.px(16), here.bottom, t.px(32), surface.get_height()),)
    shown_tags[:] = _tags(surface, fonts, t.text("small"), place, episode.layout, episode.step, here, trail)
    return place


def _outcome(surface: pygame.Surface, fonts: theme.Fonts, size: int, topright: tuple[int, int], outcome: Outcome,
             step: str) -> int:
    """The ended episode's outcome as a badge and its name, then the step; returns the width used."""
    words = f"{OUTCOME_WORDS[outcome].split(':')[0]}   {step}"
    image = fonts.render(words, size, theme.TEXT, True)
    box = pygame.Rect(0, 0, image.get_width() + round(size * 1.9), round(size * 1.35))
    box.topright = (topright[0], topright[1] - round(size * 0.1))
    pygame.draw.rect(surface, (16, 19, 27), box, border_radius=size // 3)
    pygame.draw.rect(surface, theme.OUTCOME_RGB[outcome], box, max(2, size // 8), border_radius=size // 3)
    badge = pygame.Rect(box.x + size // 4, box.y + (box.height - size) // 2, size, size)
    glyphs.draw_outcome(surface, badge, outcome, fonts)
    surface.blit(image, image.get_rect(midleft=(badge.right + size // 3, box.centery)))
    return box.width
