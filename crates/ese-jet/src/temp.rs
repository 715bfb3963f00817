//! Temporary tables: `JetOpenTempTable(2)`, `JetOpenTemporaryTable`, and the cursor calls
//! on them (move, make key, seek, index range, retrieve, prepare, set, update, delete,
//! bookmark, close), over the engine's [`ese::db::TempTable`].
//!
//! What must hold: a temporary table lives as long as its cursor (`JetCloseTable`
//! deletes it, so does ending its session); the engine's rules for sorts and their
//! phases hold (`JET_errIllegalOperation` for what a sort does not do); calls the engine
//! has no temporary-table form of are `JET_errIllegalOperation`; with
//! `JET_paramMaxTemporaryTables` 0 every open is `JET_errTooManySorts`.

use crate::consts::*;
use crate::cursor::{key_limit, key_value, Body, CursorEntry, KeyBuild};
use crate::instance::engine_of;
use crate::registry::{self, err};
use crate::{JetResult, JET_COLUMNDEF, JET_COLUMNID, JET_GRBIT, JET_SESID, JET_TABLEID};
use ese::db::{Prep, SeekGrbit, TempColumn, TempOptions, TempTable};
use ese::format::coltype::{encode_value, ColumnType, Value};
use ese::record::Cell;
use ese::{ErrorCode, Warning};
use parking_lot::Mutex;
use std::collections::HashMap;
use std::sync::atomic::AtomicU32;
use std::sync::Arc;

/// A temporary table and the Jet state around it.
pub(crate) struct TempState {
    t: TempTable,
    /// (column id, type, code page, multi-valued) of each column, in list order.
    cols: Vec<(JET_COLUMNID, ColumnType, u32, bool)>,
    /// (type, code page) of the key columns, in key order.
    keys: Vec<(ColumnType, u32)>,
    key: KeyBuild,
    /// The values of the prepared update, as `JET_bitRetrieveCopy` reads them.
    update: Option<Mirror>,
}

/// What a prepared update on a temporary table holds: the columns set so far, each
/// with all its values; the others are the current record's (a replace or an insert
/// copy) or NULL (an insert).
struct Mirror {
    changed: HashMap<JET_COLUMNID, Vec<Vec<u8>>>,
    from_current: bool,
    /// `JET_prepReadOnlyCopy`: the engine's table has no update prepared; a move, a
    /// seek, a delete or `JET_prepCancel` ends the copy.
    read_only: bool,
}

/// `JetOpenTempTable(sesid, prgcolumndef, ccolumn, grbit, ptableid, prgcolumnid)`:
/// [`jet_open_temporary_table`] with the default key sizes.
pub fn jet_open_temp_table(
    sesid: JET_SESID,
    columns: &[JET_COLUMNDEF],
    grbit: JET_GRBIT,
) -> JetResult<(JET_TABLEID, Vec<JET_COLUMNID>)> {
    jet_open_temporary_table(sesid, columns, grbit, 0, 0)
}

/// `JetOpenTempTable2(..., lcid, ...)`: the locale is accepted (keys use the engine's
/// collation).
pub fn jet_open_temp_table2(
    sesid: JET_SESID,
    columns: &[JET_COLUMNDEF],
    _lcid: u32,
    grbit: JET_GRBIT,
) -> JetResult<(JET_TABLEID, Vec<JET_COLUMNID>)> {
    jet_open_temporary_table(sesid, columns, grbit, 0, 0)
}

/// `JetOpenTemporaryTable(sesid, popentemporarytable)`: a temporary table of `columns`
/// (`JET_bitColumnTTKey` columns form the key, in order) with `JET_bitTT*` grbits;
/// returns its cursor and the column ids. It spills to a file in the instance's system
/// folder when large. Errors: `JET_errTooManySorts` with `JET_paramMaxTemporaryTables`
/// 0, `JET_errInvalidColumnType`, `JET_errInvalidGrbit`,
/// `JET_errCannotMaterializeForwardOnlySort`, `JET_errInvalidCodePage`,
/// `JET_errOutOfCursors`.
pub fn jet_open_temporary_table(
    sesid: JET_SESID,
    columns: &[JET_COLUMNDEF],
    grbit: JET_GRBIT,
    cb_key_most: u32,
    cb_var_seg_mac: u32,
) -> JetResult<(JET_TABLEID, Vec<JET_COLUMNID>)> {
    let mut reg = registry::lock();
    let s = reg.session(sesid)?;
    let (dir, page_size) = {
        let st = s.instance.state.lock();
        if st.params.int(JET_paramMaxTemporaryTables) == 0 {
            return Err(err(
                ErrorCode::TooManySorts,
                "temporary tables are off (JET_paramMaxTemporaryTables is 0)",
            ));
        }
        if st.cursors >= st.params.int(JET_paramMaxCursors) {
            return Err(err(
                ErrorCode::OutOfCursors,
                "JET_paramMaxCursors cursors are open",
            ));
        }
        let engine = engine_of(&st)?;
        (engine.temp_dir(), reg.params.int(JET_paramDatabasePageSize))
    };
    let mut specs = Vec::with_capacity(columns.len());
    for c in columns {
        let coltype = ColumnType::from_u32(c.coltyp)
            .filter(|t| !matches!(t, ColumnType::Nil | ColumnType::SLV))
            .ok_or_else(|| err(ErrorCode::InvalidColumnType, format!("coltyp {}", c.coltyp)))?;
        specs.push(TempColumn {
            coltype,
            cp: u32::from(c.cp),
            max_length: c.cbMax,
            flags: c.grbit,
        });
    }
    let opts = TempOptions {
        dir,
        page_size: page_size.max(4096),
        key_most: cb_key_most,
        var_seg_mac: cb_var_seg_mac,
        ..TempOptions::default()
    };
    let (t, ids) = TempTable::open_with(&specs, grbit, &opts)?;
    let cols: Vec<(JET_COLUMNID, ColumnType, u32, bool)> = ids
        .iter()
        .zip(&specs)
        .map(|(&id, c)| {
            let multi = c.flags & JET_bitColumnMultiValued != 0;
            (id, c.coltype, c.cp, multi)
        })
        .collect();
    let keys = specs
        .iter()
        .filter(|c| c.flags & JET_bitColumnTTKey != 0)
        .take(JET_ccolKeyMost as usize)
        .map(|c| (c.coltype, c.cp))
        .collect();
    let entry = CursorEntry {
        sesid,
        dbid: 0,
        instance: s.instance.clone(),
        session: s.clone(),
        table: String::new(),
        grbit,
        read_only: false,
        open_level: AtomicU32::new(s.session.transaction_level()),
        body: Body::Temp(Box::new(Mutex::new(TempState {
            t,
            cols,
            keys,
            key: KeyBuild::default(),
            update: None,
        }))),
        ls: Default::default(),
    };
    s.instance.state.lock().cursors += 1;
    Ok((reg.cursors.insert(Arc::new(entry)), ids))
}

impl TempState {
    fn column(&self, columnid: JET_COLUMNID) -> JetResult<(ColumnType, u32)> {
        self.col(columnid).map(|c| (c.1, c.2))
    }

    fn col(&self, columnid: JET_COLUMNID) -> JetResult<(JET_COLUMNID, ColumnType, u32, bool)> {
        self.cols
            .iter()
            .find(|c| c.0 == columnid)
            .copied()
            .ok_or_else(|| err(ErrorCode::ColumnNotFound, format!("no column {columnid}")))
    }

    /// The prepared update's values, if an update is still prepared (a move or a
    /// seek of the engine's table ends it).
    fn mirror(&mut self) -> Option<&mut Mirror> {
        if !self.t.update_prepared() && !self.read_only_copy() {
            self.update = None;
        }
        self.update.as_mut()
    }

    /// Whether the prepared "update" is a read-only copy (`JET_prepReadOnlyCopy`).
    fn read_only_copy(&self) -> bool {
        self.update.as_ref().is_some_and(|m| m.read_only)
    }

    /// Ends a read-only copy (a move, a seek or a delete of the cursor).
    fn end_read_only_copy(&mut self) {
        if self.read_only_copy() {
            self.update = None;
        }
    }

    /// `JET_errUpdateNotPrepared` while the prepared "update" is a read-only copy.
    fn check_not_read_only(&self) -> JetResult<()> {
        if self.read_only_copy() {
            return Err(err(
                ErrorCode::UpdateNotPrepared,
                "a read-only copy is not set or updated",
            ));
        }
        Ok(())
    }

    /// The values of column `columnid` of the current record, as bytes.
    fn record_values(&self, columnid: JET_COLUMNID) -> JetResult<Vec<Vec<u8>>> {
        let (coltype, cp) = self.column(columnid)?;
        let mut out = Vec::new();
        // Bounded: a column has at most one value per tag sequence number.
        for itag in 1..=u32::from(u16::MAX) {
            match self.t.retrieve_column(columnid, itag)? {
                (Some(v), _) => out.push(encode_value(&v, coltype, cp)?),
                (None, _) => break,
            }
        }
        Ok(out)
    }

    /// The values of column `columnid` in the prepared update.
    fn prepared_values(&mut self, columnid: JET_COLUMNID) -> JetResult<Vec<Vec<u8>>> {
        let from_current = match self.mirror() {
            Some(m) => match m.changed.get(&columnid) {
                Some(v) => return Ok(v.clone()),
                None => m.from_current,
            },
            None => return Err(err(ErrorCode::UpdateNotPrepared, "no update is prepared")),
        };
        if from_current {
            self.record_values(columnid)
        } else {
            Ok(Vec::new())
        }
    }

    pub(crate) fn jet_move(&mut self, crow: i32, grbit: JET_GRBIT) -> JetResult<()> {
        self.end_read_only_copy();
        if grbit != 0 {
            return Err(err(
                ErrorCode::InvalidGrbit,
                "JetMove on a temporary table takes no grbit",
            ));
        }
        match crow {
            JET_MoveFirst => self.t.move_first(),
            JET_MoveLast => self.t.move_last(),
            JET_MoveNext => self.t.move_next(),
            JET_MovePrevious => self.t.move_prev(),
            0 => self.t.cursor()?.bookmark().map(|_| ()),
            n => self.t.move_by(i64::from(n)),
        }
    }

    pub(crate) fn make_key(&mut self, data: Option<&[u8]>, grbit: JET_GRBIT) -> JetResult<()> {
        if grbit & JET_bitNormalizedKey != 0 {
            // A refused key leaves the one made before, as in ESE.
            self.t.set_normalized_key(data.unwrap_or_default())?;
            self.key = KeyBuild {
                started: true,
                normalized: true,
                prefix: data.unwrap_or_default().to_vec(),
                ..KeyBuild::default()
            };
            return Ok(());
        }
        let limit = key_limit(grbit)?;
        if grbit & JET_bitNewKey != 0 {
            self.key = KeyBuild {
                started: true,
                ..KeyBuild::default()
            };
        } else if !self.key.started {
            return Err(err(
                ErrorCode::KeyNotMade,
                "the first JetMakeKey needs JET_bitNewKey",
            ));
        }
        if self.key.limit.is_some() {
            return Err(err(ErrorCode::KeyIsMade, "the key ends with a limit"));
        }
        // A normalized key counts as the first key column (ESE's cColumnsInSearchKey).
        let &(coltype, cp) = self
            .keys
            .get(self.key.values.len() + usize::from(self.key.normalized))
            .ok_or_else(|| err(ErrorCode::KeyIsMade, "every key column has a value"))?;
        let value = match data {
            Some(b) if !b.is_empty() => Some(key_value(coltype, cp, b)?),
            _ if grbit & JET_bitKeyDataZeroLength != 0 => match coltype {
                ColumnType::Text | ColumnType::LongText => Some(Value::Text(String::new())),
                _ => Some(Value::Binary(Vec::new())),
            },
            _ => None,
        };
        self.key.values.push(value);
        let values = self.key.values.clone();
        let made = self
            .t
            .make_key_after(&self.key.prefix, &values, limit.unwrap_or_default());
        if let Err(e) = made {
            self.key.values.pop();
            return Err(e);
        }
        self.key.limit = limit;
        Ok(())
    }

    pub(crate) fn seek(&mut self, op: SeekGrbit, range: bool) -> JetResult<Option<Warning>> {
        self.end_read_only_copy();
        if !self.key.started {
            return Err(err(ErrorCode::KeyNotMade, "no search key was made"));
        }
        let w = self.t.seek(op)?;
        if range {
            self.t.set_index_range(true)?;
        }
        Ok(w)
    }

    pub(crate) fn set_index_range(&mut self, grbit: JET_GRBIT) -> JetResult<()> {
        if grbit & JET_bitRangeRemove != 0 {
            if !self.t.remove_index_range()? {
                return Err(err(
                    ErrorCode::InvalidOperation,
                    "the cursor has no index range",
                ));
            }
            return Ok(());
        }
        if !self.key.started {
            return Err(err(ErrorCode::KeyNotMade, "no search key was made"));
        }
        let inclusive = grbit & JET_bitRangeInclusive != 0;
        if grbit & JET_bitRangeUpperLimit != 0 {
            self.t.set_index_range(inclusive)?;
        } else {
            self.t.set_lower_index_range(inclusive)?;
        }
        if grbit & JET_bitRangeInstantDuration != 0 {
            // Only the current record was tested (`ErrIsamSortSetIndexRange`).
            self.t.remove_index_range()?;
        }
        Ok(())
    }

    /// The values of a column of the current record, as bytes; with
    /// `JET_bitRetrieveCopy` while an update is prepared, the update's. A temporary
    /// table has no defaults, and a value read from its key is the record's, so
    /// `JET_bitRetrieveIgnoreDefault`, `JET_bitRetrieveNull`,
    /// `JET_bitRetrieveFromIndex`, `JET_bitRetrieveFromPrimaryBookmark` and
    /// `JET_bitRetrieveTag` change nothing; the others are
    /// `JET_errFeatureNotAvailable`.
    pub(crate) fn values(
        &mut self,
        columnid: JET_COLUMNID,
        grbit: JET_GRBIT,
    ) -> JetResult<Vec<Vec<u8>>> {
        const SAME: JET_GRBIT = JET_bitRetrieveCopy
            | JET_bitRetrieveIgnoreDefault
            | JET_bitRetrieveNull
            | JET_bitRetrieveFromIndex
            | JET_bitRetrieveFromPrimaryBookmark
            | JET_bitRetrieveTag;
        if grbit & !SAME != 0 {
            return Err(err(
                ErrorCode::FeatureNotAvailable,
                "a temporary table reads values, not how they are stored",
            ));
        }
        self.column(columnid)?;
        if grbit & JET_bitRetrieveCopy != 0 && self.mirror().is_some() {
            return self.prepared_values(columnid);
        }
        self.record_values(columnid)
    }

    /// The tagged-column walk (`JetRetrieveColumn` with column 0) of the current row:
    /// the values of the columns in the tagged range (ids from 256, long values among
    /// them) by id. A temporary table has no defaults and stores no NULL, so
    /// `JET_bitRetrieveNull` and `JET_bitRetrieveIgnoreDefault` change nothing.
    pub(crate) fn tagged_walk(&mut self, grbit: JET_GRBIT) -> JetResult<Vec<crate::dml::Walked>> {
        let mut ids: Vec<JET_COLUMNID> = self
            .cols
            .iter()
            .map(|c| c.0)
            .filter(|&id| id >= ese::format::record::FID_TAGGED_LEAST)
            .collect();
        ids.sort_unstable();
        let grbit = grbit & !(JET_bitRetrieveNull | JET_bitRetrieveIgnoreDefault);
        let mut out = Vec::new();
        for id in ids {
            for v in self.values(id, grbit)? {
                out.push((id, Some(v)));
            }
        }
        Ok(out)
    }

    /// `JetSetColumn` in the prepared update, with the grbits of a table's
    /// (`crate::dml::set_value`; a temporary table's columns have no default, so
    /// `JET_bitSetRevertToDefaultValue` sets NULL, and the storage hints change
    /// nothing).
    pub(crate) fn set_column(
        &mut self,
        columnid: JET_COLUMNID,
        data: Option<&[u8]>,
        grbit: JET_GRBIT,
        info: crate::JET_SETINFO,
    ) -> JetResult<Option<Warning>> {
        if grbit & !crate::dml::SET_GRBITS != 0 {
            return Err(err(
                ErrorCode::InvalidGrbit,
                format!("JetSetColumn grbit {grbit:#x}"),
            ));
        }
        let (_, coltype, _, multi) = self.col(columnid)?;
        self.check_not_read_only()?;
        let itag = info.itagSequence;
        let bytes = data.unwrap_or(&[]);
        let existing = match self.mirror() {
            Some(_) => self.prepared_values(columnid)?,
            // The engine's table says why nothing can be set.
            None => Vec::new(),
        };
        let value = crate::dml::set_value(grbit, &existing, itag, bytes, info.ibLongValue, None)?;
        if let Some(v) = &value {
            if let Some(n) = coltype.fixed_size() {
                if v.len() != n {
                    return Err(err(
                        ErrorCode::InvalidBufferSize,
                        format!("a {} value takes {n} bytes", coltype.name()),
                    ));
                }
            }
            crate::dml::check_unique(grbit, &existing, itag, v)?;
        }
        self.t
            .set_column(columnid, value.clone().map(Cell::Raw), itag)?;
        if let Some(m) = self.mirror() {
            let mut cells = existing;
            crate::dml::apply(&mut cells, value, itag, multi);
            m.changed.insert(columnid, cells);
        }
        Ok(None)
    }

    /// `JetPrepareUpdate` on the temporary table; `level` is the session's transaction
    /// level (`JET_prepReadOnlyCopy` needs one).
    pub(crate) fn prepare_update(&mut self, prep: u32, level: u32) -> JetResult<Option<Warning>> {
        if prep != JET_prepCancel && self.read_only_copy() {
            return Err(err(
                ErrorCode::AlreadyPrepared,
                "a read-only copy is prepared",
            ));
        }
        let (r, from_current) = match prep {
            JET_prepCancel => {
                if self.update.take().is_some_and(|m| m.read_only) {
                    return Ok(None);
                }
                return self.t.cancel_update().map(|()| None);
            }
            JET_prepReadOnlyCopy => {
                // (A read-only copy already prepared was refused above.)
                if self.t.update_prepared() {
                    return Err(err(
                        ErrorCode::AlreadyPrepared,
                        "an update is already prepared",
                    ));
                }
                if level == 0 {
                    return Err(err(
                        ErrorCode::NotInTransaction,
                        "JET_prepReadOnlyCopy needs a transaction",
                    ));
                }
                // A current record, out of the insert phase.
                self.t.cursor()?.bookmark()?;
                self.update = Some(Mirror {
                    changed: HashMap::new(),
                    from_current: true,
                    read_only: true,
                });
                return Ok(None);
            }
            JET_prepInsert => (self.t.prepare_update(Prep::Insert), false),
            JET_prepReplace | JET_prepReplaceNoLock => (self.t.prepare_update(Prep::Replace), true),
            JET_prepInsertCopy => (self.t.prepare_update(Prep::InsertCopy), true),
            _ => {
                return Err(err(
                    ErrorCode::FeatureNotAvailable,
                    format!("JET_prep {prep} on a temporary table"),
                ))
            }
        };
        if r.is_ok() {
            self.update = Some(Mirror {
                changed: HashMap::new(),
                from_current,
                read_only: false,
            });
        }
        r
    }

    pub(crate) fn update(&mut self) -> JetResult<Vec<u8>> {
        self.check_not_read_only()?;
        self.t.update()?;
        self.update = None;
        Ok(Vec::new())
    }

    pub(crate) fn delete(&mut self) -> JetResult<()> {
        self.end_read_only_copy();
        self.t.delete()
    }

    pub(crate) fn bookmark(&self) -> JetResult<Vec<u8>> {
        self.t.cursor()?.bookmark()
    }

    /// `JetRetrieveKey` (see `TempTable::retrieve_key`).
    pub(crate) fn retrieve_key(&self, grbit: JET_GRBIT) -> JetResult<Vec<u8>> {
        self.t.retrieve_key(grbit & JET_bitRetrieveCopy != 0)
    }
}

/// Runs `f` on the temporary table of `c`, if it is one.
pub(crate) fn with<R>(
    c: &CursorEntry,
    f: impl FnOnce(&mut TempState) -> JetResult<R>,
) -> Option<JetResult<R>> {
    c.temp().map(|t| f(&mut t.lock()))
}
