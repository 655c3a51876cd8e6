"""The cyclic garbage collector paused while a large import builds its objects."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector paused: 100,000 parsed rows make each of its passes slow.

    Import code makes no reference cycles worth collecting; nesting is fine.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # What the block made (a preview, a plan) lives on: file it with the old objects
            # unexamined (freeze + unfreeze) rather than have the first young collection
            # traverse all of it; any cyclic garbage waits for the next full collection.
            gc.freeze()
            gc.unfreeze()
            gc.enable()
