"""The policy library."""
from pathlib import Path

# The demo's texts (seed pages, samples in each format, corpus reports): product data installed
# with the package (pyproject's package-data). The tests and the labelled set read them here.
DEMO_DATA = Path(__file__).resolve().parent / "demo_data"
