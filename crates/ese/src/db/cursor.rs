//! The cursor API of ESE (`JetOpenTable` … `JetUpdate`) over one table: a
//! current index, a current record, a key buffer, an index range and a prepared
//! update.
//!
//! Owns [`Cursor`] and its option types. Moves and seeks go through the B-tree
//! layer's cursors (over the writer's cache, or a read-only cache for a database
//! open read-only); records are read through the read path ([`Table`]); changes go
//! through the database's insert/replace/delete.
//!
//! What must hold: every call that needs a current record says
//! `JET_errNoCurrentRecord` without one; moving past either end leaves the cursor
//! there and says `JET_errNoCurrentRecord`; a database open read-only refuses
//! updates with `JET_errPermissionDenied`; warnings (`JET_wrnSeekNotEqual`,
//! `JET_wrnColumnNull`) are returned as values; flag-deleted nodes are never
//! entries (the read path's rule); a foreign index (Unicode text keys of another
//! collation, see [`TableDef::is_foreign_index`](crate::catalog::TableDef::is_foreign_index))
//! is read in its stored order, and whatever needs a key computed for it is
//! refused with `JET_errSecondaryIndexCorrupted` / `JET_errPrimaryIndexCorrupted`.
//!
//! ESE sources followed: `rec.cxx` (`ErrIsamSetCurrentIndex`, `ErrRECSetCurrentIndex`,
//! `ErrRECIGotoBookmark`, `ErrIsamGotoIndexBookmark`), `fldnorm.cxx`
//! (`ErrIsamGetIndexBookmark`), `stats.cxx` and `dir.cxx` (`ErrIsamIndexRecordCount`,
//! `ErrDIRIndexRecordCount`), `rec.hxx` (`KeySequence` for itagSequence).

use super::table::{RecordView, Visibility};
use super::{Database, Record, Table};
use crate::btree::{self, BTree, Entry};
use crate::catalog::{index_flags, IndexDef};
use crate::format::coltype::Value;
use crate::record::{index_keys, search_key_after, Cell, Row, RowValue};
use crate::{Error, ErrorCode, Result, Warning};

/// How [`Cursor::seek`] compares (`JET_bitSeek*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeekGrbit {
    /// `JET_bitSeekEQ`: the first entry whose key starts with the search key.
    Eq,
    /// `JET_bitSeekLT`: the last entry below the key.
    Lt,
    /// `JET_bitSeekLE`: the last entry at or below the key.
    Le,
    /// `JET_bitSeekGE`: the first entry at or above the key.
    Ge,
    /// `JET_bitSeekGT`: the first entry above the key.
    Gt,
}

/// The limit grbits of `JetMakeKey`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeyLimit {
    /// No limit: the key as made.
    #[default]
    None,
    /// `JET_bitFullColumnStartLimit`: before every key with these values.
    FullColumnStart,
    /// `JET_bitPartialColumnStartLimit`: before every key whose last text or
    /// binary segment starts with the given value.
    PartialColumnStart,
    /// `JET_bitFullColumnEndLimit`: after every key with these values.
    FullColumnEnd,
    /// `JET_bitPartialColumnEndLimit`: after every key whose last text or binary
    /// segment starts with the given value.
    PartialColumnEnd,
}

/// What `JetPrepareUpdate` prepares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prep {
    /// `JET_prepInsert`: a new record, every column at its default.
    Insert,
    /// `JET_prepReplace`: change the current record.
    Replace,
    /// `JET_prepInsertCopy`: a new record starting as a copy of the current one.
    InsertCopy,
}

/// What a prepared insert does with the table's autoincrement column (the forms of
/// ESE's `JetPrepareUpdate`); a replace leaves it as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AutoIncrement {
    /// The table's next value is taken at once, so that the prepared row holds it
    /// before the update (`JET_prepInsert`, `JET_prepInsertCopy`,
    /// `JET_prepInsertCopyDeleteOriginal`).
    Take,
    /// A copy keeps the value of the record it copies
    /// (`JET_prepInsertCopyReplaceOriginal`).
    Keep,
    /// The caller sets it (`JET_prepInsertMustSetAutoIncrement`): the update is
    /// `JET_errAutoIncrementNotSet` without one.
    MustSet,
}

/// The lock `JetGetLock` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockKind {
    /// `JET_bitReadLock`: shared with other readers' locks.
    Read,
    /// `JET_bitWriteLock`: exclusive.
    Write,
}

/// How `JetSetCurrentIndex2/3/4` places the cursor on the new index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SetIndexGrbit {
    /// `JET_bitMoveFirst` (the default): the cursor goes to the start of the new
    /// index; see [`Cursor::set_index_with`].
    #[default]
    MoveFirst,
    /// `JET_bitNoMove`: the cursor stays on its record and is positioned on that
    /// record's entry in the new index.
    NoMove,
}

/// A position in a secondary index (`JetGetSecondaryIndexBookmark`): the entry's
/// normalized key and the primary bookmark of its record. Together they name one
/// entry, also of a multi-valued index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SecondaryBookmark {
    /// The entry's key in the secondary index.
    pub secondary_key: Vec<u8>,
    /// The record's primary bookmark.
    pub primary_bookmark: Vec<u8>,
}

struct Update {
    prep: Prep,
    /// The caller must set the autoincrement column ([`AutoIncrement::MustSet`]).
    must_set_autoinc: bool,
    row: Row,
    bookmark: Option<Vec<u8>>,
    /// For a replace prepared outside a transaction (no lock taken): the record as
    /// it was, which the update checks it still is.
    original: Option<Vec<u8>>,
}

/// A cursor on one table.
pub struct Cursor {
    db: Database,
    table: Table,
    /// The table as the writer reads it (no session), made once: a change
    /// through the cursor then takes no new handle, nor a reference to the
    /// table's definition that readers on other threads share.
    writer_view: Table,
    /// The current index: `None` for the primary (or sequential) index.
    index: Option<usize>,
    tree: BTree,
    cur: btree::Cursor,
    /// The current entry (index key, primary bookmark).
    current: Option<(Vec<u8>, Vec<u8>)>,
    key: Option<Vec<u8>>,
    /// The search key ends with an end limit: [`END_LIMIT_PAD`] bytes of 0xFF.
    key_end_limit: bool,
    /// The current record's data as read when the cursor landed on it (primary index
    /// only), with the snapshot it was read under; reused while both hold.
    current_data: Option<(Vec<u8>, crate::version::Snapshot)>,
    /// The index range, if one is set.
    range: Option<IndexRange>,
    update: Option<Update>,
    /// The cursor has not been positioned since it was opened or its index was set:
    /// ESE's deferred move to the first entry (`locDeferMoveFirst`) still stands,
    /// which [`Cursor::index_record_count`] honours.
    at_start: bool,
}

impl std::fmt::Debug for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cursor")
            .field("table", &self.table.name())
            .field("index", &self.index)
            .finish_non_exhaustive()
    }
}

fn no_current_index() -> Error {
    Error::with(
        ErrorCode::NoCurrentIndex,
        "the cursor is on the primary index, not a secondary one",
    )
}

fn not_in_transaction() -> Error {
    Error::with(ErrorCode::NotInTransaction, "this call needs a transaction")
}

fn no_current() -> Error {
    Error::with(
        ErrorCode::NoCurrentRecord,
        "the cursor has no current record",
    )
}

impl Database {
    /// Opens a cursor on table `name` (`JetOpenTable`), on its primary index,
    /// before the first record.
    pub fn open_cursor(&self, name: &str) -> Result<Cursor> {
        self.open_cursor_in(name, None)
    }

    /// [`Database::open_cursor`] reading and writing through `session`.
    pub(crate) fn open_cursor_in(
        &self,
        name: &str,
        session: Option<std::sync::Arc<super::SessionCore>>,
    ) -> Result<Cursor> {
        let snap = match session.as_ref().map(|s| s.snapshot()) {
            Some(s) if s.txn != 0 => s,
            _ => self.inner.committed_now(),
        };
        let table = self.table_at(name, snap)?.in_session(session);
        let tree = self.open_btree(table.def().root)?;
        Ok(Cursor {
            db: self.clone(),
            cur: tree.cursor(),
            tree,
            writer_view: table.clone().in_session(None),
            table,
            index: None,
            current: None,
            current_data: None,
            key: None,
            key_end_limit: false,
            range: None,
            update: None,
            at_start: true,
        })
    }
}

/// The first entry from `e` on in direction `forward` that `vis` sees, as it sees it.
fn live(
    c: &mut btree::Cursor,
    mut e: Option<Entry>,
    forward: bool,
    vis: &Visibility<'_>,
) -> Result<Option<Entry>> {
    while let Some(x) = e {
        if let Some(x) = vis.see_bt(x) {
            return Ok(Some(x));
        }
        e = if forward { c.next()? } else { c.prev()? };
    }
    Ok(None)
}

/// The 0xFF bytes after a search key made with an end limit: past every entry
/// that starts with the key, whatever bytes follow it there.
const END_LIMIT_PAD: usize = 256;

/// An index range (`JetSetIndexRange`): a limit key, whether it is inclusive, and
/// which end of the range it is.
#[derive(Clone, Debug)]
struct IndexRange {
    limit: Vec<u8>,
    inclusive: bool,
    /// The upper end (`JET_bitRangeUpperLimit`), which stops moves forward; else
    /// the lower end, which stops moves backward.
    upper: bool,
}

impl IndexRange {
    /// Whether entry key `key` lies outside the range. As ESE compares them, an
    /// entry whose key starts with the limit equals it (inside when inclusive).
    fn excludes(&self, key: &[u8]) -> bool {
        if key.starts_with(&self.limit) {
            !self.inclusive
        } else if self.upper {
            key > self.limit.as_slice()
        } else {
            key < self.limit.as_slice()
        }
    }
}

/// How [`Cursor::update_with`] writes (`JetUpdate2`'s grbits).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UpdateOptions {
    /// Keep optionally unique indexes unique
    /// (`JET_bitUpdateEnforceOptionallyUniqueIndices`).
    pub enforce_optionally_unique: bool,
}

impl Cursor {
    /// The table.
    pub fn table(&self) -> &Table {
        &self.table
    }

    /// The current index's definition (`None` for a table without a primary
    /// index on its sequential index).
    pub fn index_def(&self) -> Option<&IndexDef> {
        let def = self.table.def();
        match self.index {
            Some(i) => def.indexes.get(i),
            None => def.primary_index(),
        }
    }

    /// `JetSetCurrentIndex`: `None`, `""` or the primary index's name selects the
    /// primary (or sequential) index; the cursor then goes to the start of the index
    /// ([`SetIndexGrbit::MoveFirst`], see [`Cursor::set_index_with`]).
    /// `JET_errIndexNotFound` for an unknown name.
    pub fn set_index(&mut self, name: Option<&str>) -> Result<()> {
        self.set_index_with(name, SetIndexGrbit::MoveFirst, 1)
    }

    /// `JetSetCurrentIndex2/3/4`: makes index `name` current (`None` or `""`: the
    /// primary or sequential index).
    ///
    /// * [`SetIndexGrbit::MoveFirst`]: the cursor goes to the start of the new index:
    ///   it has no current entry, [`Cursor::move_next`] lands on the first entry and
    ///   [`Cursor::index_record_count`] counts the whole index. (ESE defers a move to
    ///   the first entry, `RECDeferMoveFirst`, so its cursor reads the first entry
    ///   without a move and a MoveNext goes to the second; this cursor keeps the
    ///   convention of [`Database::open_cursor`], which is before the first entry.)
    /// * [`SetIndexGrbit::NoMove`]: the cursor stays on its record and is positioned on
    ///   that record's entry in the new index: for a multi-valued index the entry of
    ///   value `itag_sequence` (0 and 1 mean the first value) of its first multi-valued
    ///   key column, as ESE's `KeySequence` picks it; other indexes ignore
    ///   `itag_sequence`. Errors: `JET_errNoCurrentRecord` without a current record
    ///   (the index does not change); after the index changed, `JET_errNoCurrentRecord`
    ///   when the record has no entry in it (NULL key the index leaves out; the cursor
    ///   is then before its first entry), `JET_errBadItagSequence` when the column has
    ///   no value `itag_sequence`, and for a foreign multi-valued index the error of
    ///   [`TableDef::check_index_keys`](crate::catalog::TableDef::check_index_keys)
    ///   (a foreign index with one entry per record is searched in stored order).
    ///
    /// Setting the index the cursor is already on is a no-op that keeps the position
    /// and any index range, as ESE documents it ("if the current index is being
    /// selected then this option is ignored", `SetCurrentIndexGrbit`); in the source
    /// `ErrRECSetCurrentIndex` returns at once, though `ErrIsamSetCurrentIndex` then
    /// still defers a move-first for `JET_bitMoveFirst`. Any real change resets the index range
    /// and the search key and cancels a prepared update (`ErrIsamSetCurrentIndex`,
    /// `ErrRECIGotoBookmark`). `JET_errIndexNotFound` for an unknown name.
    pub fn set_index_with(
        &mut self,
        name: Option<&str>,
        grbit: SetIndexGrbit,
        itag_sequence: u32,
    ) -> Result<()> {
        let bookmark = match grbit {
            SetIndexGrbit::MoveFirst => None,
            SetIndexGrbit::NoMove => Some(self.bookmark()?),
        };
        let index = self.resolve_index(name)?;
        if index == self.index {
            return Ok(());
        }
        let def = self.table.def();
        let root = match index {
            Some(i) => def.indexes[i].root,
            None => def.root,
        };
        let tree = self.db.open_btree(root)?;
        self.update = None;
        self.cur = tree.cursor();
        self.tree = tree;
        self.index = index;
        self.current = None;
        self.set_key(None, false);
        self.range = None;
        self.at_start = bookmark.is_none();
        match bookmark {
            None => Ok(()),
            Some(bm) => self.position_on_record(&bm, itag_sequence.max(1)),
        }
    }

    /// The index named `name`: `None` for the primary or sequential index.
    fn resolve_index(&self, name: Option<&str>) -> Result<Option<usize>> {
        let def = self.table.def();
        let Some(n) = name.filter(|n| !n.is_empty()) else {
            return Ok(None);
        };
        let i = def
            .indexes
            .iter()
            .position(|ix| ix.name.eq_ignore_ascii_case(n))
            .ok_or_else(|| {
                Error::with(ErrorCode::IndexNotFound, format!("no index named {n:?}"))
            })?;
        Ok((!def.indexes[i].is_primary()).then_some(i))
    }

    /// The name of the current index (`JetGetCurrentIndex`): the primary index's name,
    /// or `None` on the sequential index of a table without a primary index.
    pub fn current_index_name(&self) -> Option<&str> {
        self.index_def().map(|ix| ix.name.as_str())
    }

    fn is_primary(&self) -> bool {
        self.index.is_none()
    }

    fn land(&mut self, e: Option<Entry>) -> Result<()> {
        self.at_start = false;
        let e = match e {
            Some(e) if !e.is_deleted() => e,
            _ => {
                self.current = None;
                return Err(no_current());
            }
        };
        if let Some(range) = &self.range {
            if range.excludes(&e.key) {
                self.current = None;
                self.range = None;
                return Err(no_current());
            }
        }
        if self.is_primary() {
            self.current_data = Some((e.data, self.table.snapshot()));
            self.current = Some((e.key.clone(), e.key));
        } else {
            self.current_data = None;
            self.current = Some((e.key, e.data));
        }
        Ok(())
    }

    /// `JetMove(JET_MoveFirst)`.
    pub fn move_first(&mut self) -> Result<()> {
        let _g = self.enter()?;
        self.range = None;
        let vis = self.table.visibility(self.tree.info().root);
        let e = self.cur.first()?;
        let e = live(&mut self.cur, e, true, &vis)?;
        drop(vis);
        self.land(e)
    }

    /// `JetMove(JET_MoveLast)`.
    pub fn move_last(&mut self) -> Result<()> {
        let _g = self.enter()?;
        self.range = None;
        let vis = self.table.visibility(self.tree.info().root);
        let e = self.cur.last()?;
        let e = live(&mut self.cur, e, false, &vis)?;
        drop(vis);
        self.land(e)
    }

    /// `JetMove(JET_MoveNext)`: `JET_errNoCurrentRecord` past the last entry (or
    /// the index range's limit).
    pub fn move_next(&mut self) -> Result<()> {
        let _g = self.enter()?;
        let vis = self.table.visibility(self.tree.info().root);
        let e = self.cur.next()?;
        let e = live(&mut self.cur, e, true, &vis)?;
        drop(vis);
        self.land(e)
    }

    /// `JetMove(JET_MovePrevious)`.
    pub fn move_prev(&mut self) -> Result<()> {
        let _g = self.enter()?;
        let vis = self.table.visibility(self.tree.info().root);
        let e = self.cur.prev()?;
        let e = live(&mut self.cur, e, false, &vis)?;
        drop(vis);
        self.land(e)
    }

    /// `JetMove(n)`: `n` entries forward (negative: backward).
    pub fn move_by(&mut self, n: i64) -> Result<()> {
        for _ in 0..n.unsigned_abs() {
            if n > 0 {
                self.move_next()?;
            } else {
                self.move_prev()?;
            }
        }
        if n == 0 && self.current.is_none() {
            return Err(no_current());
        }
        Ok(())
    }

    /// `JetMakeKey` over the current index: `values` for its leading segments
    /// (`None` = NULL), then the limit. `JET_errInvalidParameter` for more values
    /// than segments; the value errors of the columns (`JET_errInvalidBufferSize`
    /// …); `JET_errKeyTruncated`-free: a key longer than the index's limit is cut
    /// as ESE cuts it. On a foreign index (Unicode text keys of another collation):
    /// `JET_errSecondaryIndexCorrupted`, or `JET_errPrimaryIndexCorrupted` for the
    /// primary index.
    pub fn make_key(&mut self, values: &[Option<Value>], limit: KeyLimit) -> Result<()> {
        self.make_key_after(&[], values, limit)
    }

    /// [`Cursor::make_key`] after a normalized key `prefix` (`JetMakeKey` without
    /// `JET_bitNewKey` after `JET_bitNormalizedKey`, which ESE counts as the first
    /// segment): `values` for the segments from the second on, each normalized with the
    /// key space `prefix` leaves, appended to it. An empty `prefix` is [`Cursor::make_key`].
    /// `JET_errKeyIsMade` when `prefix` holds a limit (is longer than the index's longest
    /// key) or the index has no more segments.
    pub fn make_key_after(
        &mut self,
        prefix: &[u8],
        values: &[Option<Value>],
        limit: KeyLimit,
    ) -> Result<()> {
        self.check_keys()?;
        let def = self.table.def();
        let ix = match self.index_def() {
            Some(ix) => ix,
            None => {
                // The sequential index: the key is the DBK.
                let dbk = match values.first() {
                    Some(Some(Value::Long(d))) => *d as u32,
                    Some(Some(Value::UnsignedLong(d))) => *d,
                    _ => {
                        return Err(Error::with(
                            ErrorCode::InvalidParameter,
                            "the sequential index takes one Long value",
                        ))
                    }
                };
                self.set_key(Some(crate::record::sequential_key(dbk)), false);
                return Ok(());
            }
        };
        let first = usize::from(!prefix.is_empty());
        let key_most = crate::record::index_limits(ix).key_most;
        if prefix.len() > key_most || first + values.len() > ix.segments.len() && first > 0 {
            return Err(Error::with(
                ErrorCode::KeyIsMade,
                format!(
                    "the normalized key of {} bytes leaves no segment of index {} to add",
                    prefix.len(),
                    ix.name
                ),
            ));
        }
        if values.is_empty() || values.len() > ix.segments.len() {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                format!(
                    "index {} has {} segments, {} values given",
                    ix.name,
                    ix.segments.len(),
                    values.len()
                ),
            ));
        }
        let added = search_key_after(def, ix, first, values, key_most - prefix.len())?;
        let mut key = if prefix.is_empty() {
            added
        } else {
            [prefix, &added].concat()
        };
        let last_col = ix
            .segments
            .get(first + values.len() - 1)
            .and_then(|s| def.column_by_id(s.column_id));
        let last_var = last_col.is_some_and(|c| !c.is_fixed() || c.coltype.is_text());
        let last_set = values.last().is_some_and(Option::is_some);
        if matches!(
            limit,
            KeyLimit::PartialColumnStart | KeyLimit::PartialColumnEnd
        ) && last_var
            && last_set
            && key.last() == Some(&0)
        {
            key.pop();
        }
        let end_limit = matches!(limit, KeyLimit::FullColumnEnd | KeyLimit::PartialColumnEnd);
        if end_limit {
            key.resize(key.len() + END_LIMIT_PAD, 0xFF);
        }
        self.set_key(Some(key), end_limit);
        Ok(())
    }

    /// `JetMakeKey(JET_bitNormalizedKey)`: `key`, a normalized key such as
    /// [`Cursor::search_key`] or `JetRetrieveKey` gives, becomes the search key as
    /// it is. One longer than the index's longest key is a key with its limit byte
    /// (ESE's rule), cut to one byte past the longest key; longer than that and
    /// than 255 bytes it is `JET_errInvalidParameter`.
    pub fn set_normalized_key(&mut self, key: &[u8]) -> Result<()> {
        let key_most = match self.index_def() {
            Some(ix) => crate::record::index_limits(ix).key_most,
            None => crate::format::key::KEY_MOST_LEGACY,
        };
        let limit_most = key_most + 1;
        if key.len() > limit_most && key.len() > crate::format::key::KEY_MOST_LEGACY {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                format!(
                    "a normalized key of {} bytes; this index's keys have at most {key_most}",
                    key.len()
                ),
            ));
        }
        let mut key = key[..key.len().min(limit_most)].to_vec();
        // A key with an end limit, as `search_key` gives it back, seeks as the
        // key it was read from.
        let end_limit = key.len() > key_most && key.last() == Some(&0xFF);
        if end_limit {
            key.resize(key.len() + END_LIMIT_PAD - 1, 0xFF);
        }
        self.set_key(Some(key), end_limit);
        Ok(())
    }

    /// `JetRetrieveKey(JET_bitRetrieveCopy)`: the search key as made, as ESE
    /// keeps it (an end limit as one 0xFF byte after the key); `None` when no key
    /// was made.
    pub fn search_key(&self) -> Option<Vec<u8>> {
        let key = self.key.as_ref()?;
        let cut = if self.key_end_limit {
            END_LIMIT_PAD - 1
        } else {
            0
        };
        Some(key[..key.len().saturating_sub(cut)].to_vec())
    }

    /// Sets the search key (`None`: none) and whether it ends with an end limit's
    /// [`END_LIMIT_PAD`] bytes, together.
    fn set_key(&mut self, key: Option<Vec<u8>>, end_limit: bool) {
        self.key_end_limit = end_limit && key.is_some();
        self.key = key;
    }

    /// `Ok` unless the current index is foreign (see [`Cursor::make_key`]).
    fn check_keys(&self) -> Result<()> {
        match self.index_def() {
            Some(ix) => self.table.def().check_index_keys(ix),
            None => Ok(()),
        }
    }

    fn made_key(&self) -> Result<Vec<u8>> {
        self.key
            .clone()
            .ok_or_else(|| Error::with(ErrorCode::KeyNotMade, "no key was made"))
    }

    /// `JetSeek` with the made key. `JET_errRecordNotFound` when nothing
    /// qualifies; `Some(JET_wrnSeekNotEqual)` when GE/LE land on another key. On a
    /// foreign index the error of [`Cursor::make_key`].
    pub fn seek(&mut self, op: SeekGrbit) -> Result<Option<Warning>> {
        let _g = self.enter()?;
        self.check_keys()?;
        let key = self.made_key()?;
        self.range = None;
        let vis = self.table.visibility(self.tree.info().root);
        let c = &mut self.cur;
        let found = match op {
            SeekGrbit::Eq => {
                let e = c.seek(btree::SeekOp::Ge, &key, None)?;
                live(c, e, true, &vis)?.filter(|e| e.key.starts_with(&key))
            }
            SeekGrbit::Ge => {
                let e = c.seek(btree::SeekOp::Ge, &key, None)?;
                live(c, e, true, &vis)?
            }
            SeekGrbit::Gt => {
                let e = c.seek(btree::SeekOp::Gt, &key, None)?;
                live(c, e, true, &vis)?
            }
            SeekGrbit::Le => {
                let e = c.seek(btree::SeekOp::Le, &key, None)?;
                live(c, e, false, &vis)?
            }
            SeekGrbit::Lt => {
                let e = c.seek(btree::SeekOp::Lt, &key, None)?;
                live(c, e, false, &vis)?
            }
        };
        drop(vis);
        let Some(e) = found else {
            self.at_start = false;
            self.current = None;
            return Err(Error::with(
                ErrorCode::RecordNotFound,
                "no record matches the key",
            ));
        };
        let equal = e.key.starts_with(&key);
        self.land(Some(e))?;
        Ok(match op {
            SeekGrbit::Ge | SeekGrbit::Le if !equal => Some(Warning::SeekNotEqual),
            _ => None,
        })
    }

    /// `JetSetIndexRange(JET_bitRangeUpperLimit)`: the made key becomes the upper
    /// limit of the index range (`inclusive`: `JET_bitRangeInclusive`), which ends
    /// moves forward. The current entry must lie in the range, else
    /// `JET_errNoCurrentRecord`.
    pub fn set_index_range(&mut self, inclusive: bool) -> Result<()> {
        self.set_range(inclusive, true)
    }

    /// `JetSetIndexRange` without `JET_bitRangeUpperLimit`: the made key becomes
    /// the lower limit of the index range, which ends moves backward (a walk from
    /// the end of a range towards its start). As [`Cursor::set_index_range`]
    /// otherwise.
    pub fn set_lower_index_range(&mut self, inclusive: bool) -> Result<()> {
        self.set_range(inclusive, false)
    }

    /// `JetSetIndexRange(JET_bitRangeRemove)`: ends the index range; the current
    /// entry stays current. Returns whether there was one.
    pub fn remove_index_range(&mut self) -> bool {
        self.range.take().is_some()
    }

    fn set_range(&mut self, inclusive: bool, upper: bool) -> Result<()> {
        let limit = self.made_key()?;
        let (cur, _) = self.current.clone().ok_or_else(no_current)?;
        let range = IndexRange {
            limit,
            inclusive,
            upper,
        };
        if range.excludes(&cur) {
            self.current = None;
            return Err(no_current());
        }
        self.range = Some(range);
        Ok(())
    }

    /// `JetGetBookmark`: the current record's primary bookmark.
    pub fn bookmark(&self) -> Result<Vec<u8>> {
        self.current
            .as_ref()
            .map(|(_, b)| b.clone())
            .ok_or_else(no_current)
    }

    /// `JetGotoBookmark`: makes the record `bookmark` current (on the primary
    /// index: positions there; on a secondary index: on its entry of the first value
    /// of a multi-valued key). Resets the index range and the search key and cancels a
    /// prepared update. `JET_errInvalidBookmark` for an empty bookmark,
    /// `JET_errRecordDeleted` when no record has it, `JET_errNoCurrentRecord` when the
    /// record has no entry in the current index; on a foreign multi-valued index the
    /// error of [`Cursor::make_key`].
    pub fn goto_bookmark(&mut self, bookmark: &[u8]) -> Result<()> {
        if bookmark.is_empty() {
            return Err(Error::with(
                ErrorCode::InvalidBookmark,
                "the bookmark is empty",
            ));
        }
        self.update = None;
        self.range = None;
        self.set_key(None, false);
        self.position_on_record(bookmark, 1)
    }

    /// `ErrRECIGotoBookmark`: positions on record `bookmark`'s entry of value `itag`
    /// in the current index.
    fn position_on_record(&mut self, bookmark: &[u8], itag: u32) -> Result<()> {
        self.at_start = false;
        let rec = self.table.record_at(bookmark).map_err(|e| {
            if e.code() == ErrorCode::RecordNotFound {
                Error::with(ErrorCode::RecordDeleted, "no record has this bookmark")
            } else {
                e
            }
        })?;
        if self.is_primary() {
            let vis = self.table.visibility(self.tree.info().root);
            let e = self.cur.seek(btree::SeekOp::Eq, bookmark, None)?;
            let e = e.and_then(|e| vis.see_bt(e));
            drop(vis);
            return self.land(e);
        }
        let ix = self.index_def().cloned().ok_or_else(no_current)?;
        let def = self.table.def();
        if def.is_foreign_index(&ix) {
            // No key can be computed; one entry per record is found in stored order.
            if self.is_multi_valued(&ix) {
                self.current = None;
                return def.check_index_keys(&ix);
            }
            let vis = self.table.visibility(self.tree.info().root);
            let mut e = self.cur.first()?;
            while let Some(x) = e {
                if let Some(x) = vis.see_bt(x).filter(|x| x.data == bookmark) {
                    e = Some(x);
                    break;
                }
                e = self.cur.next()?;
            }
            drop(vis);
            if e.is_none() {
                self.cur = self.tree.cursor();
            }
            return self.land(e);
        }
        let (row, _) = rec.to_row()?;
        let key = match self.record_key(&ix, row, itag) {
            Ok(Some(k)) => k,
            Ok(None) => {
                self.cur = self.tree.cursor();
                self.current = None;
                return Err(Error::with(
                    ErrorCode::NoCurrentRecord,
                    format!("the record has no entry in index {}", ix.name),
                ));
            }
            Err(e) => {
                self.current = None;
                return Err(e);
            }
        };
        let vis = self.table.visibility(self.tree.info().root);
        let e = self.cur.seek(btree::SeekOp::Eq, &key, Some(bookmark))?;
        let e = e.and_then(|e| vis.see_bt(e));
        drop(vis);
        self.land(e)
    }

    /// Whether index `ix` has a multi-valued key column (a record may have several
    /// entries).
    fn is_multi_valued(&self, ix: &IndexDef) -> bool {
        let def = self.table.def();
        ix.flags & index_flags::MULTI_VALUED != 0
            || ix.segments.iter().any(|s| {
                def.column_by_id(s.column_id)
                    .is_some_and(|c| c.is_tagged() && c.is_multi_valued())
            })
    }

    /// The key record `row` has in index `ix` for value `itag` of the index's first
    /// multi-valued key column (`KeySequence(pfucb, pidb, itag)`): `None` when the
    /// record is not in the index, `JET_errBadItagSequence` when the column has no
    /// value `itag`.
    fn record_key(&self, ix: &IndexDef, mut row: Row, itag: u32) -> Result<Option<Vec<u8>>> {
        let def = self.table.def();
        if itag > 1 {
            let first_mv = ix
                .segments
                .iter()
                .filter_map(|s| def.column_by_id(s.column_id))
                .find(|c| c.is_tagged() && c.is_multi_valued());
            if let Some(col) = first_mv {
                let cell = row
                    .get(col.id)
                    .and_then(|v| v.cells().get(itag as usize - 1).cloned())
                    .ok_or_else(|| {
                        Error::with(
                            ErrorCode::BadItagSequence,
                            format!("column {} has no value {itag}", col.name),
                        )
                    })?;
                row.set(col.id, RowValue::One(cell));
            }
        }
        Ok(index_keys(def, ix, &row)?.keys.into_iter().next())
    }

    /// Which value of column `column_id` the current index entry was made from: its
    /// `itagSequence` (from 1), as ESE's `ErrRECIRetrieveFromIndex` finds it by making the
    /// record's keys value by value (`KeySequence`) until one is the entry's key. 1 on the
    /// primary index, for a column that is not the index's first multi-valued key column
    /// (the one whose values give a record several entries here), and for an index whose
    /// keys this engine cannot make (a foreign sort order). Errors:
    /// `JET_errNoCurrentRecord` off any entry, `JET_errSecondaryIndexCorrupted` when no
    /// value of the record makes the entry's key.
    pub fn entry_itag(&self, column_id: u32) -> Result<u32> {
        let (key, _) = self.current.as_ref().ok_or_else(no_current)?;
        let Some(ix) = self.index_def() else {
            return Ok(1);
        };
        let def = self.table.def();
        // The primary index has no multi-valued column: it stops here too.
        let first_mv = ix
            .segments
            .iter()
            .filter_map(|s| def.column_by_id(s.column_id))
            .find(|c| c.is_tagged() && c.is_multi_valued());
        let Some(col) = first_mv.filter(|c| c.id == column_id && !def.is_foreign_index(ix)) else {
            return Ok(1);
        };
        let (row, _) = self.record()?.to_row()?;
        let cells = row.get(col.id).map_or(&[][..], |v| v.cells());
        if cells.is_empty() {
            return Ok(1);
        }
        for (i, cell) in cells.iter().enumerate() {
            let mut one = row.clone();
            one.set(col.id, RowValue::One(cell.clone()));
            if index_keys(def, ix, &one)?.keys.contains(key) {
                return Ok(i as u32 + 1);
            }
        }
        Err(Error::with(
            ErrorCode::SecondaryIndexCorrupted,
            format!(
                "no value of column {} makes the entry's key in index {}",
                col.name, ix.name
            ),
        ))
    }

    /// `JetGetSecondaryIndexBookmark`: the current entry's key in the current
    /// secondary index and its record's primary bookmark. `JET_errNoCurrentIndex` on
    /// the primary (or sequential) index, `JET_errNoCurrentRecord` without a current
    /// entry.
    pub fn secondary_bookmark(&self) -> Result<SecondaryBookmark> {
        if self.is_primary() {
            return Err(no_current_index());
        }
        let (key, bm) = self.current.clone().ok_or_else(no_current)?;
        Ok(SecondaryBookmark {
            secondary_key: key,
            primary_bookmark: bm,
        })
    }

    /// `JetGotoSecondaryIndexBookmark`: positions on exactly the entry `bookmark`
    /// names in the current secondary index (by its stored key, so foreign indexes
    /// too). Resets the index range and the search key and cancels a prepared update.
    /// Errors: `JET_errNoCurrentIndex` on the primary index; `JET_errInvalidBookmark`
    /// for an empty secondary key, or an empty primary bookmark on a non-unique index;
    /// `JET_errRecordDeleted` when the entry is gone (the cursor then has no current
    /// entry), or when a unique index holds the key for another record (the cursor
    /// then stays on that entry, as ESE leaves it).
    pub fn goto_secondary_bookmark(&mut self, bookmark: &SecondaryBookmark) -> Result<()> {
        self.goto_secondary_bookmark_with(bookmark, false)
    }

    /// [`Cursor::goto_secondary_bookmark`]; with `virtual_currency`
    /// (`JET_bitBookmarkPermitVirtualCurrency`) a bookmark whose entry is gone, or not
    /// seen by this cursor, still gives `JET_errRecordDeleted` but leaves the cursor where
    /// the entry would be, on no record: a move forward goes to the first entry after it,
    /// a move back to the last entry before it, as ESE's virtual currency does.
    pub fn goto_secondary_bookmark_with(
        &mut self,
        bookmark: &SecondaryBookmark,
        virtual_currency: bool,
    ) -> Result<()> {
        if self.is_primary() {
            return Err(no_current_index());
        }
        let unique = self.index_def().is_some_and(IndexDef::is_unique);
        if bookmark.secondary_key.is_empty() || (!unique && bookmark.primary_bookmark.is_empty()) {
            return Err(Error::with(
                ErrorCode::InvalidBookmark,
                "the secondary index bookmark is empty",
            ));
        }
        self.update = None;
        self.range = None;
        self.set_key(None, false);
        let data = (!unique).then_some(bookmark.primary_bookmark.as_slice());
        let vis = self.table.visibility(self.tree.info().root);
        let e = self
            .cur
            .seek(btree::SeekOp::Eq, &bookmark.secondary_key, data)?;
        let e = e.and_then(|e| vis.see_bt(e));
        drop(vis);
        if e.is_none() {
            self.at_start = false;
            self.current = None;
            self.cur = self.tree.cursor();
            if virtual_currency {
                self.cur.set_between(&bookmark.secondary_key, data);
            }
            return Err(Error::with(
                ErrorCode::RecordDeleted,
                "no entry has this secondary index bookmark",
            ));
        }
        self.land(e)?;
        let other = self.current.as_ref().is_some_and(|(_, bm)| {
            unique && !bookmark.primary_bookmark.is_empty() && *bm != bookmark.primary_bookmark
        });
        if other {
            return Err(Error::with(
                ErrorCode::RecordDeleted,
                "the index entry now belongs to another record",
            ));
        }
        Ok(())
    }

    /// `JetIndexRecordCount`: the entries of the current index from the current one
    /// (included) to the end of the index or of the index range, counting at most
    /// `max` (0: no limit). A cursor not positioned since it was opened or its index
    /// was set counts from the first entry, as ESE's deferred move-first does (0 for
    /// an empty index); otherwise `JET_errNoCurrentRecord` without a current entry.
    /// The cursor does not move. (`JetIndexRecordCount` itself returns a 32-bit count,
    /// `JET_errTooManyRecords` beyond; this returns `JetIndexRecordCount2`'s 64 bits.)
    pub fn index_record_count(&self, max: u64) -> Result<u64> {
        let mut c = self.tree.cursor();
        let vis = self.table.visibility(self.tree.info().root);
        let start = match &self.current {
            Some((key, bm)) => {
                let data = (!self.is_primary()).then_some(bm.as_slice());
                let e = c.seek(btree::SeekOp::Eq, key, data)?;
                match e.and_then(|e| vis.see_bt(e)) {
                    Some(e) => Some(e),
                    None => return Err(no_current()),
                }
            }
            None if self.at_start => {
                let e = c.first()?;
                live(&mut c, e, true, &vis)?
            }
            None => return Err(no_current()),
        };
        let max = if max == 0 { u64::MAX } else { max };
        let mut n = 0u64;
        let mut e = start;
        while let Some(x) = e {
            if self.range.as_ref().is_some_and(|r| r.excludes(&x.key)) {
                break;
            }
            n += 1;
            if n >= max {
                break;
            }
            let next = c.next()?;
            e = live(&mut c, next, true, &vis)?;
        }
        Ok(n)
    }

    /// The current record.
    pub fn record(&self) -> Result<Record> {
        let _g = self.enter()?;
        let (key, bm) = self.current.as_ref().ok_or_else(no_current)?;
        if let Some(data) = self.landed_copy(key)? {
            return Ok(self.table.pinned().record_from(key.clone(), data.to_vec()));
        }
        self.table.record_at(bm)
    }

    /// The page of the current index's tree that holds the entry the cursor is on now
    /// (`JetRetrieveColumn` with `JET_bitRetrievePageNumber`; ESE's `Pcsr(pfucb)->Pgno()`):
    /// found again when the page the cursor read it from has changed since.
    /// `JET_errNoCurrentRecord` off any entry.
    pub fn current_page(&self) -> Result<u32> {
        let _g = self.enter()?;
        let (key, bm) = self.current.as_ref().ok_or_else(no_current)?;
        let primary = self.is_primary();
        let tree_key = if primary { bm } else { key };
        if self.cur.current_key() == Some(&tree_key[..]) && self.cur.is_fresh()? {
            if let Some(p) = self.cur.page() {
                return Ok(p);
            }
        }
        let mut c = btree::Cursor::new(self.tree.clone());
        let data = (!primary).then_some(&bm[..]);
        match c.seek(btree::SeekOp::Eq, tree_key, data)? {
            Some(_) => c.page().ok_or_else(no_current),
            None => Err(no_current()),
        }
    }

    /// The record as read when the cursor landed on `key`, while neither its page
    /// nor what this reader sees has changed since; `None` when it must be found
    /// again.
    fn landed_copy(&self, key: &[u8]) -> Result<Option<&[u8]>> {
        if let Some((data, stamp)) = &self.current_data {
            if self.is_primary()
                && self.cur.current_key() == Some(key)
                && *stamp == self.table.snapshot()
                && self.cur.is_fresh()?
            {
                return Ok(Some(data));
            }
        }
        Ok(None)
    }

    /// `JetRetrieveColumn`: value `itag_sequence` (from 1; 0 means 1) of column
    /// `column_id` of the current record as stored, also while an update is
    /// prepared (as `JetRetrieveColumn` without `JET_bitRetrieveCopy`; the Jet layer
    /// answers that bit from the prepared copy). NULL gives
    /// `(None, Some(JET_wrnColumnNull))`.
    pub fn retrieve_column(
        &self,
        column_id: u32,
        itag_sequence: u32,
    ) -> Result<(Option<Value>, Option<Warning>)> {
        let col = self.column(column_id)?;
        let n = itag_sequence.max(1) as usize - 1;
        let value = {
            let _g = self.enter()?;
            let (key, bm) = self.current.as_ref().ok_or_else(no_current)?;
            match self.landed_copy(key)? {
                // Decoded where the cursor keeps it: no copy of the record.
                Some(data) => RecordView {
                    table: &self.table.pinned(),
                    data,
                    lvs: None,
                }
                .value(col)?,
                None => self.table.record_at(bm)?.value(col)?,
            }
        };
        let got = value.into_nth(n).map(|d| match d {
            super::Datum::Value(v) => v,
            super::Datum::Undecodable { raw, .. } => Value::Binary(raw),
        });
        Ok(match got {
            Some(v) => (Some(v), None),
            None => (None, Some(Warning::ColumnNull)),
        })
    }

    fn column(&self, column_id: u32) -> Result<&crate::catalog::ColumnDef> {
        // A field id, with the template bit for a template table's column.
        let fid = column_id & !crate::format::record::COLUMNID_TEMPLATE;
        if fid == 0 || fid > 0xFFFF {
            return Err(Error::with(
                ErrorCode::BadColumnId,
                format!("{column_id} is not a column id"),
            ));
        }
        self.table.def().column_by_id(column_id).ok_or_else(|| {
            Error::with(
                ErrorCode::ColumnNotFound,
                format!("table {} has no column {column_id}", self.table.name()),
            )
        })
    }

    /// `JetPrepareUpdate`. `JET_errPermissionDenied` on a read-only database,
    /// `JET_errNoCurrentRecord` for a replace or copy without a current record,
    /// `JET_errAlreadyPrepared` when an update is already prepared.
    ///
    /// Inside a transaction a replace write-locks the record at once, so a conflict
    /// shows here as `JET_errWriteConflict` (at level 0 it is an optimistic replace:
    /// [`Cursor::update`] says `JET_errWriteConflict` when the record changed since).
    ///
    /// An insert or copy takes the table's next autoincrement value at once (see
    /// [`Cursor::prepare_update_with`]).
    pub fn prepare_update(&mut self, prep: Prep) -> Result<()> {
        self.prepare_update_with(prep, AutoIncrement::Take)
            .map(|_| ())
    }

    /// Takes the table's next autoincrement value for the caller
    /// (`JetGetTableInfo(JET_TblInfoRetrieveAndReserveAutoIncrement)`): no insert will
    /// take it, the caller may set it in an insert of its own (with
    /// [`AutoIncrement::MustSet`]). Returns it with the column, whose type gives its size.
    /// `JET_errInvalidOperation` for a table without an autoincrement column or whose
    /// autoincrement column has a default, as in ESE; `JET_errPermissionDenied` on a
    /// database open read-only.
    pub fn reserve_autoincrement(&mut self) -> Result<(u64, &crate::catalog::ColumnDef)> {
        let _g = self.enter()?;
        let w = self.db.writer()?.clone();
        let def = self.table.def();
        let col = match super::write::autoinc_column(def) {
            Some(c) if !c.has_default() => c,
            Some(c) => {
                return Err(Error::with(
                    ErrorCode::InvalidOperation,
                    format!("autoincrement column {} has a default", c.name),
                ))
            }
            None => {
                return Err(Error::with(
                    ErrorCode::InvalidOperation,
                    format!("table {} has no autoincrement column", def.name),
                ))
            }
        };
        let v = w
            .take_autoincrement(def, &self.writer_view)?
            .ok_or_else(|| Error::with(ErrorCode::InvalidOperation, "no autoincrement counter"))?;
        Ok((v, col))
    }

    /// [`Cursor::prepare_update`] with the autoincrement column's handling chosen;
    /// returns the autoincrement value taken, if any (also readable through
    /// [`Cursor::prepared_value`]). [`AutoIncrement::MustSet`] is
    /// `JET_errIllegalOperation` for a table without an autoincrement column or whose
    /// autoincrement column has a default, as in ESE.
    pub fn prepare_update_with(
        &mut self,
        prep: Prep,
        autoinc: AutoIncrement,
    ) -> Result<Option<u64>> {
        let _g = self.enter()?;
        let w = self.db.writer()?.clone();
        if self.update.is_some() {
            return Err(Error::with(
                ErrorCode::AlreadyPrepared,
                "an update is already prepared",
            ));
        }
        let inserting = prep != Prep::Replace;
        let must_set_autoinc = inserting && autoinc == AutoIncrement::MustSet;
        if must_set_autoinc {
            match super::write::autoinc_column(self.table.def()) {
                None => {
                    return Err(Error::with(
                        ErrorCode::IllegalOperation,
                        format!("table {} has no autoincrement column", self.table.name()),
                    ))
                }
                Some(c) if c.has_default() => {
                    return Err(Error::with(
                        ErrorCode::IllegalOperation,
                        format!("autoincrement column {} has a default", c.name),
                    ))
                }
                Some(_) => {}
            }
        }
        let mut original = None;
        let (mut row, bookmark) = match prep {
            Prep::Insert => (Row::new(), None),
            Prep::Replace | Prep::InsertCopy => {
                let rec = self.record()?;
                let (row, _) = rec.to_row()?;
                let bm = (prep == Prep::Replace).then(|| rec.key().to_vec());
                let locked = self.table.session().is_some_and(|s| s.level() > 0);
                original = (bm.is_some() && !locked).then(|| rec.raw().to_vec());
                if let (Some(bm), Some(s)) = (&bm, self.table.session()) {
                    if locked {
                        let t = &self.writer_view;
                        s.in_transaction(|tx| {
                            tx.check_writable()?;
                            w.lock_record(tx, t.def(), t, bm, true)
                        })?;
                    }
                }
                (row, bm)
            }
        };
        let def = self.table.def();
        let taken = match (inserting, autoinc) {
            (true, AutoIncrement::Take) => {
                let taken = w.take_autoincrement(def, &self.writer_view)?;
                if let Some(v) = taken {
                    row.set_autoincrement(def, v)?;
                }
                taken
            }
            (true, AutoIncrement::MustSet) => {
                if let Some(c) = super::write::autoinc_column(def) {
                    row.set(c.id, RowValue::Null);
                }
                None
            }
            _ => None,
        };
        self.update = Some(Update {
            prep,
            must_set_autoinc,
            row,
            bookmark,
            original,
        });
        Ok(taken)
    }

    /// The value(s) column `column_id` has in the prepared update (`None` when it
    /// leaves the column to its default, or no update is prepared).
    pub fn prepared_value(&self, column_id: u32) -> Option<&RowValue> {
        self.update.as_ref()?.row.get(column_id)
    }

    /// `JetPrepareUpdate(JET_prepCancel)`.
    pub fn cancel_update(&mut self) {
        self.update = None;
    }

    /// `JetSetColumn`: sets value `itag_sequence` of column `column_id` in the
    /// prepared update (0 appends a value to a multi-valued column, otherwise 1
    /// replaces the only value); `None` removes that value (NULL).
    /// `JET_errUpdateNotPrepared` without a prepared update.
    pub fn set_column(
        &mut self,
        column_id: u32,
        value: Option<Cell>,
        itag_sequence: u32,
    ) -> Result<()> {
        let col = self.column(column_id)?;
        let multi = col.is_tagged() && col.is_multi_valued();
        let up = self
            .update
            .as_mut()
            .ok_or_else(|| Error::with(ErrorCode::UpdateNotPrepared, "no update is prepared"))?;
        let mut cells: Vec<Cell> = up
            .row
            .get(column_id)
            .map(|v| v.cells().to_vec())
            .unwrap_or_default();
        match (value, itag_sequence) {
            (Some(v), 0) if multi => cells.push(v),
            (Some(v), 0 | 1) => {
                if cells.is_empty() {
                    cells.push(v);
                } else {
                    cells[0] = v;
                }
            }
            (Some(v), n) => {
                let i = n as usize - 1;
                if i < cells.len() {
                    cells[i] = v;
                } else {
                    cells.push(v);
                }
            }
            (None, 0 | 1) if !multi => cells.clear(),
            (None, n) => {
                let i = n.max(1) as usize - 1;
                if i < cells.len() {
                    cells.remove(i);
                }
            }
        }
        let v = match cells.len() {
            0 => RowValue::Null,
            1 => RowValue::One(cells.remove(0)),
            _ => RowValue::Many(cells),
        };
        up.row.set(column_id, v);
        Ok(())
    }

    /// `JetUpdate`: writes the prepared insert or replace; returns the record's
    /// bookmark. After an insert the cursor stays where it was (as ESE's does).
    /// In a transaction the change is part of it; outside one it commits at once.
    pub fn update(&mut self) -> Result<Vec<u8>> {
        self.update_with(UpdateOptions::default())
    }

    /// [`Cursor::update`] with `opts` (`JetUpdate2`'s grbits): with
    /// [`UpdateOptions::enforce_optionally_unique`] a key an optionally unique index
    /// (`JET_bitIndexOptionallyUnique`) already holds for another record is
    /// `JET_errKeyDuplicate`, and one another transaction is changing
    /// `JET_errWriteConflict`.
    pub fn update_with(&mut self, opts: UpdateOptions) -> Result<Vec<u8>> {
        let _g = self.enter()?;
        let up = self
            .update
            .take()
            .ok_or_else(|| Error::with(ErrorCode::UpdateNotPrepared, "no update is prepared"))?;
        if up.must_set_autoinc {
            let set = super::write::autoinc_column(self.table.def())
                .and_then(|c| up.row.get(c.id))
                .is_some_and(|v| !v.cells().is_empty());
            if !set {
                self.update = Some(up);
                return Err(Error::with(
                    ErrorCode::AutoIncrementNotSet,
                    "the autoincrement value must be set (JET_prepInsertMustSetAutoIncrement)",
                ));
            }
        }
        let t = &self.writer_view;
        let session = self.table.session().map(|s| &**s);
        let result = self.db.write_in(session, |w, tx| {
            tx.enforce_optionally_unique = opts.enforce_optionally_unique;
            let r = match (up.prep, &up.bookmark) {
                (Prep::Replace, Some(bm)) => {
                    w.replace(tx, t.def(), t, bm, &up.row, up.original.as_deref())
                }
                _ => w.insert(tx, t.def(), t, &up.row),
            };
            tx.enforce_optionally_unique = false;
            r
        });
        match result {
            Ok(bm) => {
                if up.prep == Prep::Replace {
                    let same = self.is_primary() && up.bookmark.as_deref() == Some(&bm[..]);
                    if same {
                        // Still on the record; what it holds is read again.
                        self.current_data = None;
                    } else if self.goto_bookmark(&bm).is_err() {
                        // The record may have moved in the current index.
                        self.current = None;
                    }
                }
                Ok(bm)
            }
            Err(e) => {
                self.update = Some(up);
                Err(e)
            }
        }
    }

    /// Inserts `row` in one call (`JetPrepareUpdate(JET_prepInsert)`, a
    /// `JetSetColumn` per column, `JetUpdate`): columns it leaves out take their
    /// defaults. In a transaction the insert is part of it; outside one it commits at
    /// once. The cursor does not move. `JET_errAlreadyPrepared` with an update
    /// prepared; otherwise the errors of [`Cursor::update`].
    pub fn insert_row(&mut self, row: &Row) -> Result<Vec<u8>> {
        self.insert_with(|w, tx, t| w.insert(tx, t.def(), t, row))
    }

    /// Inserts `rows` in one call, as one change: every row or none. A row that fails
    /// (`JET_errKeyDuplicate`, an encoding error, a write conflict, ...) leaves the
    /// table as it was before the call and returns its error; in a transaction the
    /// rows are part of it, outside one they commit together at once. The rows of a
    /// batch share the writer lock and the log's append, so a bulk load of many small
    /// records inserts faster than by [`Cursor::insert_row`] one by one (as a
    /// RocksDB `WriteBatch` does). Other writers of the database wait while a batch
    /// runs, so a batch is best kept to hundreds or a few thousand rows. The cursor does
    /// not move. `JET_errAlreadyPrepared` with an update prepared.
    pub fn insert_rows(&mut self, rows: &[Row]) -> Result<()> {
        self.insert_with(|w, tx, t| w.insert_many(tx, t.def(), t, rows))
    }

    /// Runs the insert `f` on the cursor's table for the session's transaction (or one
    /// of its own outside a transaction); `JET_errAlreadyPrepared` with an update
    /// prepared on the cursor.
    fn insert_with<R>(
        &mut self,
        f: impl FnOnce(
            &std::sync::Arc<super::write::Writer>,
            &mut super::txn::TxnCtx,
            &Table,
        ) -> Result<R>,
    ) -> Result<R> {
        let _g = self.enter()?;
        if self.update.is_some() {
            return Err(Error::with(
                ErrorCode::AlreadyPrepared,
                "an update is prepared on this cursor",
            ));
        }
        let t = &self.writer_view;
        let session = self.table.session().map(|s| &**s);
        self.db.write_in(session, |w, tx| f(w, tx, t))
    }

    /// `JetDelete`: deletes the current record; the cursor then has no current
    /// record until it moves (a next/previous move continues from its place).
    /// In a transaction the delete is part of it; outside one it commits at once.
    pub fn delete(&mut self) -> Result<()> {
        let _g = self.enter()?;
        self.db.writer()?;
        let (_, bm) = self.current.clone().ok_or_else(no_current)?;
        let t = &self.writer_view;
        let session = self.table.session().map(|s| &**s);
        self.db
            .write_in(session, |w, tx| w.delete(tx, t.def(), t, &bm))?;
        self.current = None;
        self.at_start = false;
        Ok(())
    }

    /// Deletes the record whose primary bookmark is `bookmark`, keeping the prepared
    /// update (what ESE's `JET_prepInsertCopyDeleteOriginal` does just before its
    /// insert); the cursor leaves that record if it was on it. Errors: those of
    /// [`Cursor::delete`], `JET_errRecordDeleted` when no record has the bookmark.
    pub fn delete_bookmark(&mut self, bookmark: &[u8]) -> Result<()> {
        let _g = self.enter()?;
        self.db.writer()?;
        let t = &self.writer_view;
        let session = self.table.session().map(|s| &**s);
        self.db
            .write_in(session, |w, tx| w.delete(tx, t.def(), t, bookmark))?;
        if self
            .current
            .as_ref()
            .is_some_and(|(_, bm)| bm.as_slice() == bookmark)
        {
            self.current = None;
            self.at_start = false;
        }
        Ok(())
    }

    /// `JetEscrowUpdate`: adds `delta` to escrow column `column_id` of the current
    /// record and returns the value before. Concurrent escrow updates of one record
    /// by several transactions do not conflict; each reader sees the deltas its
    /// snapshot includes. `no_rollback` is `JET_bitEscrowNoRollback`: the delta stays
    /// when the transaction rolls back. Errors: `JET_errNotInTransaction` outside a
    /// transaction, `JET_errAlreadyPrepared` with an update prepared,
    /// `JET_errInvalidOperation` for a column not created for escrow updates,
    /// `JET_errWriteConflict`.
    pub fn escrow_update(&mut self, column_id: u32, delta: i64, no_rollback: bool) -> Result<i64> {
        let _g = self.enter()?;
        if self.update.is_some() {
            return Err(Error::with(
                ErrorCode::AlreadyPrepared,
                "an update is prepared on this cursor",
            ));
        }
        let (_, bm) = self.current.clone().ok_or_else(no_current)?;
        let w = self.db.writer()?.clone();
        let t = &self.writer_view;
        let session = self.table.session().ok_or_else(not_in_transaction)?;
        session.in_transaction(|tx| {
            tx.check_writable()?;
            w.escrow_update(tx, t.def(), t, &bm, column_id, delta, no_rollback)
        })
    }

    /// `JetGetLock`: locks the current record for the rest of the transaction. A
    /// read lock keeps other transactions from changing the record; a write lock also
    /// from locking it. `JET_errWriteConflict` when another transaction holds a
    /// conflicting lock or change; `JET_errNotInTransaction` outside a transaction.
    pub fn get_lock(&mut self, kind: LockKind) -> Result<()> {
        let _g = self.enter()?;
        let (_, bm) = self.current.clone().ok_or_else(no_current)?;
        let w = self.db.writer()?.clone();
        let t = &self.writer_view;
        let session = self.table.session().ok_or_else(not_in_transaction)?;
        session.in_transaction(|tx| w.lock_record(tx, t.def(), t, &bm, kind == LockKind::Write))
    }

    /// Whether another session's transaction has changed or locked the current record
    /// and not committed (`JetGetCursorInfo`'s `JET_errWriteConflict`): a change or
    /// lock of the record would then conflict. `JET_errNoCurrentRecord` without one.
    pub fn current_uncommitted_by_other(&self) -> Result<bool> {
        let _g = self.enter()?;
        let (_, bm) = self.current.clone().ok_or_else(no_current)?;
        let Ok(w) = self.db.writer() else {
            // A database open read-only has no writers.
            return Ok(false);
        };
        let own = self.table.session().map_or(0, |s| s.snapshot().txn);
        let node = crate::version::NodeRef::new(self.table.def().root, true, &bm, &[]);
        Ok(w.versions.uncommitted_by_other(node, own))
    }

    /// Marks the cursor's session in use for one call (see
    /// [`SessionCore::enter`](super::SessionCore)).
    fn enter(&self) -> Result<Option<super::txn::SessionGuard>> {
        self.table.session().map(|s| s.enter()).transpose()
    }

    /// `JetGetRecordPosition`: (entries before the current one, entries in the
    /// index). Counted by walking the index; ESE estimates it.
    pub fn record_position(&self) -> Result<(u64, u64)> {
        let (key, bm) = self.current.clone().ok_or_else(no_current)?;
        let mut c = self.tree.cursor();
        let vis = self.table.visibility(self.tree.info().root);
        let mut e = c.first()?;
        let (mut before, mut total) = (0u64, 0u64);
        let mut seen = false;
        while let Some(x) = e {
            e = c.next()?;
            let Some(x) = vis.see_bt(x) else {
                continue;
            };
            let here = x.key == key && (self.is_primary() || x.data == bm);
            seen |= here;
            if !seen {
                before += 1;
            }
            total += 1;
        }
        Ok((before, total))
    }
}
