"""Same stored content: a cold import with this checkout and with another revision, each into
a fresh PostgreSQL database, then every table the import writes and the schema hashed.

    .venv/bin/python bench/import_same.py [--against main] [--pg URL] [--file XLSX]

Per table, md5 of every row's columns but the time stamps (ids included), rows in text order; the schema as
`pg_dump --schema-only` prints it (index definitions included). Prints one line per hash and
whether the two revisions agree.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
bi = importlib.import_module("import")

TABLES = ("registry_household", "registry_member", "registry_incomerecord", "audit_auditevent",
          "screening_householdchange", "registry_importbatch")


def hashes(url: str) -> dict[str, str]:
    import psycopg

    out = {}
    with psycopg.connect(url) as conn:
        for table in TABLES:
            columns = [r[0] for r in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                "AND data_type NOT LIKE 'timestamp%%' ORDER BY ordinal_position", [table])]
            listed = ", ".join(f'"{c}"' for c in columns)
            row = conn.execute(f"SELECT md5(string_agg(r, E'\\n' ORDER BY r)), count(*) FROM "
                               f"(SELECT row({listed})::text AS r FROM {table}) AS s").fetchone()
            out[table] = f"{row[0]} ({row[1]} rows)"
    schema = subprocess.run(["pg_dump", "--schema-only", "-d", url], capture_output=True,
                            check=True).stdout
    # pg_dump 15.14+ frames its output with a random `\restrict` key, new every run
    kept = b"".join(line for line in schema.splitlines(keepends=True)
                    if not line.startswith((b"\\restrict ", b"\\unrestrict ")))
    out["schema"] = hashlib.sha256(kept).hexdigest()
    return out


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--against", default="main")
    p.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/jianpin_import_same")
    p.add_argument("--file", default=str(bi.WORK / "national.xlsx"))
    args = p.parse_args()
    other = bi.export_revision(args.against)
    found = {}
    for who, code in (("this", None), (other.name, other)):
        url = f"{args.pg}_{who.replace('-', '_')}"
        bi.fresh_db(url)
        try:
            r = bi.child(url, "cold", "--file", args.file, code=code)
            found[who] = hashes(url)
        finally:
            bi.drop_db(url)
        print(who, r["rows"], "rows", flush=True)
        for key, value in found[who].items():
            print(f"  {key}: {value}", flush=True)
    mine, theirs = found.values()
    print("identical" if mine == theirs else
          f"DIFFERENT: {[k for k in mine if mine[k] != theirs[k]]}")


if __name__ == "__main__":
    main()
