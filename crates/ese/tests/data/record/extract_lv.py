"""Dump long-value tree nodes (key, data length, data head) of the sample tables for lv.rs tests."""
import sys, os
from dissect.database.ese import ESE
OUT = sys.argv[1]
lines = ["# LV tree nodes from the ESE samples (dissect.database 1.1; script tests/data/record/extract_lv.py)",
         "# lv <db> <table> <key hex> <data length> <first 16 data bytes hex>"]
for dbf, tn in [("binary.edb","binary"),("text.edb","text"),("multi.edb","multi"),("index.edb","index"),("default.edb","default")]:
    db = ESE(open(os.path.join("/tmp/work", dbf), "rb"))
    t = db.table(tn)
    try:
        p = t.lv_page
    except TypeError:
        continue
    for n in p.iter_leaf_nodes():
        d = bytes(n.data)
        lines.append("lv %s %s %s %d %s" % (dbf, tn, n.key.hex(), len(d), d[:16].hex() or "-"))
db = ESE(open("/tmp/work/Windows.edb", "rb"))
for tn in ["SystemIndex_1", "SystemIndex_1_Properties"]:
    t = db.table(tn)
    for i, n in enumerate(t.lv_page.iter_leaf_nodes()):
        if i >= 6:
            break
        d = bytes(n.data)
        lines.append("lv %s %s %s %d %s" % ("Windows.edb", tn, n.key.hex(), len(d), d[:16].hex() or "-"))
open(os.path.join(OUT, "lv_nodes.txt"), "w").write("\n".join(lines) + "\n")
print(len(lines))
