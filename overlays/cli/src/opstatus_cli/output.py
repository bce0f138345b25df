"""Rendering: live progress bars, the summary table, JSON lines; and the redacting streams."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TextIO

from opstatus_core import Classification
from opstatus_core.limits import MAX_DETAIL_CHARS, MAX_SHOWN_CHARS, shorten
from opstatus_core.sdk import Snapshot
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from .run import Result

__all__ = ["LiveProgress", "print_json", "print_table", "redacting"]

REDACTED = "**********"
_STYLE = {
    "succeeded": "green",
    "pending": "cyan",
    "failed": "red",
    "canceled": "yellow",
    "timed_out": "magenta",
    "error": "red",
}


class _Redacting:
    """A text stream that replaces every secret value before it reaches the real stream."""

    def __init__(self, stream: TextIO, secrets: Sequence[str]) -> None:
        self._stream = stream
        # longest first, so a secret containing another is replaced whole
        self._secrets = sorted(set(secrets), key=len, reverse=True)

    def write(self, text: str) -> int:
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        return self._stream.write(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # isatty, fileno, flush, encoding, ...
        return getattr(self._stream, name)


@contextmanager
def redacting(secrets: Iterable[str]) -> Iterator[None]:
    """While inside, nothing written to stdout/stderr can contain one of ``secrets``.

    The credentials never reach any message in the first place; this is the second line.
    Values shorter than 4 characters are not treated as secrets (they would mangle output).
    """
    values = [s for s in secrets if len(s) >= 4]
    if not values:
        yield
        return
    out, err = sys.stdout, sys.stderr
    sys.stdout = _Redacting(out, values)
    sys.stderr = _Redacting(err, values)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def _shown(text: str, limit: int = MAX_SHOWN_CHARS) -> str:
    """Server-controlled text for a cell or a bar: shortened, and escaped so that brackets in
    a status or detail are shown, not read as rich markup."""
    return escape(shorten(text, limit))


def _percent(progress: float | None) -> str:
    return "" if progress is None else f"{progress * 100:5.1f}%"


class LiveProgress:
    """One live bar per operation on stderr: a percentage where the provider reports progress,
    the current status otherwise."""

    def __init__(
        self,
        ids: Sequence[str],
        detail: Callable[[Snapshot[Any]], str | None] | None = None,
    ) -> None:
        self._detail = detail  # the SDK's extra progress line (e.g. document counts)
        self._details: dict[str, str] = {}
        self.console = _console(stderr=True)
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[state]}"),
            TimeElapsedColumn(),
            console=self.console,
            transient=False,
        )
        self._tasks: dict[str, TaskID] = {}
        for op_id in ids:
            self._tasks[op_id] = self.progress.add_task(_shown(op_id), total=None, state="waiting")

    def __enter__(self) -> LiveProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def update(self, snap: Snapshot[Any]) -> None:
        task = self._tasks.get(snap.operation_id)
        if task is None:
            return
        cls = snap.classification
        style = _STYLE.get(cls.value, "")
        state = f"[{style}]{_shown(snap.status)}[/]" if style else _shown(snap.status)
        extra = self._detail(snap) if self._detail is not None else None
        if extra:
            self._details[snap.operation_id] = extra
            state = f"{state}  {escape(extra)}"
        if snap.progress is not None:
            state = f"{_percent(snap.progress)}  {state}"
            self.progress.update(task, total=1.0, completed=snap.progress, state=state)
        elif cls is Classification.SUCCEEDED:
            self.progress.update(task, total=1.0, completed=1.0, state=state)
        else:
            self.progress.update(task, state=state)

    def finish(self, results: Sequence[Result]) -> None:
        for result in results:
            task = self._tasks.get(result.operation_id)
            if task is None:
                continue
            style = _STYLE.get(result.outcome, "")
            label = _shown(result.status or result.outcome)
            state = f"{_percent(result.progress)}  [{style}]{label}[/]".strip()
            if result.operation_id in self._details:
                state = f"{state}  {escape(self._details[result.operation_id])}"
            if result.outcome == "succeeded":
                self.progress.update(task, total=1.0, completed=1.0, state=state)
            else:
                current = self.progress.tasks[task]
                total = current.total if current.total is not None else 1.0
                self.progress.update(task, total=total, state=state)
            self.progress.stop_task(task)


def _console(stderr: bool = False) -> Console:
    console = Console(stderr=stderr)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = 160  # a log or a pipe: do not squeeze the table into 80 columns
    return console


def print_table(results: Sequence[Result], *, title: str) -> None:
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("operation", no_wrap=True)
    table.add_column("outcome", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("progress", justify="right", no_wrap=True)
    table.add_column("polls", justify="right", no_wrap=True)
    table.add_column("elapsed", justify="right", no_wrap=True)
    table.add_column("detail", overflow="fold", min_width=20)
    for r in results:
        style = _STYLE.get(r.outcome, "")
        table.add_row(
            _shown(r.operation_id),
            f"[{style}]{r.outcome}[/]" if style else r.outcome,
            _shown(r.status or "-"),
            _percent(r.progress).strip() or "-",
            str(r.attempts),
            "-" if r.elapsed is None else f"{r.elapsed:.1f}s",
            _shown(
                r.detail or (r.error_type if r.outcome in ("error", "timed_out") else "") or "",
                MAX_DETAIL_CHARS,
            ),
        )
    _console().print(table)


def print_json(results: Sequence[Result]) -> None:
    for r in results:
        sys.stdout.write(json.dumps(r.to_json(), sort_keys=False) + "\n")
    sys.stdout.flush()
