//! What the table-loading benches share: their command-line options and the `kv`
//! table they load (a fixed binary key column `k`, the primary index, and a
//! variable binary value column `v`).

use ese::format::coltype::ColumnType;
use ese::record::schema::{
    column_grbit, index_grbit, ColumnSpec, IndexSpec, KeySegmentSpec, TableSpec,
};

/// The value given after option `name` on the command line, if any.
pub fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

/// The table `kv` with keys of `key_len` bytes and values of up to 255.
pub fn kv_spec(key_len: u32) -> TableSpec {
    let column = |name: &str, max_length: u32, flags: u32| ColumnSpec {
        name: name.into(),
        coltype: ColumnType::Binary,
        cp: 0,
        max_length,
        flags,
        default: None,
    };
    TableSpec {
        name: "kv".into(),
        columns: vec![
            column("k", key_len, column_grbit::FIXED | column_grbit::NOT_NULL),
            column("v", 255, 0),
        ],
        indexes: vec![IndexSpec {
            name: "primary".into(),
            key: vec![KeySegmentSpec {
                column: "k".into(),
                descending: false,
            }],
            flags: index_grbit::PRIMARY | index_grbit::UNIQUE,
            key_most: None,
            var_seg_mac: None,
        }],
    }
}
