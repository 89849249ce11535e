"""Spreadsheet import and export of the household registry (national and project layouts)."""
