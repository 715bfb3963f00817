//! The records of `MSysObjids`: one per table, secondary index and long-value tree, mapping its
//! object id to its table (`ErrCATInsertMSObjidsRecord`, `ErrCATPopulateMSObjids` in
//! `cat.cxx`). Primary indexes share their table's object id and have no record.
//!
//! The table has three tagged columns, `objid` (256, Long), `objidTable` (257, Long) and `type`
//! (258, Short, the catalog row type), and the primary index `primary` on `objid`. A record is
//! just the three tagged values:
//!
//! ```text
//! small pages: 00 7F 04 00 | 00 01 0C 00 | 01 01 10 00 | 02 01 14 00 | objid | objidTable | type
//! large pages: the same with a zero header byte before each value (offsets 0C, 11, 16)
//! ```
//!
//! A new database holds the rows of the catalog's tables and indexes (populated after
//! `MSysObjids` exists: 2, 3, 4, 5, then 6 itself) and of `MSysLocales` (7, added when it is
//! created). A user table adds its own row, one per secondary index and one for its long-value
//! tree when that is created.
//!
//! What must hold: the bytes and keys equal those of the sample databases.

use super::{sysobj, OBJID_MSO, OBJID_MSO_NAME_INDEX, OBJID_MSO_ROOT_OBJECTS_INDEX};
use super::{OBJID_MSO_SHADOW, OBJID_MSYS_LOCALES, OBJID_MSYS_OBJIDS};
use crate::format::coltype::ColumnType;
use crate::format::key::{make_key, SegmentSpec, KEY_MOST_LEGACY};
use crate::format::record::{FieldValue, RecordBuilder, TaggedInput};
use crate::Result;

/// Column id of `objid`.
pub const COLUMN_OBJID: u32 = 256;
/// Column id of `objidTable`.
pub const COLUMN_OBJID_TABLE: u32 = 257;
/// Column id of `type`.
pub const COLUMN_TYPE: u32 = 258;

/// One record of `MSysObjids`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ObjidRow {
    /// The object id (a table, secondary index or long-value tree).
    pub objid: u32,
    /// The table it belongs to (itself for a table).
    pub objid_table: u32,
    /// Its catalog row type ([`sysobj`]).
    pub row_type: i16,
}

fn value(data: &[u8]) -> FieldValue<'_> {
    FieldValue {
        separated: false,
        compressed: false,
        encrypted: false,
        data,
    }
}

impl ObjidRow {
    /// The record bytes.
    pub fn encode(&self, large_page: bool) -> Result<Vec<u8>> {
        let (o, t, y) = (
            self.objid.to_le_bytes(),
            self.objid_table.to_le_bytes(),
            self.row_type.to_le_bytes(),
        );
        let mut b = RecordBuilder::new(large_page);
        for (id, data) in [
            (COLUMN_OBJID, &o[..]),
            (COLUMN_OBJID_TABLE, &t[..]),
            (COLUMN_TYPE, &y[..]),
        ] {
            b.tagged(TaggedInput {
                column_id: id,
                derived: false,
                long_value: false,
                values: vec![value(data)],
            });
        }
        b.build()
    }

    /// The key in the `primary` index: `objid` normalized as a (tagged) Long.
    pub fn key(&self) -> Result<Vec<u8>> {
        let o = self.objid.to_le_bytes();
        Ok(make_key(
            &[(SegmentSpec::new(ColumnType::Long, 0), Some(&o[..]))],
            KEY_MOST_LEGACY,
        )?
        .bytes)
    }

    /// A table's row.
    pub fn table(objid: u32) -> ObjidRow {
        ObjidRow {
            objid,
            objid_table: objid,
            row_type: sysobj::TABLE,
        }
    }

    /// A secondary index's row.
    pub fn index(objid: u32, objid_table: u32) -> ObjidRow {
        ObjidRow {
            objid,
            objid_table,
            row_type: sysobj::INDEX,
        }
    }

    /// A long-value tree's row.
    pub fn long_value(objid: u32, objid_table: u32) -> ObjidRow {
        ObjidRow {
            objid,
            objid_table,
            row_type: sysobj::LONG_VALUE,
        }
    }
}

/// The records of `MSysObjids` in a new database, in key order.
pub fn new_database_objids() -> Vec<ObjidRow> {
    vec![
        ObjidRow::table(OBJID_MSO),
        ObjidRow::table(OBJID_MSO_SHADOW),
        ObjidRow::index(OBJID_MSO_NAME_INDEX, OBJID_MSO),
        ObjidRow::index(OBJID_MSO_ROOT_OBJECTS_INDEX, OBJID_MSO),
        ObjidRow::table(OBJID_MSYS_OBJIDS),
        ObjidRow::table(OBJID_MSYS_LOCALES),
    ]
}

/// The records a user table's catalog rows add to `MSysObjids`: its table row, each secondary
/// index (an index row whose id differs from the table's) and its long-value tree, in the
/// order of `rows`.
pub fn objids_for_rows(rows: &[super::CatalogRow]) -> Vec<ObjidRow> {
    rows.iter()
        .filter_map(|r| match r.row_type {
            sysobj::TABLE => Some(ObjidRow::table(r.id)),
            sysobj::INDEX if r.id != r.objid_table => Some(ObjidRow::index(r.id, r.objid_table)),
            sysobj::LONG_VALUE => Some(ObjidRow::long_value(r.id, r.objid_table)),
            _ => None,
        })
        .collect()
}
