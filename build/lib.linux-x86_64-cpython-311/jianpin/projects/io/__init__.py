"""Excel in and out for the project library, the annual plan, funds and the asset ledger."""
