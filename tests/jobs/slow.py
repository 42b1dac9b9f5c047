"""A job for the queue's own tests: marks its start, sleeps, marks its end (by process id)."""

import os
import time
from pathlib import Path

from django_tasks import task


@task()
def slow(folder: str, seconds: float) -> int:
    Path(folder, f"started-{os.getpid()}").touch()
    time.sleep(seconds)
    Path(folder, f"done-{os.getpid()}").touch()
    return os.getpid()
