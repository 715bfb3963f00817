//! Creating an index over a table's existing rows ([`Database::create_index`],
//! `JetCreateIndex`): keys are made for every record, sorted, and loaded bottom-up
//! into a fresh tree ([`crate::btree::BTree::bulk_load`]), as ESE's
//! `ErrFILEBuildAllIndexes` sorts the keys and appends them (`ErrSORTIndexBuild`).
//!
//! Owns the checks of a new index and its build. Steps, in this order:
//!
//! 1. validate, before anything changes: the definition (`IndexSpec::index_def`:
//!    `JET_errInvalidName`, `JET_errColumnNotFound`, `JET_errIndexInvalidDef`,
//!    `JET_errInvalidGrbit` …), the name (`JET_errIndexDuplicate`), a second primary
//!    index (`JET_errIndexHasPrimary`), a primary index on a table with records
//!    (`JET_errTableNotEmpty`), the index count (`JET_errTooManyIndexes` past
//!    [`INDEXES_MOST`]);
//! 2. make every record's keys with [`crate::record::index_keys`] (multi-valued
//!    columns give several entries, the ignore-NULL rules drop some), each paired
//!    with the record's primary bookmark, and sort them by key then bookmark, the
//!    order of the tree's leaves;
//! 3. for a unique index, refuse two equal keys (`JET_errKeyDuplicate`): nothing
//!    has been written yet, so a failed build leaves the database as it was;
//! 4. create the index's FDP under the table (object id `objid_last + 1`, one page,
//!    as `create_table` makes indexes), bulk-load it, and write the catalog rows
//!    ESE writes for a new index: the index row as `catalog::table::index_row`
//!    makes it (with the sort version of Unicode indexes, shared with
//!    `create_table`), its `MSysObjids` row and, for an index over Unicode text, its
//!    `MSysLocales` count; then the header's `objid_last` and the table's open
//!    trees. Should the load or a catalog write fail, the tree's space is freed.
//!
//! A primary index (only on an empty table without one) gets no tree of its own: it
//! is the table's, and only its catalog row is written.
//!
//! Memory: the sort holds entries in one buffer, key and bookmark back to back, plus
//! 24 bytes of sort record per entry (about `24 + key + bookmark` bytes each: for
//! 1,000,000 entries with 10-byte keys and 9-byte bookmarks, about 43 MB), up to 64 MiB
//! by default ([`Database::set_sort_memory`]). Past that, as ESE's sort spills to its temporary database,
//! the entries are sorted and written as a run to a file of the system's temporary
//! folder (`ese-index-sort-<pid>-<n>.tmp`, removed when the build ends, whichever
//! way), and the runs are merged as the tree is loaded (a unique index's runs are
//! merged once before, to find a repeated key before anything is written). A run that
//! cannot be written or read back fails the build with the I/O error
//! (`JET_errTempFileOpenError` when its file cannot be made); the table is read one
//! page copy at a time.

use super::ddl::SchemaUndo;
use super::sort::Entries;
use super::table::Table;
use super::txn::TxnCtx;
use super::write::{add_catalog_row, bad_state, index_extras, Writer};
use super::{Database, SessionCore};
use crate::btree::{TreeKind, DEFAULT_DENSITY};
use crate::catalog::ColumnDef;
use crate::catalog::{self, index_flags, CatalogRow, IndexDef, TableDef};
use crate::format::page::{child_pgno, Page};
use crate::record::schema::IndexSpec;
use crate::record::{index_keys, Row};
use crate::{Error, ErrorCode, Result};
use std::sync::Arc;

/// The most indexes a table may have here, its primary index included. ESE's
/// source defines `JET_errTooManyIndexes` but sets no fixed count; the limit is
/// this engine's, taken from ESE's default `JET_paramMaxOpenTables` (300), which
/// counts a table and each of its indexes as one open B-tree.
pub const INDEXES_MOST: usize = 300;

/// The deepest table tree walked (as the B-tree layer's limit).
const DEPTH_MOST: usize = 16;

fn err(code: ErrorCode, what: String) -> Error {
    Error::with(code, what)
}

impl Writer {
    /// Validates `spec` as a new index of table `read`, builds it and writes its
    /// catalog rows (see the module header); returns the index's definition.
    ///
    /// The records are read without the writer's state lock. The build starts only
    /// when no version is left (`JET_errTableInUse` otherwise) and is refused with
    /// the same code when any change was made while the records were read.
    pub(super) fn create_index(
        self: &Arc<Self>,
        tx: &mut TxnCtx,
        read: &Table,
        spec: &IndexSpec,
    ) -> Result<(IndexDef, Arc<TableDef>)> {
        let at = format!("table {:?} index {:?}", read.def().name, spec.name);
        let page_size = self.page_size;
        super::ddl::check_ddl(read.def(), tx, super::ddl::DdlChange::CreateIndex)?;
        self.create_index_with(tx, read, &at, |def| validate(def, spec, page_size, &at))
    }

    /// [`Writer::create_index`] of the secondary index `ix` as another database
    /// defines it (what a compaction copies): its columns, flags, locale and
    /// limits kept, its object id and root new, and its Unicode text keys made by
    /// this engine's collation (recorded as such).
    pub(super) fn create_index_copy(
        self: &Arc<Self>,
        tx: &mut TxnCtx,
        read: &Table,
        mut ix: IndexDef,
    ) -> Result<(IndexDef, Arc<TableDef>)> {
        let at = format!("table {:?} index {:?}", read.def().name, ix.name);
        self.create_index_with(tx, read, &at, |def| {
            ix.sort_version = def
                .has_unicode_text(&ix)
                .then_some(super::write::UNICODE_SORT_VERSION);
            check_new(def, ix, &at)
        })
    }

    /// [`Writer::create_index`] with the index's definition made by `make` from
    /// the table's, under the table's DDL lock.
    fn create_index_with(
        self: &Arc<Self>,
        tx: &mut TxnCtx,
        read: &Table,
        at: &str,
        make: impl FnOnce(&TableDef) -> Result<IndexDef>,
    ) -> Result<(IndexDef, Arc<TableDef>)> {
        let def = read.def();
        let (mut ix, changes) = {
            let (mut st, current) = self.ddl_begin(tx, &def.name)?;
            if !Arc::ptr_eq(&current, read.def_arc()) {
                return Err(bad_state("the table changed while its index was made"));
            }
            self.quiesce_locked(&mut st, Some(tx))?;
            (make(def)?, self.versions.added_count())
        };
        let large = self.page_size > 8192;
        if ix.is_primary() {
            if read.records()?.next().transpose()?.is_some() {
                return Err(err(
                    ErrorCode::TableNotEmpty,
                    format!("{at}: a primary index needs an empty table"),
                ));
            }
            let (mut st, _) = self.ddl_begin(tx, &def.name)?;
            if self.versions.added_count() != changes {
                return Err(err(
                    ErrorCode::TableInUse,
                    format!("{at}: records changed while the index was made; retry"),
                ));
            }
            let before = self.stored_rows(&st, def.objid)?;
            ix.objid = def.objid;
            ix.root = def.root;
            let row = catalog::table::index_row(def.objid, &ix, &index_extras(def, &ix))?;
            add_catalog_row(&st.catalog, &row, large)?;
            self.count_locales(&st.catalog, &row, large)?;
            // The table's sequential key gives way to the primary key: its open
            // trees are made again from the new definition.
            st.tables.remove(&def.objid);
            let mut new_def = self.next_def(def);
            new_def.indexes.insert(0, ix.clone());
            let undo = SchemaUndo::rows(def.objid, before);
            let new = self.ddl_end(st, tx, new_def, undo)?;
            return Ok((ix, new));
        }
        let entries = collect_entries(self, read, def, &ix)?;
        let unique = ix.flags & index_flags::UNIQUE != 0;
        if unique {
            if let Some(k) = entries.duplicate_key()? {
                return Err(err(
                    ErrorCode::KeyDuplicate,
                    format!(
                        "{at}: two records have the key {:02x?}",
                        &k[..k.len().min(32)]
                    ),
                ));
            }
        }
        let (mut st, _) = self.ddl_begin(tx, &def.name)?;
        if self.versions.added_count() != changes {
            return Err(err(
                ErrorCode::TableInUse,
                format!("{at}: records changed while the index was built; retry"),
            ));
        }
        let before = self.stored_rows(&st, def.objid)?;
        let objid = st.header.objid_last + 1;
        let fdp = self
            .space
            .create_fdp(def.root, objid, 1, false, TreeKind::Index { unique })?;
        ix.objid = objid;
        ix.root = fdp;
        let mut undo = SchemaUndo::rows(def.objid, before);
        undo.created = vec![fdp];
        tx.log_schema_ahead(self, &mut undo);
        let built = (|| -> Result<(crate::btree::BTree, CatalogRow)> {
            // Not in the schema yet: its density is given here.
            let density = u8::try_from(ix.density).unwrap_or(DEFAULT_DENSITY);
            let tree = self.open_tree(fdp, density)?;
            let mut sorted = entries.iter()?;
            tree.bulk_load(&mut sorted)?;
            // A run that could not be read back ended the load early: the build fails.
            sorted.finish()?;
            let row = catalog::table::index_row(def.objid, &ix, &index_extras(def, &ix))?;
            Ok((tree, row))
        })();
        let (tree, row) = match built {
            Ok(x) => x,
            Err(e) => {
                self.trees.remove(&[fdp]);
                // Best effort: the build's error is the one to report.
                if self.space.free_tree(fdp).is_ok() && undo.log_id != 0 {
                    self.log.note_undone(tx.info.id, undo.log_id);
                }
                return Err(e);
            }
        };
        drop(entries);
        add_catalog_row(&st.catalog, &row, large)?;
        for o in catalog::objids::objids_for_rows(std::slice::from_ref(&row)) {
            st.catalog.objids.insert(&o.key()?, &o.encode(large)?)?;
        }
        self.count_locales(&st.catalog, &row, large)?;
        st.header.objid_last = objid;
        let mut new_def = self.next_def(def);
        new_def.indexes.push(ix.clone());
        // The table's open trees include the index from now on, so that a handle
        // opened before this call cannot make them without it.
        if let Some(ts) = st.tables.get_mut(&def.objid) {
            ts.secondaries.push((def.indexes.len(), tree));
        } else {
            self.table_state(&mut st, &new_def, read)?;
        }
        let new = self.ddl_end(st, tx, new_def, undo)?;
        Ok((ix, new))
    }

    /// Adds one to the `MSysLocales` count of the locale and sort version of index
    /// row `row` when it indexes Unicode text (the schema rows `locales_for_rows`
    /// also lists are not counts of indexes and stay as they are).
    pub(super) fn count_locales(
        &self,
        trees: &super::write::CatalogTrees,
        row: &CatalogRow,
        large: bool,
    ) -> Result<()> {
        let base: Vec<String> = catalog::locales::new_database_locales()
            .into_iter()
            .map(|l| l.key)
            .collect();
        for l in catalog::locales::locales_for_rows(std::slice::from_ref(row))? {
            if base.contains(&l.key) {
                continue;
            }
            let mut new = l.clone();
            if let Some(e) = trees.locales.get(&l.index_key()?)? {
                let rec = crate::format::record::RawRecord::decode(&e.data, large)?;
                if let Some(b) = rec.fixed(2, 5, 4)? {
                    new.value += i32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                }
            }
            super::write::put_locale(trees, &new, large)?;
        }
        Ok(())
    }
}

/// The definition of `spec` as a new index of `def`, or why it cannot be one.
fn validate(def: &TableDef, spec: &IndexSpec, page_size: usize, at: &str) -> Result<IndexDef> {
    check_new(def, spec.index_def(&def.columns, page_size, at)?, at)
}

/// `ix` as a new index of `def`, or why it cannot be one: a name in use, a
/// second primary index, one index too many, a catalog row that cannot be made.
fn check_new(def: &TableDef, ix: IndexDef, at: &str) -> Result<IndexDef> {
    if def
        .indexes
        .iter()
        .any(|d| d.name.eq_ignore_ascii_case(&ix.name))
    {
        return Err(err(
            ErrorCode::IndexDuplicate,
            format!("{at}: an index of that name exists"),
        ));
    }
    if ix.is_primary() && def.primary_index().is_some() {
        return Err(err(
            ErrorCode::IndexHasPrimary,
            format!("{at}: the table has a primary index"),
        ));
    }
    if def.indexes.len() >= INDEXES_MOST {
        return Err(err(
            ErrorCode::TooManyIndexes,
            format!("{at}: a table has at most {INDEXES_MOST} indexes"),
        ));
    }
    // The catalog row must be possible before anything is written.
    catalog::table::index_row(def.objid, &ix, &index_extras(def, &ix))?;
    Ok(ix)
}

/// The entries of index `ix` for every record of `read`, sorted. The table's
/// leaves are walked page by page through the writer's cache (each page checked
/// once), and each record gives the index only the columns of its key segments
/// and of its conditions.
fn collect_entries(w: &Writer, read: &Table, def: &TableDef, ix: &IndexDef) -> Result<Entries> {
    let columns = ix
        .segments
        .iter()
        .map(|s| s.column_id)
        .chain(ix.conditions.iter().map(|c| c.column_id))
        .map(|id| {
            def.column_by_id(id).ok_or_else(|| {
                err(
                    ErrorCode::ColumnNotFound,
                    format!("index {} names missing column {id}", ix.name),
                )
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let mut entries = read.sort_entries();
    let mut key = Vec::new();
    let mut pgno = first_leaf(w, def)?;
    let mut prev = 0u32;
    let mut walked = 0u64;
    let limit = u64::from(w.space.last_pgno()) + 1;
    while pgno != 0 {
        walked += 1;
        if walked > limit {
            return Err(Error::with(ErrorCode::BadPageLink, "sibling chain loops").page(pgno));
        }
        // A copy, so that no latch is held while long values are read.
        let image = w.cache.read(pgno)?.to_vec();
        let page = Page::new(&image, pgno)?;
        if page.objid_fdp() != def.objid || !page.is_leaf() || page.prev() != prev {
            return Err(Error::with(
                ErrorCode::BadPageLink,
                format!("page {pgno} is not the next leaf of table {}", def.name),
            )
            .page(pgno));
        }
        let prefix = page.key_prefix()?;
        for i in 0..page.node_count() {
            let node = page.node(i)?;
            if node.is_deleted() {
                continue;
            }
            key.clear();
            node.key_into(prefix, &mut key)?;
            let rec = read.record_from(key.clone(), node.data.to_vec());
            let row = key_row(&rec, &columns)?;
            for k in index_keys(def, ix, &row)?.keys {
                entries.push(&k, &key)?;
            }
        }
        prev = pgno;
        pgno = page.next();
    }
    entries.sort()?;
    Ok(entries)
}

/// The leftmost leaf of table `def`'s tree.
fn first_leaf(w: &Writer, def: &TableDef) -> Result<u32> {
    let mut pgno = def.root;
    for _ in 0..DEPTH_MOST {
        let buf = w.cache.read(pgno)?;
        let page = Page::new(&buf, pgno)?;
        if page.objid_fdp() != def.objid {
            return Err(Error::with(
                ErrorCode::BadParentPageLink,
                format!("page {pgno} is not a page of table {}", def.name),
            )
            .page(pgno));
        }
        if page.is_leaf() {
            return Ok(pgno);
        }
        pgno = child_pgno(&page.node(0)?).map_err(|e| e.page(pgno))?;
    }
    Err(Error::with(ErrorCode::DatabaseCorrupted, "tree deeper than the limit").page(def.root))
}

/// The values of `columns` in record `rec` as a row, as `Record::to_row` gives
/// them (the column's default when the record has no value, NULL when it stores
/// one over the default).
fn key_row(rec: &super::table::Record, columns: &[&ColumnDef]) -> Result<Row> {
    let mut row = Row::new();
    for col in columns {
        if let Some(v) = super::table::row_value(col, &rec.value(col)?) {
            row.set(col.id, v);
        }
    }
    Ok(row)
}

impl Database {
    /// Creates index `spec` on table `table` and indexes the table's records
    /// (`JetCreateIndex`): the keys of every record are sorted and loaded
    /// bottom-up into the new tree. Returns the index's definition (object id and
    /// root page filled in); the database's table list shows the index from then
    /// on (handles cloned before the call do not).
    ///
    /// Errors, all before anything is written: `JET_errObjectNotFound` (no such
    /// table), `JET_errIndexDuplicate`, `JET_errIndexHasPrimary`,
    /// `JET_errTableNotEmpty` (a primary index on a table with records),
    /// `JET_errTooManyIndexes`, the definition's errors (`JET_errInvalidName`,
    /// `JET_errColumnNotFound`, `JET_errIndexInvalidDef`, `JET_errInvalidGrbit` …),
    /// the records' key errors (`JET_errNullKeyDisallowed`, `JET_errKeyTruncated`),
    /// `JET_errKeyDuplicate` for a unique index two records share a key of;
    /// `JET_errPermissionDenied` on a read-only database. Space errors while
    /// loading leave no tree behind.
    pub fn create_index(&mut self, table: &str, spec: &IndexSpec) -> Result<IndexDef> {
        self.create_index_in(None, table, spec)
    }

    /// [`Database::create_index`] in `session`'s transaction (or one of its own).
    pub(crate) fn create_index_in(
        &self,
        session: Option<&Arc<SessionCore>>,
        table: &str,
        spec: &IndexSpec,
    ) -> Result<IndexDef> {
        self.write_in(session.map(|s| &**s), |w, tx| {
            let def = w.schema.find(table, tx.snapshot()).ok_or_else(|| {
                Error::with(
                    ErrorCode::ObjectNotFound,
                    format!("no table named {table:?}"),
                )
            })?;
            let t = Table::new(self.inner.clone(), def).in_session(session.cloned());
            w.create_index(tx, &t, spec).map(|(ix, _)| ix)
        })
    }

    /// Builds secondary index `ix` of table `table` as another database defines
    /// it (see `Writer::create_index_copy`), in a transaction of its own.
    pub(crate) fn create_index_copy(&self, table: &str, ix: IndexDef) -> Result<IndexDef> {
        self.write_in(None, |w, tx| {
            let def = w.schema.find(table, tx.snapshot()).ok_or_else(|| {
                Error::with(
                    ErrorCode::ObjectNotFound,
                    format!("no table named {table:?}"),
                )
            })?;
            let t = Table::new(self.inner.clone(), def);
            w.create_index_copy(tx, &t, ix).map(|(ix, _)| ix)
        })
    }
}
