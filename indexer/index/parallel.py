"""Whoosh's multi-process writer, with workers that die with their parent.

Kept apart from :mod:`indexer.index.store` so that searching never imports
``multiprocessing``.
"""

from __future__ import annotations

import signal

from whoosh.multiproc import MpWriter, SubWriterTask


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (a writer whose
    parent was killed would otherwise wait on its job queue for ever)."""
    try:
        import ctypes  # noqa: PLC0415

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class _WriterTask(SubWriterTask):
    def run(self):
        _die_with_parent()
        super().run()


class ParallelWriter(MpWriter):
    """Whoosh's multi-process writer (one segment per process, no final merge)
    whose processes die with the parent, so ``kill -9`` leaves no orphan."""

    def _new_task(self):
        task = _WriterTask(
            self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs, self.multisegment
        )
        self.tasks.append(task)
        task.start()
        return task
