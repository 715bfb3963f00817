"""Dump stored index keys of the ESE samples together with the column values they were built from.

For every index whose segments are not Unicode (cp 1200) text, and for a sample of its entries, write
the stored key and, per segment, every candidate input value of the indexed record (all instances of
a multi-valued column; the catalog default for an absent column; long values resolved and
decompressed, cut to KeyMost + 8 bytes, which is more than normalization can consume).
"""
import struct, sys, os
from dissect.database.ese import ESE
from dissect.database.ese import compression

OUT = sys.argv[1]
MAX_ENTRIES = int(os.environ.get("MAX_ENTRIES", "40"))
lines = ["# Stored index keys from the ESE samples (dissect.database 1.1; script tests/data/key/extract_keys.py)",
         "# index <db> <table> <index> key_most=<n> var_seg_mac=<n> idb=<hex> idx=<hex>",
         "# seg <coltyp> <codepage> <fixed 0|1> <descending 0|1> <columnid>",
         "# entry <stored key hex>",
         "# in <segment#> (null|- (zero-length)|<value hex>)   one line per candidate instance",
         ""]

def decompress(buf):
    """dissect's decompression, cut to the exact size ESE computes for the 7-bit schemes
    (dissect ignores the count of used bits in the last byte and can return one extra unit)."""
    out = compression.decompress(buf)
    scheme = buf[0] >> 3
    if scheme in (1, 2):
        units = ((len(buf) - 2) * 8 + (buf[0] & 7) + 1) // 7
        out = out[: units * scheme]
    return out


def get_long_value(table, lid_bytes):
    """The long value of a LID: the chunks after the root, each decompressed when its stored
    size differs from its share of the total size."""
    from dissect.database.ese.btree import BTree
    from dissect.database.ese.exception import NoNeighbourPageError
    rkey = lid_bytes[::-1]
    btree = BTree(table.db, table.lv_page)
    root = btree.search(rkey)
    _, size = struct.unpack("<2I", bytes(root.data)[:8])
    nodes = []
    while True:
        try:
            node = btree.next()
        except NoNeighbourPageError:
            break
        if not bytes(node.key).startswith(rkey) or len(node.key) == len(rkey):
            break
        nodes.append((struct.unpack(">I", bytes(node.key)[-4:])[0], bytes(node.data)))
    out = b""
    for i, (off, data) in enumerate(nodes):
        end = nodes[i + 1][0] if i + 1 < len(nodes) else size
        if len(data) != end - off:
            data = decompress(data)
        out += data
    assert len(out) == size, (len(out), size)
    return out


def values_for(table, rec, col, key_most):
    rd = rec._data
    cut = key_most + 8
    if col.is_fixed:
        v = rd._get_fixed(col)
        return [None if v is None else bytes(v)]
    if col.is_variable:
        v = rd._get_variable(col)
        return [None if v is None else bytes(v)]
    tag_field, v = rd._get_tagged(col)
    if v is None:
        return [None]
    v = bytes(v)
    if tag_field is None:
        return [v[:cut]]
    fl = int(tag_field.flags)
    if tag_field.is_null:
        return [None]
    if fl & 0x08:
        pieces = []
        if fl & 0x10:
            n = v[0]
            pieces = [v[1:1 + n], v[1 + n:]]
        else:
            first = struct.unpack("<H", v[0:2])[0] & 0x7FFF
            offs = list(struct.unpack("<%dH" % (first // 2), v[:first])) + [len(v)]
            for i in range(first // 2):
                data = v[offs[i] & 0x7FFF: offs[i + 1] & 0x7FFF]
                if offs[i] & 0x8000:
                    data = get_long_value(table, data)
                elif i == 0 and fl & 0x02:
                    data = decompress(data)
                pieces.append(data)
        return [p[:cut] for p in pieces]
    if fl & 0x04:
        return [get_long_value(table, v)[:cut]]
    if fl & 0x02:
        return [decompress(v)[:cut]]
    return [v[:cut]]

def segs_of(ix):
    r = ix.record
    flags = r.get("Flags")
    idx_flags = flags >> 16
    kf = r.get("KeyFldIDs")
    segs = []
    if idx_flags & 1:
        for i in range(0, len(kf), 4):
            bflags, _, fid = struct.unpack("<BBH", kf[i:i+4])
            segs.append((fid, bool(bflags & 0x40)))
    else:
        for i in range(0, len(kf), 2):
            (v,) = struct.unpack("<h", kf[i:i+2])
            segs.append((-v, True) if v < 0 else (v, False))
    return segs

def dump(dbfile):
    db = ESE(open(os.path.join("/tmp/work", dbfile), "rb"))
    seen_kinds = set()
    for t in db.tables():
        if not t.indexes:
            continue
        # the system tables look alike in every file: keep them from two files only
        if t.name.startswith("MSys") and dbfile not in ("index.edb", "Windows.edb"):
            continue
        # Windows.edb repeats one schema for many tables: keep three of each
        kind = t.name.rstrip("0123456789")
        if kind != t.name:
            n = sum(1 for k in seen_kinds if k[0] == kind)
            if n >= 3:
                continue
            seen_kinds.add((kind, t.name))
        try:
            recs = {bytes(r._node.key): r for r in t.records()}
        except Exception as e:
            print("skip table", t.name, e)
            continue
        for ix in t.indexes:
            r = ix.record
            segs = segs_of(ix)
            cols = []
            ok = True
            for fid, desc in segs:
                c = t._column_id_map.get(fid)
                if c is None:
                    ok = False
                    break
                cp = (c.record.get("PagesOrLocale") or 0) if int(c.type.value) in (10, 12) else 0
                if cp == 1200:
                    ok = False
                cols.append((c, cp, desc))
            if not ok:
                continue
            key_most = r.get("KeyMost") or 255
            vsm = r.get("VarSegMac")
            if isinstance(vsm, (bytes, memoryview)):
                vsm = struct.unpack("<H", bytes(vsm)[:2])[0] if len(vsm) >= 2 else None
            var_seg_mac = vsm or key_most
            flags = r.get("Flags")
            entries = []
            for n in ix.root.iter_leaf_nodes():
                bm = bytes(n.key) if ix.is_primary else bytes(n.data)
                entries.append((bytes(n.key), bm))
            if len(entries) > MAX_ENTRIES:
                step = len(entries) / MAX_ENTRIES
                entries = [entries[int(i * step)] for i in range(MAX_ENTRIES)]
            lines.append("index %s %s %s key_most=%d var_seg_mac=%d idb=%04x idx=%04x" % (
                dbfile, t.name, ix.name, key_most, var_seg_mac, flags & 0xFFFF, flags >> 16))
            for c, cp, desc in cols:
                lines.append("seg %d %d %d %d %d" % (int(c.type.value), cp, 1 if c.is_fixed else 0, 1 if desc else 0, c.identifier))
            for key, bm in entries:
                rec = recs.get(bm)
                if rec is None:
                    print("no record for", t.name, ix.name, bm.hex())
                    continue
                lines.append("entry " + key.hex())
                for i, (c, cp, desc) in enumerate(cols):
                    for v in values_for(t, rec, c, key_most):
                        lines.append("in %d %s" % (i, "null" if v is None else (v.hex() or "-")))
            lines.append("")

for f in sys.argv[2:]:
    dump(f)
open(os.path.join(OUT, "keys.txt"), "w").write("\n".join(lines) + "\n")
print(len(lines))
