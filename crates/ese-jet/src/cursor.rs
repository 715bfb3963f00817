//! Cursors: `JetOpenTable`, `JetCloseTable`, `JetDupCursor`, `JetMove`,
//! `JetSetCurrentIndex(2,3,4)`, `JetGetCurrentIndex`, `JetMakeKey`, `JetSeek`,
//! `JetSetIndexRange`, `JetRetrieveKey`, bookmarks, `JetIndexRecordCount(2)`,
//! `JetGetRecordPosition`, `JetGotoPosition`.
//!
//! What must hold: a cursor is used only with the session that opened it
//! (`JET_errSesidTableIdMismatch`); a new cursor, or one whose index was just set, sits on
//! a deferred first entry (it reads the first record, and a `JetMove(JET_MoveNext)`
//! goes to the second), as ESE's `locDeferMoveFirst` does; a cursor whose record was
//! deleted reads `JET_errRecordDeleted` until it moves; table locks (`DenyRead`,
//! `DenyWrite`) hold between sessions, never within one.

use crate::consts::*;
use crate::dml::CopyBuffer;
use crate::instance::InstanceEntry;
use crate::registry::{self, err, Registry};
use crate::session::SessionEntry;
use crate::{JetResult, JET_COLUMNID, JET_DBID, JET_GRBIT, JET_RELOP, JET_SESID, JET_TABLEID};
use ese::db::{KeyLimit, SecondaryBookmark, SeekGrbit, SetIndexGrbit};
use ese::format::coltype::{decode_text, ColumnType, Value};
use ese::{ErrorCode, Warning};
use parking_lot::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

/// A cursor as the registry holds it.
pub(crate) struct CursorEntry {
    pub(crate) sesid: JET_SESID,
    pub(crate) dbid: JET_DBID,
    pub(crate) instance: Arc<InstanceEntry>,
    pub(crate) session: Arc<SessionEntry>,
    pub(crate) table: String,
    pub(crate) grbit: JET_GRBIT,
    /// Writes are refused (`JET_errPermissionDenied`).
    pub(crate) read_only: bool,
    /// The transaction level the cursor belongs to: a rollback below it closes it.
    pub(crate) open_level: AtomicU32,
    pub(crate) body: Body,
    /// The cursor's local storage (`JetSetLS`), freed when the cursor goes.
    pub(crate) ls: crate::local_storage::CursorLs,
}

/// What a cursor is on.
// Each entry is an allocation of its own (in an `Arc`): the variants' sizes cost nothing.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Body {
    /// A table of a database.
    Table {
        db: ese::Database,
        state: Mutex<CursorState>,
    },
    /// A temporary table (`JetOpenTempTable`).
    Temp(Box<Mutex<crate::temp::TempState>>),
}

impl CursorEntry {
    /// The state of a cursor on a database table; `JET_errIllegalOperation` on a
    /// temporary table, which the call does not support.
    pub(crate) fn lock(&self) -> JetResult<parking_lot::MutexGuard<'_, CursorState>> {
        match &self.body {
            Body::Table { state, .. } => Ok(state.lock()),
            Body::Temp(_) => Err(err(
                ErrorCode::IllegalOperation,
                "the call is not supported on a temporary table",
            )),
        }
    }

    /// The database of a cursor on a database table (`JET_errIllegalOperation` on a
    /// temporary table).
    pub(crate) fn db(&self) -> JetResult<&ese::Database> {
        match &self.body {
            Body::Table { db, .. } => Ok(db),
            Body::Temp(_) => Err(err(
                ErrorCode::IllegalOperation,
                "the call is not supported on a temporary table",
            )),
        }
    }

    /// Whether the cursor is on table `table` of database `dbid` of `instance` (as a
    /// table's registrations name it: an instance that is gone has no cursors).
    pub(crate) fn is_on(
        &self,
        instance: &std::sync::Weak<InstanceEntry>,
        dbid: JET_DBID,
        table: &str,
    ) -> bool {
        self.dbid == dbid
            && self.table.eq_ignore_ascii_case(table)
            && instance
                .upgrade()
                .is_some_and(|i| Arc::ptr_eq(&i, &self.instance))
    }

    /// The temporary table, if the cursor is one.
    pub(crate) fn temp(&self) -> Option<&Mutex<crate::temp::TempState>> {
        match &self.body {
            Body::Temp(t) => Some(t.as_ref()),
            Body::Table { .. } => None,
        }
    }
}

/// The search key being built by `JetMakeKey`.
#[derive(Default)]
pub(crate) struct KeyBuild {
    pub(crate) started: bool,
    pub(crate) values: Vec<Option<Value>>,
    pub(crate) limit: Option<KeyLimit>,
    /// The key was given whole, normalized (`JET_bitNormalizedKey`).
    pub(crate) normalized: bool,
    /// That normalized key: the segments made after it are appended to it.
    pub(crate) prefix: Vec<u8>,
}

/// A cursor's engine cursor and what the Jet API adds to it.
pub(crate) struct CursorState {
    pub(crate) c: ese::Cursor,
    /// ESE's deferred move to the first entry is pending.
    pub(crate) deferred_first: bool,
    /// The current record was deleted through this cursor.
    pub(crate) on_deleted: bool,
    pub(crate) key: KeyBuild,
    pub(crate) has_range: bool,
    pub(crate) update: Option<CopyBuffer>,
    /// The conditions of `JetSetCursorFilter` (none: no filter).
    pub(crate) filter: Vec<crate::filter::FilterColumn>,
}

impl CursorState {
    pub(crate) fn new(c: ese::Cursor) -> CursorState {
        CursorState {
            c,
            deferred_first: true,
            on_deleted: false,
            key: KeyBuild::default(),
            has_range: false,
            update: None,
            filter: Vec::new(),
        }
    }

    /// Carries out a pending deferred move to the first entry.
    pub(crate) fn resolve(&mut self) -> JetResult<()> {
        if self.deferred_first {
            self.c.move_first()?;
            self.deferred_first = false;
            self.pass_filtered(true)?;
        }
        Ok(())
    }

    /// The primary index (or the sequential one) is current.
    pub(crate) fn on_primary(&self) -> bool {
        !matches!(self.c.index_def(), Some(ix) if !ix.is_primary())
    }

    /// A cursor filter applies now: one is set and the primary index is current.
    pub(crate) fn filtering(&self) -> bool {
        !self.filter.is_empty() && self.on_primary()
    }

    /// Whether the current record is one a filter passes over.
    fn filtered_out(&self) -> JetResult<bool> {
        Ok(self.filtering() && !crate::filter::matches(self, &self.filter)?)
    }

    /// Moves on from the current record (forward or back) until one meets the cursor
    /// filter; whether it moved. `JET_errNoCurrentRecord` past the last one.
    fn pass_filtered(&mut self, forward: bool) -> JetResult<bool> {
        let mut moved = false;
        while self.filtered_out()? {
            if forward {
                self.c.move_next()?;
            } else {
                self.c.move_prev()?;
            }
            moved = true;
        }
        Ok(moved)
    }

    /// Makes sure the cursor is on a live record: `JET_errRecordDeleted` after a delete,
    /// `JET_errNoCurrentRecord` without one.
    pub(crate) fn current(&mut self) -> JetResult<()> {
        if self.on_deleted {
            return Err(err(
                ErrorCode::RecordDeleted,
                "the current record was deleted",
            ));
        }
        self.resolve()?;
        self.c.bookmark().map(|_| ())
    }

    /// The cursor moved to a record by itself (after an insert-copy that replaced its
    /// original).
    pub(crate) fn moved_to_record(&mut self) {
        self.moved();
        self.has_range = false;
        self.key = KeyBuild::default();
    }

    /// The cursor moved: the deleted record and any deferred move are behind it.
    fn moved(&mut self) {
        self.deferred_first = false;
        self.on_deleted = false;
    }

    /// Cancels the prepared update, in the engine too.
    pub(crate) fn cancel_update(&mut self) {
        self.c.cancel_update();
        self.update = None;
    }

    /// The current entry's key in the current index.
    pub(crate) fn entry_key(&self) -> JetResult<Vec<u8>> {
        match self.c.secondary_bookmark() {
            Ok(b) => Ok(b.secondary_key),
            Err(e) if e.code() == ErrorCode::NoCurrentIndex => self.c.bookmark(),
            Err(e) => Err(e),
        }
    }

    /// Drops the index range, keeping the position and the search key.
    fn remove_range(&mut self) -> JetResult<()> {
        self.has_range = false;
        match self.c.secondary_bookmark() {
            Ok(b) => self.c.goto_secondary_bookmark(&b)?,
            Err(e) if e.code() == ErrorCode::NoCurrentIndex => {
                if let Ok(bm) = self.c.bookmark() {
                    self.c.goto_bookmark(&bm)?;
                }
            }
            Err(_) => {}
        }
        // The engine's goto forgets the search key; ESE keeps it.
        if self.key.started && !self.key.values.is_empty() {
            let limit = self.key.limit.unwrap_or_default();
            self.c.make_key(&self.key.values, limit)?;
        }
        Ok(())
    }
}

/// The session and cursor of a cursor call: `JET_errInvalidSesid`,
/// `JET_errInvalidTableId`, `JET_errSesidTableIdMismatch`.
pub(crate) fn get(sesid: JET_SESID, tableid: JET_TABLEID) -> JetResult<Arc<CursorEntry>> {
    let reg = registry::lock();
    reg.session(sesid)?;
    let c = reg.cursor(tableid)?;
    if c.sesid != sesid {
        return Err(err(
            ErrorCode::SesidTableIdMismatch,
            "the cursor belongs to another session",
        ));
    }
    Ok(c)
}

/// Whether `tableid` is a cursor of `sesid` on a temporary table (false for any other
/// handle). Not a Jet call: the C layer answers with it what ESE refuses on temporary
/// tables.
pub fn jet_is_temp_table(sesid: JET_SESID, tableid: JET_TABLEID) -> bool {
    get(sesid, tableid).is_ok_and(|c| c.temp().is_some())
}

/// Closes every cursor `pred` picks (their handles go stale).
pub(crate) fn close_where(reg: &mut Registry, pred: impl Fn(&CursorEntry) -> bool) {
    let gone: Vec<JET_TABLEID> = reg
        .cursors
        .iter()
        .filter(|(_, c)| pred(c))
        .map(|(h, _)| h)
        .collect();
    for h in gone {
        if let Some(c) = reg.cursors.remove(h) {
            let mut st = c.instance.state.lock();
            st.cursors = st.cursors.saturating_sub(1);
        }
    }
}

/// After a commit to `level`: the session's cursors and prepared updates belong to it.
pub(crate) fn after_commit(reg: &Registry, sesid: JET_SESID, level: u32) {
    for (_, c) in reg.cursors.iter().filter(|(_, c)| c.sesid == sesid) {
        c.open_level.fetch_min(level, Ordering::AcqRel);
        if let Ok(mut st) = c.lock() {
            if let Some(u) = st.update.as_mut() {
                u.level = u.level.min(level);
            }
        }
    }
}

/// After a rollback to `level`: the cursors opened above it close, and the updates
/// prepared above it are cancelled.
pub(crate) fn after_rollback(reg: &mut Registry, sesid: JET_SESID, level: u32) {
    close_where(reg, |c| {
        c.sesid == sesid && c.open_level.load(Ordering::Acquire) > level
    });
    for (_, c) in reg.cursors.iter().filter(|(_, c)| c.sesid == sesid) {
        if let Ok(mut st) = c.lock() {
            if st.update.as_ref().is_some_and(|u| u.level > level) {
                st.cancel_update();
            }
        }
    }
}

const OPEN_GRBITS: JET_GRBIT = JET_bitTableDenyWrite
    | JET_bitTableDenyRead
    | JET_bitTableReadOnly
    | JET_bitTableUpdatable
    | JET_bitTablePermitDDL
    | JET_bitTableNoCache
    | JET_bitTablePreread
    | JET_bitTableOpportuneRead
    | JET_bitTableSequential;

/// `JetOpenTable(sesid, dbid, szTableName, pvParameters, cbParameters, grbit, ptableid)`:
/// a cursor on the table's primary (or sequential) index at a deferred first entry.
/// `JET_bitTableReadOnly` (or a database opened read-only) refuses writes with
/// `JET_errPermissionDenied`; `JET_bitTableDenyRead`/`DenyWrite` lock the table against
/// other sessions. The performance hints are accepted. Errors:
/// `JET_errObjectNotFound`, `JET_errTableLocked` when another session's lock forbids
/// the open, `JET_errTableInUse` when a lock is asked while other sessions have the table
/// open, `JET_errOutOfCursors` beyond `JET_paramMaxCursors`, `JET_errInvalidDatabaseId`,
/// `JET_errInvalidGrbit` (also for `JET_bitTablePermitDDL` without `JET_bitTableDenyRead`).
/// `JET_bitTablePermitDDL` lets schema changes through the cursor change a table created
/// with fixed DDL.
pub fn jet_open_table(
    sesid: JET_SESID,
    dbid: JET_DBID,
    name: &str,
    _parameters: Option<&[u8]>,
    grbit: JET_GRBIT,
) -> JetResult<JET_TABLEID> {
    let mut reg = registry::lock();
    let s = reg.session(sesid)?;
    let (db, db_ro) = crate::database::open_db(&s, dbid)?;
    if grbit & !OPEN_GRBITS != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetOpenTable grbit {grbit:#x}"),
        ));
    }
    if grbit & JET_bitTablePermitDDL != 0 && grbit & JET_bitTableDenyRead == 0 {
        // ESE's ErrFILEOpenTable: DDL through a cursor needs the table to itself.
        return Err(err(
            ErrorCode::InvalidGrbit,
            "JET_bitTablePermitDDL needs JET_bitTableDenyRead",
        ));
    }
    open_locked(&mut reg, &s, sesid, dbid, db, db_ro, name, grbit)
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn open_locked(
    reg: &mut Registry,
    s: &Arc<SessionEntry>,
    sesid: JET_SESID,
    dbid: JET_DBID,
    db: ese::Database,
    db_ro: bool,
    name: &str,
    grbit: JET_GRBIT,
) -> JetResult<JET_TABLEID> {
    let read_only = db_ro || grbit & JET_bitTableReadOnly != 0;
    let others: Vec<JET_GRBIT> = reg
        .cursors
        .iter()
        .filter(|(_, c)| {
            c.sesid != sesid
                && Arc::ptr_eq(&c.instance, &s.instance)
                && c.dbid == dbid
                && c.table.eq_ignore_ascii_case(name)
        })
        .map(|(_, c)| c.grbit | if c.read_only { JET_bitTableReadOnly } else { 0 })
        .collect();
    for g in &others {
        if g & JET_bitTableDenyRead != 0 || (g & JET_bitTableDenyWrite != 0 && !read_only) {
            return Err(err(
                ErrorCode::TableLocked,
                format!("another session holds table {name} locked"),
            ));
        }
    }
    if grbit & (JET_bitTableDenyRead | JET_bitTableDenyWrite) != 0 && !others.is_empty() {
        return Err(err(
            ErrorCode::TableInUse,
            format!("other sessions have table {name} open"),
        ));
    }
    {
        let st = s.instance.state.lock();
        if st.cursors >= st.params.int(JET_paramMaxCursors) {
            return Err(err(
                ErrorCode::OutOfCursors,
                "JET_paramMaxCursors cursors are open",
            ));
        }
    }
    let c = s.session.open_table(&db, name)?;
    let table = c.table().name().to_string();
    let entry = CursorEntry {
        sesid,
        dbid,
        instance: s.instance.clone(),
        session: s.clone(),
        table,
        grbit,
        read_only,
        open_level: AtomicU32::new(s.session.transaction_level()),
        body: Body::Table {
            db,
            state: Mutex::new(CursorState::new(c)),
        },
        ls: Default::default(),
    };
    s.instance.state.lock().cursors += 1;
    Ok(reg.cursors.insert(Arc::new(entry)))
}

/// `JetCloseTable(sesid, tableid)`: closes the cursor (a prepared update is lost).
pub fn jet_close_table(sesid: JET_SESID, tableid: JET_TABLEID) -> JetResult<()> {
    get(sesid, tableid)?;
    let mut reg = registry::lock();
    if let Some(c) = reg.cursors.remove(tableid) {
        let mut st = c.instance.state.lock();
        st.cursors = st.cursors.saturating_sub(1);
    }
    Ok(())
}

/// `JetDupCursor(sesid, tableid, ptableid, grbit)`: a new cursor on the same table, on
/// its primary index at a deferred first entry, without the original's table locks.
pub fn jet_dup_cursor(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    grbit: JET_GRBIT,
) -> JetResult<JET_TABLEID> {
    let c = get(sesid, tableid)?;
    if grbit != 0 {
        return Err(err(ErrorCode::InvalidGrbit, "JetDupCursor takes no grbit"));
    }
    let mut reg = registry::lock();
    let g = (c.grbit & !(JET_bitTableDenyRead | JET_bitTableDenyWrite))
        | if c.read_only { JET_bitTableReadOnly } else { 0 };
    open_locked(
        &mut reg,
        &c.session,
        sesid,
        c.dbid,
        c.db()?.clone(),
        c.read_only,
        &c.table,
        g,
    )
}

/// `JetMove(sesid, tableid, cRow, grbit)`: `JET_MoveFirst`, `JET_MoveLast`,
/// `JET_MoveNext`, `JET_MovePrevious` or `cRow` entries either way; 0 checks the current
/// entry. `JET_bitMoveKeyNE` skips entries with the current key. `JET_errNoCurrentRecord`
/// past either end (or the index range's limit, which ends the range); MoveFirst and
/// MoveLast remove the index range.
pub fn jet_move(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    crow: i32,
    grbit: JET_GRBIT,
) -> JetResult<()> {
    let c = get(sesid, tableid)?;
    if let Some(r) = crate::temp::with(&c, |t| t.jet_move(crow, grbit)) {
        return r;
    }
    if grbit & !JET_bitMoveKeyNE != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetMove grbit {grbit:#x}"),
        ));
    }
    let mut st = c.lock()?;
    match crow {
        JET_MoveFirst | JET_MoveLast => {
            st.moved();
            st.has_range = false;
            if crow == JET_MoveFirst {
                st.c.move_first()?;
            } else {
                st.c.move_last()?;
            }
            st.pass_filtered(crow == JET_MoveFirst).map(|_| ())
        }
        0 if st.filtering() => Err(err(
            ErrorCode::FilteredMoveNotSupported,
            "JetMove(0) on an index with a cursor filter",
        )),
        0 => st.current(),
        n => {
            // The deferred first entry is the position the moves start from.
            st.resolve()?;
            st.on_deleted = false;
            for _ in 0..n.unsigned_abs() {
                let from = if grbit & JET_bitMoveKeyNE != 0 {
                    st.entry_key().ok()
                } else {
                    None
                };
                loop {
                    let r = if n > 0 {
                        st.c.move_next()
                    } else {
                        st.c.move_prev()
                    };
                    if let Err(e) = r {
                        if e.code() == ErrorCode::NoCurrentRecord {
                            st.has_range = false;
                        }
                        return Err(e);
                    }
                    match &from {
                        Some(k) if st.entry_key().ok().as_ref() == Some(k) => continue,
                        _ if st.filtered_out()? => continue,
                        _ => break,
                    }
                }
            }
            Ok(())
        }
    }
}

/// `JetGetCurrentIndex(sesid, tableid, szIndexName, cbIndexName)`: the current index's
/// name ("" on the sequential index of a table without a primary index).
pub fn jet_get_current_index(sesid: JET_SESID, tableid: JET_TABLEID) -> JetResult<String> {
    let c = get(sesid, tableid)?;
    let st = c.lock()?;
    Ok(st.c.current_index_name().unwrap_or("").to_string())
}

/// `JetSetCurrentIndex(sesid, tableid, szIndexName)`.
pub fn jet_set_current_index(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    index: Option<&str>,
) -> JetResult<()> {
    jet_set_current_index4(sesid, tableid, index, None, JET_bitMoveFirst, 1)
}

/// `JetSetCurrentIndex2(sesid, tableid, szIndexName, grbit)`.
pub fn jet_set_current_index2(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    index: Option<&str>,
    grbit: JET_GRBIT,
) -> JetResult<()> {
    jet_set_current_index4(sesid, tableid, index, None, grbit, 1)
}

/// `JetSetCurrentIndex3(sesid, tableid, szIndexName, grbit, itagSequence)`.
pub fn jet_set_current_index3(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    index: Option<&str>,
    grbit: JET_GRBIT,
    itag_sequence: u32,
) -> JetResult<()> {
    jet_set_current_index4(sesid, tableid, index, None, grbit, itag_sequence)
}

/// `JetSetCurrentIndex4(sesid, tableid, szIndexName, pindexid, grbit, itagSequence)`:
/// makes `index` current (`None` or "": the primary index). `JET_bitMoveFirst` (0) goes
/// to a deferred first entry (also when the index is the current one, as ESE does);
/// `JET_bitNoMove` stays on the current record, on its entry of value `itagSequence` in
/// the new index (on the current index: nothing changes). A move resets the index range
/// and the search key and cancels a prepared update. With `indexid`, the bytes of a
/// `JET_INDEXID` from `JetGetTableIndexInfo(JET_IdxInfoIndexId)` ([`index_id_bytes`]),
/// the index is the one it names and `index` is ignored, as in ESE; an id of another
/// size, of another table, or of an index the table no longer has is
/// `JET_errInvalidIndexId`. Errors: `JET_errIndexNotFound`,
/// `JET_errNoCurrentRecord` (NoMove without a record, or no entry in the new index),
/// `JET_errInvalidGrbit`.
pub fn jet_set_current_index4(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    index: Option<&str>,
    indexid: Option<&[u8]>,
    grbit: JET_GRBIT,
    itag_sequence: u32,
) -> JetResult<()> {
    let c = get(sesid, tableid)?;
    let by_id = match indexid {
        Some(id) => Some(index_by_id(&c.lock()?.c, id)?),
        None => None,
    };
    let index = match &by_id {
        Some(name) => Some(name.as_str()),
        None => index,
    };
    let g = match grbit {
        JET_bitMoveFirst => SetIndexGrbit::MoveFirst,
        JET_bitNoMove => SetIndexGrbit::NoMove,
        _ => {
            return Err(err(
                ErrorCode::InvalidGrbit,
                format!("JetSetCurrentIndex grbit {grbit:#x}"),
            ))
        }
    };
    let mut st = c.lock()?;
    if g == SetIndexGrbit::NoMove {
        st.current()?;
    }
    let before = st.c.current_index_name().map(str::to_string);
    let same = match index.filter(|n| !n.is_empty()) {
        Some(n) => before.as_deref().is_some_and(|b| b.eq_ignore_ascii_case(n)),
        None => {
            st.c.table()
                .def()
                .primary_index()
                .map(|ix| ix.name.as_str())
                == before.as_deref()
        }
    };
    if same && g == SetIndexGrbit::MoveFirst {
        // ESE defers a move to the first entry even when the index stays; the engine
        // keeps its position then, so the cursor goes through another index and back.
        let other =
            st.c.table()
                .def()
                .indexes
                .iter()
                .find(|ix| !ix.is_primary())
                .map(|ix| ix.name.clone());
        if other.is_some() && other.as_deref() != before.as_deref() {
            st.c.set_index_with(other.as_deref(), SetIndexGrbit::MoveFirst, 1)?;
        } else {
            st.c.set_index_with(None, SetIndexGrbit::MoveFirst, 1)?;
        }
    }
    let r = st.c.set_index_with(index, g, itag_sequence);
    let changed = same && g == SetIndexGrbit::MoveFirst
        || st.c.current_index_name().map(str::to_string) != before;
    if changed {
        st.key = KeyBuild::default();
        st.has_range = false;
        st.update = None;
        st.on_deleted = false;
        st.deferred_first = g == SetIndexGrbit::MoveFirst;
    }
    r
}

/// The size of a `JET_INDEXID`: its `cbStruct`, then room for a pointer, the index
/// tree's object id and its root page.
pub const JET_INDEXID_SIZE: usize = 4 + std::mem::size_of::<usize>() + 8;

/// The bytes of a `JET_INDEXID` naming an index of the table with object id `table_objid`
/// whose tree has object id `objid` and root page `pgno` (`JetGetTableIndexInfo`'s
/// `JET_IdxInfoIndexId`): `cbStruct`, then where ESE keeps a pointer to the index the
/// table's object id (the rest zero), then the two numbers ESE checks, all little-endian.
pub fn index_id_bytes(table_objid: u32, objid: u32, pgno: u32) -> Vec<u8> {
    let mut b = Vec::with_capacity(JET_INDEXID_SIZE);
    b.extend_from_slice(&(JET_INDEXID_SIZE as u32).to_le_bytes());
    b.extend_from_slice(&table_objid.to_le_bytes());
    b.resize(4 + std::mem::size_of::<usize>(), 0);
    b.extend_from_slice(&objid.to_le_bytes());
    b.extend_from_slice(&pgno.to_le_bytes());
    b
}

/// The name of the index of `c`'s table that index id `id` names (see
/// [`index_id_bytes`]); `JET_errInvalidIndexId` for any other.
fn index_by_id(c: &ese::db::Cursor, id: &[u8]) -> JetResult<String> {
    let bad = |why: &str| err(ErrorCode::InvalidIndexId, format!("JET_INDEXID: {why}"));
    let u32_at = |at: usize| {
        id.get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    if id.len() != JET_INDEXID_SIZE || u32_at(0) != Some(JET_INDEXID_SIZE as u32) {
        return Err(bad(&format!(
            "cbStruct must be {JET_INDEXID_SIZE}, {} bytes given",
            id.len()
        )));
    }
    let def = c.table().def();
    let at = 4 + std::mem::size_of::<usize>();
    if u32_at(4) != Some(def.objid) {
        return Err(bad(&format!("not an index of table {}", def.name)));
    }
    let (objid, pgno) = (u32_at(at), u32_at(at + 4));
    def.indexes
        .iter()
        .find(|ix| Some(ix.objid) == objid && Some(ix.root) == pgno)
        .map(|ix| ix.name.clone())
        .ok_or_else(|| bad(&format!("table {} has no such index now", def.name)))
}

pub(crate) fn key_limit(grbit: JET_GRBIT) -> JetResult<Option<KeyLimit>> {
    let limits = [
        (JET_bitFullColumnStartLimit, KeyLimit::FullColumnStart),
        (JET_bitFullColumnEndLimit, KeyLimit::FullColumnEnd),
        (JET_bitPartialColumnStartLimit, KeyLimit::PartialColumnStart),
        (JET_bitPartialColumnEndLimit, KeyLimit::PartialColumnEnd),
        (JET_bitStrLimit, KeyLimit::FullColumnEnd),
        (JET_bitSubStrLimit, KeyLimit::PartialColumnEnd),
    ];
    let set: Vec<KeyLimit> = limits
        .iter()
        .filter(|(b, _)| grbit & b != 0)
        .map(|&(_, l)| l)
        .collect();
    match set.len() {
        0 => Ok(None),
        1 => Ok(Some(set[0])),
        _ => Err(err(
            ErrorCode::InvalidGrbit,
            "JetMakeKey takes one limit grbit",
        )),
    }
}

/// A key segment's value from its bytes: fixed types need their exact size
/// (`JET_errInvalidBufferSize`).
pub(crate) fn key_value(coltype: ColumnType, cp: u32, bytes: &[u8]) -> JetResult<Value> {
    if let Some(n) = coltype.fixed_size() {
        if bytes.len() != n {
            return Err(err(
                ErrorCode::InvalidBufferSize,
                format!(
                    "a {} key segment takes {n} bytes, {} given",
                    coltype.name(),
                    bytes.len()
                ),
            ));
        }
    }
    Ok(match coltype {
        ColumnType::Text | ColumnType::LongText => decode_text(cp, bytes),
        ColumnType::Binary | ColumnType::LongBinary => Value::Binary(bytes.to_vec()),
        t => ese::format::coltype::decode_value(t, cp, bytes)?,
    })
}

const MAKE_KEY_GRBITS: JET_GRBIT = JET_bitNewKey
    | JET_bitStrLimit
    | JET_bitSubStrLimit
    | JET_bitNormalizedKey
    | JET_bitKeyDataZeroLength
    | JET_bitFullColumnStartLimit
    | JET_bitFullColumnEndLimit
    | JET_bitPartialColumnStartLimit
    | JET_bitPartialColumnEndLimit;

/// `JetMakeKey(sesid, tableid, pvData, cbData, grbit)`: adds the next segment of the
/// search key for the current index. `JET_bitNewKey` starts a key; `None` or an empty
/// value is a NULL segment unless `JET_bitKeyDataZeroLength`; a limit grbit ends the key.
/// Errors: `JET_errKeyNotMade` for a segment without a started key, `JET_errKeyIsMade`
/// past the index's segments or after a limit, `JET_errInvalidBufferSize` for a fixed
/// column of another size, `JET_errInvalidGrbit` for two limits.
///
/// `JET_bitNormalizedKey`: `data` is a whole normalized key (as `JetRetrieveKey` gives
/// it, of an entry or, with `JET_bitRetrieveCopy`, of a search key) and becomes the
/// search key, whatever else `grbit` says (ESE's rule); one longer than the index's
/// longest key holds its limit byte; longer than that and than 255 bytes it is
/// `JET_errInvalidParameter`. A segment made after it without `JET_bitNewKey` is
/// appended to it as the index's second segment, the next as its third, and so on (ESE
/// counts the normalized key as one segment); after a normalized key holding a limit,
/// `JET_errKeyIsMade`. The same holds on a temporary table, whose key columns count as
/// the index's segments.
pub fn jet_make_key(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    data: Option<&[u8]>,
    grbit: JET_GRBIT,
) -> JetResult<()> {
    let c = get(sesid, tableid)?;
    if grbit & !MAKE_KEY_GRBITS != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetMakeKey grbit {grbit:#x}"),
        ));
    }
    if let Some(r) = crate::temp::with(&c, |t| t.make_key(data, grbit)) {
        return r;
    }
    if grbit & JET_bitNormalizedKey != 0 {
        let mut st = c.lock()?;
        // A refused key leaves the one made before, as in ESE.
        st.c.set_normalized_key(data.unwrap_or_default())?;
        st.key = KeyBuild {
            started: true,
            normalized: true,
            prefix: data.unwrap_or_default().to_vec(),
            ..KeyBuild::default()
        };
        return Ok(());
    }
    let limit = key_limit(grbit)?;
    let mut st = c.lock()?;
    if grbit & JET_bitNewKey != 0 {
        st.key = KeyBuild {
            started: true,
            ..KeyBuild::default()
        };
    } else if !st.key.started {
        return Err(err(
            ErrorCode::KeyNotMade,
            "the first JetMakeKey needs JET_bitNewKey",
        ));
    }
    if st.key.limit.is_some() {
        return Err(err(ErrorCode::KeyIsMade, "the key ends with a limit"));
    }
    let def = st.c.table().def().clone();
    let (coltype, cp) = match st.c.index_def() {
        Some(ix) => {
            // A normalized key counts as the first segment (ESE's cColumnsInSearchKey).
            let n = st.key.values.len() + usize::from(st.key.normalized);
            let seg = ix.segments.get(n).ok_or_else(|| {
                err(
                    ErrorCode::KeyIsMade,
                    format!("index {} has {} segments", ix.name, ix.segments.len()),
                )
            })?;
            let col = def.column_by_id(seg.column_id).ok_or_else(|| {
                err(
                    ErrorCode::ColumnNotFound,
                    "a key column is missing from the table",
                )
            })?;
            (col.coltype, col.code_page)
        }
        None => {
            if !st.key.values.is_empty() || st.key.normalized {
                return Err(err(
                    ErrorCode::KeyIsMade,
                    "the sequential index has one segment",
                ));
            }
            (ColumnType::Long, 0)
        }
    };
    let value = match data {
        Some(b) if !b.is_empty() => Some(key_value(coltype, cp, b)?),
        _ if grbit & JET_bitKeyDataZeroLength != 0 => match coltype {
            ColumnType::Text | ColumnType::LongText => Some(Value::Text(String::new())),
            ColumnType::Binary | ColumnType::LongBinary => Some(Value::Binary(Vec::new())),
            _ => None,
        },
        _ => None,
    };
    st.key.values.push(value);
    let values = st.key.values.clone();
    let prefix = std::mem::take(&mut st.key.prefix);
    let made =
        st.c.make_key_after(&prefix, &values, limit.unwrap_or_default());
    st.key.prefix = prefix;
    if let Err(e) = made {
        st.key.values.pop();
        return Err(e);
    }
    st.key.limit = limit;
    Ok(())
}

/// `JetSeek(sesid, tableid, grbit)`: moves to the entry the search key picks with one of
/// `JET_bitSeekEQ`, `LT`, `LE`, `GE`, `GT`; cancels a prepared update and the index
/// range. `JET_bitSetIndexRange` then sets an inclusive upper range at the key;
/// `JET_bitCheckUniqueness` with `SeekEQ` returns `JET_wrnUniqueKey` when one entry has
/// the key (and sets no range). GE and LE landing on another key return
/// `JET_wrnSeekNotEqual`. Errors: `JET_errRecordNotFound`, `JET_errKeyNotMade`,
/// `JET_errInvalidParameter` without a seek grbit, `JET_errInvalidGrbit`.
pub fn jet_seek(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    grbit: JET_GRBIT,
) -> JetResult<Option<Warning>> {
    let c = get(sesid, tableid)?;
    let ops = [
        (JET_bitSeekEQ, SeekGrbit::Eq),
        (JET_bitSeekLT, SeekGrbit::Lt),
        (JET_bitSeekLE, SeekGrbit::Le),
        (JET_bitSeekGE, SeekGrbit::Ge),
        (JET_bitSeekGT, SeekGrbit::Gt),
    ];
    if grbit & !(0x1F | JET_bitSetIndexRange | JET_bitCheckUniqueness) != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetSeek grbit {grbit:#x}"),
        ));
    }
    let picked: Vec<SeekGrbit> = ops
        .iter()
        .filter(|(b, _)| grbit & b != 0)
        .map(|&(_, o)| o)
        .collect();
    let op = match picked.as_slice() {
        [] => {
            return Err(err(
                ErrorCode::InvalidParameter,
                "JetSeek needs a JET_bitSeek* grbit",
            ))
        }
        [op] => *op,
        _ => return Err(err(ErrorCode::InvalidGrbit, "JetSeek takes one seek grbit")),
    };
    if let Some(r) = crate::temp::with(&c, |t| t.seek(op, grbit & JET_bitSetIndexRange != 0)) {
        return r;
    }
    let mut st = c.lock()?;
    if !st.key.started {
        return Err(err(ErrorCode::KeyNotMade, "no search key was made"));
    }
    st.cancel_update();
    st.moved();
    st.has_range = false;
    let mut w = st.c.seek(op)?;
    if st.filtered_out()? {
        // The filter passes over the record found: the next one in the seek's direction
        // that meets it, if the seek allows another key.
        let forward = matches!(op, SeekGrbit::Ge | SeekGrbit::Gt);
        let not_found = || {
            err(
                ErrorCode::RecordNotFound,
                "no record meets the cursor filter",
            )
        };
        if op == SeekGrbit::Eq {
            return Err(not_found());
        }
        match st.pass_filtered(forward) {
            Ok(_) => {}
            Err(e) if e.code() == ErrorCode::NoCurrentRecord => return Err(not_found()),
            Err(e) => return Err(e),
        }
        if matches!(op, SeekGrbit::Ge | SeekGrbit::Le) {
            w = Some(Warning::SeekNotEqual);
        }
    }
    if op == SeekGrbit::Eq && grbit & JET_bitCheckUniqueness != 0 {
        st.c.set_index_range(true)?;
        let n = st.c.index_record_count(2)?;
        // Seeking again drops the range the count needed.
        st.c.seek(SeekGrbit::Eq)?;
        return Ok((n == 1).then_some(Warning::UniqueKey));
    }
    if grbit & JET_bitSetIndexRange != 0 {
        st.c.set_index_range(true)?;
        st.has_range = true;
    }
    Ok(w)
}

/// `JetSetIndexRange(sesid, tableid, grbit)`: the search key becomes the upper limit
/// of the index range with `JET_bitRangeUpperLimit` (moves forward end at it), else
/// its lower limit (moves backward end at it); `JET_bitRangeInclusive` includes the
/// entries whose keys start with it. `JET_bitRangeInstantDuration` only tests the
/// current entry; `JET_bitRangeRemove` removes the range (`JET_errInvalidOperation`
/// without one). Errors: `JET_errKeyNotMade`, `JET_errNoCurrentRecord` when the
/// current entry lies outside. A temporary table takes each of these as a table does
/// (`JET_errIllegalOperation` unless scrollable or indexed, `ErrIsamSortSetIndexRange`);
/// its range removed, the current record stays current.
pub fn jet_set_index_range(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    grbit: JET_GRBIT,
) -> JetResult<()> {
    let c = get(sesid, tableid)?;
    if grbit & !0xF != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetSetIndexRange grbit {grbit:#x}"),
        ));
    }
    if let Some(r) = crate::temp::with(&c, |t| t.set_index_range(grbit)) {
        return r;
    }
    let mut st = c.lock()?;
    if grbit & JET_bitRangeRemove != 0 {
        if !st.has_range {
            return Err(err(
                ErrorCode::InvalidOperation,
                "the cursor has no index range",
            ));
        }
        return st.remove_range();
    }
    if !st.key.started {
        return Err(err(ErrorCode::KeyNotMade, "no search key was made"));
    }
    st.resolve()?;
    let inclusive = grbit & JET_bitRangeInclusive != 0;
    if grbit & JET_bitRangeUpperLimit != 0 {
        st.c.set_index_range(inclusive)?;
    } else {
        st.c.set_lower_index_range(inclusive)?;
    }
    st.has_range = true;
    if grbit & JET_bitRangeInstantDuration != 0 {
        st.remove_range()?;
    }
    Ok(())
}

/// `JetRetrieveKey(sesid, tableid, pvKey, cbMax, pcbActual, grbit)`: the normalized key of
/// the current entry in the current index; with `JET_bitRetrieveCopy` the search key
/// as made (an end limit as one 0xFF byte after it; `JET_errKeyNotMade` without one),
/// which `JetMakeKey(JET_bitNormalizedKey)` takes back. On a temporary table the current
/// record's key (`JET_errIllegalOperation` while records are inserted).
pub fn jet_retrieve_key(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    grbit: JET_GRBIT,
) -> JetResult<Vec<u8>> {
    let c = get(sesid, tableid)?;
    if grbit & !JET_bitRetrieveCopy != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetRetrieveKey grbit {grbit:#x}"),
        ));
    }
    if let Some(r) = crate::temp::with(&c, |t| t.retrieve_key(grbit)) {
        return r;
    }
    let mut st = c.lock()?;
    if grbit & JET_bitRetrieveCopy != 0 {
        return st
            .c
            .search_key()
            .ok_or_else(|| err(ErrorCode::KeyNotMade, "no search key was made"));
    }
    st.current()?;
    st.entry_key()
}

/// `JetGetBookmark(sesid, tableid, pvBookmark, cbMax, pcbActual)`: the current record's
/// primary bookmark. `JET_errNoCurrentRecord`, `JET_errRecordDeleted`.
pub fn jet_get_bookmark(sesid: JET_SESID, tableid: JET_TABLEID) -> JetResult<Vec<u8>> {
    let c = get(sesid, tableid)?;
    if let Some(r) = crate::temp::with(&c, |t| t.bookmark()) {
        return r;
    }
    let mut st = c.lock()?;
    st.current()?;
    st.c.bookmark()
}

/// `JetGotoBookmark(sesid, tableid, pvBookmark, cbBookmark)`: makes the record current,
/// resetting the index range and search key and cancelling a prepared update.
/// `JET_errInvalidBookmark` for an empty bookmark, `JET_errRecordDeleted` when no record
/// has it.
pub fn jet_goto_bookmark(sesid: JET_SESID, tableid: JET_TABLEID, bookmark: &[u8]) -> JetResult<()> {
    let c = get(sesid, tableid)?;
    let mut st = c.lock()?;
    st.moved();
    st.has_range = false;
    st.key = KeyBuild::default();
    st.update = None;
    st.c.goto_bookmark(bookmark)
}

/// `JetGetSecondaryIndexBookmark`: (secondary key, primary bookmark) of the current
/// entry. `JET_errNoCurrentIndex` on the primary index.
pub fn jet_get_secondary_index_bookmark(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
) -> JetResult<(Vec<u8>, Vec<u8>)> {
    let c = get(sesid, tableid)?;
    let mut st = c.lock()?;
    st.current()?;
    let b = st.c.secondary_bookmark()?;
    Ok((b.secondary_key, b.primary_bookmark))
}

/// `JetGotoSecondaryIndexBookmark`: positions on that entry of the current secondary
/// index. With `JET_bitBookmarkPermitVirtualCurrency`, an entry that is gone still gives
/// `JET_errRecordDeleted`, but the cursor stays where it would be: `JetMove` next or
/// previous goes on from there, as in ESE (reads are `JET_errRecordDeleted` until then).
/// Other grbits are `JET_errInvalidGrbit`.
pub fn jet_goto_secondary_index_bookmark(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    secondary_key: &[u8],
    primary_bookmark: &[u8],
    grbit: JET_GRBIT,
) -> JetResult<()> {
    let c = get(sesid, tableid)?;
    if grbit & !JET_bitBookmarkPermitVirtualCurrency != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetGotoSecondaryIndexBookmark grbit {grbit:#x}"),
        ));
    }
    let virtual_currency = grbit & JET_bitBookmarkPermitVirtualCurrency != 0;
    let mut st = c.lock()?;
    st.moved();
    st.has_range = false;
    st.key = KeyBuild::default();
    st.update = None;
    let r = st.c.goto_secondary_bookmark_with(
        &SecondaryBookmark {
            secondary_key: secondary_key.to_vec(),
            primary_bookmark: primary_bookmark.to_vec(),
        },
        virtual_currency,
    );
    if virtual_currency
        && r.as_ref()
            .is_err_and(|e| e.code() == ErrorCode::RecordDeleted)
    {
        // On no record, where the entry would be: as after a delete.
        st.on_deleted = st.c.bookmark().is_err();
    }
    r
}

/// `JetIndexRecordCount(sesid, tableid, pcrec, crecMax)`: entries from the current one to
/// the end of the index or range, at most `max` (0: all); `JET_errTooManyRecords` beyond
/// 32 bits.
pub fn jet_index_record_count(sesid: JET_SESID, tableid: JET_TABLEID, max: u32) -> JetResult<u32> {
    let n = jet_index_record_count2(sesid, tableid, u64::from(max))?;
    u32::try_from(n).map_err(|_| err(ErrorCode::TooManyRecords, "use JetIndexRecordCount2"))
}

/// `JetIndexRecordCount2(sesid, tableid, pcrec, crecMax)`: the 64-bit count.
pub fn jet_index_record_count2(sesid: JET_SESID, tableid: JET_TABLEID, max: u64) -> JetResult<u64> {
    let c = get(sesid, tableid)?;
    let st = c.lock()?;
    st.c.index_record_count(max)
}

/// `JET_RECPOS`: a position as a fraction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JET_RECPOS {
    /// Entries before the current one.
    pub centriesLT: u64,
    /// Always 1.
    pub centriesInRange: u64,
    /// Entries in the index.
    pub centriesTotal: u64,
}

/// `JetGetRecordPosition(sesid, tableid, precpos, cbRecpos)`: the current entry's
/// position (counted exactly, where ESE estimates).
pub fn jet_get_record_position(sesid: JET_SESID, tableid: JET_TABLEID) -> JetResult<JET_RECPOS> {
    let c = get(sesid, tableid)?;
    let mut st = c.lock()?;
    st.current()?;
    let (lt, total) = st.c.record_position()?;
    Ok(JET_RECPOS {
        centriesLT: lt,
        centriesInRange: 1,
        centriesTotal: total,
    })
}

/// `JetGotoPosition(sesid, tableid, precpos)`: moves to the entry at fraction
/// `centriesLT / centriesTotal` of the index. `JET_errInvalidParameter` for a total of 0
/// or a fraction above 1; `JET_errNoCurrentRecord` on an empty index.
pub fn jet_goto_position(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    pos: &JET_RECPOS,
) -> JetResult<()> {
    let c = get(sesid, tableid)?;
    if pos.centriesTotal == 0 || pos.centriesLT > pos.centriesTotal {
        return Err(err(
            ErrorCode::InvalidParameter,
            "the position is not a fraction",
        ));
    }
    let mut st = c.lock()?;
    st.moved();
    st.has_range = false;
    st.c.move_first()?;
    let (_, total) = st.c.record_position()?;
    let target =
        (u128::from(pos.centriesLT) * u128::from(total) / u128::from(pos.centriesTotal)) as u64;
    let target = target.min(total.saturating_sub(1));
    st.c.move_by(target as i64)
}

/// `JetSetTableSequential(sesid, tableid, grbit)`: tells the engine the cursor will scan
/// its current index in order (`JET_bitPrereadForward` or `JET_bitPrereadBackward`
/// name the direction). A hint, as in ESE, where it only sizes read-ahead: this engine
/// reads ahead by itself and the call changes nothing a later call returns. Errors:
/// those of a bad session or cursor.
pub fn jet_set_table_sequential(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    _grbit: JET_GRBIT,
) -> JetResult<()> {
    get(sesid, tableid).map(|_| ())
}

/// `JetResetTableSequential(sesid, tableid, grbit)`: ends the hint
/// [`jet_set_table_sequential`] gave (the grbit is ignored, as in ESE).
pub fn jet_reset_table_sequential(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    _grbit: JET_GRBIT,
) -> JetResult<()> {
    get(sesid, tableid).map(|_| ())
}

/// `JetComputeStats(sesid, tableid)`: walks every index of the cursor's table and counts
/// its entries, distinct keys and pages, as ESE does before storing them; this engine
/// computes those figures whenever `JetGetTableInfo` or `JetGetIndexInfo` asks, so
/// nothing is stored. Errors: a damaged index's, `JET_errIllegalOperation` on a
/// temporary table.
pub fn jet_compute_stats(sesid: JET_SESID, tableid: JET_TABLEID) -> JetResult<()> {
    let c = get(sesid, tableid)?;
    if c.temp().is_some() {
        return Err(err(
            ErrorCode::IllegalOperation,
            "a temporary table has no statistics",
        ));
    }
    let st = c.lock()?;
    let t = st.c.table();
    for ix in &t.def().indexes {
        t.index_stats(&ix.name)?;
    }
    Ok(())
}

/// `JetPrereadKeys(sesid, tableid, rgpvKeys, rgcbKeys, ckeys, pckeysPreread, grbit)`:
/// checks the keys as ESE's `ErrIsamValidatePrereadKeysArguments` does (at least one,
/// none empty or longer than the current index's keys, in order: ascending with
/// `JET_bitPrereadForward`, descending with `JET_bitPrereadBackward`, exactly one of
/// which is the grbit) and returns how many keys it dealt with: all of them, as this
/// engine reads a page when a seek needs it, so nothing is left to read ahead (ESE
/// answers the same for a tree of one page; a caller that loops until every key is
/// counted goes on). Errors: `JET_errInvalidParameter`, `JET_errInvalidBufferSize`,
/// `JET_errInvalidGrbit`.
pub fn jet_preread_keys(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    keys: &[&[u8]],
    grbit: JET_GRBIT,
) -> JetResult<usize> {
    let c = get(sesid, tableid)?;
    if keys.is_empty() {
        return Err(err(ErrorCode::InvalidParameter, "no keys to preread"));
    }
    if grbit != JET_bitPrereadForward && grbit != JET_bitPrereadBackward {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetPrereadKeys grbit {grbit:#x}"),
        ));
    }
    let key_most = match c.temp() {
        Some(_) => ese::format::key::KEY_MOST_MOST,
        None => {
            let st = c.lock()?;
            match st.c.index_def() {
                Some(ix) => ix.key_most_bytes(),
                None => 4,
            }
        }
    };
    for (i, k) in keys.iter().enumerate() {
        if k.is_empty() || k.len() > key_most {
            return Err(err(
                ErrorCode::InvalidBufferSize,
                format!("key {i} has {} bytes (1 to {key_most})", k.len()),
            ));
        }
        if i > 0 {
            let ord = keys[i - 1].cmp(k);
            let backward = grbit == JET_bitPrereadBackward;
            if (backward && ord.is_lt()) || (!backward && ord.is_gt()) {
                return Err(err(
                    ErrorCode::InvalidParameter,
                    format!("key {i} is out of order"),
                ));
            }
        }
    }
    Ok(keys.len())
}

/// One column's condition of an index range (`JET_INDEX_COLUMN`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JET_INDEX_COLUMN {
    /// The column (ESE takes the index's segments in order; the id is not looked at).
    pub columnid: JET_COLUMNID,
    /// `JET_relopEquals`, or `JET_relopPrefixEquals` for the last column.
    pub relop: JET_RELOP,
    /// The value, as `JetMakeKey` takes it.
    pub pv: Vec<u8>,
    /// `JET_bitZeroLength` (with an empty value) or 0.
    pub grbit: JET_GRBIT,
}

/// The start and end conditions of an index range (`JET_INDEX_RANGE`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JET_INDEX_RANGE {
    /// The conditions of the range's start.
    pub rgStartColumns: Vec<JET_INDEX_COLUMN>,
    /// The conditions of its end (none: the range is the start's key alone).
    pub rgEndColumns: Vec<JET_INDEX_COLUMN>,
}

/// The normalized key of a range end made as ESE's `ErrRECIMakeKey` makes it: through
/// `JetMakeKey` on the cursor (whose search key it replaces, as in ESE), each column's
/// value in turn, the last with a start or end limit (partial with
/// `JET_relopPrefixEquals`).
fn range_key(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    columns: &[JET_INDEX_COLUMN],
    start: bool,
) -> JetResult<Vec<u8>> {
    for (i, col) in columns.iter().enumerate() {
        let last = i + 1 == columns.len();
        let prefix = col.relop == JET_relopPrefixEquals;
        if (col.relop != JET_relopEquals && !(last && prefix))
            || col.grbit & !JET_bitZeroLength != 0
            || (col.grbit == JET_bitZeroLength && !col.pv.is_empty())
        {
            return Err(err(
                ErrorCode::InvalidParameter,
                format!(
                    "index range column {i}: relop {} grbit {:#x}",
                    col.relop, col.grbit
                ),
            ));
        }
        let mut grbit = if i == 0 { JET_bitNewKey } else { 0 };
        if col.grbit & JET_bitZeroLength != 0 {
            grbit |= JET_bitKeyDataZeroLength;
        }
        if last {
            grbit |= match (prefix, start) {
                (true, true) => JET_bitPartialColumnStartLimit,
                (true, false) => JET_bitPartialColumnEndLimit,
                (false, true) => JET_bitFullColumnStartLimit,
                (false, false) => JET_bitFullColumnEndLimit,
            };
        }
        jet_make_key(sesid, tableid, Some(&col.pv), grbit)?;
    }
    jet_retrieve_key(sesid, tableid, JET_bitRetrieveCopy)
}

/// `JetPrereadIndexRanges(sesid, tableid, rgIndexRanges, cIndexRanges, pcRangesPreread,
/// rgcolumnidPreread, ccolumnidPreread, grbit)`: checks the ranges as ESE's
/// `ErrIsamIPrereadIndexRanges` and `ErrIsamIPrereadKeyRanges` do and returns how many it
/// dealt with: all of them, as this engine reads a page when a move needs it (see
/// [`jet_preread_keys`]). `count` says whether the caller asked for that number (ESE then
/// wants the ranges in order; without it, it sorts them). The keys are made from the
/// columns' values (`JET_bitPrereadNormalizedKey`: each end's one value is a normalized
/// key); making them leaves the cursor's search key as the last one made, as in ESE.
///
/// Errors, in ESE's order: `JET_errInvalidParameter` for no range, a relop other than
/// `JET_relopEquals` (or `JET_relopPrefixEquals` last), a grbit of a column other than
/// `JET_bitZeroLength` with an empty value; `JET_errInvalidGrbit` without a direction
/// (`JET_bitPrereadForward` or `Backward`) or with an unknown bit;
/// `JET_errInvalidPreread` for long-value columns on a secondary index;
/// `JET_errMustBeSeparateLongValue` for a column that is not a tagged long-value column;
/// `JET_errInvalidParameter` for a range whose start is past its end, and ranges out of
/// order (counted) or overlapping (not counted).
pub fn jet_preread_index_ranges(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    ranges: &[JET_INDEX_RANGE],
    count: bool,
    columns: &[JET_COLUMNID],
    grbit: JET_GRBIT,
) -> JetResult<usize> {
    let c = get(sesid, tableid)?;
    if ranges.is_empty() {
        return Err(err(ErrorCode::InvalidParameter, "no index ranges"));
    }
    let forward = grbit & JET_bitPrereadForward != 0;
    let mut keys = Vec::with_capacity(ranges.len());
    for (i, r) in ranges.iter().enumerate() {
        if grbit & JET_bitPrereadNormalizedKey != 0 {
            let (Some(start), true) = (r.rgStartColumns.first(), r.rgEndColumns.len() <= 1) else {
                return Err(err(
                    ErrorCode::InvalidParameter,
                    format!("range {i}: a normalized key is one value per end"),
                ));
            };
            let end = r.rgEndColumns.first().unwrap_or(start);
            keys.push((start.pv.clone(), end.pv.clone()));
        } else {
            let start = range_key(sesid, tableid, &r.rgStartColumns, forward)?;
            let end = if r.rgEndColumns.is_empty() {
                start.clone()
            } else {
                range_key(sesid, tableid, &r.rgEndColumns, !forward)?
            };
            keys.push((start, end));
        }
    }
    let known = JET_bitPrereadForward
        | JET_bitPrereadBackward
        | JET_bitPrereadFirstPage
        | JET_bitPrereadNormalizedKey;
    if grbit & (JET_bitPrereadForward | JET_bitPrereadBackward) == 0 || grbit & !known != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetPrereadIndexRanges grbit {grbit:#x}"),
        ));
    }
    if !columns.is_empty() {
        if c.temp().is_some() {
            return Err(err(
                ErrorCode::MustBeSeparateLongValue,
                "a temporary table keeps no separated long values",
            ));
        }
        let st = c.lock()?;
        if st.c.index_def().is_some_and(|ix| !ix.is_primary()) {
            return Err(err(
                ErrorCode::InvalidPreread,
                "long values are read ahead on the primary index only",
            ));
        }
        let def = st.c.table().def().clone();
        for &id in columns {
            let long_tagged = def
                .column_by_id(id)
                .is_some_and(|col| col.is_tagged() && col.coltype.is_long());
            if !long_tagged {
                return Err(err(
                    ErrorCode::MustBeSeparateLongValue,
                    format!("column {id} is not a tagged long-value column"),
                ));
            }
        }
    }
    // In the direction of the read: a range's start before its end, and (when counted)
    // each range after the one before.
    let in_order = |a: &[u8], b: &[u8]| if forward { a <= b } else { a >= b };
    for (i, (start, end)) in keys.iter().enumerate() {
        if !in_order(start, end) {
            return Err(err(
                ErrorCode::InvalidParameter,
                format!("range {i} ends before it starts"),
            ));
        }
        if count && i > 0 && !in_order(&keys[i - 1].1, start) {
            return Err(err(
                ErrorCode::InvalidParameter,
                format!("range {i} is out of order"),
            ));
        }
    }
    if !count {
        // ESE sorts them; ranges that overlap cannot be.
        let mut sorted = keys;
        sorted.sort_by(|a, b| {
            if forward {
                a.0.cmp(&b.0)
            } else {
                b.0.cmp(&a.0)
            }
        });
        if sorted
            .windows(2)
            .any(|w| w[0].1 == w[1].0 || !in_order(&w[0].1, &w[1].0))
        {
            return Err(err(ErrorCode::InvalidParameter, "the index ranges overlap"));
        }
    }
    Ok(ranges.len())
}

/// `JetGetCursorInfo(sesid, tableid, pvResult, cbMax, InfoLevel)`, as ESE's
/// `ErrIsamGetCursorInfo`: success when the cursor is on a record no other session's
/// uncommitted transaction has changed or locked; `JET_errWriteConflict` when one has
/// (a change of the record would conflict), `JET_errNoCurrentRecord` off a record,
/// `JET_errInvalidParameter` unless `cbMax` and `InfoLevel` are both 0. A temporary
/// table is seen by its session only: success on any current row.
pub fn jet_get_cursor_info(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    cb_max: u32,
    info_level: u32,
) -> JetResult<()> {
    let c = get(sesid, tableid)?;
    if cb_max != 0 || info_level != 0 {
        return Err(err(
            ErrorCode::InvalidParameter,
            "JetGetCursorInfo takes no result buffer and info level 0",
        ));
    }
    if let Some(t) = c.temp() {
        return t.lock().jet_move(0, 0);
    }
    let mut st = c.lock()?;
    st.current()?;
    if st.c.current_uncommitted_by_other()? {
        return Err(err(
            ErrorCode::WriteConflict,
            "another session's uncommitted transaction changed or locked the record",
        ));
    }
    Ok(())
}

/// One cursor of `JetIntersectIndexes` (`JET_INDEXRANGE`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JET_INDEXRANGE {
    /// A cursor on a secondary index, positioned on the first entry of its range.
    pub tableid: JET_TABLEID,
    /// `JET_bitRecordInIndex` (the only one ESE accepts).
    pub grbit: JET_GRBIT,
}

/// What `JetIntersectIndexes` returns (`JET_RECORDLIST`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JET_RECORDLIST {
    /// A temporary table (a sort) of the bookmarks; `JET_MoveFirst` reads it.
    pub tableid: JET_TABLEID,
    /// How many bookmarks it holds.
    pub cRecord: u32,
    /// Its one column: the primary bookmarks.
    pub columnidBookmark: crate::JET_COLUMNID,
}

/// `JetIntersectIndexes(sesid, rgindexrange, cindexrange, precordlist, grbit)`, as ESE's
/// `ErrIsamIntersectIndexes`: each cursor, on a different secondary index of one table,
/// is walked from its current entry to the end of its index range (it is left there),
/// and the primary bookmarks every walk met go, each once and in bookmark order, into a
/// new temporary table. Errors: `JET_errInvalidParameter` for no cursor or more than 64,
/// a cursor on the primary index, cursors of different tables or of one index,
/// `JET_errInvalidGrbit` for a range grbit other than `JET_bitRecordInIndex`,
/// `JET_errNoCurrentRecord` for a cursor off an entry.
pub fn jet_intersect_indexes(
    sesid: JET_SESID,
    ranges: &[JET_INDEXRANGE],
    _grbit: JET_GRBIT,
) -> JetResult<JET_RECORDLIST> {
    if ranges.is_empty() || ranges.len() > 64 {
        return Err(err(
            ErrorCode::InvalidParameter,
            format!("{} index ranges (1 to 64)", ranges.len()),
        ));
    }
    let mut seen: Vec<(JET_DBID, String, String)> = Vec::new();
    for r in ranges {
        let c = get(sesid, r.tableid)?;
        let index = match c.temp() {
            Some(_) => None,
            None => {
                let st = c.lock()?;
                st.c.index_def()
                    .filter(|ix| !ix.is_primary())
                    .map(|ix| ix.name.clone())
            }
        };
        let Some(index) = index else {
            return Err(err(
                ErrorCode::InvalidParameter,
                "a cursor of JetIntersectIndexes is not on a secondary index",
            ));
        };
        if r.grbit != JET_bitRecordInIndex {
            return Err(err(
                ErrorCode::InvalidGrbit,
                format!("index range grbit {:#x}", r.grbit),
            ));
        }
        if seen
            .iter()
            .any(|(d, t, _)| *d != c.dbid || !t.eq_ignore_ascii_case(&c.table))
        {
            return Err(err(
                ErrorCode::InvalidParameter,
                "the cursors of JetIntersectIndexes are on different tables",
            ));
        }
        if seen.iter().any(|(_, _, i)| i.eq_ignore_ascii_case(&index)) {
            return Err(err(
                ErrorCode::InvalidParameter,
                format!("two cursors of JetIntersectIndexes are on index {index}"),
            ));
        }
        seen.push((c.dbid, c.table.clone(), index));
    }
    let mut common: Option<std::collections::BTreeSet<Vec<u8>>> = None;
    for r in ranges {
        let mut set = std::collections::BTreeSet::new();
        loop {
            let (_, bookmark) = jet_get_secondary_index_bookmark(sesid, r.tableid)?;
            set.insert(bookmark);
            match jet_move(sesid, r.tableid, JET_MoveNext, 0) {
                Ok(_) => {}
                Err(e) if e.code() == ErrorCode::NoCurrentRecord => break,
                Err(e) => return Err(e),
            }
        }
        common = Some(match common {
            None => set,
            Some(c) => c.intersection(&set).cloned().collect(),
        });
    }
    let common = common.unwrap_or_default();
    let column = crate::JET_COLUMNDEF {
        coltyp: JET_coltypBinary,
        grbit: JET_bitColumnTTKey,
        ..Default::default()
    };
    let (tableid, ids) = crate::temp::jet_open_temp_table(sesid, &[column], 0)?;
    let filled = (|| {
        for bm in &common {
            crate::dml::jet_prepare_update(sesid, tableid, JET_prepInsert)?;
            crate::dml::jet_set_column(sesid, tableid, ids[0], Some(bm), 0, None)?;
            crate::dml::jet_update(sesid, tableid)?;
        }
        Ok::<_, ese::Error>(())
    })();
    if let Err(e) = filled {
        let _ = jet_close_table(sesid, tableid);
        return Err(e);
    }
    Ok(JET_RECORDLIST {
        tableid,
        cRecord: common.len() as u32,
        columnidBookmark: ids[0],
    })
}
