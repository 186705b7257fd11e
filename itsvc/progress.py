"""A plain progress bar for long command-line jobs."""
import sys
import time


class Progress:
    "Print `label [#####.....] done/total` on stderr, at most 10 times a s"

    def __init__(self, label, total, stream=None, width=30):
        self.label = label
        self.total = max(total, 1)
        self.done = 0
        self.width = width
        self.stream = stream or sys.stderr
        self._shown = 0.0
        self._start = time.monotonic()

    def __enter__(self):
        self.show()
        return self

    def __exit__(self, *exc):
        self.show(force=True)
        self.stream.write('\n')
        self.stream.flush()

    def advance(self, count=1):
        self.done = min(self.done + count, self.total)
        self.show()

    def show(self, force=False):
        now = time.monotonic()
        if not force and now - self._shown < 0.1 and self.done < self.total:
            return
        self._shown = now
        filled = self.width * self.done // self.total
        bar = '#' * filled + '.' * (self.width - filled)
        self.stream.write(
            f'\r{self.label} [{bar}] {self.done}/{self.total} '
            f'{now - self._start:.1f} s')
        self.stream.flush()
