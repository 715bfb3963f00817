#!/usr/bin/env python3
"""Dump every record of an ESE database with an independent reader
(dissect.database), in the JSON-lines form `eseutil export DB` writes, so the two
can be compared line by line.

Usage: reader-values.py DB[.gz] [--table T]

Normalisation (the same rules as eseutil's export): NULL and deleted columns are left out;
multi-valued columns are arrays; binary is lowercase hex; DateTime is ISO-8601
from the OLE date (Windows' rule for dates before 1899-12-30); GUIDs are strings.
"""
from __future__ import annotations

import datetime
import gzip
import json
import math
import os
import struct
import sys
import tempfile


def ole_to_iso(days: float) -> str | float:
    if not math.isfinite(days) or not (-657434.0 <= days < 2958466.0):
        return days
    whole = math.trunc(days)
    ms = round(abs(days - whole) * 86_400_000)
    base = datetime.datetime(1899, 12, 30) + datetime.timedelta(days=whole, milliseconds=ms)
    s = base.strftime("%Y-%m-%dT%H:%M:%S")
    if base.microsecond:
        s += ".%03d" % (base.microsecond // 1000)
    return s.rjust(19, "0") if base.year >= 1000 else "%04d" % base.year + s[s.index("-"):]


def norm(coltype: int, v):
    if v is None:
        return None
    if isinstance(v, list):
        return [norm(coltype, x) for x in v]
    if coltype == 8:  # DateTime: dissect returns the raw 64 bits
        bits = int(v) & 0xFFFFFFFFFFFFFFFF
        return ole_to_iso(struct.unpack("<d", struct.pack("<Q", bits))[0])
    if isinstance(v, (bytes, bytearray)):
        return bytes(v).hex()
    if coltype == 6:  # IEEESingle: keep float32 precision as eseutil prints it
        return struct.unpack("<f", struct.pack("<f", v))[0]
    if isinstance(v, bool):
        return v
    if hasattr(v, "__int__") and not isinstance(v, float) and coltype not in (6, 7):
        return int(v)
    return v


def main(argv: list[str]) -> int:
    from dissect.database.ese import ESE

    path = argv[0]
    only = argv[argv.index("--table") + 1] if "--table" in argv else None
    tmp = None
    if path.endswith(".gz"):
        tmp = tempfile.NamedTemporaryFile(suffix=".edb", delete=False)
        with gzip.open(path) as src:
            tmp.write(src.read())
        tmp.close()
    try:
        with open(tmp.name if tmp else path, "rb") as fh:
            write_values(ESE(fh), only, sys.stdout)
    finally:
        if tmp:
            os.unlink(tmp.name)
    return 0


def write_values(db, only: str | None, out) -> None:
    """Writes each record of `db` (or of table `only`) as one JSON line."""
    for table in db.tables():
        if only and table.name != only:
            continue
        # Type 0 (JET_coltypNil) marks a deleted column: ESE skips it, and so does eseutil.
        cols = [(c.name, int(c.type)) for c in table.columns if int(c.type) != 0]
        for rec in table.records():
            obj = {} if only else {"_table": table.name}
            for name, ct in cols:
                v = norm(ct, rec.get(name))
                if v is not None:
                    obj[name] = v
            out.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
