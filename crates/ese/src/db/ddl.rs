//! Schema changes on a database open for writing: adding and deleting columns,
//! deleting indexes, deleting and renaming tables, as the catalog rows ESE writes
//! (`ErrIsamAddColumn`, `ErrIsamDeleteColumn`, `ErrIsamDeleteIndex`,
//! `ErrIsamDeleteTable`, `ErrIsamRenameTable` in `fcreate.cxx`; the catalog side in
//! `cat.cxx`, the rows in [`crate::catalog::change`]).
//!
//! What ESE does, and so this module:
//! - **Add column**: validated as `ErrFILEIValidateAddColumn`; the next id of its
//!   class after every id the catalog holds, deleted columns included; a fixed column
//!   goes at the end of the fixed data (`JET_errRecordTooBig` when it would pass the
//!   table's record limit). Records are not touched: those written before read the
//!   column as its default, or NULL. Escrow columns need an empty table
//!   (`JET_errTableNotEmpty`). A NOT NULL column without a default is accepted on a
//!   populated table (ESE does not check; old records read it as NULL). An
//!   autoincrement column is numbered 1, 2, … through the existing records in primary
//!   index order (`ErrFILEIUpdateAutoInc`).
//! - **Delete column**: the row stays with type `JET_coltypNil` and the name
//!   `JetStub_<objidTable>_<columnid>`; old records keep their bytes (the read path
//!   skips the column; fixed offsets of the others do not move). A column any index
//!   uses is `JET_errColumnInUse`. Long values owned by a deleted tagged column stay in
//!   the long-value tree until their record is deleted or replaced (both release every
//!   separated value the record references).
//! - **Delete index**: its catalog row (with the shadow's and the name index entry),
//!   its `MSysObjids` row, and its space. The primary index is
//!   `JET_errIndexMustStay`. For an index over Unicode text the `MSysLocales` count
//!   is set to the count of indexes left (ESE itself leaves the count high, which its
//!   `ErrCATVerifyMSLocales` accepts and fixes up to exactly this value).
//! - **Delete table**: every catalog row of the table, its `MSysObjids` rows, its
//!   locale counts, and its space (its index and long-value trees lie inside it).
//!   System tables are `JET_errCannotDeleteSystemTable`, templates
//!   `JET_errCannotDeleteTemplateTable`, a missing table `JET_errObjectNotFound`.
//! - **Rename table**: the table row's name, in the catalog, its shadow and both name
//!   indexes. A template table or one with fixed DDL is `JET_errFixedDDL` (as are the
//!   system tables, which ESE protects by fixed DDL or by convention).
//!
//! What must hold: every check runs before the first page changes; after a change
//! the writer forgets the table's open trees and counters (`TableState`), so the next
//! record change opens them against the new definition; freed trees are dropped
//! from the writer's tree handles before their space is given back.

use super::write::{add_catalog_row, bad_state, CatalogTrees, State, Writer};
use super::Database;
use crate::btree::SeekOp as TreeSeek;
use crate::catalog::change::{self, ColumnLayout};
use crate::catalog::locales::locale_row;
use crate::catalog::objids::{objids_for_rows, ObjidRow};
use crate::catalog::{column_flags, idb, object_flags, sysobj, CatalogRow, ColumnDef, TableDef};
use crate::format::coltype::{ColumnType, Value};
use crate::format::record::{FID_FIXED_MOST, FID_TAGGED_MOST, FID_VAR_MOST};
use crate::record::schema::{check_name, ColumnSpec, TableSpec};
use crate::record::{record_size_most, table_key_most};
use crate::record::{Cell, RowValue};
use crate::{Error, ErrorCode, Result};

fn err(code: ErrorCode, what: impl Into<String>) -> Error {
    Error::with(code, what.into())
}

/// `JET_errFixedDDL` for tables whose columns and indexes ESE will not change: fixed
/// DDL (the catalog, `MSysObjids`) and, here, every system table.
fn check_ddl(def: &TableDef) -> Result<()> {
    if def.flags & (object_flags::TABLE_FIXED_DDL | object_flags::SYSTEM) != 0 {
        return Err(err(
            ErrorCode::FixedDDL,
            format!("table {:?} has fixed DDL", def.name),
        ));
    }
    Ok(())
}

/// The catalog's primary key of row (`objid_table`, `row_type`, `id`).
fn row_key(objid_table: u32, row_type: i16, id: u32) -> Result<Vec<u8>> {
    CatalogRow {
        objid_table,
        row_type,
        id,
        ..CatalogRow::default()
    }
    .primary_key()
}

impl Writer {
    fn large(&self) -> bool {
        self.page_size > 8192
    }

    /// Every catalog row of table `objid`, deleted columns included, in key order.
    fn stored_rows(&self, st: &State, objid: u32) -> Result<Vec<CatalogRow>> {
        let lo = row_key(objid, i16::MIN, 0)?;
        let hi = row_key(objid, i16::MAX, u32::MAX)?;
        let common = lo.iter().zip(&hi).take_while(|(a, b)| a == b).count();
        let prefix = &lo[..common];
        let mut cur = st.catalog.mso.cursor();
        let mut out = Vec::new();
        let mut e = cur.seek(TreeSeek::Ge, prefix, None)?;
        while let Some(x) = e {
            if !x.key.starts_with(prefix) {
                break;
            }
            let row = CatalogRow::decode(&x.data, self.large())?;
            if row.objid_table != objid {
                break;
            }
            out.push(row);
            e = cur.next()?;
        }
        Ok(out)
    }

    /// The stored row (`objid_table`, `row_type`, `id`).
    fn stored_row(
        &self,
        st: &State,
        objid_table: u32,
        row_type: i16,
        id: u32,
    ) -> Result<CatalogRow> {
        let key = row_key(objid_table, row_type, id)?;
        let e = st.catalog.mso.get(&key)?.ok_or_else(|| {
            err(
                ErrorCode::CatalogCorrupted,
                format!("no catalog row ({objid_table}, {row_type}, {id})"),
            )
        })?;
        CatalogRow::decode(&e.data, self.large())
    }

    /// Rewrites catalog row `old` as `new` (same primary key) in `MSysObjects`, the
    /// shadow and the two name indexes.
    fn replace_catalog_row(
        trees: &CatalogTrees,
        old: &CatalogRow,
        new: &CatalogRow,
        large: bool,
    ) -> Result<()> {
        let key = old.primary_key()?;
        if new.primary_key()? != key {
            return Err(bad_state("a replaced catalog row changes its key"));
        }
        let data = new.encode(large)?;
        let (old_name, new_name) = (old.name_key()?, new.name_key()?);
        let (old_root, new_root) = (old.root_objects_key()?, new.root_objects_key()?);
        trees.mso.replace(&key, &data)?;
        trees.shadow.replace(&key, &data)?;
        if old_name != new_name {
            trees.name.delete(&old_name, Some(&key))?;
            trees.name.insert(&new_name, &key)?;
        }
        if old_root != new_root {
            if let Some(k) = &old_root {
                trees.root_objects.delete(k, Some(&key))?;
            }
            if let Some(k) = &new_root {
                trees.root_objects.insert(k, &key)?;
            }
        }
        Ok(())
    }

    /// Deletes catalog row `row` from `MSysObjects`, the shadow and the name indexes.
    fn remove_catalog_row(trees: &CatalogTrees, row: &CatalogRow) -> Result<()> {
        let key = row.primary_key()?;
        trees.name.delete(&row.name_key()?, Some(&key))?;
        if let Some(k) = row.root_objects_key()? {
            trees.root_objects.delete(&k, Some(&key))?;
        }
        trees.shadow.delete(&key, None)?;
        trees.mso.delete(&key, None)
    }

    /// Takes one from the `MSysLocales` count of index row `row` when it is over
    /// Unicode text (never below 0).
    fn drop_locale(trees: &CatalogTrees, row: &CatalogRow, large: bool) -> Result<()> {
        if row.row_type != sysobj::INDEX || row.flags & idb::LOCALIZED_TEXT == 0 {
            return Ok(());
        }
        let (Some(version), Some(sort_id)) = (row.version, row.sort_id) else {
            return Ok(());
        };
        let locale = row
            .locale_name
            .as_deref()
            .unwrap_or(crate::catalog::DEFAULT_LOCALE_NAME);
        let mut l = locale_row(locale, &sort_id, version, 0);
        let key = l.index_key()?;
        if let Some(e) = trees.locales.get(&key)? {
            let rec = crate::format::record::RawRecord::decode(&e.data, large)?;
            let now = match rec.fixed(2, 5, 4)? {
                Some(b) if b.len() == 4 => i32::from_le_bytes([b[0], b[1], b[2], b[3]]),
                _ => 0,
            };
            l.value = (now - 1).max(0);
            trees.locales.replace(&key, &l.encode(large)?)?;
        }
        Ok(())
    }

    /// Forgets the open trees and counters of table `objid`, and the handles on the
    /// trees at `freed` (about to lose their space).
    fn forget(&self, st: &mut State, objid: u32, freed: &[u32]) {
        st.tables.remove(&objid);
        let mut trees = self.trees.lock();
        for r in freed {
            trees.remove(r);
        }
    }

    /// `JetAddColumn` on table `def`; returns the column.
    pub(crate) fn add_column(&self, def: &TableDef, spec: &ColumnSpec) -> Result<ColumnDef> {
        let mut st = self.state.lock();
        Self::check_open(&st)?;
        check_ddl(def)?;
        let probe = TableSpec {
            name: def.name.clone(),
            columns: vec![spec.clone()],
            indexes: Vec::new(),
        };
        let mut col = probe
            .table_def(self.page_size, "add column")?
            .columns
            .into_iter()
            .next()
            .ok_or_else(|| bad_state("a column spec gave no column"))?;
        let (fixed, tagged) = (col.is_fixed(), col.is_tagged());
        if def.flags & object_flags::TABLE_TEMPLATE != 0 && !tagged {
            return Err(err(
                ErrorCode::FixedDDL,
                "only tagged columns can be added to a template table",
            ));
        }
        let empty = self
            .open_tree(def.root, crate::btree::DEFAULT_DENSITY)?
            .cursor()
            .first()?
            .is_none();
        if col.flags & column_flags::ESCROW_UPDATE != 0 && !empty {
            return Err(err(
                ErrorCode::TableNotEmpty,
                "an escrow column can only be added to an empty table",
            ));
        }
        let rows = self.stored_rows(&st, def.objid)?;
        let taken = |name: &str| {
            def.column(name).is_some()
                || rows
                    .iter()
                    .any(|r| r.row_type == sysobj::COLUMN && r.name.eq_ignore_ascii_case(name))
        };
        if taken(&col.name) {
            return Err(err(
                ErrorCode::ColumnDuplicate,
                format!("table {:?} has a column {:?}", def.name, col.name),
            ));
        }
        let layout = ColumnLayout::of_rows(&rows);
        if fixed {
            let most = record_size_most(self.page_size, table_key_most(def))?;
            if layout.end_fixed as usize + col.max_length as usize > most {
                return Err(err(
                    ErrorCode::RecordTooBig,
                    format!(
                        "fixed columns would end at {}, records hold {most} bytes",
                        layout.end_fixed + col.max_length
                    ),
                ));
            }
        }
        let (last, most) = if tagged {
            (layout.tagged_last, FID_TAGGED_MOST)
        } else if fixed {
            (layout.fixed_last, FID_FIXED_MOST)
        } else {
            (layout.var_last, FID_VAR_MOST)
        };
        if last >= most {
            return Err(err(
                ErrorCode::TooManyColumns,
                format!("table {:?} has no column id left", def.name),
            ));
        }
        col.id = last + 1;
        col.record_offset = if fixed {
            u16::try_from(layout.end_fixed)
                .map_err(|_| err(ErrorCode::RecordTooBig, "fixed data past 64 KiB"))?
        } else {
            0
        };
        for flag in [column_flags::VERSION, column_flags::AUTOINCREMENT] {
            if col.flags & flag != 0 && def.columns.iter().any(|c| c.flags & flag != 0) {
                return Err(err(
                    ErrorCode::ColumnRedundant,
                    "the table already has a version or autoincrement column",
                ));
            }
        }
        let row = change::column_row(def.objid, &col);
        row.encode(self.large())?;
        // Checks done: change the catalog.
        add_catalog_row(&st.catalog, &row, self.large())?;
        self.forget(&mut st, def.objid, &[]);
        Ok(col)
    }

    /// `JetDeleteColumn`: flags column `name` of `def` deleted; returns its id.
    pub(crate) fn delete_column(&self, def: &TableDef, name: &str) -> Result<u32> {
        let mut st = self.state.lock();
        Self::check_open(&st)?;
        let name = check_name(name, "column")?;
        check_ddl(def)?;
        let col = def.column(&name).ok_or_else(|| {
            err(
                ErrorCode::ColumnNotFound,
                format!("table {:?} has no column {name:?}", def.name),
            )
        })?;
        let rows = self.stored_rows(&st, def.objid)?;
        let row = rows
            .iter()
            .find(|r| r.row_type == sysobj::COLUMN && r.id == col.id)
            .ok_or_else(|| {
                err(
                    ErrorCode::FixedDDL,
                    format!("column {name:?} comes from the template table"),
                )
            })?;
        let new = change::deleted_column_row(row)?;
        if let Some(ix) = def
            .indexes
            .iter()
            .find(|ix| ix.segments.iter().any(|s| s.column_id == col.id))
        {
            return Err(err(
                ErrorCode::ColumnInUse,
                format!("index {:?} uses column {name:?}", ix.name),
            ));
        }
        new.encode(self.large())?;
        Self::replace_catalog_row(&st.catalog, row, &new, self.large())?;
        self.forget(&mut st, def.objid, &[]);
        Ok(col.id)
    }

    /// `JetDeleteIndex`: deletes index `name` of `def` and frees its tree; returns
    /// the index's object id.
    pub(crate) fn delete_index(&self, def: &TableDef, name: &str) -> Result<u32> {
        let mut st = self.state.lock();
        Self::check_open(&st)?;
        self.quiesce_locked(&mut st)?;
        let name = check_name(name, "index")?;
        check_ddl(def)?;
        let ix = def.index(&name).ok_or_else(|| {
            err(
                ErrorCode::IndexNotFound,
                format!("table {:?} has no index {name:?}", def.name),
            )
        })?;
        if ix.is_primary() || ix.objid == def.objid {
            return Err(err(
                ErrorCode::IndexMustStay,
                format!("{name:?} is the primary index"),
            ));
        }
        let row = self.stored_row(&st, def.objid, sysobj::INDEX, ix.objid)?;
        let objid_key = ObjidRow::index(ix.objid, def.objid).key()?;
        let large = self.large();
        Self::remove_catalog_row(&st.catalog, &row)?;
        if st.catalog.objids.get(&objid_key)?.is_some() {
            st.catalog.objids.delete(&objid_key, None)?;
        }
        Self::drop_locale(&st.catalog, &row, large)?;
        self.forget(&mut st, def.objid, &[ix.root]);
        self.space.free_tree(ix.root)?;
        Ok(ix.objid)
    }

    /// `JetDeleteTable`: deletes table `name` of `existing` with its trees.
    pub(crate) fn delete_table(&self, name: &str, existing: &[TableDef]) -> Result<TableDef> {
        let mut st = self.state.lock();
        Self::check_open(&st)?;
        self.quiesce_locked(&mut st)?;
        let name = check_name(name, "table")?;
        let def = find_table(existing, &name)?;
        if def.flags & object_flags::SYSTEM != 0 {
            return Err(err(
                ErrorCode::CannotDeleteSystemTable,
                format!("{:?} is a system table", def.name),
            ));
        }
        if def.flags & object_flags::TABLE_TEMPLATE != 0 {
            return Err(err(
                ErrorCode::CannotDeleteTemplateTable,
                format!("{:?} is a template table", def.name),
            ));
        }
        let rows = self.stored_rows(&st, def.objid)?;
        if !rows.iter().any(|r| r.row_type == sysobj::TABLE) {
            return Err(bad_state("a table without its table row"));
        }
        let large = self.large();
        let mut freed = vec![def.root];
        for r in &rows {
            Self::remove_catalog_row(&st.catalog, r)?;
            match r.row_type {
                sysobj::INDEX | sysobj::LONG_VALUE if r.id != def.objid => {
                    freed.push(r.coltyp_or_pgno_fdp)
                }
                _ => {}
            }
        }
        for o in objids_for_rows(&rows) {
            let key = o.key()?;
            if st.catalog.objids.get(&key)?.is_some() {
                st.catalog.objids.delete(&key, None)?;
            }
        }
        for r in &rows {
            Self::drop_locale(&st.catalog, r, large)?;
        }
        self.lv_roots.lock().remove(&def.objid);
        self.forget(&mut st, def.objid, &freed);
        self.space.free_tree(def.root)?;
        Ok(def.clone())
    }

    /// `JetRenameTable`: table `from` of `existing` becomes `to`; returns the new name
    /// (trailing spaces dropped, as ESE stores it).
    pub(crate) fn rename_table(
        &self,
        from: &str,
        to: &str,
        existing: &[TableDef],
    ) -> Result<(u32, String)> {
        let st = self.state.lock();
        Self::check_open(&st)?;
        let from = check_name(from, "table")?;
        let to = check_name(to, "new table name")?;
        let def = find_table(existing, &from)?;
        if def.flags & object_flags::SYSTEM != 0 {
            return Err(err(
                ErrorCode::FixedDDL,
                format!("{:?} is a system table", def.name),
            ));
        }
        if existing
            .iter()
            .any(|t| t.objid != def.objid && t.name.eq_ignore_ascii_case(&to))
        {
            return Err(err(
                ErrorCode::TableDuplicate,
                format!("a table named {to:?} already exists"),
            ));
        }
        let row = self.stored_row(&st, def.objid, sysobj::TABLE, def.objid)?;
        let new = change::renamed_table_row(&row, &to)?;
        new.encode(self.large())?;
        Self::replace_catalog_row(&st.catalog, &row, &new, self.large())?;
        Ok((def.objid, to))
    }
}

/// The table named `name` (case-insensitive), or `JET_errObjectNotFound`.
fn find_table<'a>(tables: &'a [TableDef], name: &str) -> Result<&'a TableDef> {
    tables
        .iter()
        .find(|t| t.name.eq_ignore_ascii_case(name))
        .ok_or_else(|| {
            err(
                ErrorCode::ObjectNotFound,
                format!("no table named {name:?}"),
            )
        })
}

/// The `n`th autoincrement value (from 1) for a column of type `t`.
fn autoinc_value(t: ColumnType, n: u64) -> Result<Value> {
    Ok(match t {
        ColumnType::Long => Value::Long(
            i32::try_from(n)
                .map_err(|_| err(ErrorCode::OutOfAutoincrementValues, "past 2^31-1"))?,
        ),
        ColumnType::LongLong => Value::LongLong(n as i64),
        ColumnType::Currency => Value::Currency(n as i64),
        ColumnType::UnsignedLongLong => Value::UnsignedLongLong(n),
        _ => {
            return Err(err(
                ErrorCode::InvalidColumnType,
                "not an autoincrement type",
            ))
        }
    })
}

impl Database {
    /// Replaces the definition of table `objid` by `edit`'s (and fills in a long-value
    /// tree created since the catalog was read).
    fn edit_table(&mut self, objid: u32, edit: impl FnOnce(&mut TableDef)) -> Result<()> {
        let w = self.writer()?.clone();
        let mut tables = self.inner.tables.clone();
        let def = tables
            .iter_mut()
            .find(|t| t.objid == objid)
            .ok_or_else(|| bad_state("the changed table vanished"))?;
        edit(def);
        def.lv_root = def.lv_root.or_else(|| w.lv_root(objid));
        *self = self.with_tables(tables);
        Ok(())
    }

    /// Adds a column to `table` (`JetAddColumn`) and returns it with its id (the next
    /// of its class, as ESE assigns them) and, for a fixed column, its record offset.
    /// Records written before read it as its default, or NULL; an autoincrement column
    /// is numbered through them. Errors: `JET_errObjectNotFound`,
    /// `JET_errColumnDuplicate`, `JET_errInvalidName` and the other validation errors
    /// of a column spec, `JET_errTooManyColumns`, `JET_errRecordTooBig`,
    /// `JET_errColumnRedundant`, `JET_errTableNotEmpty` (escrow columns),
    /// `JET_errFixedDDL` (system tables), `JET_errPermissionDenied` when read-only.
    pub fn add_column(&mut self, table: &str, spec: &ColumnSpec) -> Result<ColumnDef> {
        let w = self.writer()?.clone();
        let t = self.table(table)?;
        let objid = t.def().objid;
        let col = w.add_column(t.def(), spec)?;
        let added = col.clone();
        self.edit_table(objid, |d| {
            d.columns.push(added);
            d.columns.sort_by_key(|c| c.id);
        })?;
        if col.flags & column_flags::AUTOINCREMENT != 0 {
            self.number_records(objid, &col)?;
        }
        Ok(col)
    }

    /// Sets autoincrement column `col` of table `objid` to 1, 2, … in primary
    /// index order (`ErrFILEIUpdateAutoInc`).
    fn number_records(&mut self, objid: u32, col: &ColumnDef) -> Result<()> {
        let name = self
            .inner
            .tables
            .iter()
            .find(|t| t.objid == objid)
            .map(|t| t.name.clone())
            .ok_or_else(|| bad_state("the changed table vanished"))?;
        let t = self.table(&name)?;
        let mut bookmarks = Vec::new();
        for r in t.records()? {
            bookmarks.push(r?.key().to_vec());
        }
        for (i, bm) in bookmarks.iter().enumerate() {
            let (mut row, _) = t.record_at(bm)?.to_row()?;
            let v = autoinc_value(col.coltype, i as u64 + 1)?;
            row.set(col.id, RowValue::One(Cell::Value(v)));
            self.replace(&name, bm, &row)?;
        }
        Ok(())
    }

    /// Deletes column `name` of `table` (`JetDeleteColumn`): its catalog row stays,
    /// typed `JET_coltypNil` and named `JetStub_<table objid>_<column id>`, as ESE
    /// leaves it; records keep their bytes. Errors: `JET_errObjectNotFound`,
    /// `JET_errColumnNotFound`, `JET_errColumnInUse` (an index uses it),
    /// `JET_errInvalidName`, `JET_errFixedDDL`, `JET_errPermissionDenied`.
    pub fn delete_column(&mut self, table: &str, name: &str) -> Result<()> {
        let w = self.writer()?.clone();
        let t = self.table(table)?;
        let objid = t.def().objid;
        let id = w.delete_column(t.def(), name)?;
        self.edit_table(objid, |d| d.columns.retain(|c| c.id != id))
    }

    /// Deletes secondary index `name` of `table` (`JetDeleteIndex`) and gives its
    /// space back. Errors: `JET_errObjectNotFound`, `JET_errIndexNotFound`,
    /// `JET_errIndexMustStay` (the primary index), `JET_errInvalidName`,
    /// `JET_errFixedDDL`, `JET_errPermissionDenied`.
    pub fn delete_index(&mut self, table: &str, name: &str) -> Result<()> {
        let w = self.writer()?.clone();
        let t = self.table(table)?;
        let objid = t.def().objid;
        let gone = w.delete_index(t.def(), name)?;
        self.edit_table(objid, |d| d.indexes.retain(|ix| ix.objid != gone))
    }

    /// Deletes table `name` with its records, indexes and long values
    /// (`JetDeleteTable`) and gives its space back. Errors: `JET_errObjectNotFound`,
    /// `JET_errCannotDeleteSystemTable`, `JET_errCannotDeleteTemplateTable`,
    /// `JET_errInvalidName`, `JET_errPermissionDenied`.
    pub fn delete_table(&mut self, name: &str) -> Result<()> {
        let w = self.writer()?.clone();
        let gone = w.delete_table(name, &self.inner.tables)?;
        let tables = self
            .inner
            .tables
            .iter()
            .filter(|t| t.objid != gone.objid)
            .cloned()
            .collect();
        *self = self.with_tables(tables);
        Ok(())
    }

    /// Renames table `from` to `to` (`JetRenameTable`). Errors:
    /// `JET_errObjectNotFound`, `JET_errTableDuplicate`, `JET_errInvalidName`,
    /// `JET_errFixedDDL` (system and template tables), `JET_errPermissionDenied`.
    pub fn rename_table(&mut self, from: &str, to: &str) -> Result<()> {
        let w = self.writer()?.clone();
        let (objid, name) = w.rename_table(from, to, &self.inner.tables)?;
        self.edit_table(objid, |d| d.name = name)
    }
}

/// The `JetCreateIndex` grbits that give index `ix` its persisted flags (the
/// inverse of `catalog::idb_flags_from_grbit` for the flags an index can carry).
fn index_grbit_of(ix: &crate::catalog::IndexDef) -> u32 {
    use crate::catalog::index_grbit as g;
    let f = ix.flags;
    let mut grbit = 0;
    if f & idb::PRIMARY != 0 {
        grbit |= g::PRIMARY;
    } else if f & idb::UNIQUE != 0 {
        grbit |= g::UNIQUE;
    }
    if f & idb::NO_NULL_SEG != 0 {
        grbit |= g::DISALLOW_NULL;
    } else if f & idb::ALLOW_SOME_NULLS == 0 {
        grbit |= g::IGNORE_ANY_NULL;
    } else if f & idb::ALLOW_FIRST_NULL == 0 {
        grbit |= g::IGNORE_FIRST_NULL;
    } else if f & idb::ALLOW_ALL_NULLS == 0 {
        grbit |= g::IGNORE_NULL;
    }
    if f & idb::SORT_NULLS_HIGH != 0 {
        grbit |= g::SORT_NULLS_HIGH;
    }
    if f & idb::CROSS_PRODUCT != 0 {
        grbit |= g::CROSS_PRODUCT;
    } else if f & idb::NESTED_TABLE != 0 {
        grbit |= g::NESTED_TABLE;
    }
    if f & idb::DISALLOW_TRUNCATION != 0 {
        grbit |= g::DISALLOW_TRUNCATION;
    }
    if f & idb::DOT_NET_GUID != 0 {
        grbit |= g::DOT_NET_GUID;
    }
    grbit
}

impl Database {
    /// Rebuilds secondary index `name` of `table` with this engine's key
    /// normalization: the index is deleted and created again with the same
    /// columns, order, flags and key sizes, built over the table's records. This
    /// is how an index another collation built (a Unicode index of a database
    /// Windows wrote, see [`Database::foreign_indexes`]) becomes usable for
    /// seeks and updates again, as ESE's `JET_bitDbDeleteUnicodeIndexes`
    /// followed by a new `JetCreateIndex` does. A primary index cannot be
    /// rebuilt in place (the records' order depends on it):
    /// `JET_errIndexMustStay`. Other errors: those of
    /// [`Database::delete_index`] and [`Database::create_index`].
    pub fn rebuild_index(&mut self, table: &str, name: &str) -> Result<crate::catalog::IndexDef> {
        let t = self.table(table)?;
        let def = t.def().clone();
        let ix = def
            .index(name)
            .ok_or_else(|| {
                err(
                    ErrorCode::IndexNotFound,
                    format!("table {} has no index {name:?}", def.name),
                )
            })?
            .clone();
        if ix.is_primary() {
            return Err(err(
                ErrorCode::IndexMustStay,
                format!(
                    "the primary index {} of {} cannot be rebuilt in place",
                    ix.name, def.name
                ),
            ));
        }
        let key = ix
            .segments
            .iter()
            .map(|s| {
                let col = def.column_by_id(s.column_id).ok_or_else(|| {
                    err(
                        ErrorCode::ColumnNotFound,
                        format!("index {} names missing column {}", ix.name, s.column_id),
                    )
                })?;
                Ok(crate::record::schema::KeySegmentSpec {
                    column: col.name.clone(),
                    descending: s.descending,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let spec = crate::record::schema::IndexSpec {
            name: ix.name.clone(),
            key,
            flags: index_grbit_of(&ix),
            key_most: (ix.key_most != 0).then_some(ix.key_most),
            var_seg_mac: (ix.var_seg_mac != 0).then_some(ix.var_seg_mac),
        };
        self.delete_index(&def.name, &ix.name)?;
        self.create_index(&def.name, &spec)
    }
}
