"""Single-segment keys from dissect.database's key normaliser (dissect/database/ese/index.py).

Ascending keys are dissect's output. Descending keys are those bytes XORed with 0xFF, and
zero-length values give the lone prefix 0x40 (0xBF descending): the rules of ESE's fldnorm.cxx,
which dissect does not implement (it has no descending support and returns 7f40 for an empty
value). Values stay where dissect is exact: ASCII text without NULs, shorter than the key.
"""
import struct, sys, uuid
from types import SimpleNamespace
from dissect.database.ese.index import encode_key
from dissect.database.ese.c_ese import JET_coltyp

lines = ["# Single-segment keys from dissect.database 1.1's normaliser (script tests/data/key/gen_norm.py)",
         "# norm <coltyp> <codepage> <fixed 0|1> <descending 0|1> <value hex|null|-> <key hex>  (key_most 255)"]

def col(t, fixed=False, cp=0):
    t = JET_coltyp(t)
    return SimpleNamespace(type=t, is_fixed=fixed, is_binary=t in (JET_coltyp.Binary, JET_coltyp.LongBinary),
                           is_text=t in (JET_coltyp.Text, JET_coltyp.LongText), encoding=cp)

def emit(t, cp, fixed, raw, key):
    for desc in (0, 1):
        k = bytes(b ^ 0xFF for b in key) if desc else key
        v = "null" if raw is None else (raw.hex() or "-")
        lines.append("norm %d %d %d %d %s %s" % (t, cp, 1 if fixed else 0, desc, v, k.hex()))

def add(t, values, pack, fixed=True, cp=0):
    for v in values:
        raw = pack(v)
        emit(t, cp, fixed, raw, encode_key(None, col(t, fixed, cp), v, 255))
    emit(t, cp, fixed, None, encode_key(None, col(t, fixed, cp), None, 255))

add(1, [False, True], lambda v: b"\xff" if v else b"\x00")
add(2, [0, 1, 127, 128, 255], lambda v: bytes([v]))
add(3, [-32768, -1337, -1, 0, 1, 1337, 32767], lambda v: struct.pack("<h", v))
add(17, [0, 1, 0x7FFF, 0x8000, 0xFFFF], lambda v: struct.pack("<H", v))
add(4, [-2**31, -13371337, -1, 0, 1, 2**31 - 1], lambda v: struct.pack("<i", v))
add(14, [0, 1, 2**31, 2**32 - 1], lambda v: struct.pack("<I", v))
add(15, [-2**63, -1, 0, 1, 2**63 - 1], lambda v: struct.pack("<q", v))
add(5, [-2**63, -1339133913391339, 0, 1337133713371337, 2**63 - 1], lambda v: struct.pack("<q", v))
floats = [0.0, -0.0, 1.0, -1.0, 2.5, -2.5, float("inf"), float("-inf"), 1e-45, -1e-45, 3.4e38, -3.4e38]
add(6, floats, lambda v: struct.pack("<f", v))
doubles = [0.0, -0.0, 1.0, -1.0, 13371337.13371337, -13391339.13391339, float("inf"), float("-inf"), 5e-324, 1.7e308]
add(7, doubles, lambda v: struct.pack("<d", v))
dates = [struct.unpack("<q", struct.pack("<d", d))[0] for d in [0.0, 36220.0, -205470.0, -87183.52083333333, 225623.22916666666]]
add(8, dates, lambda v: struct.pack("<q", v))
guids = ["3f360af1-6766-46dc-9af2-0dacf295c2a1", "00000000-0000-0000-0000-000000000000",
         "ffffffff-ffff-ffff-ffff-ffffffffffff", "03402861-fad3-4ce5-986e-d31df852f2a7"]
add(16, guids, lambda v: uuid.UUID(v).bytes_le)
bins = [bytes([0]), b"a", b"ab", b"ab\x00", b"abc", b"abcdefg", b"abcdefgh", b"abcdefghi",
        b"0123456789abcdef", b"0123456789abcdefX", bytes(range(200)), bytes(range(255)), b"\xff" * 40]
add(9, bins, lambda v: v, fixed=False)
add(11, bins + [b"z" * 300], lambda v: v, fixed=False)
add(9, [b"fixed binary", bytes(range(100))], lambda v: v, fixed=True)
texts = ["a", "A", "abc", "Simple ASCII text", "MiXeD cAsE 123 !@#", "{|}~ `", "z" * 200]
add(10, texts, lambda v: v.encode("ascii"), fixed=False, cp=1252)
add(12, texts, lambda v: v.encode("ascii"), fixed=False, cp=1252)
# zero-length values: ESE's 0x40 prefix
for t, cp in [(9, 0), (10, 1252), (11, 0), (12, 1252)]:
    emit(t, cp, False, b"", b"\x40")
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
print(len(lines))
