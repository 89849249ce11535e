"""One module per workflow; each defines its statuses and its transition table as data."""
