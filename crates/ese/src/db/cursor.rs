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
//! `JET_wrnColumnNull`) are returned as values.

use super::{Database, Record, Table};
use crate::btree::{self, BTree, Entry};
use crate::catalog::{index_flags, IndexDef};
use crate::format::coltype::Value;
use crate::record::{index_keys, Cell, Row, RowValue};
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

struct Update {
    prep: Prep,
    row: Row,
    bookmark: Option<Vec<u8>>,
}

/// A cursor on one table.
pub struct Cursor {
    db: Database,
    table: Table,
    /// The current index: `None` for the primary (or sequential) index.
    index: Option<usize>,
    tree: BTree,
    cur: btree::Cursor,
    /// The current entry (index key, primary bookmark).
    current: Option<(Vec<u8>, Vec<u8>)>,
    key: Option<Vec<u8>>,
    /// Upper limit of the index range: key and whether it is inclusive.
    range: Option<(Vec<u8>, bool)>,
    update: Option<Update>,
}

impl std::fmt::Debug for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cursor")
            .field("table", &self.table.name())
            .field("index", &self.index)
            .finish_non_exhaustive()
    }
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
        let table = self.table(name)?;
        let tree = self.open_btree(table.def().root)?;
        Ok(Cursor {
            db: self.clone(),
            cur: tree.cursor(),
            tree,
            table,
            index: None,
            current: None,
            key: None,
            range: None,
            update: None,
        })
    }
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

    /// `JetSetCurrentIndex`: `None` or the primary index's name selects the
    /// primary index. The cursor is then before the first entry.
    /// `JET_errIndexNotFound` for an unknown name.
    pub fn set_index(&mut self, name: Option<&str>) -> Result<()> {
        let def = self.table.def();
        let index = match name {
            None => None,
            Some(n) => {
                let i = def
                    .indexes
                    .iter()
                    .position(|ix| ix.name.eq_ignore_ascii_case(n))
                    .ok_or_else(|| {
                        Error::with(ErrorCode::IndexNotFound, format!("no index named {n:?}"))
                    })?;
                if def.indexes[i].is_primary() {
                    None
                } else {
                    Some(i)
                }
            }
        };
        let root = match index {
            Some(i) => def.indexes[i].root,
            None => def.root,
        };
        self.tree = self.db.open_btree(root)?;
        self.cur = self.tree.cursor();
        self.index = index;
        self.current = None;
        self.key = None;
        self.range = None;
        Ok(())
    }

    fn is_primary(&self) -> bool {
        self.index.is_none()
    }

    fn land(&mut self, e: Option<Entry>) -> Result<()> {
        let e = match e {
            Some(e) => e,
            None => {
                self.current = None;
                return Err(no_current());
            }
        };
        if let Some((limit, inclusive)) = &self.range {
            let out = if *inclusive {
                e.key.as_slice() > limit.as_slice() && !e.key.starts_with(limit)
            } else {
                e.key.as_slice() >= limit.as_slice()
            };
            if out {
                self.current = None;
                self.range = None;
                return Err(no_current());
            }
        }
        let bookmark = if self.is_primary() {
            e.key.clone()
        } else {
            e.data.clone()
        };
        self.current = Some((e.key, bookmark));
        Ok(())
    }

    /// `JetMove(JET_MoveFirst)`.
    pub fn move_first(&mut self) -> Result<()> {
        self.range = None;
        let e = self.cur.first()?;
        self.land(e)
    }

    /// `JetMove(JET_MoveLast)`.
    pub fn move_last(&mut self) -> Result<()> {
        self.range = None;
        let e = self.cur.last()?;
        self.land(e)
    }

    /// `JetMove(JET_MoveNext)`: `JET_errNoCurrentRecord` past the last entry (or
    /// the index range's limit).
    pub fn move_next(&mut self) -> Result<()> {
        let e = self.cur.next()?;
        self.land(e)
    }

    /// `JetMove(JET_MovePrevious)`.
    pub fn move_prev(&mut self) -> Result<()> {
        let e = self.cur.prev()?;
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
    /// as ESE cuts it.
    pub fn make_key(&mut self, values: &[Option<Value>], limit: KeyLimit) -> Result<()> {
        let def = self.table.def();
        let mut ix = match self.index_def() {
            Some(ix) => ix.clone(),
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
                self.key = Some(crate::record::sequential_key(dbk));
                return Ok(());
            }
        };
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
        ix.segments.truncate(values.len());
        ix.flags |= index_flags::ALLOW_ALL_NULLS
            | index_flags::ALLOW_FIRST_NULL
            | index_flags::ALLOW_SOME_NULLS;
        ix.flags &= !(index_flags::NO_NULL_SEG | index_flags::DISALLOW_TRUNCATION);
        let mut row = Row::new();
        for (seg, v) in ix.segments.iter().zip(values) {
            match v {
                Some(v) => row.set(seg.column_id, RowValue::One(Cell::Value(v.clone()))),
                None => row.set_null(seg.column_id),
            };
        }
        let mut key = index_keys(def, &ix, &row)?
            .keys
            .into_iter()
            .next()
            .unwrap_or_default();
        let last_col = ix
            .segments
            .last()
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
        if matches!(limit, KeyLimit::FullColumnEnd | KeyLimit::PartialColumnEnd) {
            key.resize(key.len() + 256, 0xFF);
        }
        self.key = Some(key);
        Ok(())
    }

    fn made_key(&self) -> Result<Vec<u8>> {
        self.key
            .clone()
            .ok_or_else(|| Error::with(ErrorCode::KeyNotMade, "no key was made"))
    }

    /// `JetSeek` with the made key. `JET_errRecordNotFound` when nothing
    /// qualifies; `Some(JET_wrnSeekNotEqual)` when GE/LE land on another key.
    pub fn seek(&mut self, op: SeekGrbit) -> Result<Option<Warning>> {
        let key = self.made_key()?;
        self.range = None;
        let found = match op {
            SeekGrbit::Eq => {
                let e = self.cur.seek(btree::SeekOp::Ge, &key, None)?;
                e.filter(|e| e.key.starts_with(&key))
            }
            SeekGrbit::Ge => self.cur.seek(btree::SeekOp::Ge, &key, None)?,
            SeekGrbit::Gt => self.cur.seek(btree::SeekOp::Gt, &key, None)?,
            SeekGrbit::Le => self.cur.seek(btree::SeekOp::Le, &key, None)?,
            SeekGrbit::Lt => self.cur.seek(btree::SeekOp::Lt, &key, None)?,
        };
        let Some(e) = found else {
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

    /// `JetSetIndexRange` with the made key as the upper limit (`inclusive`:
    /// `JET_bitRangeInclusive`). The current entry must lie in the range, else
    /// `JET_errNoCurrentRecord`.
    pub fn set_index_range(&mut self, inclusive: bool) -> Result<()> {
        let key = self.made_key()?;
        let (cur, _) = self.current.clone().ok_or_else(no_current)?;
        let out = if inclusive {
            cur.as_slice() > key.as_slice() && !cur.starts_with(&key)
        } else {
            cur.as_slice() >= key.as_slice()
        };
        if out {
            self.current = None;
            return Err(no_current());
        }
        self.range = Some((key, inclusive));
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
    /// index: positions there; on a secondary index: on its first entry).
    /// `JET_errRecordDeleted` when no record has it.
    pub fn goto_bookmark(&mut self, bookmark: &[u8]) -> Result<()> {
        self.range = None;
        let rec = self.table.record_at(bookmark).map_err(|e| {
            if e.code() == ErrorCode::RecordNotFound {
                Error::with(ErrorCode::RecordDeleted, "no record has this bookmark")
            } else {
                e
            }
        })?;
        if self.is_primary() {
            let e = self.cur.seek(btree::SeekOp::Eq, bookmark, None)?;
            return self.land(e);
        }
        let ix = self.index_def().cloned().ok_or_else(no_current)?;
        let (row, _) = rec.to_row()?;
        let key = index_keys(self.table.def(), &ix, &row)?
            .keys
            .into_iter()
            .next()
            .ok_or_else(|| {
                Error::with(ErrorCode::NoCurrentRecord, "the record is not in the index")
            })?;
        let e = self.cur.seek(btree::SeekOp::Eq, &key, Some(bookmark))?;
        self.land(e)
    }

    /// The current record.
    pub fn record(&self) -> Result<Record> {
        let (_, bm) = self.current.as_ref().ok_or_else(no_current)?;
        self.table.record_at(bm)
    }

    /// `JetRetrieveColumn`: value `itag_sequence` (from 1; 0 means 1) of column
    /// `column_id` of the current record, or of the prepared update's copy when
    /// one is prepared (`JET_bitRetrieveCopy`-like). NULL gives
    /// `(None, Some(JET_wrnColumnNull))`.
    pub fn retrieve_column(
        &self,
        column_id: u32,
        itag_sequence: u32,
    ) -> Result<(Option<Value>, Option<Warning>)> {
        let col = self.column(column_id)?.clone();
        let n = itag_sequence.max(1) as usize - 1;
        let rec = self.record()?;
        let v = rec.value(&col)?;
        let got = v.data().get(n).map(|d| match d {
            super::Datum::Value(v) => v.clone(),
            super::Datum::Undecodable { raw, .. } => Value::Binary(raw.clone()),
        });
        Ok(match got {
            Some(v) => (Some(v), None),
            None => (None, Some(Warning::ColumnNull)),
        })
    }

    fn column(&self, column_id: u32) -> Result<&crate::catalog::ColumnDef> {
        if column_id == 0 || column_id > 0xFFFF {
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
    pub fn prepare_update(&mut self, prep: Prep) -> Result<()> {
        self.db.writer()?;
        if self.update.is_some() {
            return Err(Error::with(
                ErrorCode::AlreadyPrepared,
                "an update is already prepared",
            ));
        }
        let (row, bookmark) = match prep {
            Prep::Insert => (Row::new(), None),
            Prep::Replace | Prep::InsertCopy => {
                let rec = self.record()?;
                let (row, _) = rec.to_row()?;
                let bm = (prep == Prep::Replace).then(|| rec.key().to_vec());
                (row, bm)
            }
        };
        self.update = Some(Update {
            prep,
            row,
            bookmark,
        });
        Ok(())
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
        let col = self.column(column_id)?.clone();
        let up = self
            .update
            .as_mut()
            .ok_or_else(|| Error::with(ErrorCode::UpdateNotPrepared, "no update is prepared"))?;
        let mut cells: Vec<Cell> = up
            .row
            .get(column_id)
            .map(|v| v.cells().to_vec())
            .unwrap_or_default();
        let multi = col.is_tagged() && col.is_multi_valued();
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
    pub fn update(&mut self) -> Result<Vec<u8>> {
        let up = self
            .update
            .take()
            .ok_or_else(|| Error::with(ErrorCode::UpdateNotPrepared, "no update is prepared"))?;
        let name = self.table.name().to_string();
        let result = match (up.prep, &up.bookmark) {
            (Prep::Replace, Some(bm)) => self.db.replace(&name, bm, &up.row),
            _ => self.db.insert(&name, &up.row),
        };
        match result {
            Ok(bm) => {
                if up.prep == Prep::Replace {
                    // The record may have moved in the current index.
                    if self.goto_bookmark(&bm).is_err() {
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

    /// `JetDelete`: deletes the current record; the cursor then has no current
    /// record until it moves (a next/previous move continues from its place).
    pub fn delete(&mut self) -> Result<()> {
        self.db.writer()?;
        let (_, bm) = self.current.clone().ok_or_else(no_current)?;
        let name = self.table.name().to_string();
        self.db.delete(&name, &bm)?;
        self.current = None;
        Ok(())
    }

    /// `JetGetRecordPosition`: (entries before the current one, entries in the
    /// index). Counted by walking the index; ESE estimates it.
    pub fn record_position(&self) -> Result<(u64, u64)> {
        let (key, bm) = self.current.clone().ok_or_else(no_current)?;
        let mut c = self.tree.cursor();
        let mut e = c.first()?;
        let (mut before, mut total) = (0u64, 0u64);
        let mut seen = false;
        while let Some(x) = e {
            let here = x.key == key && (self.is_primary() || x.data == bm);
            seen |= here;
            if !seen {
                before += 1;
            }
            total += 1;
            e = c.next()?;
        }
        Ok((before, total))
    }
}
