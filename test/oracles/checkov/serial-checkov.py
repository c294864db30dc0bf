"""Runs Checkov with every thread pool cut to one worker, so that its checks run one after another.

Checkov 3.3.30 runs graph checks (custom YAML policies among them) in parallel threads over shared
resource dicts, and a JSONPath condition writes the paths it found into those dicts. A check that
walks the same dict at that moment raises "dictionary changed size during iteration", and Checkov
drops every verdict of that check without a word. The oracle compares verdicts, not that race, so it
runs Checkov in this deterministic order. Arguments are Checkov's own.
"""

import concurrent.futures
import sys
import warnings


class SerialThreadPoolExecutor(concurrent.futures.ThreadPoolExecutor):
    def __init__(self, max_workers=None, *args, **kwargs):
        super().__init__(1, *args, **kwargs)


# Before Checkov is imported: its modules bind the name when they import it.
concurrent.futures.ThreadPoolExecutor = SerialThreadPoolExecutor

from checkov.main import Checkov  # noqa: E402

if __name__ == "__main__":
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=SyntaxWarning)
        sys.exit(Checkov().run())
