"""Executes every notebook of this folder against the published database (CITY_INDICATORS_DB_URL) with nbclient.

    python run_notebooks.py OUT_DIR

Writes the executed notebooks to OUT_DIR and exits non-zero, naming the notebook and cell, when a cell fails.
The test command runs it on a freshly published sample night (jobs/target/notebooks-executed/).
"""
import pathlib
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

here = pathlib.Path(__file__).resolve().parent
out = pathlib.Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
failed = []
for path in sorted(here.glob("*.ipynb")):
    book = nbformat.read(path, as_version=4)
    try:
        NotebookClient(book, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(here)}}).execute()
        print(f"ok      {path.name}")
    except CellExecutionError as e:
        failed.append(path.name)
        print(f"FAILED  {path.name}\n{e}", file=sys.stderr)
    finally:
        nbformat.write(book, out / path.name)
sys.exit(1 if failed else 0)
