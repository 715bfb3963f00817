#!/usr/bin/env python3
"""Re-derive every index entry of an ESE file with dissect.database's key
normaliser and look each one up in the index.

    python tools/reader-keys.py FILE.edb [--table NAME] [--limit N]

dissect.database's `Index.make_key` handles ascending segments of single
values only. This script takes its per-segment encoder (`encode_key`) and adds
the index rules it leaves out, as ESE's `fldnorm.cxx` and `recupd.cxx` define
them: descending segments are the whole segment XORed with 0xFF; NULL
segments are the prefix byte 0x00 (0xC0 when the index sorts NULLs high); a
record is left out of an index that ignores all, first or any NULL segments;
the first multi-valued column gives one key per value. Keys are cut to the
index's KeyMost and each text or binary segment to its VarSegMac; a zero-length value is the prefix 0x40 alone. Unicode (code page 1200) text segments are skipped: their
keys are Windows sort keys. An index over substring tuples (its catalog row has
TupleLimits) gives, for each value of its first column, one key per substring at
the tuple offsets (`ichStart`, then every `cchIncrement` characters, at most
`chToIndexMax`), each cut to `chLengthMax` characters, until one is shorter than
`chLengthMin` (`ErrRECIEnumerateKeys`, `ErrRECIIRetrieveKey`).

Prints one line per index: `TABLE.INDEX found=F missing=M skipped=S`, and
exits 1 when any key is missing.
"""

import sys

from dissect.database.ese import ESE
from dissect.database.ese.index import IDBFLAG, encode_key


def descending_flags(index) -> list[bool]:
    raw = index.record.get("KeyFldIDs") or b""
    if len(raw) % 4 == 0:
        return [bool(raw[i] & 0x40) for i in range(0, len(raw), 4)]
    # Legacy: signed 16-bit column ids, negative = descending.
    out = []
    for i in range(0, len(raw), 2):
        v = int.from_bytes(raw[i : i + 2], "little", signed=True)
        out.append(v < 0)
    return out


def segment(index, column, value, descending: bool) -> bytes:
    if value is None:
        nulls_high = bool(index.idb_flags & IDBFLAG.SortNullsHigh)
        seg = bytes([0xC0 if nulls_high else 0x00])
    elif isinstance(value, (bytes, str)) and len(value) == 0:
        # A zero-length text or binary value is the prefix 0x40 alone
        # (dissect's encoder puts 0x7F before it).
        seg = bytes([0x40])
    else:
        seg = encode_key(index, column, value, index._var_seg_mac)
    if descending:
        seg = bytes(b ^ 0xFF for b in seg)
    return seg


def fix_limits(index) -> None:
    """dissect keeps VarSegMac as the catalog's raw bytes (a little-endian u16):
    make it the number its encoder compares with."""
    if isinstance(index._var_seg_mac, (bytes, bytearray)):
        index._var_seg_mac = int.from_bytes(index._var_seg_mac[:2], "little") or index._key_most


def whole_key(index, columns, values, desc) -> bytes | None:
    """The key of `values`, one per column, cut to the index's KeyMost; None when a
    segment cannot be encoded."""
    try:
        key = b"".join(segment(index, c, v, d) for c, v, d in zip(columns, values, desc))
    except Exception:  # noqa: BLE001
        return None
    return key[: index._key_most]


def tuple_limits(index):
    """(min, max, to_index_max, increment, start) of a tuple index, else None."""
    raw = index.record.get("TupleLimits")
    if not raw:
        return None
    n = [int.from_bytes(raw[i : i + 4], "little") for i in range(0, len(raw), 4)]
    if len(n) == 3:
        n += [1, 0]
    return tuple(n[:5])


def tuple_keys(index, record, limits) -> list[bytes] | None:
    """The keys of `record` in tuple index `index`."""
    lo, hi, most, step, start = limits
    columns = index.columns
    desc = descending_flags(index)
    first = record.get(columns[0].name)
    firsts = first if isinstance(first, list) else [first]
    rest = []
    for c in columns[1:]:
        v = record.get(c.name)
        rest.append(v[0] if isinstance(v, list) and v else (None if isinstance(v, list) else v))
    out = []
    if any(x is None for x in rest) and not index.idb_flags & IDBFLAG.AllowSomeNulls:
        return out
    for v in firsts:
        if v is None:
            continue
        for k in range(most):
            off = start + k * step
            sub = v[off:][:hi]
            if len(sub) < lo:
                break
            key = whole_key(index, columns, [sub] + rest, desc)
            if key is None:
                return None
            if key not in out:
                out.append(key)
    return out


def keys_of(index, record) -> list[bytes] | None:
    """The keys of `record` in `index`, or None when they cannot be made."""
    fix_limits(index)
    limits = tuple_limits(index)
    if limits is not None:
        c = index.columns[0]
        if c.is_text and int(c.encoding or 0) == 1200:
            return None
        return tuple_keys(index, record, limits)
    columns = index.columns
    desc = descending_flags(index)
    values = []
    multi_at = None
    for i, c in enumerate(columns):
        if c.is_text and int(c.encoding or 0) == 1200:
            return None
        v = record.get(c.name)
        if isinstance(v, list):
            if multi_at is None:
                multi_at = i
            else:
                v = v[0] if v else None
        values.append(v)
    combos = []
    if multi_at is None:
        combos.append(values)
    else:
        many = values[multi_at] or [None]
        for v in many:
            combos.append(values[:multi_at] + [v] + values[multi_at + 1 :])
    flags = index.idb_flags
    out = []
    for vals in combos:
        nulls = [v is None for v in vals]
        if all(nulls):
            if not flags & IDBFLAG.AllowAllNulls:
                return out
        elif nulls[0] and not flags & IDBFLAG.AllowFirstNull:
            return out
        elif any(nulls) and not flags & IDBFLAG.AllowSomeNulls:
            return out
        key = whole_key(index, columns, vals, desc)
        if key is None:
            return None
        if key not in out:
            out.append(key)
    return out


def main(argv: list[str]) -> int:
    path = argv[1]
    only = argv[argv.index("--table") + 1] if "--table" in argv else None
    limit = int(argv[argv.index("--limit") + 1]) if "--limit" in argv else None
    missing_total = 0
    with open(path, "rb") as fh:
        db = ESE(fh)
        for table in db.tables():
            if only and table.name != only:
                continue
            records = []
            for i, rec in enumerate(table.records()):
                if limit is not None and i >= limit:
                    break
                records.append(rec)
            for index in table.indexes:
                found = missing = skipped = 0
                for rec in records:
                    keys = keys_of(index, rec)
                    if keys is None:
                        skipped += 1
                        continue
                    for key in keys:
                        try:
                            index.search_key(key)
                            found += 1
                        except Exception as exc:  # noqa: BLE001
                            if type(exc).__name__ == "KeyNotFoundError":
                                missing += 1
                            else:
                                skipped += 1
                missing_total += missing
                print(f"{table.name}.{index.name} found={found} missing={missing} skipped={skipped}")
    return 1 if missing_total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
