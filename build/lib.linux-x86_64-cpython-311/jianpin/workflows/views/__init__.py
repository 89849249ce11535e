"""Workflow pages; thin: read through queries, write through actions."""
