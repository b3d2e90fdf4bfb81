"""Executes every notebook of this folder against the published database (CITY_INDICATORS_DB_URL) with nbclient.

    python run_notebooks.py OUT_DIR

Writes the executed notebooks to OUT_DIR and exits non-zero, naming the notebook and cell, when a cell fails.
The test command runs it on a freshly published sample night (jobs/target/notebooks-executed/).

The notebooks are independent, so they run at once, as many as the machine has cores: most of a notebook's time is
its kernel starting and importing pandas and matplotlib, which does not need the other notebooks.
"""
import asyncio
import os
import pathlib
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

here = pathlib.Path(__file__).resolve().parent
out = pathlib.Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)


async def execute(path, slots):
    """Runs one notebook in a kernel of its own; returns None, or the error of its failing cell."""
    book = nbformat.read(path, as_version=4)
    async with slots:
        try:
            await NotebookClient(book, timeout=300, kernel_name="python3",
                                 resources={"metadata": {"path": str(here)}}).async_execute()
            return None
        except CellExecutionError as e:
            return e
        finally:
            nbformat.write(book, out / path.name)


async def main():
    paths = sorted(here.glob("*.ipynb"))
    slots = asyncio.Semaphore(max(1, os.cpu_count() or 1))
    errors = await asyncio.gather(*(execute(p, slots) for p in paths))
    for path, error in zip(paths, errors):
        if error is None:
            print(f"ok      {path.name}")
        else:
            print(f"FAILED  {path.name}\n{error}", file=sys.stderr)
    return 1 if any(e is not None for e in errors) else 0


sys.exit(asyncio.run(main()))
