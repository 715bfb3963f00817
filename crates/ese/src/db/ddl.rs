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

use super::txn::TxnCtx;
use super::write::{add_catalog_row, bad_state, CatalogTrees, State, Writer};
use super::{Database, SessionCore, Table};
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
use std::sync::Arc;

fn err(code: ErrorCode, what: impl Into<String>) -> Error {
    Error::with(code, what.into())
}

/// What a schema change does to a table, for [`check_ddl`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DdlChange {
    /// Adds a column.
    AddColumn,
    /// Creates an index.
    CreateIndex,
    /// Changes a column (renames it, sets its default).
    Alter,
    /// Deletes a column or an index.
    Delete,
}

/// `JET_errFixedDDL` for tables whose columns and indexes ESE will not change: every system
/// table, a template table, and a table with fixed DDL (the catalog, `MSysObjids`, and tables
/// created with `JET_bitTableCreateFixedDDL`) unless the change comes through a session that
/// permits it (ESE's `JET_bitTablePermitDDL` cursor, and the cursor that created the table):
/// through such a session a table with fixed DDL may gain columns and indexes and have its
/// columns changed, and a template table may gain columns (`ErrIsamAddColumn` checks only
/// the cursor, `ErrIsamCreateIndex` refuses a template table whatever the cursor; a template
/// some table derives from is refused by the caller). Deletes stay refused on a table with
/// fixed DDL whatever the cursor, as ESE refuses them (`ErrIsamDeleteColumn`,
/// `ErrIsamDeleteIndex`: `PERMIT_DDL_DELETE` is not built), but for the engine's own catalog
/// maintenance ([`crate::Session::with_schema_maintenance`]).
pub(super) fn check_ddl(def: &TableDef, tx: &TxnCtx, change: DdlChange) -> Result<()> {
    let permitted = match change {
        DdlChange::AddColumn => tx.permit_fixed_ddl,
        DdlChange::CreateIndex | DdlChange::Alter => tx.permit_fixed_ddl && !def.is_template(),
        DdlChange::Delete => false,
    };
    let fixed =
        def.flags & object_flags::TABLE_FIXED_DDL != 0 && !tx.schema_maintenance && !permitted;
    if fixed || def.flags & object_flags::SYSTEM != 0 {
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

/// What undoing a schema change needs, and what its commit leaves for cleanup.
#[derive(Debug)]
pub(crate) struct SchemaUndo {
    /// The table.
    pub(super) objid: u32,
    /// The transaction that made the change.
    pub(super) txn: u64,
    /// The table's catalog rows before the change (none: the change created it).
    pub(super) rows: Vec<CatalogRow>,
    /// Trees the change made: freed by its undo.
    pub(super) created: Vec<u32>,
    /// Trees the change gave up. Once it has committed and no snapshot reads them,
    /// the handles on all of them are dropped and the first is freed (its space
    /// holds the others).
    pub(super) released: Vec<u32>,
    /// Whether the change deleted the table.
    pub(super) table_gone: bool,
    /// The id of its undo information when that was logged before the change's last
    /// step (0: logged with the change as it ends).
    pub(super) log_id: u64,
}

impl SchemaUndo {
    /// The undo of a change to table `objid`, whose catalog rows were `rows`.
    pub(super) fn rows(objid: u32, rows: Vec<CatalogRow>) -> SchemaUndo {
        SchemaUndo {
            objid,
            txn: 0,
            rows,
            created: Vec::new(),
            released: Vec::new(),
            table_gone: false,
            log_id: 0,
        }
    }
}

impl Writer {
    fn large(&self) -> bool {
        self.page_size > 8192
    }

    /// Starts a schema change of table `table` for `tx`: the writer lock and the
    /// definition `tx` sees. Errors: `JET_errTransReadOnly`, `JET_errObjectNotFound`,
    /// `JET_errWriteConflict` (another transaction is changing the table, or its
    /// definition changed after `tx` began).
    pub(super) fn ddl_begin(
        &self,
        tx: &TxnCtx,
        table: &str,
    ) -> Result<(super::step::StateGuard<'_>, Arc<TableDef>)> {
        tx.check_writable()?;
        self.log.check_space()?;
        let st = self.state.lock();
        self.check_open(&st)?;
        let snap = tx.snapshot();
        let def = self.schema.find(table, snap).ok_or_else(|| {
            err(
                ErrorCode::ObjectNotFound,
                format!("no table named {table:?}"),
            )
        })?;
        self.schema.can_change(def.objid, snap)?;
        Ok((st, def))
    }

    /// `def` as the start of its next version (with a long-value tree made since
    /// it was read).
    pub(super) fn next_def(&self, def: &TableDef) -> TableDef {
        let mut d = def.clone();
        d.lv_root = d.lv_root.or_else(|| self.lv_root(d.objid));
        d
    }

    /// Ends a schema change whose pages are written: `next` becomes `tx`'s version
    /// of the table, and `undo` goes on `tx`'s undo list.
    pub(super) fn ddl_end(
        self: &Arc<Self>,
        st: super::step::StateGuard<'_>,
        tx: &mut TxnCtx,
        next: TableDef,
        undo: SchemaUndo,
    ) -> Result<Arc<TableDef>> {
        self.ddl_change(st, tx, Some(next), undo)?
            .ok_or_else(|| bad_state("a changed table has no definition"))
    }

    /// [`Writer::ddl_end`] for a change that may delete the table (`next`: `None`).
    pub(super) fn ddl_change(
        self: &Arc<Self>,
        mut st: super::step::StateGuard<'_>,
        tx: &mut TxnCtx,
        next: Option<TableDef>,
        mut undo: SchemaUndo,
    ) -> Result<Option<Arc<TableDef>>> {
        undo.txn = tx.info.id;
        match self.schema.propose(undo.objid, next, tx.snapshot()) {
            Ok(def) => {
                // Its undo information goes in the change's own step.
                tx.push_schema(self, undo);
                drop(st);
                Ok(def)
            }
            Err(e) => {
                let logged = undo.log_id;
                self.undo_schema(&mut st, undo)?;
                if logged != 0 {
                    self.log.note_undone(tx.info.id, logged);
                }
                Err(e)
            }
        }
    }

    /// Undoes, in its own step, schema change `undo` that failed with `cause` after
    /// changing pages (its undo information logged ahead); returns `cause`. When the
    /// undo fails too, the instance fails: only recovery can undo it.
    pub(super) fn abandon_schema(
        &self,
        st: &mut State,
        tx: &TxnCtx,
        mut undo: SchemaUndo,
        cause: Error,
    ) -> Error {
        let logged = undo.log_id;
        undo.txn = tx.info.id;
        match self.undo_schema(st, undo) {
            Ok(()) if logged != 0 => self.log.note_undone(tx.info.id, logged),
            Ok(()) => {}
            Err(e) => self.log.fail_instance(&e),
        }
        cause
    }

    /// Removes catalog rows `rows` with their `MSysObjids` rows and locale counts.
    /// `lenient`: entries already gone are passed over (see
    /// [`Writer::remove_catalog_row`]).
    fn remove_rows(&self, st: &mut State, rows: &[CatalogRow], lenient: bool) -> Result<()> {
        let large = self.large();
        for r in rows {
            Self::remove_catalog_row(&st.catalog, r, lenient)?;
        }
        for o in objids_for_rows(rows) {
            let key = o.key()?;
            if st.catalog.objids.get(&key)?.is_some() {
                st.catalog.objids.delete(&key, None)?;
            }
        }
        for r in rows {
            Self::drop_locale(&st.catalog, r, large)?;
        }
        Ok(())
    }

    /// Makes table `objid`'s catalog rows `before` again. A long-value row made since
    /// stays unless the table itself goes (`before` empty): records of other changes
    /// may hold long values in it.
    fn restore_rows(&self, st: &mut State, objid: u32, before: &[CatalogRow]) -> Result<()> {
        let large = self.large();
        let now = self.stored_rows(st, objid)?;
        let keys = |rows: &[CatalogRow]| -> Result<Vec<Vec<u8>>> {
            rows.iter().map(CatalogRow::primary_key).collect()
        };
        let (now_keys, before_keys) = (keys(&now)?, keys(before)?);
        let mut recount = Vec::new();
        for (r, k) in now.iter().zip(&now_keys) {
            let keep_lv = r.row_type == sysobj::LONG_VALUE && !before.is_empty();
            if !keep_lv && !before_keys.contains(k) {
                self.remove_rows(st, std::slice::from_ref(r), true)?;
            }
        }
        for (b, k) in before.iter().zip(&before_keys) {
            // A row made again (a drop undone by recovery, which counted the
            // object ids it found before the undo) keeps its object ids taken.
            st.header.objid_last = st.header.objid_last.max(super::write::highest_objid(b));
            match now_keys.iter().position(|n| n == k) {
                None => {
                    // A change that failed part way may have removed the row from
                    // `MSysObjects` but not yet from the shadow or a name index.
                    Self::remove_catalog_row(&st.catalog, b, true)?;
                    add_catalog_row(&st.catalog, b, large)?;
                    for o in objids_for_rows(std::slice::from_ref(b)) {
                        let key = o.key()?;
                        if st.catalog.objids.get(&key)?.is_none() {
                            st.catalog.objids.insert(&key, &o.encode(large)?)?;
                        }
                    }
                    recount.push(b.clone());
                }
                // Rewritten whole: a change that failed part way may have left the
                // row in `MSysObjects` with some of its other entries gone.
                Some(i) => {
                    Self::remove_catalog_row(&st.catalog, &now[i], true)?;
                    Self::remove_catalog_row(&st.catalog, b, true)?;
                    add_catalog_row(&st.catalog, b, large)?;
                }
            }
        }
        self.recount_locales(st, &recount)
    }

    /// Sets the `MSysLocales` counts of the locales of index rows `rows` to the
    /// number of index rows the catalog holds for each. A row made again by an
    /// undo may or may not have had its count taken off by the change that failed
    /// part way (the counts go after the rows): counted from the catalog, the
    /// count is right either way.
    fn recount_locales(&self, st: &mut State, rows: &[CatalogRow]) -> Result<()> {
        let large = self.large();
        let wanted: Vec<_> = crate::catalog::locales::locales_for_rows(rows)?
            .into_iter()
            .filter(super::write::is_locale_counter)
            .collect();
        if wanted.is_empty() {
            return Ok(());
        }
        let mut all = Vec::new();
        let mut cur = st.catalog.mso.cursor();
        let mut e = cur.first()?;
        while let Some(x) = e {
            all.push(CatalogRow::decode(&x.data, large)?);
            e = cur.next()?;
        }
        let counted = crate::catalog::locales::locales_for_rows(&all)?;
        for mut l in wanted {
            l.value = counted
                .iter()
                .find(|c| c.key == l.key)
                .map_or(0, |c| c.value);
            super::write::put_locale(&st.catalog, &l, large)?;
        }
        Ok(())
    }

    /// Undoes a schema change (the caller holds the writer lock): the catalog rows
    /// as they were, the trees it made freed, its definition withdrawn.
    pub(super) fn undo_schema(&self, st: &mut State, undo: SchemaUndo) -> Result<()> {
        let mut handles = undo.created.clone();
        if undo.rows.is_empty() {
            for r in self.stored_rows(st, undo.objid)? {
                if matches!(r.row_type, sysobj::INDEX | sysobj::LONG_VALUE) {
                    handles.push(r.coltyp_or_pgno_fdp);
                }
            }
        }
        let restored = self.restore_rows(st, undo.objid, &undo.rows);
        self.forget(st, undo.objid, &handles);
        if undo.rows.is_empty() {
            self.lv_roots.lock().remove(&undo.objid);
        }
        self.schema.withdraw(undo.objid, undo.txn);
        restored?;
        for r in &undo.created {
            self.space.free_tree(*r)?;
        }
        Ok(())
    }

    /// Gives back the trees a committed schema change released (see
    /// [`SchemaUndo::released`]), once no snapshot reads them.
    pub(super) fn release_trees(
        &self,
        st: &mut State,
        objid: u32,
        trees: &[u32],
        table_gone: bool,
    ) -> Result<()> {
        if table_gone {
            self.lv_roots.lock().remove(&objid);
        }
        self.forget(st, objid, trees);
        match trees.first() {
            Some(&root) => self.space.free_tree(root),
            None => Ok(()),
        }
    }

    /// Every catalog row of table `objid`, deleted columns included, in key order.
    pub(super) fn stored_rows(&self, st: &State, objid: u32) -> Result<Vec<CatalogRow>> {
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
    /// `lenient` (undoing a change): an entry already missing is passed over, as a
    /// change that failed between the trees leaves the row in some of them only.
    fn remove_catalog_row(trees: &CatalogTrees, row: &CatalogRow, lenient: bool) -> Result<()> {
        let gone = |r: Result<()>| match r {
            Err(e) if lenient && e.code() == ErrorCode::RecordNotFound => Ok(()),
            r => r,
        };
        let key = row.primary_key()?;
        gone(trees.name.delete(&row.name_key()?, Some(&key)))?;
        if let Some(k) = row.root_objects_key()? {
            gone(trees.root_objects.delete(&k, Some(&key)))?;
        }
        gone(trees.shadow.delete(&key, None))?;
        gone(trees.mso.delete(&key, None))
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
        self.trees.remove(freed);
    }

    /// `JetAddColumn` on table `table` for `tx`; returns the column and the table's
    /// new definition.
    pub(crate) fn add_column(
        self: &Arc<Self>,
        tx: &mut TxnCtx,
        table: &str,
        spec: &ColumnSpec,
    ) -> Result<(ColumnDef, Arc<TableDef>)> {
        let (mut st, def) = self.ddl_begin(tx, table)?;
        let def = &*def;
        check_ddl(def, tx, DdlChange::AddColumn)?;
        let probe = TableSpec {
            name: def.name.clone(),
            columns: vec![spec.clone()],
            indexes: Vec::new(),
            ..TableSpec::default()
        };
        let mut col = probe
            .table_def(self.page_size, "add column")?
            .columns
            .into_iter()
            .next()
            .ok_or_else(|| bad_state("a column spec gave no column"))?;
        let (fixed, tagged) = (col.is_fixed(), col.is_tagged());
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
        // A derived table's own fixed and variable columns follow its template's.
        let layout = ColumnLayout::of_rows(&rows).with_fixed_and_variable(
            def.columns
                .iter()
                .filter(|c| def.is_derived() && c.is_template()),
        );
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
        if def.is_template() {
            // A template's columns are its derived tables' too: one more would take the
            // place of a derived table's own column (ESE refuses the template's
            // `JET_bitTablePermitDDL` cursor once a derived table has used it).
            if let Some(d) = self.schema.visible(tx.snapshot()).iter().find(|t| {
                t.template_table
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(&def.name))
            }) {
                return Err(err(
                    ErrorCode::TableInUse,
                    format!("table {:?} derives from template {:?}", d.name, def.name),
                ));
            }
            col.id |= crate::format::record::COLUMNID_TEMPLATE;
            col.flags |= column_flags::TEMPLATE_COLUMN_ESE98;
        }
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
        // Checks done: change the catalog, the undo logged first (a change that
        // fails part way is undone from it, here or by recovery).
        let mut undo = SchemaUndo::rows(def.objid, rows);
        tx.log_schema_ahead(self, &mut undo);
        if let Err(e) = add_catalog_row(&st.catalog, &row, self.large()) {
            return Err(self.abandon_schema(&mut st, tx, undo, e));
        }
        self.forget(&mut st, def.objid, &[]);
        let mut new = self.next_def(def);
        new.columns.push(col.clone());
        new.columns.sort_by_key(|c| c.id);
        let new = self.ddl_end(st, tx, new, undo)?;
        Ok((col, new))
    }

    /// `JetDeleteColumn` for `tx`: flags column `name` of table `table` deleted.
    pub(crate) fn delete_column(
        self: &Arc<Self>,
        tx: &mut TxnCtx,
        table: &str,
        name: &str,
    ) -> Result<()> {
        let (mut st, def) = self.ddl_begin(tx, table)?;
        let def = &*def;
        let name = check_name(name, "column")?;
        check_ddl(def, tx, DdlChange::Delete)?;
        let col = column_named(def, &name)?;
        let rows = self.stored_rows(&st, def.objid)?;
        let row = own_column_row(&rows, col, &name)?;
        let new = change::deleted_column_row(row)?;
        if let Some(ix) = def.indexes.iter().find(|ix| {
            ix.segments.iter().any(|s| s.column_id == col.id)
                || ix.conditions.iter().any(|c| c.column_id == col.id)
        }) {
            return Err(err(
                ErrorCode::ColumnInUse,
                format!("index {:?} uses column {name:?}", ix.name),
            ));
        }
        new.encode(self.large())?;
        let mut undo = SchemaUndo::rows(def.objid, rows.clone());
        tx.log_schema_ahead(self, &mut undo);
        if let Err(e) = Self::replace_catalog_row(&st.catalog, row, &new, self.large()) {
            return Err(self.abandon_schema(&mut st, tx, undo, e));
        }
        self.forget(&mut st, def.objid, &[]);
        let id = col.id;
        let mut next = self.next_def(def);
        next.columns.retain(|c| c.id != id);
        self.ddl_end(st, tx, next, undo)?;
        Ok(())
    }

    /// `JetDeleteIndex` for `tx`: deletes index `name` of table `table`; its tree
    /// is freed once the deletion has committed and no snapshot reads it.
    pub(crate) fn delete_index(
        self: &Arc<Self>,
        tx: &mut TxnCtx,
        table: &str,
        name: &str,
    ) -> Result<()> {
        let (mut st, def) = self.ddl_begin(tx, table)?;
        let def = &*def;
        self.quiesce_locked(&mut st, Some(tx))?;
        let name = check_name(name, "index")?;
        check_ddl(def, tx, DdlChange::Delete)?;
        let ix = def.index(&name).ok_or_else(|| {
            err(
                ErrorCode::IndexNotFound,
                format!("table {:?} has no index {name:?}", def.name),
            )
        })?;
        if ix.flags & idb::DERIVED_INDEX != 0 {
            return Err(err(
                ErrorCode::FixedInheritedDDL,
                format!("index {name:?} comes from the template table"),
            ));
        }
        if ix.is_primary() || ix.objid == def.objid {
            return Err(err(
                ErrorCode::IndexMustStay,
                format!("{name:?} is the primary index"),
            ));
        }
        let rows = self.stored_rows(&st, def.objid)?;
        let row = self.stored_row(&st, def.objid, sysobj::INDEX, ix.objid)?;
        let objid_key = ObjidRow::index(ix.objid, def.objid).key()?;
        let large = self.large();
        let (gone, root) = (ix.objid, ix.root);
        let mut undo = SchemaUndo::rows(def.objid, rows);
        undo.released = vec![root];
        tx.log_schema_ahead(self, &mut undo);
        let removed = (|| {
            Self::remove_catalog_row(&st.catalog, &row, false)?;
            if st.catalog.objids.get(&objid_key)?.is_some() {
                st.catalog.objids.delete(&objid_key, None)?;
            }
            Self::drop_locale(&st.catalog, &row, large)
        })();
        if let Err(e) = removed {
            return Err(self.abandon_schema(&mut st, tx, undo, e));
        }
        self.forget(&mut st, def.objid, &[]);
        let mut next = self.next_def(def);
        next.indexes.retain(|ix| ix.objid != gone);
        self.ddl_end(st, tx, next, undo)?;
        Ok(())
    }

    /// `JetDeleteTable` for `tx`: deletes table `name`; its trees are freed once
    /// the deletion has committed and no snapshot reads them.
    pub(crate) fn delete_table(self: &Arc<Self>, tx: &mut TxnCtx, name: &str) -> Result<()> {
        let name = check_name(name, "table")?;
        let (mut st, def) = self.ddl_begin(tx, &name)?;
        let def = &*def;
        self.quiesce_locked(&mut st, Some(tx))?;
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
        let mut freed = vec![def.root];
        for r in &rows {
            match r.row_type {
                sysobj::INDEX | sysobj::LONG_VALUE if r.id != def.objid => {
                    freed.push(r.coltyp_or_pgno_fdp)
                }
                _ => {}
            }
        }
        let mut undo = SchemaUndo::rows(def.objid, rows.clone());
        undo.released = freed;
        undo.table_gone = true;
        // Logged before the first row goes: a removal that fails part way is
        // undone from it, here or by recovery.
        tx.log_schema_ahead(self, &mut undo);
        if let Err(e) = self.remove_rows(&mut st, &rows, false) {
            return Err(self.abandon_schema(&mut st, tx, undo, e));
        }
        self.forget(&mut st, def.objid, &[]);
        self.ddl_change(st, tx, None, undo)?;
        Ok(())
    }

    /// `JetRenameColumn` for `tx`: column `from` of table `table` becomes `to`
    /// (trailing spaces dropped). Records and indexes name columns by id, so only
    /// the column's catalog row changes.
    pub(crate) fn rename_column(
        self: &Arc<Self>,
        tx: &mut TxnCtx,
        table: &str,
        from: &str,
        to: &str,
    ) -> Result<()> {
        let from = check_name(from, "column")?;
        let to = check_name(to, "new column name")?;
        let (st, def) = self.ddl_begin(tx, table)?;
        let def = &*def;
        check_ddl(def, tx, DdlChange::Alter)?;
        let col = column_named(def, &from)?;
        if def.column(&to).is_some_and(|c| c.id != col.id) {
            return Err(err(
                ErrorCode::ColumnDuplicate,
                format!("table {:?} has a column {to:?} already", def.name),
            ));
        }
        let rows = self.stored_rows(&st, def.objid)?;
        let row = own_column_row(&rows, col, &from)?;
        let mut new = row.clone();
        new.name.clone_from(&to);
        self.replace_column_row(st, tx, def, &rows, row, &new, |c| c.name = to)
    }

    /// Ends a change of one column's catalog row: `row` (one of `rows`, the table's
    /// stored rows) becomes `new`, logged ahead and undone whole on failure, and the
    /// column's definition takes `patch`.
    #[allow(clippy::too_many_arguments)]
    fn replace_column_row(
        self: &Arc<Self>,
        mut st: super::step::StateGuard<'_>,
        tx: &mut TxnCtx,
        def: &TableDef,
        rows: &[CatalogRow],
        row: &CatalogRow,
        new: &CatalogRow,
        patch: impl FnOnce(&mut ColumnDef),
    ) -> Result<()> {
        new.encode(self.large())?;
        let mut undo = SchemaUndo::rows(def.objid, rows.to_vec());
        tx.log_schema_ahead(self, &mut undo);
        if let Err(e) = Self::replace_catalog_row(&st.catalog, row, new, self.large()) {
            return Err(self.abandon_schema(&mut st, tx, undo, e));
        }
        let mut next = self.next_def(def);
        if let Some(c) = next
            .columns
            .iter_mut()
            .find(|c| c.id == row.id && !c.is_template())
        {
            patch(c);
        }
        self.ddl_end(st, tx, next, undo)?;
        Ok(())
    }

    /// `JetSetColumnDefaultValue` for `tx`: `value` (as stored) becomes the default of
    /// column `column` of `table`, as ESE's `ErrIsamSetColumnDefaultValue`: only the
    /// column's catalog row and definition change, so records read a value they do not
    /// hold as the new default from then on.
    pub(crate) fn set_column_default(
        self: &Arc<Self>,
        tx: &mut TxnCtx,
        table: &str,
        column: &str,
        value: &[u8],
    ) -> Result<()> {
        let name = check_name(column, "column")?;
        if value.is_empty() {
            return Err(err(
                ErrorCode::NullInvalid,
                "a default value cannot be NULL or empty",
            ));
        }
        let (st, def) = self.ddl_begin(tx, table)?;
        let def = &*def;
        check_ddl(def, tx, DdlChange::Alter)?;
        let col = column_named(def, &name)?;
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
        let most = match (col.coltype.is_long(), col.max_length) {
            (true, 0) => crate::record::schema::LV_DEFAULT_MOST,
            (true, n) => crate::record::schema::LV_DEFAULT_MOST.min(n as usize),
            (false, 0) => col.coltype.fixed_size().unwrap_or(255),
            (false, n) => n as usize,
        };
        if let Some(size) = col.coltype.fixed_size() {
            if value.len() != size {
                return Err(err(
                    ErrorCode::InvalidBufferSize,
                    format!("a default of {} bytes for a {size}-byte type", value.len()),
                ));
            }
        } else if value.len() > most {
            return Err(err(
                ErrorCode::DefaultValueTooBig,
                format!("a default of {} bytes, at most {most}", value.len()),
            ));
        }
        let rows = self.stored_rows(&st, def.objid)?;
        let row = own_column_row(&rows, col, &name)?;
        let mut new = row.clone();
        new.default_value = Some(value.to_vec());
        new.flags |= column_flags::DEFAULT;
        self.replace_column_row(st, tx, def, &rows, row, &new, |c| {
            c.default_value = Some(value.to_vec());
            c.flags |= column_flags::DEFAULT;
        })
    }

    /// `JetRenameTable` for `tx`: table `from` becomes `to` (trailing spaces
    /// dropped, as ESE stores it).
    pub(crate) fn rename_table(
        self: &Arc<Self>,
        tx: &mut TxnCtx,
        from: &str,
        to: &str,
    ) -> Result<()> {
        let from = check_name(from, "table")?;
        let to = check_name(to, "new table name")?;
        let (mut st, def) = self.ddl_begin(tx, &from)?;
        let def = &*def;
        if def.flags & object_flags::SYSTEM != 0 {
            return Err(err(
                ErrorCode::FixedDDL,
                format!("{:?} is a system table", def.name),
            ));
        }
        self.schema
            .check_name(&to, tx.snapshot(), Some(def.objid))?;
        let rows = self.stored_rows(&st, def.objid)?;
        let row = self.stored_row(&st, def.objid, sysobj::TABLE, def.objid)?;
        let new = change::renamed_table_row(&row, &to)?;
        new.encode(self.large())?;
        let mut undo = SchemaUndo::rows(def.objid, rows);
        tx.log_schema_ahead(self, &mut undo);
        if let Err(e) = Self::replace_catalog_row(&st.catalog, &row, &new, self.large()) {
            return Err(self.abandon_schema(&mut st, tx, undo, e));
        }
        let mut next = self.next_def(def);
        next.name = to;
        self.ddl_end(st, tx, next, undo)?;
        Ok(())
    }
}

/// Column `name` of `def` (`JET_errColumnNotFound`).
fn column_named<'d>(def: &'d TableDef, name: &str) -> Result<&'d ColumnDef> {
    def.column(name).ok_or_else(|| {
        err(
            ErrorCode::ColumnNotFound,
            format!("table {:?} has no column {name:?}", def.name),
        )
    })
}

/// The catalog row of `col` among a table's stored `rows`: `JET_errFixedInheritedDDL` for a
/// column of the template table a derived table shares (`ErrIsamDeleteColumn`'s
/// `FFILEITemplateTableColumn` check), which has no row there.
fn own_column_row<'r>(
    rows: &'r [CatalogRow],
    col: &ColumnDef,
    name: &str,
) -> Result<&'r CatalogRow> {
    let inherited = || {
        err(
            ErrorCode::FixedInheritedDDL,
            format!("column {name:?} comes from the template table"),
        )
    };
    if col.is_template() {
        return Err(inherited());
    }
    rows.iter()
        .find(|r| r.row_type == sysobj::COLUMN && r.id == col.fid())
        .ok_or_else(inherited)
}

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
    /// Adds a column to `table` (`JetAddColumn`) and returns it with its id (the next
    /// of its class, as ESE assigns them) and, for a fixed column, its record offset.
    /// Records written before read it as its default, or NULL; an autoincrement column
    /// is numbered through them. Errors: `JET_errObjectNotFound`,
    /// `JET_errColumnDuplicate`, `JET_errInvalidName` and the other validation errors
    /// of a column spec, `JET_errTooManyColumns`, `JET_errRecordTooBig`,
    /// `JET_errColumnRedundant`, `JET_errTableNotEmpty` (escrow columns),
    /// `JET_errFixedDDL` (system tables), `JET_errPermissionDenied` when read-only,
    /// `JET_errWriteConflict` while another transaction changes the table's definition.
    pub fn add_column(&mut self, table: &str, spec: &ColumnSpec) -> Result<ColumnDef> {
        self.add_column_in(None, table, spec)
    }

    /// [`Database::add_column`] in `session`'s transaction (or one of its own).
    pub(crate) fn add_column_in(
        &self,
        session: Option<&Arc<SessionCore>>,
        table: &str,
        spec: &ColumnSpec,
    ) -> Result<ColumnDef> {
        self.write_in(session.map(|s| &**s), |w, tx| {
            let (col, def) = w.add_column(tx, table, spec)?;
            if col.flags & column_flags::AUTOINCREMENT != 0 {
                let t = Table::new(self.inner.clone(), def).in_session(session.cloned());
                number_records(w, tx, &t, &col)?;
            }
            Ok(col)
        })
    }

    /// Deletes column `name` of `table` (`JetDeleteColumn`): its catalog row stays,
    /// typed `JET_coltypNil` and named `JetStub_<table objid>_<column id>`, as ESE
    /// leaves it; records keep their bytes. Errors: `JET_errObjectNotFound`,
    /// `JET_errColumnNotFound`, `JET_errColumnInUse` (an index uses it),
    /// `JET_errInvalidName`, `JET_errFixedDDL`, `JET_errPermissionDenied`,
    /// `JET_errWriteConflict`.
    pub fn delete_column(&mut self, table: &str, name: &str) -> Result<()> {
        self.delete_column_in(None, table, name)
    }

    /// [`Database::delete_column`] in `session`'s transaction (or one of its own).
    pub(crate) fn delete_column_in(
        &self,
        session: Option<&Arc<SessionCore>>,
        table: &str,
        name: &str,
    ) -> Result<()> {
        self.write_in(session.map(|s| &**s), |w, tx| {
            w.delete_column(tx, table, name)
        })
    }

    /// Deletes secondary index `name` of `table` (`JetDeleteIndex`); its space goes
    /// back once no snapshot reads it. Errors: `JET_errObjectNotFound`,
    /// `JET_errIndexNotFound`, `JET_errIndexMustStay` (the primary index),
    /// `JET_errInvalidName`, `JET_errFixedDDL`, `JET_errPermissionDenied`,
    /// `JET_errTableInUse` while other transactions have uncommitted changes,
    /// `JET_errWriteConflict`.
    pub fn delete_index(&mut self, table: &str, name: &str) -> Result<()> {
        self.delete_index_in(None, table, name)
    }

    /// [`Database::delete_index`] in `session`'s transaction (or one of its own).
    pub(crate) fn delete_index_in(
        &self,
        session: Option<&Arc<SessionCore>>,
        table: &str,
        name: &str,
    ) -> Result<()> {
        self.write_in(session.map(|s| &**s), |w, tx| {
            w.delete_index(tx, table, name)
        })
    }

    /// Deletes table `name` with its records, indexes and long values
    /// (`JetDeleteTable`); its space goes back once no snapshot reads it. Errors:
    /// `JET_errObjectNotFound`, `JET_errCannotDeleteSystemTable`,
    /// `JET_errCannotDeleteTemplateTable`, `JET_errInvalidName`,
    /// `JET_errPermissionDenied`, `JET_errTableInUse` while other transactions have
    /// uncommitted changes, `JET_errWriteConflict`.
    pub fn delete_table(&mut self, name: &str) -> Result<()> {
        self.delete_table_in(None, name)
    }

    /// [`Database::delete_table`] in `session`'s transaction (or one of its own).
    pub(crate) fn delete_table_in(
        &self,
        session: Option<&Arc<SessionCore>>,
        name: &str,
    ) -> Result<()> {
        self.write_in(session.map(|s| &**s), |w, tx| w.delete_table(tx, name))
    }

    /// Renames column `from` of `table` to `to` (`JetRenameColumn`); records and
    /// indexes keep it by its id. Errors: `JET_errObjectNotFound`,
    /// `JET_errColumnNotFound`, `JET_errColumnDuplicate`, `JET_errInvalidName`,
    /// `JET_errFixedDDL` (system tables, template columns),
    /// `JET_errPermissionDenied`, `JET_errWriteConflict`.
    pub fn rename_column(&mut self, table: &str, from: &str, to: &str) -> Result<()> {
        self.rename_column_in(None, table, from, to)
    }

    /// [`Database::rename_column`] in `session`'s transaction (or one of its own).
    pub(crate) fn rename_column_in(
        &self,
        session: Option<&Arc<SessionCore>>,
        table: &str,
        from: &str,
        to: &str,
    ) -> Result<()> {
        self.write_in(session.map(|s| &**s), |w, tx| {
            w.rename_column(tx, table, from, to)
        })
    }

    /// Sets the default value of column `column` of `table` to `value`, encoded as the
    /// column stores it (`JetSetColumnDefaultValue`). Errors: `JET_errNullInvalid` for an
    /// empty value, `JET_errColumnNotFound`, `JET_errColumnInUse` (an index's key uses
    /// it), `JET_errInvalidBufferSize` (a fixed type's size), `JET_errDefaultValueTooBig`,
    /// `JET_errFixedDDL`, `JET_errPermissionDenied`, `JET_errWriteConflict`.
    pub fn set_column_default(&mut self, table: &str, column: &str, value: &[u8]) -> Result<()> {
        self.set_column_default_in(None, table, column, value)
    }

    /// [`Database::set_column_default`] in `session`'s transaction (or one of its own).
    pub(crate) fn set_column_default_in(
        &self,
        session: Option<&Arc<SessionCore>>,
        table: &str,
        column: &str,
        value: &[u8],
    ) -> Result<()> {
        self.write_in(session.map(|s| &**s), |w, tx| {
            w.set_column_default(tx, table, column, value)
        })
    }

    /// Renames table `from` to `to` (`JetRenameTable`). Errors:
    /// `JET_errObjectNotFound`, `JET_errTableDuplicate`, `JET_errInvalidName`,
    /// `JET_errFixedDDL` (system and template tables), `JET_errPermissionDenied`,
    /// `JET_errWriteConflict`.
    pub fn rename_table(&mut self, from: &str, to: &str) -> Result<()> {
        self.rename_table_in(None, from, to)
    }

    /// [`Database::rename_table`] in `session`'s transaction (or one of its own).
    pub(crate) fn rename_table_in(
        &self,
        session: Option<&Arc<SessionCore>>,
        from: &str,
        to: &str,
    ) -> Result<()> {
        self.write_in(session.map(|s| &**s), |w, tx| w.rename_table(tx, from, to))
    }
}

/// Sets autoincrement column `col` of table `t` to 1, 2, … in primary index
/// order (`ErrFILEIUpdateAutoInc`), in `tx`.
fn number_records(w: &Arc<Writer>, tx: &mut TxnCtx, t: &Table, col: &ColumnDef) -> Result<()> {
    let mut bookmarks = Vec::new();
    for r in t.records()? {
        bookmarks.push(r?.key().to_vec());
    }
    for (i, bm) in bookmarks.iter().enumerate() {
        let (mut row, _) = t.record_at(bm)?.to_row()?;
        let v = autoinc_value(col.coltype, i as u64 + 1)?;
        row.set(col.id, RowValue::One(Cell::Value(v)));
        w.replace(tx, t.def(), t, bm, &row, None)?;
    }
    Ok(())
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
    if ix.tuple_limits.is_some() {
        grbit |= g::TUPLES | g::TUPLE_LIMITS;
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
    /// `JET_errIndexMustStay`; an index over substring tuples cannot be made by this
    /// engine: `JET_errFeatureNotAvailable` (delete it instead). Other errors: those of
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
        if ix.tuples && ix.tuple_limits.is_none() {
            return Err(err(
                ErrorCode::FeatureNotAvailable,
                format!(
                    "index {} of {} is an index over substring tuples whose limits cannot \
                     be read: it can be deleted, not rebuilt",
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
        let conditions = ix
            .conditions
            .iter()
            .map(|c| {
                let col = def.column_by_id(c.column_id).ok_or_else(|| {
                    err(
                        ErrorCode::ColumnNotFound,
                        format!(
                            "index {} has a condition on missing column {}",
                            ix.name, c.column_id
                        ),
                    )
                })?;
                Ok(crate::record::schema::IndexConditionSpec {
                    column: col.name.clone(),
                    must_be_null: c.must_be_null,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let spec = crate::record::schema::IndexSpec {
            name: ix.name.clone(),
            key,
            flags: index_grbit_of(&ix),
            key_most: (ix.key_most != 0).then_some(ix.key_most),
            var_seg_mac: (ix.var_seg_mac != 0).then_some(ix.var_seg_mac),
            conditions,
            tuple_limits: ix.tuple_limits,
            density: ix.density,
        };
        self.delete_index(&def.name, &ix.name)?;
        self.create_index(&def.name, &spec)
    }
}
