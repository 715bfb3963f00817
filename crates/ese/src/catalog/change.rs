//! The catalog rows of schema changes on an existing table, as ESE writes them (`cat.cxx`):
//! a column added (`ErrCATAddTableColumn`), a column deleted (`ErrCATIDeleteTableColumn`), a
//! table renamed (`ErrCATIRenameTable`), and the facts about a table's columns that only its
//! catalog rows keep (the ids and fixed offsets of deleted columns).
//!
//! Facts followed:
//! * A deleted column keeps its row in `MSysObjects` and `MSysObjectsShadow`: its type becomes
//!   `JET_coltypNil` (0), its name `JetStub_<objidTable>_<columnid>` (`szDeletedColumnStubPrefix`
//!   of `_cat.cxx`), a user-defined default loses its flags; everything else (the record offset,
//!   the `SpaceUsage` size) stays, so the fixed offsets of the other columns and of any column
//!   added later stay where records have them. ESE removes the rows of deleted variable and
//!   tagged columns below the highest id of their class the next time an updatable session
//!   opens the table (`ErrCATIBuildFIELDArray`); deleted fixed columns keep theirs for good.
//! * A column added takes the next id of its class after every id in the catalog, deleted ones
//!   included (`ErrFILEGetNextColumnid` over `TDB::FidFixedLast` etc.); a fixed column is placed
//!   at the end of the fixed data (`TDB::IbEndFixedColumns`), which deleted fixed columns still
//!   occupy.
//! * A renamed table changes only the `Name` of its table row.
//!
//! What must hold: pure functions over [`CatalogRow`]s; nothing panics on any input.

use super::row::CatalogRow;
use super::{sysobj, ColumnDef, RECORD_START_FIXED_COLUMNS};
use crate::{Error, ErrorCode, Result};

/// The prefix of a deleted column's name (`szDeletedColumnStubPrefix`).
pub const DELETED_COLUMN_STUB_PREFIX: &str = "JetStub_";

/// The highest column ids of each class and the end of the fixed data, over every column row
/// of a table, deleted columns included (`TCIB` and `TDB::IbEndFixedColumns`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnLayout {
    /// The highest fixed column id (0 when none).
    pub fixed_last: u32,
    /// The highest variable column id (127 when none).
    pub var_last: u32,
    /// The highest tagged column id (255 when none).
    pub tagged_last: u32,
    /// Where the fixed data ends: the end of the last fixed column, or 4.
    pub end_fixed: u32,
}

impl ColumnLayout {
    /// The layout of a table without columns.
    pub fn empty() -> ColumnLayout {
        ColumnLayout {
            fixed_last: 0,
            var_last: 127,
            tagged_last: 255,
            end_fixed: u32::from(RECORD_START_FIXED_COLUMNS),
        }
    }

    /// This layout with the fixed and variable columns among `cols` in it too: a template's,
    /// which the own fixed and variable columns of a table derived from it follow (its tagged
    /// ones do not count: a derived table's tagged ids start at 256 again).
    pub fn with_fixed_and_variable<'a>(
        mut self,
        cols: impl IntoIterator<Item = &'a ColumnDef>,
    ) -> ColumnLayout {
        for c in cols {
            if c.is_fixed() {
                self.fixed_last = self.fixed_last.max(c.fid());
                self.end_fixed = self
                    .end_fixed
                    .max(u32::from(c.record_offset) + c.max_length);
            } else if c.is_variable() {
                self.var_last = self.var_last.max(c.fid());
            }
        }
        self
    }

    /// The layout of the column rows among `rows` (other rows are ignored).
    pub fn of_rows(rows: &[CatalogRow]) -> ColumnLayout {
        let mut out = ColumnLayout::empty();
        for r in rows.iter().filter(|r| r.row_type == sysobj::COLUMN) {
            match r.id {
                1..=127 => {
                    out.fixed_last = out.fixed_last.max(r.id);
                    let start = u32::from(r.record_offset.unwrap_or(RECORD_START_FIXED_COLUMNS));
                    out.end_fixed = out.end_fixed.max(start + r.space_usage);
                }
                128..=255 => out.var_last = out.var_last.max(r.id),
                _ => out.tagged_last = out.tagged_last.max(r.id),
            }
        }
        out
    }
}

/// The row of column `col` of table `objid_table` (`ErrCATAddTableColumn`): type, size, flags,
/// code page (0 for non-text columns), the record offset of a fixed column, the default value.
pub fn column_row(objid_table: u32, col: &ColumnDef) -> CatalogRow {
    CatalogRow {
        objid_table,
        row_type: sysobj::COLUMN,
        id: col.fid(),
        coltyp_or_pgno_fdp: col.coltype_raw,
        space_usage: col.max_length,
        flags: col.flags,
        pages_or_locale: col.code_page,
        record_offset: col.is_fixed().then_some(col.record_offset),
        name: col.name.clone(),
        default_value: col.default_value.clone(),
        ..CatalogRow::default()
    }
}

/// The name ESE gives a deleted column: `JetStub_<objidTable>_<columnid>`.
pub fn deleted_column_name(objid_table: u32, column_id: u32) -> String {
    format!("{DELETED_COLUMN_STUB_PREFIX}{objid_table}_{column_id}")
}

/// Whether `row` is the row of a deleted column.
pub fn is_deleted_column(row: &CatalogRow) -> bool {
    row.row_type == sysobj::COLUMN && row.coltyp_or_pgno_fdp == 0
}

/// The row a deleted column keeps (`ErrCATIDeleteTableColumn`): `row` with type
/// `JET_coltypNil`, the stub name, and without the default flags when its default came from a
/// callback. `JET_errColumnNotFound` when `row` is no column or already deleted.
pub fn deleted_column_row(row: &CatalogRow) -> Result<CatalogRow> {
    if row.row_type != sysobj::COLUMN || is_deleted_column(row) {
        return Err(Error::with(
            ErrorCode::ColumnNotFound,
            format!("{:?} is no column", row.name),
        ));
    }
    const USER_DEFINED_DEFAULT: u32 = super::column_flags::USER_DEFINED_DEFAULT;
    const DEFAULT: u32 = super::column_flags::DEFAULT;
    let mut out = row.clone();
    out.coltyp_or_pgno_fdp = 0;
    out.name = deleted_column_name(row.objid_table, row.id);
    if out.flags & USER_DEFINED_DEFAULT != 0 {
        out.flags &= !(USER_DEFINED_DEFAULT | DEFAULT);
    }
    Ok(out)
}

/// The table row `row` under the name `name` (`ErrCATIRenameTable`). `JET_errFixedDDL` for a
/// template table or one with fixed DDL, whose name ESE will not change.
pub fn renamed_table_row(row: &CatalogRow, name: &str) -> Result<CatalogRow> {
    use super::object_flags::{TABLE_FIXED_DDL, TABLE_TEMPLATE};
    if row.row_type != sysobj::TABLE {
        return Err(Error::with(
            ErrorCode::ObjectNotFound,
            format!("{:?} is no table", row.name),
        ));
    }
    if row.flags & (TABLE_TEMPLATE | TABLE_FIXED_DDL) != 0 {
        return Err(Error::with(
            ErrorCode::FixedDDL,
            format!("table {:?} is a template or has fixed DDL", row.name),
        ));
    }
    let mut out = row.clone();
    out.name = name.to_owned();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::coltype::ColumnType;

    fn col(id: u32, size: u32, offset: Option<u16>) -> CatalogRow {
        CatalogRow {
            objid_table: 9,
            row_type: sysobj::COLUMN,
            id,
            coltyp_or_pgno_fdp: ColumnType::Long.as_u32(),
            space_usage: size,
            record_offset: offset,
            name: format!("c{id}"),
            ..CatalogRow::default()
        }
    }

    #[test]
    fn layout_counts_deleted_columns() {
        let mut rows = vec![col(1, 4, Some(4)), col(2, 8, Some(8)), col(130, 255, None)];
        rows[1] = deleted_column_row(&rows[1]).unwrap();
        let l = ColumnLayout::of_rows(&rows);
        assert_eq!(
            l,
            ColumnLayout {
                fixed_last: 2,
                var_last: 130,
                tagged_last: 255,
                end_fixed: 16
            }
        );
        assert_eq!(
            ColumnLayout::of_rows(&[]),
            ColumnLayout {
                fixed_last: 0,
                var_last: 127,
                tagged_last: 255,
                end_fixed: 4
            }
        );
    }

    #[test]
    fn deleted_row_as_ese_writes_it() {
        let mut r = col(257, 0, None);
        r.flags = super::super::column_flags::USER_DEFINED_DEFAULT
            | super::super::column_flags::DEFAULT
            | super::super::column_flags::MULTI_VALUED;
        let d = deleted_column_row(&r).unwrap();
        assert_eq!(d.name, "JetStub_9_257");
        assert_eq!(d.coltyp_or_pgno_fdp, 0);
        assert_eq!(d.flags, super::super::column_flags::MULTI_VALUED);
        assert_eq!(d.primary_key().unwrap(), r.primary_key().unwrap());
        assert_eq!(
            deleted_column_row(&d).unwrap_err().code(),
            ErrorCode::ColumnNotFound
        );
    }

    #[test]
    fn renaming_refuses_fixed_ddl() {
        let t = CatalogRow {
            objid_table: 9,
            row_type: sysobj::TABLE,
            id: 9,
            name: "a".into(),
            flags: super::super::object_flags::TABLE_FIXED_DDL,
            ..CatalogRow::default()
        };
        assert_eq!(
            renamed_table_row(&t, "b").unwrap_err().code(),
            ErrorCode::FixedDDL
        );
        let t = CatalogRow { flags: 0, ..t };
        assert_eq!(renamed_table_row(&t, "b").unwrap().name, "b");
    }
}
