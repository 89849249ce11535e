"""Hardened reading of uploaded files, shared by every upload path.

Household import, department data and library documents (and any later upload) go through
here: `workbook.check_file` bounds a spreadsheet before a reader allocates anything,
`workbook.open_rows` reads it, `sandbox.run_limited` runs a document parser in a child process
under a memory ceiling and a time limit. No Django models; limits come from settings.
"""
