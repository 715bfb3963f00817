//! The write side of records: turning a row of column values into the bytes ESE stores, as ESE
//! itself would for an insert (`ErrIsamPrepareUpdate`, `ErrIsamSetColumn`, `ErrIsamUpdate` in
//! Microsoft's `fldmod.cxx`, `tagfld.cxx`, `lv.cxx`, `recupd.cxx`).
//!
//! Owns:
//! * [`Row`]: the values of one record to insert, by column id;
//! * [`encode_insert`]: the record bytes, with ESE's choices of which long values stay in the
//!   record (compressed or not) and which go to the long-value tree, and the chunks to write
//!   there ([`LongValueWrite`]);
//! * [`index_keys`]: the key or keys a record has in an index, with ESE's NULL and multi-value
//!   rules;
//! * [`schema`]: the JSON schema of `eseutil create` and the table definitions it gives;
//! * [`import`]: JSONL and CSV rows of `eseutil import` parsed into [`Row`]s.
//!
//! What must hold: every record this module writes decodes through the read path
//! (`format::record::RawRecord`, `db::Table`) to the values it was given (defaults applied,
//! variable values cut to their column's size); where ESE's choices are deterministic the bytes
//! equal ESE's (the tests re-encode the sample databases' records). Bad input is a `JET_err`
//! code naming the column, never a panic.
//!
//! This module sits above `format` and takes the catalog's schema types; it does no
//! I/O and knows nothing of pages or trees: long-value ids come from the caller.

mod encode;
pub mod import;
mod keys;
mod limits;
mod lv;
mod row;
pub mod schema;
mod tagged;

pub use encode::{encode_insert, ColumnWarning, EncodeOptions, EncodedRecord};
pub(crate) use keys::index_limits;
pub(crate) use keys::search_key_onto;
pub use keys::{index_keys, search_key, search_key_after, sequential_key, IndexKeys};
pub use limits::{
    is_valid_page_size, lv_chunk_size, lv_intrinsic_table_most, record_size_most, table_key_most,
    LV_INTRINSIC_MOST_DEFAULT, MIN_DATA_FOR_XPRESS,
};
pub use lv::{chi_squared, compress_value, LongValueWrite, LvChunk};
pub use row::{Cell, Row, RowValue};
