//! Temporary tables and sorts (`JetOpenTempTable`, `JetOpenTemporaryTable`):
//! [`TempTable`], opened from a column list and `JET_bitTT*` grbits, used
//! through the cursor calls of the Jet API.
//!
//! Records are kept in one ESE table whose primary index is the key columns
//! (in list order, `JET_bitColumnTTDescending` ones descending). A table
//! without key columns has no primary index and keeps insertion order (ESE's
//! sequential index). A forward-only sort without `JET_bitTTUnique` keeps
//! every record: its primary index ends in a hidden sequence column, so
//! records with equal keys stay in insertion order.
//!
//! Storage (`temp/store.rs`): the table lives in an ESE database on an
//! in-memory file system ([`ese_os::MemFs`]) until that database is larger
//! than [`TempOptions::memory_limit`] (default [`DEFAULT_MEMORY_LIMIT`], 8 MiB,
//! measured as the database's file size, which starts at 286 pages for an
//! empty table (2.3 MiB on 8 KiB pages) and grows 256 pages at a time; its
//! buffer cache of [`TempOptions::cache_pages`] frames comes on top). The
//! next `prepare_update` after the limit is crossed moves every record into
//! an ESE database in a new file of [`TempOptions::dir`] and returns
//! `JET_wrnSortOverflow`; a table stays at most one record over. The file is
//! deleted when the table is dropped. With [`TempOptions::memory_only`]
//! nothing is ever written to a file.
//!
//! ESE's rules followed (`sortapi.cxx`: `ErrIsamOpenTempTable`,
//! `ErrSORTTableOpen`, `ErrIsamSortMove`, `ErrIsamSortSeek`, `ErrTTEndInsert`
//! and the `vtfndefTTSortIns`/`TTSortRet`/`TTBase` dispatch tables; `sort.cxx`
//! for duplicate removal):
//! * A table starts in its insert phase: only `JetPrepareUpdate(Insert)`,
//!   `JetSetColumn`, `JetUpdate` and `JetMakeKey` work; reading or deleting is
//!   `JET_errIllegalOperation`. The first move or seek ends it. Every move and
//!   seek cancels a prepared update (`ErrIsamMove`, `ErrIsamSeek` in `rec.cxx`).
//! * Duplicate keys: a sort removes records whose key equals an earlier
//!   record's (the first inserted stays) in every mode but a forward-only sort
//!   without `JET_bitTTUnique` (ESE: `fRemoveDuplicates = !(ForwardOnly &&
//!   !Unique)`). A table ESE materializes at open (`JET_bitTTForceMaterialization`
//!   = `JET_bitTTErrorOnDuplicateInsertion`, or long-value columns without
//!   `JET_bitTTIntrinsicLVsOnly`) has a unique primary index instead: a
//!   duplicate insert fails with `JET_errKeyDuplicate`, as does any insert
//!   after the insert phase.
//! * Where this differs from ESE on purpose: ESE's sort orders records with
//!   equal keys by their record bytes (`ISORTICmpKeyData`), so which duplicate
//!   survives, and the order of the duplicates a forward-only sort keeps,
//!   follow those bytes; here both follow insertion order, which does not
//!   depend on the record format.
//! * Moving backwards (`JetMove` previous, or by a negative count) and seeking
//!   need `JET_bitTTScrollable` or `JET_bitTTIndexed`, else
//!   `JET_errIllegalOperation`; first, last and next always work.
//! * Without `JET_bitTTUpdatable`, changing records after the insert phase
//!   (prepare, set, update, delete) is `JET_errIllegalOperation` (ESE's sort
//!   dispatch table). A replace cannot change key columns
//!   (`JET_errRecordPrimaryChanged`).
//! * `JET_bitTTForwardOnly` with Indexed, Updatable, Scrollable or
//!   ForceMaterialization, or with a table ESE must materialize (no key
//!   column, long values without IntrinsicLVsOnly), is
//!   `JET_errCannotMaterializeForwardOnlySort`.
//! * Columns: only the type, code page (text: 0 or 1252 is Windows-1252, 1200
//!   is Unicode, else `JET_errInvalidCodePage`), maximum length and the
//!   Fixed, Tagged and MultiValued bits count; column ids are given as ESE
//!   gives them (fixed from 1, variable from 128, tagged and long values from
//!   256, in list order). At most 16 key columns count (later ones are plain
//!   columns). Keys are cut to `cbKeyMost` (default 255).
//! * Seeks are those of a table (`ErrIsamSeek`): `JET_wrnSeekNotEqual` for GE
//!   and LE landing on another key (an in-memory ESE sort reports no warning).
//!
//! What must hold: reading a table gives its records in key order (or
//! insertion order) whether they are in memory or in the file; no bad input
//! panics; the file is gone once the table is dropped.

mod store;

pub use store::TempLocation;

use crate::catalog::TableDef;
use crate::db::{Cursor, Datum, KeyLimit, Prep, Record, SeekGrbit};
use crate::format::coltype::{ColumnType, Value, CP_UNICODE, CP_WESTERN};
use crate::record::schema::TableSpec;
use crate::record::schema::{column_grbit, index_grbit, ColumnSpec, IndexSpec, KeySegmentSpec};
use crate::record::{index_keys, Cell, RowValue};
use crate::{Error, ErrorCode, Result, Warning};
use parking_lot::Mutex;
use std::path::PathBuf;
use store::Store;

/// `JET_bitTT*` grbits of `JetOpenTempTable`.
pub mod tt_grbit {
    /// `JET_bitTTIndexed`: seeks are allowed (and moving backwards).
    pub const INDEXED: u32 = 0x0000_0001;
    /// `JET_bitTTUnique`: duplicate keys are removed (also in a forward-only sort).
    pub const UNIQUE: u32 = 0x0000_0002;
    /// `JET_bitTTUpdatable`: records can be inserted, replaced and deleted after the
    /// insert phase.
    pub const UPDATABLE: u32 = 0x0000_0004;
    /// `JET_bitTTScrollable`: moving backwards (and seeks) are allowed.
    pub const SCROLLABLE: u32 = 0x0000_0008;
    /// `JET_bitTTSortNullsHigh`: NULL key segments sort after values.
    pub const SORT_NULLS_HIGH: u32 = 0x0000_0010;
    /// `JET_bitTTForceMaterialization`: a table from the start (duplicates are errors).
    pub const FORCE_MATERIALIZATION: u32 = 0x0000_0020;
    /// `JET_bitTTErrorOnDuplicateInsertion`: the same bit as ForceMaterialization.
    pub const ERROR_ON_DUPLICATE_INSERTION: u32 = 0x0000_0020;
    /// `JET_bitTTForwardOnly`: a sort read forward only; keeps duplicate keys unless
    /// Unique.
    pub const FORWARD_ONLY: u32 = 0x0000_0040;
    /// `JET_bitTTIntrinsicLVsOnly`: long values are small (a hint; also keeps a sort with
    /// long-value columns a sort).
    pub const INTRINSIC_LVS_ONLY: u32 = 0x0000_0080;
    /// `JET_bitTTDotNetGuid`: GUID key segments sort as .NET sorts them.
    pub const DOT_NET_GUID: u32 = 0x0000_0100;
    /// Every bit above.
    pub const ALL: u32 = 0x0000_01FF;
}

/// The default [`TempOptions::memory_limit`]: 8 MiB.
pub const DEFAULT_MEMORY_LIMIT: u64 = 8 << 20;

/// `JET_cbKeyMostMin`: the key size of a temporary table that asks for none.
const KEY_MOST_MIN: u32 = 255;
/// `JET_ccolKeyMost`.
const KEY_COLUMNS_MOST: usize = 16;
/// The name of the hidden sequence column (user columns are `c1`, `c2` …).
const SEQ_COLUMN: &str = "seq";

/// One column of a temporary table (`JET_COLUMNDEF`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TempColumn {
    /// The column type.
    pub coltype: ColumnType,
    /// The code page of a text column: 0 or 1252 (Windows-1252), 1200 (Unicode).
    pub cp: u32,
    /// `cbMax`: 0 for the type's maximum.
    pub max_length: u32,
    /// `JET_bitColumn*` grbits: `TTKey`, `TTDescending`, `Fixed`, `Tagged`,
    /// `MultiValued` count, the others are ignored (as ESE ignores them).
    pub flags: u32,
}

impl TempColumn {
    /// A plain column of type `coltype`.
    pub fn new(coltype: ColumnType) -> TempColumn {
        TempColumn {
            coltype,
            cp: 0,
            max_length: 0,
            flags: 0,
        }
    }

    /// Makes it the next key column, ascending (`JET_bitColumnTTKey`).
    pub fn key(mut self) -> TempColumn {
        self.flags |= column_grbit::TT_KEY;
        self
    }

    /// Makes it the next key column, descending (`TTKey | TTDescending`).
    pub fn descending(mut self) -> TempColumn {
        self.flags |= column_grbit::TT_KEY | column_grbit::TT_DESCENDING;
        self
    }

    /// Sets the code page.
    pub fn cp(mut self, cp: u32) -> TempColumn {
        self.cp = cp;
        self
    }

    /// Sets `cbMax`.
    pub fn max_length(mut self, n: u32) -> TempColumn {
        self.max_length = n;
        self
    }

    /// Adds `JET_bitColumn*` grbits.
    pub fn flags(mut self, flags: u32) -> TempColumn {
        self.flags |= flags;
        self
    }
}

/// How a temporary table is kept (see the module header).
#[derive(Debug, Clone)]
pub struct TempOptions {
    /// The directory of the file the table spills to (default
    /// [`std::env::temp_dir`]).
    pub dir: PathBuf,
    /// The file system [`TempOptions::dir`] is on (default the real one).
    pub fs: ese_os::SharedFs,
    /// Never spill: everything stays on the in-memory file system.
    pub memory_only: bool,
    /// Bytes of database pages kept in memory before spilling to a file; 0 puts
    /// the table in a file from the start.
    pub memory_limit: u64,
    /// The page size of the temporary database.
    pub page_size: usize,
    /// Buffer cache frames of the temporary database.
    pub cache_pages: usize,
    /// `cbKeyMost` of `JET_OPENTEMPORARYTABLE`: 0 for 255, else 255 up to the
    /// page size's limit (1000 for 4 KiB pages, 2000 above).
    pub key_most: u32,
    /// `cbVarSegMac`: 0 for the key size, else at most the key size.
    pub var_seg_mac: u32,
}

impl Default for TempOptions {
    fn default() -> Self {
        TempOptions {
            dir: std::env::temp_dir(),
            fs: std::sync::Arc::new(ese_os::StdFs),
            memory_only: false,
            memory_limit: DEFAULT_MEMORY_LIMIT,
            page_size: 8192,
            cache_pages: 256,
            key_most: 0,
            var_seg_mac: 0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Records are being inserted; nothing is read yet.
    Insert,
    /// The first move or seek happened.
    Read,
}

/// A temporary table or sort (`JetOpenTempTable`). See the module header for
/// what each grbit does and where the records live.
#[derive(Debug)]
pub struct TempTable {
    store: Store,
    grbit: u32,
    def: TableDef,
    column_ids: Vec<u32>,
    key_count: usize,
    /// The hidden sequence column of a table keeping duplicate keys.
    seq: Option<u32>,
    next_seq: i64,
    /// Inserting a duplicate key in the insert phase silently drops the record.
    drop_duplicates: bool,
    phase: Phase,
    prepared: Option<Prep>,
    /// Key columns set by a prepared replace (`None`: set to NULL).
    key_changes: Vec<(u32, Option<Cell>)>,
    /// The bookmark of the record a prepared replace changes.
    replacing: Option<Vec<u8>>,
    /// The last search key, made again on the new cursor after a spill.
    made: Option<MadeKey>,
    /// The record last read and its bookmark; cleared by every change.
    current: Mutex<Option<(Vec<u8>, Record)>>,
}

/// How a temporary table's search key was made.
#[derive(Debug, Clone)]
enum MadeKey {
    /// From values and a limit (`make_key`), after a normalized key `prefix`
    /// when it is not empty (`make_key_after`).
    Values {
        prefix: Vec<u8>,
        values: Vec<Option<Value>>,
        limit: KeyLimit,
    },
    /// Given whole, normalized (`set_normalized_key`).
    Normalized(Vec<u8>),
}

impl MadeKey {
    /// Makes the key again on cursor `c`.
    fn make_on(&self, c: &mut Cursor) -> Result<()> {
        match self {
            MadeKey::Values {
                prefix,
                values,
                limit,
            } => c.make_key_after(prefix, values, *limit),
            MadeKey::Normalized(key) => c.set_normalized_key(key),
        }
    }
}

fn illegal(what: &str) -> Error {
    Error::with(ErrorCode::IllegalOperation, what.to_string())
}

impl TempTable {
    /// `JetOpenTempTable` with the default options: the table and the ids of
    /// `columns`, in order (`prgcolumnid`).
    pub fn open(columns: &[TempColumn], grbit: u32) -> Result<(TempTable, Vec<u32>)> {
        TempTable::open_with(columns, grbit, &TempOptions::default())
    }

    /// `JetOpenTemporaryTable`: the table and the ids of `columns`, in order.
    /// Errors: `JET_errInvalidGrbit` for unknown grbits,
    /// `JET_errCannotMaterializeForwardOnlySort`, `JET_errInvalidCodePage`,
    /// `JET_errInvalidParameter` for no columns or a bad key size,
    /// `JET_errTooManyColumns`, the column errors of `JetCreateTable`,
    /// `JET_errTempFileOpenError` when the file cannot be created.
    pub fn open_with(
        columns: &[TempColumn],
        grbit: u32,
        opts: &TempOptions,
    ) -> Result<(TempTable, Vec<u32>)> {
        use tt_grbit as tt;
        if grbit & !tt::ALL != 0 {
            return Err(Error::with(
                ErrorCode::InvalidGrbit,
                format!("unknown temporary table grbits {:#x}", grbit & !tt::ALL),
            ));
        }
        if columns.is_empty() {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                "a temporary table needs at least one column",
            ));
        }
        let forward = grbit & tt::FORWARD_ONLY != 0;
        if forward
            && grbit & (tt::INDEXED | tt::UPDATABLE | tt::SCROLLABLE | tt::FORCE_MATERIALIZATION)
                != 0
        {
            return Err(forward_only_error());
        }
        let has_key = columns.iter().any(|c| c.flags & column_grbit::TT_KEY != 0);
        let has_lv = columns.iter().any(|c| c.coltype.is_long());
        let lv_table = has_lv && grbit & tt::INTRINSIC_LVS_ONLY == 0;
        // ESE materializes these at open; a forward-only sort cannot be.
        if forward && (!has_key || lv_table) {
            return Err(forward_only_error());
        }
        let seq = has_key && forward && grbit & tt::UNIQUE == 0;
        let spec = table_spec(columns, grbit, opts, seq)?;
        let def = spec.table_def(opts.page_size, "temporary table")?;
        let mut column_ids = Vec::with_capacity(columns.len());
        for i in 0..columns.len() {
            let name = format!("c{}", i + 1);
            let col = def
                .columns
                .iter()
                .find(|c| c.name == name)
                .ok_or_else(|| Error::with(ErrorCode::ColumnNotFound, name))?;
            column_ids.push(col.id);
        }
        let seq_id = if seq {
            def.columns
                .iter()
                .find(|c| c.name == SEQ_COLUMN)
                .map(|c| c.id)
        } else {
            None
        };
        let key_count = def
            .primary_index()
            .map_or(0, |ix| ix.segments.len().saturating_sub(usize::from(seq)));
        let store = Store::new(def.clone(), opts.clone())?;
        let table = TempTable {
            store,
            grbit,
            def,
            column_ids: column_ids.clone(),
            key_count,
            seq: seq_id,
            next_seq: 0,
            drop_duplicates: has_key && !seq && grbit & tt::FORCE_MATERIALIZATION == 0 && !lv_table,
            phase: Phase::Insert,
            prepared: None,
            key_changes: Vec::new(),
            replacing: None,
            made: None,
            current: Mutex::new(None),
        };
        Ok((table, column_ids))
    }

    /// The column ids, in the order of the column list.
    pub fn column_ids(&self) -> &[u32] {
        &self.column_ids
    }

    /// The grbits the table was opened with.
    pub fn grbit(&self) -> u32 {
        self.grbit
    }

    /// Where the records are now.
    pub fn location(&self) -> TempLocation {
        self.store.location()
    }

    /// Whether the insert phase is over (a move or seek happened).
    pub fn is_reading(&self) -> bool {
        self.phase == Phase::Read
    }

    fn can_scroll(&self) -> bool {
        self.grbit & (tt_grbit::SCROLLABLE | tt_grbit::INDEXED) != 0
    }

    fn updatable(&self) -> bool {
        self.grbit & tt_grbit::UPDATABLE != 0
    }

    /// What every move and seek does first: end the insert phase
    /// (`ErrTTEndInsert`) and cancel a prepared update (as `ErrIsamMove` and
    /// `ErrIsamSeek` do).
    fn before_move(&mut self) -> Result<()> {
        if self.prepared.is_some() {
            self.cancel_update()?;
        }
        self.phase = Phase::Read;
        Ok(())
    }

    /// `JetMove(JET_MoveFirst)`. `JET_errNoCurrentRecord` on an empty table.
    pub fn move_first(&mut self) -> Result<()> {
        self.before_move()?;
        self.store.cursor()?.move_first()
    }

    /// `JetMove(JET_MoveLast)`.
    pub fn move_last(&mut self) -> Result<()> {
        self.before_move()?;
        self.store.cursor()?.move_last()
    }

    /// `JetMove(JET_MoveNext)`: `JET_errNoCurrentRecord` past the last record.
    pub fn move_next(&mut self) -> Result<()> {
        self.before_move()?;
        self.store.cursor()?.move_next()
    }

    /// `JetMove(JET_MovePrevious)`: `JET_errIllegalOperation` unless the table is
    /// scrollable or indexed.
    pub fn move_prev(&mut self) -> Result<()> {
        self.before_move()?;
        if !self.can_scroll() {
            return Err(illegal(
                "moving backwards needs JET_bitTTScrollable or JET_bitTTIndexed",
            ));
        }
        self.store.cursor()?.move_prev()
    }

    /// `JetMove(n)`: `n` records forward, or backward when negative (which needs
    /// a scrollable or indexed table); 0 says whether there is a current record.
    pub fn move_by(&mut self, n: i64) -> Result<()> {
        self.before_move()?;
        if n < 0 && !self.can_scroll() {
            return Err(illegal(
                "moving backwards needs JET_bitTTScrollable or JET_bitTTIndexed",
            ));
        }
        self.store.cursor()?.move_by(n)
    }

    /// `JetMakeKey`: values for the leading key columns (`None` = NULL), then
    /// the limit. `JET_errInvalidParameter` for no values or more than key
    /// columns; the value errors of the columns.
    pub fn make_key(&mut self, values: &[Option<Value>], limit: KeyLimit) -> Result<()> {
        self.make_key_after(&[], values, limit)
    }

    /// [`TempTable::make_key`] after a normalized key `prefix` (`JetMakeKey`
    /// without `JET_bitNewKey` after `JET_bitNormalizedKey`, which counts as the
    /// first key column): `values` for the key columns from the second on,
    /// appended to it, as [`Cursor::make_key_after`] makes them (its errors). An
    /// empty `prefix` is [`TempTable::make_key`].
    pub fn make_key_after(
        &mut self,
        prefix: &[u8],
        values: &[Option<Value>],
        limit: KeyLimit,
    ) -> Result<()> {
        // After a normalized key the cursor says `JET_errKeyIsMade` for a value too many.
        if prefix.is_empty() && self.key_count > 0 && values.len() > self.key_count {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                format!(
                    "the table has {} key columns, {} values given",
                    self.key_count,
                    values.len()
                ),
            ));
        }
        // Checked now, so a bad value fails here as in ESE.
        self.store.cursor()?.make_key_after(prefix, values, limit)?;
        self.made = Some(MadeKey::Values {
            prefix: prefix.to_vec(),
            values: values.to_vec(),
            limit,
        });
        Ok(())
    }

    /// `JetMakeKey(JET_bitNormalizedKey)`: `key`, a whole normalized key as
    /// [`TempTable::retrieve_key`] gives it (one byte longer than the longest key
    /// holds its limit), becomes the search key. Errors: those of
    /// [`Cursor::set_normalized_key`]; a refused key leaves the one made before.
    pub fn set_normalized_key(&mut self, key: &[u8]) -> Result<()> {
        self.store.cursor()?.set_normalized_key(key)?;
        self.made = Some(MadeKey::Normalized(key.to_vec()));
        Ok(())
    }

    /// `JetRetrieveKey`: the normalized key of the current record, or with `copy` the
    /// search key as made (`JET_errKeyNotMade` without one), which
    /// [`TempTable::set_normalized_key`] takes back. `JET_errIllegalOperation` in the
    /// insert phase, `JET_errNoCurrentRecord` off any record.
    pub fn retrieve_key(&self, copy: bool) -> Result<Vec<u8>> {
        let cur = self.cursor()?;
        if copy {
            return cur
                .search_key()
                .ok_or_else(|| Error::with(ErrorCode::KeyNotMade, "no search key was made"));
        }
        cur.bookmark()
    }

    /// `JetSeek` with the made key, with a table's rules: `JET_errRecordNotFound`
    /// when nothing qualifies, `Some(JET_wrnSeekNotEqual)` when GE or LE land on
    /// another key. `JET_errIllegalOperation` unless scrollable or indexed,
    /// `JET_errKeyNotMade` without a key.
    pub fn seek(&mut self, op: SeekGrbit) -> Result<Option<Warning>> {
        self.before_move()?;
        if !self.can_scroll() {
            return Err(illegal(
                "seeking needs JET_bitTTScrollable or JET_bitTTIndexed",
            ));
        }
        if self.made.is_none() {
            return Err(Error::with(ErrorCode::KeyNotMade, "no key was made"));
        }
        // A seekable table never has the hidden sequence column (that needs a
        // forward-only sort), so the made key compares as the table's keys do.
        self.store.cursor()?.seek(op)
    }

    /// `JetSetIndexRange` with the made key as the upper limit (`inclusive`:
    /// `JET_bitRangeInclusive`); moves past it say `JET_errNoCurrentRecord`.
    /// `JET_errIllegalOperation` in the insert phase or unless scrollable or
    /// indexed (`ErrIsamSortSetIndexRange`), `JET_errKeyNotMade`,
    /// `JET_errNoCurrentRecord` when the current record is outside the range.
    /// A move to the first or last record ends the range; so does a spill.
    pub fn set_index_range(&mut self, inclusive: bool) -> Result<()> {
        self.set_range(inclusive, true)
    }

    /// `JetSetIndexRange` without `JET_bitRangeUpperLimit`: the made key becomes
    /// the lower limit, which ends moves backward; as
    /// [`TempTable::set_index_range`] otherwise.
    pub fn set_lower_index_range(&mut self, inclusive: bool) -> Result<()> {
        self.set_range(inclusive, false)
    }

    fn set_range(&mut self, inclusive: bool, upper: bool) -> Result<()> {
        if self.phase == Phase::Insert || !self.can_scroll() {
            return Err(illegal(
                "an index range needs the read phase and JET_bitTTScrollable or JET_bitTTIndexed",
            ));
        }
        if self.made.is_none() {
            return Err(Error::with(ErrorCode::KeyNotMade, "no key was made"));
        }
        let c = self.store.cursor()?;
        if upper {
            c.set_index_range(inclusive)
        } else {
            c.set_lower_index_range(inclusive)
        }
    }

    /// `JetSetIndexRange(JET_bitRangeRemove)`: ends the index range, the current
    /// record staying current; returns whether there was one.
    pub fn remove_index_range(&mut self) -> Result<bool> {
        Ok(self.store.cursor()?.remove_index_range())
    }

    /// Checks that `column_id` is one of the table's columns.
    fn check_column(&self, column_id: u32) -> Result<()> {
        if column_id == 0 || column_id > 0xFFFF {
            return Err(Error::with(
                ErrorCode::BadColumnId,
                format!("{column_id} is not a column id"),
            ));
        }
        if !self.column_ids.contains(&column_id) {
            return Err(Error::with(
                ErrorCode::ColumnNotFound,
                format!("the temporary table has no column {column_id}"),
            ));
        }
        Ok(())
    }

    /// `JetRetrieveColumn`: value `itag_sequence` (from 1; 0 means 1) of a column
    /// of the current record. NULL gives
    /// `(None, Some(JET_wrnColumnNull))`. `JET_errIllegalOperation` in the
    /// insert phase.
    pub fn retrieve_column(
        &self,
        column_id: u32,
        itag_sequence: u32,
    ) -> Result<(Option<Value>, Option<Warning>)> {
        if self.phase == Phase::Insert {
            return Err(illegal("records cannot be read while they are inserted"));
        }
        self.check_column(column_id)?;
        let col = self.def.column_by_id(column_id).ok_or_else(|| {
            Error::with(ErrorCode::ColumnNotFound, format!("no column {column_id}"))
        })?;
        let n = itag_sequence.max(1) as usize - 1;
        let rec = self.current_record()?;
        let v = rec.value(col)?;
        let got = v.data().get(n).map(|d| match d {
            Datum::Value(v) => v.clone(),
            Datum::Undecodable { raw, .. } => Value::Binary(raw.clone()),
        });
        Ok(match got {
            Some(v) => (Some(v), None),
            None => (None, Some(Warning::ColumnNull)),
        })
    }

    /// The current record, read once per position (a lookup by bookmark costs
    /// more than the move that got there).
    fn current_record(&self) -> Result<Record> {
        let cur = self.store.cursor_ref()?;
        let bookmark = cur.bookmark()?;
        let mut cache = self.current.lock();
        if let Some((b, rec)) = cache.as_ref() {
            if *b == bookmark {
                return Ok(rec.clone());
            }
        }
        let rec = cur.record()?;
        *cache = Some((bookmark, rec.clone()));
        Ok(rec)
    }

    /// Forgets the record read last: it may have changed or moved.
    fn forget_current(&mut self) {
        *self.current.get_mut() = None;
    }

    /// `JetPrepareUpdate`. In the insert phase only inserts
    /// (`JET_errNoCurrentRecord` for the others); afterwards
    /// `JET_errIllegalOperation` unless updatable. `JET_errAlreadyPrepared`.
    ///
    /// When the in-memory database has outgrown the memory limit, the table
    /// moves to its file first and this returns `Some(JET_wrnSortOverflow)`;
    /// if that fails (`JET_errTempFileOpenError`, I/O errors) nothing changed.
    pub fn prepare_update(&mut self, prep: Prep) -> Result<Option<Warning>> {
        if self.prepared.is_some() {
            return Err(Error::with(
                ErrorCode::AlreadyPrepared,
                "an update is already prepared",
            ));
        }
        match self.phase {
            Phase::Insert if prep != Prep::Insert => {
                return Err(Error::with(
                    ErrorCode::NoCurrentRecord,
                    "no record is current while records are inserted",
                ))
            }
            Phase::Read if !self.updatable() => {
                return Err(illegal(
                    "the temporary table is not updatable (JET_bitTTUpdatable)",
                ))
            }
            _ => {}
        }
        let mut warning = None;
        if self.store.over_limit() {
            self.forget_current();
            self.store.spill()?;
            if let Some(made) = &self.made {
                made.make_on(self.store.cursor()?)?;
            }
            warning = Some(Warning::SortOverflow);
        }
        let cur = self.store.cursor()?;
        cur.prepare_update(prep)?;
        self.replacing = match prep {
            Prep::Replace => Some(cur.bookmark()?),
            _ => None,
        };
        self.prepared = Some(prep);
        self.key_changes.clear();
        Ok(warning)
    }

    /// Whether an update is prepared (a move, a seek, `update` and
    /// `cancel_update` end it).
    pub fn update_prepared(&self) -> bool {
        self.prepared.is_some()
    }

    /// `JetPrepareUpdate(JET_prepCancel)`.
    pub fn cancel_update(&mut self) -> Result<()> {
        self.store.cursor()?.cancel_update();
        self.prepared = None;
        self.key_changes.clear();
        self.replacing = None;
        Ok(())
    }

    fn check_change(&self) -> Result<()> {
        if self.phase == Phase::Read && !self.updatable() {
            return Err(illegal(
                "the temporary table is not updatable (JET_bitTTUpdatable)",
            ));
        }
        Ok(())
    }

    /// `JetSetColumn` in the prepared update (see [`Cursor::set_column`]).
    /// `JET_errUpdateNotPrepared` without one.
    pub fn set_column(
        &mut self,
        column_id: u32,
        value: Option<Cell>,
        itag_sequence: u32,
    ) -> Result<()> {
        self.check_change()?;
        self.check_column(column_id)?;
        let is_key = self
            .def
            .primary_index()
            .is_some_and(|ix| ix.segments.iter().any(|s| s.column_id == column_id));
        let replace = self.prepared == Some(Prep::Replace);
        self.store
            .cursor()?
            .set_column(column_id, value.clone(), itag_sequence)?;
        if replace && is_key && itag_sequence <= 1 {
            self.key_changes.retain(|(c, _)| *c != column_id);
            self.key_changes.push((column_id, value));
        }
        Ok(())
    }

    /// `JetUpdate`: writes the prepared insert or replace. In the insert phase
    /// a duplicate key of a sort is dropped silently (the first record stays);
    /// otherwise it is `JET_errKeyDuplicate`. A replace that changes key columns
    /// is `JET_errRecordPrimaryChanged`. On an error the update stays prepared.
    pub fn update(&mut self) -> Result<()> {
        self.check_change()?;
        let prep = self
            .prepared
            .ok_or_else(|| Error::with(ErrorCode::UpdateNotPrepared, "no update is prepared"))?;
        if prep == Prep::Replace && !self.key_changes.is_empty() {
            self.check_primary_kept()?;
        }
        if let (Some(seq), Prep::Insert | Prep::InsertCopy) = (self.seq, prep) {
            let v = Cell::Value(Value::LongLong(self.next_seq));
            self.store.cursor()?.set_column(seq, Some(v), 1)?;
        }
        self.forget_current();
        match self.store.cursor()?.update() {
            Ok(_) => {}
            Err(e)
                if e.code() == ErrorCode::KeyDuplicate
                    && self.phase == Phase::Insert
                    && self.drop_duplicates =>
            {
                self.cancel_update()?;
                return Ok(());
            }
            Err(e) => return Err(e),
        }
        if self.seq.is_some() && prep != Prep::Replace {
            self.next_seq += 1;
        }
        self.prepared = None;
        self.key_changes.clear();
        self.replacing = None;
        Ok(())
    }

    /// `JET_errRecordPrimaryChanged` when the prepared replace changes the key.
    fn check_primary_kept(&mut self) -> Result<()> {
        let Some(old_key) = self.replacing.clone() else {
            return Ok(());
        };
        let cur = self.store.cursor()?;
        let (mut row, _) = cur.table().record_at(&old_key)?.to_row()?;
        for (col, v) in &self.key_changes {
            match v {
                Some(c) => row.set(*col, RowValue::One(c.clone())),
                None => row.set_null(*col),
            };
        }
        let Some(ix) = self.def.primary_index() else {
            return Ok(());
        };
        let new_key = index_keys(&self.def, ix, &row)?.keys.into_iter().next();
        if new_key.as_deref() != Some(old_key.as_slice()) {
            return Err(Error::with(
                ErrorCode::RecordPrimaryChanged,
                "a replace cannot change the key columns of a temporary table",
            ));
        }
        Ok(())
    }

    /// `JetDelete`: deletes the current record. `JET_errIllegalOperation` in the
    /// insert phase or when not updatable; `JET_errNoCurrentRecord`.
    pub fn delete(&mut self) -> Result<()> {
        if self.phase == Phase::Insert || !self.updatable() {
            return Err(illegal(
                "records of this temporary table cannot be deleted now",
            ));
        }
        self.forget_current();
        self.store.cursor()?.delete()
    }

    /// The cursor on the table, for reading calls this type does not wrap
    /// (`JetGetBookmark`, `JetGetRecordPosition` …). `JET_errIllegalOperation`
    /// in the insert phase.
    pub fn cursor(&self) -> Result<&Cursor> {
        if self.phase == Phase::Insert {
            return Err(illegal("records cannot be read while they are inserted"));
        }
        self.store.cursor_ref()
    }
}

fn forward_only_error() -> Error {
    Error::with(
        ErrorCode::CannotMaterializeForwardOnlySort,
        "a forward-only sort cannot be indexed, updatable, scrollable, materialized, without a key or with long values",
    )
}

/// The table `columns` describe: columns `c1`, `c2` … (plus the hidden sequence
/// column), the primary index over the key columns.
fn table_spec(
    columns: &[TempColumn],
    grbit: u32,
    opts: &TempOptions,
    seq: bool,
) -> Result<TableSpec> {
    let page_most = if opts.page_size == 4096 { 1000 } else { 2000 };
    if opts.key_most != 0 && (opts.key_most < KEY_MOST_MIN || opts.key_most > page_most) {
        return Err(Error::with(
            ErrorCode::InvalidParameter,
            format!("cbKeyMost {}: 255 to {page_most}", opts.key_most),
        ));
    }
    let key_most = if opts.key_most == 0 {
        KEY_MOST_MIN
    } else {
        opts.key_most
    };
    if opts.var_seg_mac > key_most {
        return Err(Error::with(
            ErrorCode::InvalidParameter,
            format!(
                "cbVarSegMac {} is larger than the key size {key_most}",
                opts.var_seg_mac
            ),
        ));
    }
    let keep = column_grbit::FIXED | column_grbit::TAGGED | column_grbit::MULTI_VALUED;
    let mut specs = Vec::with_capacity(columns.len() + 1);
    let mut key = Vec::new();
    for (i, c) in columns.iter().enumerate() {
        let name = format!("c{}", i + 1);
        let cp = if c.coltype.is_text() {
            match c.cp {
                0 | CP_WESTERN => CP_WESTERN,
                CP_UNICODE => CP_UNICODE,
                cp => {
                    return Err(Error::with(
                        ErrorCode::InvalidCodePage,
                        format!("column {}: code page {cp}", i + 1),
                    ))
                }
            }
        } else {
            0
        };
        if c.flags & column_grbit::TT_KEY != 0 && key.len() < KEY_COLUMNS_MOST {
            key.push(KeySegmentSpec {
                column: name.clone(),
                descending: c.flags & column_grbit::TT_DESCENDING != 0,
            });
        }
        specs.push(ColumnSpec {
            name,
            coltype: c.coltype,
            cp,
            max_length: c.max_length,
            flags: c.flags & keep,
            default: None,
        });
    }
    let mut indexes = Vec::new();
    if !key.is_empty() {
        let mut flags = index_grbit::PRIMARY | index_grbit::KEY_MOST;
        if grbit & tt_grbit::SORT_NULLS_HIGH != 0 {
            flags |= index_grbit::SORT_NULLS_HIGH;
        }
        if grbit & tt_grbit::DOT_NET_GUID != 0 {
            flags |= index_grbit::DOT_NET_GUID;
        }
        let mut key_most = key_most;
        if seq {
            if key.len() == KEY_COLUMNS_MOST {
                return Err(Error::with(
                    ErrorCode::TooManyKeys,
                    "a forward-only sort keeping duplicates takes at most 15 key columns",
                ));
            }
            specs.push(ColumnSpec {
                name: SEQ_COLUMN.into(),
                coltype: ColumnType::LongLong,
                cp: 0,
                max_length: 0,
                flags: 0,
                default: None,
            });
            key.push(KeySegmentSpec {
                column: SEQ_COLUMN.into(),
                descending: false,
            });
            // Room for the sequence after any key: only keys sharing their
            // first page_most - 9 bytes could lose it.
            key_most = page_most;
        }
        indexes.push(IndexSpec {
            name: "TempKey".into(),
            key,
            flags,
            key_most: Some(key_most),
            var_seg_mac: (opts.var_seg_mac != 0).then_some(opts.var_seg_mac),
            conditions: Vec::new(),
            tuple_limits: None,
            density: 0,
        });
    }
    Ok(TableSpec {
        name: store::TABLE.into(),
        columns: specs,
        indexes,
        ..TableSpec::default()
    })
}
