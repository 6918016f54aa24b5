"""Level select: the campaign and the player's own levels, with previews and load errors.

The list loads off the frame loop (levels_loading.py): the rows appear as their files load, under
a "Loading levels... n of m" line with a spinner, and they can be chosen and opened meanwhile."""

from __future__ import annotations

from pathlib import Path

import pygame
import pygame_gui

from .. import draw, levels_loading, paths, pictures, progress_view, theme
from ..levels_index import LevelEntry
from ..scene import Host, Scene, To


class SelectScene(Scene):
    destination = To.SELECT
    hints = [("Up/Down", "choose"), ("PgUp/PgDn", "page"), ("Enter", "open"), ("E", "edit"), ("F5", "reload"),
             ("Esc", "back")]

    def __init__(self, app: Host) -> None:
        super().__init__(app)
        self.entries: list[LevelEntry] = []
        self.index = 0
        self.top = 0  # the first row shown: the list scrolls to keep the selection in view
        self.page = 1  # rows that fit, as last drawn
        self.rows: list[pygame.Rect] = []  # the rows last drawn, for the mouse
        self.list_rect = pygame.Rect(0, 0, 0, 0)
        self.loading: levels_loading.IndexScan | None = None  # the scan still loading the list
        self.load_error = ""  # what stopped the last scan, if anything did
        self.wanted: Path | None = None  # a file to select when it has loaded (choose, reload)

    @property
    def animating(self) -> bool:
        return self.loading is not None  # the spinner turns while the list loads

    def enter(self) -> None:
        if not self.entries and self.loading is None:
            self.loading = levels_loading.current()  # the scan started at start-up, if it is still going
            self.take_loaded()
        progress_view.show_message(self.app)  # a progress file set aside: said once, never a crash

    def reload(self) -> None:
        """Look at the folders again (F5, a file saved in the editor): unchanged files are not
        loaded again, the selection stays on its file."""
        if self.entries and self.wanted is None:
            self.wanted = self.entries[self.index].path
        self.loading = levels_loading.start()
        self.take_loaded()

    def update(self, dt: float) -> None:
        if self.loading is not None:
            self.take_loaded()

    def take_loaded(self) -> None:
        """Show the entries loaded so far; select the wanted file once it is among them."""
        scan = self.loading
        if scan is None:
            return
        finished = scan.finished  # read before the entries: a finished scan's entries are all there
        self.entries = scan.entries()
        if finished:
            self.loading = None
            self.load_error = scan.error
            if not scan.complete and not scan.error:  # cancelled by a newer scan: follow that one
                self.loading = levels_loading.current()
        if self.wanted is not None and not self.choose(self.wanted) and self.loading is None:
            self.wanted = None  # gone from the folder
        self.move(0)

    def move(self, by: int, to: int | None = None) -> None:
        """Select another row (by a step, or `to` an index) and scroll it into view."""
        last = max(0, len(self.entries) - 1)
        self.index = max(0, min(last, self.index + by if to is None else to))
        self.scroll_into_view()

    def scroll_into_view(self) -> None:
        page = max(1, self.page)
        if self.index < self.top:
            self.top = self.index
        elif self.index >= self.top + page:
            self.top = self.index - page + 1
        self.top = max(0, min(self.top, max(0, len(self.entries) - page)))

    def scroll(self, by: int) -> None:
        """The mouse wheel: move the view, and the selection with it if it would leave the view."""
        page = max(1, self.page)
        self.top = max(0, min(self.top + by, max(0, len(self.entries) - page)))
        self.index = max(self.top, min(self.index, self.top + page - 1, max(0, len(self.entries) - 1)))

    def choose(self, path: Path) -> bool:
        """Select the entry for a level file (True if it is in the list); one still loading is
        selected when it arrives."""
        for i, entry in enumerate(self.entries):
            if entry.path.resolve() == path.resolve():
                self.move(0, to=i)
                self.wanted = None
                return True
        if self.loading is not None:
            self.wanted = path
        return False

    def build_ui(self, manager: pygame_gui.UIManager) -> None:
        t = self.app.theme
        w, h = self.app.screen.get_size()
        bh = t.px(52)
        y = self._buttons_y(bh)
        font = self.app.fonts.get(t.text("body"))
        x = w - t.px(24)
        for label, action in (("Open level (Enter)", self.open), ("Back (Esc)", self.app.pop), ("Edit (E)", self.edit)):
            width = font.size(label)[0] + t.px(40)
            x -= width
            self.button(manager, label, pygame.Rect(x, y, width, bh), action)
            x -= t.px(14)

    def _buttons_y(self, bh: int) -> int:
        """The button row: above the folder line, which sits on the key-hint strip."""
        t = self.app.theme
        small = t.text("small")
        return self.app.screen.get_height() - round(small * 2.1) - round(small * 1.6) - bh - t.px(10)

    def open(self) -> None:
        if self.entries:
            self.app.go(To.INTRO, self.entries[self.index])

    def edit(self) -> None:
        """Open the highlighted level in the editor (a campaign level opens as a copy)."""
        if self.entries:
            self.app.go(To.EDITOR, self.entries[self.index].path)

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type in (pygame.KEYDOWN, pygame.MOUSEWHEEL, pygame.MOUSEBUTTONDOWN):
            self.wanted = None  # the player chooses now
        if event.type == pygame.KEYDOWN:
            steps = {pygame.K_DOWN: 1, pygame.K_s: 1, pygame.K_UP: -1, pygame.K_w: -1,
                     pygame.K_PAGEDOWN: max(1, self.page - 1), pygame.K_PAGEUP: -max(1, self.page - 1)}
            if event.key in steps:
                self.move(steps[event.key])
            elif event.key == pygame.K_HOME:
                self.move(0, to=0)
            elif event.key == pygame.K_END:
                self.move(0, to=len(self.entries) - 1)
            elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.open()
            elif event.key == pygame.K_F5:
                self.reload()
            elif event.key == pygame.K_e:
                self.edit()
            elif event.key == pygame.K_ESCAPE:
                self.app.pop()
        elif event.type == pygame.MOUSEWHEEL:
            self.scroll(-int(getattr(event, "y", 0)))
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for i, row in enumerate(self.rows):
                if row.collidepoint(event.pos):
                    if self.top + i == self.index:
                        self.open()
                    self.move(0, to=self.top + i)
                    break

    def draw(self, surface: pygame.Surface) -> None:
        t, fonts = self.app.theme, self.app.fonts
        w, h = surface.get_size()
        top = draw.header(surface, fonts, t, "Choose a level")
        list_rect = pygame.Rect(t.px(24), top, round(w * 0.34), h - top - t.px(60))
        self._draw_list(surface, list_rect)
        detail = pygame.Rect(list_rect.right + t.px(20), top, w - list_rect.right - t.px(44), 0)
        detail.height = self._buttons_y(t.px(52)) - t.px(12) - top
        if self.entries:
            self._draw_detail(surface, detail, self.entries[self.index])
        elif self.loading is not None:
            draw.panel(surface, detail, t)
            draw.waiting(surface, fonts, t, detail, self.loading.status, t.text("heading"))
        strip = draw.key_hints(surface, fonts, t, self.hints)
        draw.fitted(surface, fonts, f"Your levels folder: {paths.user_levels_dir()}",
                    (w - t.px(24), strip.top - t.px(4)), t.text("small"), w - list_rect.right - t.px(44), theme.MUTED,
                    anchor="bottomright")

    def _draw_list(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """The rows that fit, from `top`; a line above and below says how many more there are."""
        t, fonts = self.app.theme, self.app.fonts
        self.rows = []
        self.list_rect = rect
        body, small = t.text("body"), t.text("small")
        row_h = round(body * 1.45 + small * 1.45) + t.px(18)
        more_h = round(small * 1.5)
        if self.loading is not None and not self.entries:
            return  # the panel beside the list says what is loading, in large type
        if self.loading is not None or self.load_error:  # a line under the rows: what is still loading
            line = pygame.Rect(rect.x, rect.bottom - row_h + t.px(8), rect.width, row_h - t.px(8))
            rect = pygame.Rect(rect.x, rect.y, rect.width, line.y - rect.y)
            if self.loading is not None:
                draw.waiting(surface, fonts, t, line, self.loading.status, body, row=True)
            else:
                draw.paragraph(surface, fonts, self.load_error, line, small, theme.WARN)
        if not self.entries:
            draw.paragraph(surface, fonts, f"No levels found. Put .yaml files in {paths.campaign_dir()} or "
                           f"{paths.user_levels_dir()}", rect, body, theme.MUTED)
            return
        inner = rect.inflate(0, -2 * more_h)
        self.page = max(1, inner.height // row_h)
        self.scroll_into_view()
        if self.top > 0:
            draw.text(surface, fonts, f"^ {self.top} more above (Up, PgUp, wheel)", (rect.x + t.px(14), rect.y),
                      small, theme.MUTED)
        below = len(self.entries) - self.top - self.page
        if below > 0:
            draw.text(surface, fonts, f"v {below} more below (Down, PgDn, wheel)",
                      (rect.x + t.px(14), inner.y + self.page * row_h), small, theme.MUTED)
        for i, entry in enumerate(self.entries[self.top:self.top + self.page]):
            row = pygame.Rect(inner.x, inner.y + i * row_h, inner.width, row_h - t.px(8))
            self.rows.append(row)
            self._draw_row(surface, row, entry, self.top + i == self.index)

    def _draw_row(self, surface: pygame.Surface, row: pygame.Rect, entry: LevelEntry, selected: bool) -> None:
        t, fonts = self.app.theme, self.app.fonts
        body, small = t.text("body"), t.text("small")
        draw.panel(surface, row, t, (52, 64, 88) if selected else theme.PANEL)
        if selected:
            pygame.draw.rect(surface, theme.ACCENT, row, t.px(3), border_radius=t.px(10))
        saved = progress_view.store(self.app).get(progress_view.level_key(str(entry.path)))
        badge = progress_view.draw_badge(surface, fonts, t, saved,
                                         (row.right - t.px(12), row.y + t.px(6) + round(body * 0.7)))
        room = (badge.left if badge else row.right) - row.x - t.px(24)
        mark = "" if entry.origin == "campaign" else "(yours) "
        draw.fitted(surface, fonts, mark + entry.title, (row.x + t.px(14), row.y + t.px(6)), body, room, bold=True)
        if entry.error:
            items, colour = ["cannot load: see the message"], theme.WARN
        else:
            items, colour = list(entry.concepts) or [entry.path.name], theme.MUTED
        # Whole tags rather than overflow; the helper always ends (a loop here once did not).
        sub = draw.fit_items(fonts.get(small), items, row.width - t.px(28))
        draw.text(surface, fonts, sub, (row.x + t.px(14), row.y + t.px(8) + round(body * 1.45)), small, colour)

    def _draw_detail(self, surface: pygame.Surface, rect: pygame.Rect, entry: LevelEntry) -> None:
        t, fonts = self.app.theme, self.app.fonts
        draw.panel(surface, rect, t)
        inner = rect.inflate(-t.px(40), -t.px(32))
        y = draw.text(surface, fonts, entry.title, inner.topleft, t.text("heading"), bold=True).bottom + t.px(8)
        previews = entry.previews()
        if entry.level is not None:
            pictures.declare(entry.level.kinds)  # its custom kinds' pictures, as named in its file
        if entry.error:
            draw.text(surface, fonts, "This level file has a mistake:", (inner.x, y), t.text("body"),
                      theme.WARN, bold=True)
            draw.paragraph(surface, fonts, entry.error, pygame.Rect(inner.x, y + t.px(40), inner.width, inner.bottom - y),
                           t.text("body"))
            return
        x = inner.x
        small = t.text("small")
        chip_h = fonts.get(small, True).get_linesize() + t.px(8)
        y += t.px(4)
        for tag in entry.concepts:  # concept tags as chips, on as many lines as they need
            tag = draw.shorten(fonts.get(small, True), tag, inner.width - t.px(20))
            image = fonts.render(tag, small, (16, 20, 28), True)
            chip = image.get_rect(topleft=(x, y)).inflate(t.px(20), t.px(8))
            chip.topleft = (x, y)
            if chip.right > inner.right and x > inner.x:
                x, y = inner.x, y + chip_h + t.px(6)
                chip.topleft = (x, y)
            pygame.draw.rect(surface, theme.ACCENT, chip, border_radius=chip.height // 2)
            at = image.get_rect(center=chip.center)
            surface.blit(image, at)
            draw.note_text(surface, tag, image, at)
            x = chip.right + t.px(10)
        y += (chip_h + t.px(14)) if entry.concepts else 0
        saved = progress_view.store(self.app).get(progress_view.level_key(str(entry.path)))
        words = progress_view.summary(saved, "puzzle" in entry.concepts or bool(saved.best_setting))
        if words:
            won = theme.GOOD if saved.won else theme.TEXT
            y = draw.text(surface, fonts, "Your progress: " + words, (inner.x, y), t.text("body"), won,
                          bold=True).bottom + t.px(10)
        if entry.level and entry.level.source:
            y = draw.paragraph(surface, fonts, "Source: " + entry.level.source, pygame.Rect(inner.x, y, inner.width, t.px(50)),
                               t.text("small"), theme.MUTED) + t.px(6)
        if previews:
            half = (inner.width - t.px(30)) // 2
            labels = (("Training maze (evolution sees these)", "Training maze"),
                      ("Deployment maze (new, never seen)", "Deployment maze (new)"))
            for i, (layout, (caption, short)) in enumerate(zip(previews, labels, strict=True)):
                box = pygame.Rect(inner.x + i * (half + t.px(30)), y, half, inner.bottom - y)
                if fonts.get(t.text("small")).size(caption)[0] > box.width:
                    caption = short  # a whole short caption reads better than a long one cut
                draw.fitted(surface, fonts, caption, (box.centerx, box.y), t.text("small"), box.width, theme.MUTED,
                            anchor="midtop")
                self.app.mazes.draw(surface, layout, pygame.Rect(box.x, box.y + t.px(30), box.width, box.height - t.px(30)))
