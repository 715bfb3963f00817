//! One record of the catalog (`MSysObjects`, and the same bytes in `MSysObjectsShadow`): every
//! catalog column as a field of [`CatalogRow`], the record bytes ESE writes for it, and its keys
//! in the catalog's three indexes.
//!
//! The catalog's columns (`rgcdescMSO` in `_cat.cxx`, ids in `cat.hxx`):
//!
//! | id | column | type | record offset / kind |
//! | --- | --- | --- | --- |
//! | 1 | ObjidTable | Long | 4 |
//! | 2 | Type | Short | 8 |
//! | 3 | Id | Long | 10 |
//! | 4 | ColtypOrPgnoFDP | Long | 14 |
//! | 5 | SpaceUsage | Long | 18 |
//! | 6 | Flags | Long | 22 |
//! | 7 | PagesOrLocale | Long | 26 |
//! | 8 | RootFlag | Bit | 30 |
//! | 9 | RecordOffset | Short | 31 |
//! | 10 | LCMapFlags | Long | 33 |
//! | 11 | KeyMost | UnsignedShort | 37 |
//! | 12 | LVChunkMax | Long | 39 |
//! | 13 | PgnoFDPLastSetTime | DateTime | 43 (current source only; not in 0x620,20 catalogs) |
//! | 128..=137 | Name, Stats, TemplateTable, DefaultValue, KeyFldIDs, VarSegMac, ConditionalColumns, TupleLimits, Version, SortID | Text / Binary | variable |
//! | 256..=261 | CallbackData, CallbackDependencies, SeparateLV, SpaceHints, SpaceDeferredLVHints, LocaleName | LongBinary | tagged |
//!
//! How ESE fills a record (`ErrCATIInsert`): it sets the highest fixed column the row needs
//! first, so the record holds fixed columns up to that one; fixed columns below it that are not
//! set are NULL (bit set, space filled with `*`). Variable columns are set only when their value
//! is not empty; tagged columns are long values stored in the record (intrinsic), each with a
//! header byte carrying the long-value flag. [`CatalogRow::encode`] reproduces exactly that: a
//! fixed column is in the record when it or a higher one is `Some`, a variable or tagged column
//! when it is `Some` (a `Some(empty)` is written as a zero-length value, which ESE itself never
//! writes into the catalog).
//!
//! Keys: the primary index `Id` is (ObjidTable, Type, Id); `Name` is (ObjidTable, Type, Name),
//! `RootObjects` is (RootFlag, Name) and skips rows whose RootFlag is NULL
//! (`JET_bitIndexIgnoreFirstNull`); all three have 255-byte keys. A secondary index entry's data
//! is the row's primary key.
//!
//! What must hold: [`CatalogRow::decode`] followed by [`CatalogRow::encode`] gives back the
//! record bytes ESE stored (the tests check every catalog row of the sample databases); neither
//! panics on any input.

use crate::format::coltype::{char_to_cp1252, cp1252_to_char, ColumnType, CP_WESTERN};
use crate::format::key::{make_key, SegmentSpec, KEY_MOST_LEGACY};
use crate::format::record::{FieldValue, RawRecord, RecordBuilder, TaggedFlags, TaggedInput};
use crate::{Error, ErrorCode, Result};

/// Column ids of the catalog (`fidMSO_*`).
pub mod column {
    /// ObjidTable (Long).
    pub const OBJID_TABLE: u32 = 1;
    /// Type (Short).
    pub const TYPE: u32 = 2;
    /// Id (Long).
    pub const ID: u32 = 3;
    /// ColtypOrPgnoFDP (Long).
    pub const COLTYP_OR_PGNO_FDP: u32 = 4;
    /// SpaceUsage (Long).
    pub const SPACE_USAGE: u32 = 5;
    /// Flags (Long).
    pub const FLAGS: u32 = 6;
    /// PagesOrLocale (Long).
    pub const PAGES_OR_LOCALE: u32 = 7;
    /// RootFlag (Bit).
    pub const ROOT_FLAG: u32 = 8;
    /// RecordOffset (Short).
    pub const RECORD_OFFSET: u32 = 9;
    /// LCMapFlags (Long).
    pub const LC_MAP_FLAGS: u32 = 10;
    /// KeyMost (UnsignedShort).
    pub const KEY_MOST: u32 = 11;
    /// LVChunkMax (Long).
    pub const LV_CHUNK_MAX: u32 = 12;
    /// PgnoFDPLastSetTime (DateTime), current source only.
    pub const PGNO_FDP_LAST_SET_TIME: u32 = 13;
    /// Name (Text).
    pub const NAME: u32 = 128;
    /// Stats (Binary).
    pub const STATS: u32 = 129;
    /// TemplateTable, also the callback name of columns and callbacks (Text).
    pub const TEMPLATE_TABLE: u32 = 130;
    /// DefaultValue (Binary).
    pub const DEFAULT_VALUE: u32 = 131;
    /// KeyFldIDs (Binary).
    pub const KEY_FLD_IDS: u32 = 132;
    /// VarSegMac (Binary).
    pub const VAR_SEG_MAC: u32 = 133;
    /// ConditionalColumns (Binary).
    pub const CONDITIONAL_COLUMNS: u32 = 134;
    /// TupleLimits (Binary).
    pub const TUPLE_LIMITS: u32 = 135;
    /// Version (Binary).
    pub const VERSION: u32 = 136;
    /// SortID (Binary).
    pub const SORT_ID: u32 = 137;
    /// CallbackData (LongBinary).
    pub const CALLBACK_DATA: u32 = 256;
    /// CallbackDependencies (LongBinary).
    pub const CALLBACK_DEPENDENCIES: u32 = 257;
    /// SeparateLV (LongBinary).
    pub const SEPARATE_LV: u32 = 258;
    /// SpaceHints (LongBinary).
    pub const SPACE_HINTS: u32 = 259;
    /// SpaceDeferredLVHints (LongBinary).
    pub const SPACE_DEFERRED_LV_HINTS: u32 = 260;
    /// LocaleName (LongBinary).
    pub const LOCALE_NAME: u32 = 261;
}

/// The catalog's fixed columns: (column id, record offset, size).
pub const FIXED_LAYOUT: [(u32, usize, usize); 13] = [
    (column::OBJID_TABLE, 4, 4),
    (column::TYPE, 8, 2),
    (column::ID, 10, 4),
    (column::COLTYP_OR_PGNO_FDP, 14, 4),
    (column::SPACE_USAGE, 18, 4),
    (column::FLAGS, 22, 4),
    (column::PAGES_OR_LOCALE, 26, 4),
    (column::ROOT_FLAG, 30, 1),
    (column::RECORD_OFFSET, 31, 2),
    (column::LC_MAP_FLAGS, 33, 4),
    (column::KEY_MOST, 37, 2),
    (column::LV_CHUNK_MAX, 39, 4),
    (column::PGNO_FDP_LAST_SET_TIME, 43, 8),
];

/// One catalog record with every catalog column. Fixed columns 1–7 are `NOT NULL` in the
/// catalog and always present; the others are `None` when NULL (or absent from the record).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CatalogRow {
    /// 1 ObjidTable: the object id of the table the row belongs to.
    pub objid_table: u32,
    /// 2 Type: the row type ([`super::sysobj`]).
    pub row_type: i16,
    /// 3 Id: the object id of a table, index or long-value tree; the column id of a column.
    pub id: u32,
    /// 4 ColtypOrPgnoFDP: the column type of a column; the root page of anything else.
    pub coltyp_or_pgno_fdp: u32,
    /// 5 SpaceUsage: the maximum length of a column; the density of anything else.
    pub space_usage: u32,
    /// 6 Flags: column flags, index flags (`IDBFLAG | IDXFLAG << 16`) or table flags.
    pub flags: u32,
    /// 7 PagesOrLocale: the code page of a column, the LCID of an index (0 since locale
    /// names), the initial pages of a table or long-value tree.
    pub pages_or_locale: u32,
    /// 8 RootFlag: `Some(true)` on table rows, NULL elsewhere.
    pub root_flag: Option<bool>,
    /// 9 RecordOffset: the record offset of a fixed column.
    pub record_offset: Option<u16>,
    /// 10 LCMapFlags: `LCMapString` flags of an index.
    pub lc_map_flags: Option<u32>,
    /// 11 KeyMost: an index's key size when not 255.
    pub key_most: Option<u16>,
    /// 12 LVChunkMax: a table's long-value chunk size when set.
    pub lv_chunk_max: Option<u32>,
    /// 13 PgnoFDPLastSetTime: a file time; written by engines newer than 0x620,20 only.
    pub pgno_fdp_last_set_time: Option<u64>,
    /// 128 Name (code page 1252, at most 64 characters by ESE's rules).
    pub name: String,
    /// 129 Stats.
    pub stats: Option<Vec<u8>>,
    /// 130 TemplateTable: the template of a derived table; the callback of a column or
    /// callback row.
    pub template_table: Option<String>,
    /// 131 DefaultValue of a column.
    pub default_value: Option<Vec<u8>>,
    /// 132 KeyFldIDs: an index's key segments (`IDXSEG`: flags u8, reserved u8, column id u16).
    pub key_fld_ids: Option<Vec<u8>>,
    /// 133 VarSegMac: an index's segment limit (u16) when it differs from its key size.
    pub var_seg_mac: Option<Vec<u8>>,
    /// 134 ConditionalColumns: an index's conditional columns (`IDXSEG`s).
    pub conditional_columns: Option<Vec<u8>>,
    /// 135 TupleLimits of a tuple index.
    pub tuple_limits: Option<Vec<u8>>,
    /// 136 Version: the NLS sort version (u64) of an index over Unicode text.
    pub version: Option<u64>,
    /// 137 SortID: the NLS sort id (a GUID) of an index over Unicode text.
    pub sort_id: Option<[u8; 16]>,
    /// 256 CallbackData.
    pub callback_data: Option<Vec<u8>>,
    /// 257 CallbackDependencies.
    pub callback_dependencies: Option<Vec<u8>>,
    /// 258 SeparateLV: a table's long-value separation threshold (u32).
    pub separate_lv: Option<Vec<u8>>,
    /// 259 SpaceHints: extended space hints (version byte + u32s).
    pub space_hints: Option<Vec<u8>>,
    /// 260 SpaceDeferredLVHints: extended space hints of a table's long-value tree.
    pub space_deferred_lv_hints: Option<Vec<u8>>,
    /// 261 LocaleName: an index's locale name (stored as UTF-16LE without a terminator).
    pub locale_name: Option<String>,
}

fn cat_err(detail: impl Into<String>) -> Error {
    Error::with(ErrorCode::CatalogCorrupted, detail)
}

/// Encodes catalog text (code page 1252); characters outside it are `JET_errInvalidParameter`.
pub fn encode_name(name: &str) -> Result<Vec<u8>> {
    name.chars()
        .map(|c| {
            char_to_cp1252(c).ok_or_else(|| {
                Error::with(
                    ErrorCode::InvalidParameter,
                    format!("{name:?}: {c:?} is not in code page 1252"),
                )
            })
        })
        .collect()
}

fn decode_name(raw: &[u8]) -> String {
    raw.iter().map(|&b| cp1252_to_char(b)).collect()
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn le_u32(b: &[u8], what: u32) -> Result<u32> {
    <[u8; 4]>::try_from(b)
        .map(u32::from_le_bytes)
        .map_err(|_| cat_err(format!("catalog column {what} has {} bytes", b.len())))
}

impl CatalogRow {
    /// The fixed column values present in the record: id → (offset, bytes).
    fn fixed_values(&self) -> Vec<(u32, usize, Vec<u8>)> {
        let optional: [(u32, Option<Vec<u8>>); 6] = [
            (
                column::ROOT_FLAG,
                self.root_flag.map(|b| vec![if b { 0xFF } else { 0 }]),
            ),
            (
                column::RECORD_OFFSET,
                self.record_offset.map(|v| v.to_le_bytes().to_vec()),
            ),
            (
                column::LC_MAP_FLAGS,
                self.lc_map_flags.map(|v| v.to_le_bytes().to_vec()),
            ),
            (
                column::KEY_MOST,
                self.key_most.map(|v| v.to_le_bytes().to_vec()),
            ),
            (
                column::LV_CHUNK_MAX,
                self.lv_chunk_max.map(|v| v.to_le_bytes().to_vec()),
            ),
            (
                column::PGNO_FDP_LAST_SET_TIME,
                self.pgno_fdp_last_set_time
                    .map(|v| v.to_le_bytes().to_vec()),
            ),
        ];
        let mut out = vec![
            (
                column::OBJID_TABLE,
                4,
                self.objid_table.to_le_bytes().to_vec(),
            ),
            (column::TYPE, 8, self.row_type.to_le_bytes().to_vec()),
            (column::ID, 10, self.id.to_le_bytes().to_vec()),
            (
                column::COLTYP_OR_PGNO_FDP,
                14,
                self.coltyp_or_pgno_fdp.to_le_bytes().to_vec(),
            ),
            (
                column::SPACE_USAGE,
                18,
                self.space_usage.to_le_bytes().to_vec(),
            ),
            (column::FLAGS, 22, self.flags.to_le_bytes().to_vec()),
            (
                column::PAGES_OR_LOCALE,
                26,
                self.pages_or_locale.to_le_bytes().to_vec(),
            ),
        ];
        for (id, v) in optional {
            if let Some(v) = v {
                // FIXED_LAYOUT lists every fixed id 1..=13 at index id - 1.
                let off = FIXED_LAYOUT[(id - 1) as usize].1;
                out.push((id, off, v));
            }
        }
        out
    }

    /// The record bytes ESE writes for this row on pages of the given kind (`large_page`: pages
    /// over 8 KiB).
    ///
    /// Errors: `JET_errInvalidParameter` for a name outside code page 1252, and the errors of
    /// [`RecordBuilder::build`].
    pub fn encode(&self, large_page: bool) -> Result<Vec<u8>> {
        let fixed = self.fixed_values();
        let last_fixed = fixed
            .iter()
            .map(|f| f.0)
            .max()
            .unwrap_or(column::OBJID_TABLE);
        let name = encode_name(&self.name)?;
        let template = self
            .template_table
            .as_deref()
            .map(encode_name)
            .transpose()?;
        let version = self.version.map(u64::to_le_bytes);
        let locale = self.locale_name.as_deref().map(utf16);
        let mut b = RecordBuilder::new(large_page);
        for &(id, off, size) in FIXED_LAYOUT.iter().take(last_fixed as usize) {
            let value = fixed.iter().find(|f| f.0 == id).map(|f| f.2.as_slice());
            b.fixed(id, off, size, value);
        }
        let variable: [(u32, Option<&[u8]>); 10] = [
            (column::NAME, Some(&name)),
            (column::STATS, self.stats.as_deref()),
            (column::TEMPLATE_TABLE, template.as_deref()),
            (column::DEFAULT_VALUE, self.default_value.as_deref()),
            (column::KEY_FLD_IDS, self.key_fld_ids.as_deref()),
            (column::VAR_SEG_MAC, self.var_seg_mac.as_deref()),
            (
                column::CONDITIONAL_COLUMNS,
                self.conditional_columns.as_deref(),
            ),
            (column::TUPLE_LIMITS, self.tuple_limits.as_deref()),
            (column::VERSION, version.as_ref().map(|v| &v[..])),
            (column::SORT_ID, self.sort_id.as_ref().map(|v| &v[..])),
        ];
        let last_var = variable
            .iter()
            .filter(|v| v.1.is_some())
            .map(|v| v.0)
            .max()
            .unwrap_or(column::NAME);
        for &(id, v) in variable.iter().filter(|v| v.0 <= last_var) {
            b.variable(id, v);
        }
        let tagged: [(u32, Option<&[u8]>); 6] = [
            (column::CALLBACK_DATA, self.callback_data.as_deref()),
            (
                column::CALLBACK_DEPENDENCIES,
                self.callback_dependencies.as_deref(),
            ),
            (column::SEPARATE_LV, self.separate_lv.as_deref()),
            (column::SPACE_HINTS, self.space_hints.as_deref()),
            (
                column::SPACE_DEFERRED_LV_HINTS,
                self.space_deferred_lv_hints.as_deref(),
            ),
            (column::LOCALE_NAME, locale.as_deref()),
        ];
        for (id, v) in tagged {
            if let Some(data) = v {
                b.tagged(TaggedInput {
                    column_id: id,
                    derived: false,
                    long_value: true,
                    values: vec![FieldValue {
                        separated: false,
                        compressed: false,
                        encrypted: false,
                        data,
                    }],
                });
            }
        }
        b.build()
    }

    /// Decodes a catalog record. Errors: `JET_errCatalogCorrupted` for a record that is not a
    /// catalog row (a NULL `NOT NULL` column, a value of the wrong size, a separated or
    /// multi-valued long value, a locale name that is not UTF-16).
    pub fn decode(record: &[u8], large_page: bool) -> Result<CatalogRow> {
        let rec = RawRecord::decode(record, large_page)?;
        let fixed = |id: u32| -> Result<Option<&[u8]>> {
            let (_, off, size) = FIXED_LAYOUT[(id - 1) as usize];
            rec.fixed(id, off, size)
        };
        let required = |id: u32| -> Result<u32> {
            le_u32(
                fixed(id)?.ok_or_else(|| cat_err(format!("catalog column {id} is NULL")))?,
                id,
            )
        };
        let var =
            |id: u32| -> Result<Option<Vec<u8>>> { Ok(rec.variable(id)?.map(<[u8]>::to_vec)) };
        let tagged = |id: u32| -> Result<Option<Vec<u8>>> {
            let Some(f) = rec.tagged_field(id)? else {
                return Ok(None);
            };
            if f.is_null() {
                return Ok(None);
            }
            let bad = TaggedFlags::SEPARATED | TaggedFlags::MULTI_VALUED | TaggedFlags::COMPRESSED;
            if f.flags.bits() & bad != 0 {
                return Err(cat_err(format!(
                    "catalog column {id} is not an intrinsic single value (flags 0x{:X})",
                    f.flags.bits()
                )));
            }
            Ok(Some(f.data.to_vec()))
        };
        let row_type = fixed(column::TYPE)?
            .and_then(|b| <[u8; 2]>::try_from(b).ok())
            .map(i16::from_le_bytes)
            .ok_or_else(|| cat_err("catalog row without a type"))?;
        let name = rec
            .variable(column::NAME)?
            .map(decode_name)
            .ok_or_else(|| cat_err("catalog row without a name"))?;
        let locale_name = match tagged(column::LOCALE_NAME)? {
            None => None,
            Some(raw) => {
                if raw.len() % 2 != 0 {
                    return Err(cat_err("LocaleName of odd length"));
                }
                let units: Vec<u16> = raw
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .collect();
                Some(String::from_utf16(&units).map_err(|_| cat_err("LocaleName is not UTF-16"))?)
            }
        };
        let version = match var(column::VERSION)? {
            None => None,
            Some(v) => Some(u64::from_le_bytes(
                <[u8; 8]>::try_from(v.as_slice()).map_err(|_| cat_err("Version is not 8 bytes"))?,
            )),
        };
        let sort_id = match var(column::SORT_ID)? {
            None => None,
            Some(v) => Some(
                <[u8; 16]>::try_from(v.as_slice())
                    .map_err(|_| cat_err("SortID is not 16 bytes"))?,
            ),
        };
        Ok(CatalogRow {
            objid_table: required(column::OBJID_TABLE)?,
            row_type,
            id: required(column::ID)?,
            coltyp_or_pgno_fdp: required(column::COLTYP_OR_PGNO_FDP)?,
            space_usage: required(column::SPACE_USAGE)?,
            flags: required(column::FLAGS)?,
            pages_or_locale: required(column::PAGES_OR_LOCALE)?,
            root_flag: fixed(column::ROOT_FLAG)?.map(|b| b.first().is_some_and(|&v| v != 0)),
            record_offset: fixed(column::RECORD_OFFSET)?
                .and_then(|b| <[u8; 2]>::try_from(b).ok())
                .map(u16::from_le_bytes),
            lc_map_flags: fixed(column::LC_MAP_FLAGS)?
                .map(|b| le_u32(b, column::LC_MAP_FLAGS))
                .transpose()?,
            key_most: fixed(column::KEY_MOST)?
                .and_then(|b| <[u8; 2]>::try_from(b).ok())
                .map(u16::from_le_bytes),
            lv_chunk_max: fixed(column::LV_CHUNK_MAX)?
                .map(|b| le_u32(b, column::LV_CHUNK_MAX))
                .transpose()?,
            pgno_fdp_last_set_time: fixed(column::PGNO_FDP_LAST_SET_TIME)?
                .and_then(|b| <[u8; 8]>::try_from(b).ok())
                .map(u64::from_le_bytes),
            name,
            stats: var(column::STATS)?,
            template_table: rec.variable(column::TEMPLATE_TABLE)?.map(decode_name),
            default_value: var(column::DEFAULT_VALUE)?,
            key_fld_ids: var(column::KEY_FLD_IDS)?,
            var_seg_mac: var(column::VAR_SEG_MAC)?,
            conditional_columns: var(column::CONDITIONAL_COLUMNS)?,
            tuple_limits: var(column::TUPLE_LIMITS)?,
            version,
            sort_id,
            callback_data: tagged(column::CALLBACK_DATA)?,
            callback_dependencies: tagged(column::CALLBACK_DEPENDENCIES)?,
            separate_lv: tagged(column::SEPARATE_LV)?,
            space_hints: tagged(column::SPACE_HINTS)?,
            space_deferred_lv_hints: tagged(column::SPACE_DEFERRED_LV_HINTS)?,
            locale_name,
        })
    }

    /// The row's key in the catalog's primary index `Id`: (ObjidTable, Type, Id), normalized as
    /// ESE normalizes fixed Long and Short columns. Also the bookmark a secondary index entry
    /// stores as its data.
    pub fn primary_key(&self) -> Result<Vec<u8>> {
        let long = SegmentSpec::new(ColumnType::Long, 0).fixed();
        let short = SegmentSpec::new(ColumnType::Short, 0).fixed();
        let (o, t, i) = (
            self.objid_table.to_le_bytes(),
            self.row_type.to_le_bytes(),
            self.id.to_le_bytes(),
        );
        Ok(make_key(
            &[
                (long, Some(&o[..])),
                (short, Some(&t[..])),
                (long, Some(&i[..])),
            ],
            KEY_MOST_LEGACY,
        )?
        .bytes)
    }

    /// The row's key in the catalog's `Name` index: (ObjidTable, Type, Name), the name as text
    /// in code page 1252 (upper-cased, NUL-terminated).
    pub fn name_key(&self) -> Result<Vec<u8>> {
        let long = SegmentSpec::new(ColumnType::Long, 0).fixed();
        let short = SegmentSpec::new(ColumnType::Short, 0).fixed();
        let text = SegmentSpec::new(ColumnType::Text, CP_WESTERN);
        let (o, t) = (self.objid_table.to_le_bytes(), self.row_type.to_le_bytes());
        let name = encode_name(&self.name)?;
        Ok(make_key(
            &[
                (long, Some(&o[..])),
                (short, Some(&t[..])),
                (text, Some(&name[..])),
            ],
            KEY_MOST_LEGACY,
        )?
        .bytes)
    }

    /// The row's key in the catalog's `RootObjects` index: (RootFlag, Name), or `None` when
    /// RootFlag is NULL (the index ignores rows whose first segment is NULL; only table rows
    /// have an entry).
    pub fn root_objects_key(&self) -> Result<Option<Vec<u8>>> {
        let Some(flag) = self.root_flag else {
            return Ok(None);
        };
        let bit = SegmentSpec::new(ColumnType::Bit, 0).fixed();
        let text = SegmentSpec::new(ColumnType::Text, CP_WESTERN);
        let f = [if flag { 0xFF } else { 0 }];
        let name = encode_name(&self.name)?;
        Ok(Some(
            make_key(
                &[(bit, Some(&f[..])), (text, Some(&name[..]))],
                KEY_MOST_LEGACY,
            )?
            .bytes,
        ))
    }
}

/// The `KeyFldIDs` bytes of an index over `segments` (column id, descending), as
/// `ErrCATAddTableIndex` writes them: one 4-byte `IDXSEG` each (flags with 0x40 for
/// descending, a reserved zero byte, the column id as u16).
pub fn encode_key_segments(segments: &[(u32, bool)]) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(4 * segments.len());
    for &(id, descending) in segments {
        let fid = u16::try_from(id)
            .map_err(|_| Error::with(ErrorCode::BadColumnId, format!("key column {id}")))?;
        out.push(if descending { 0x40 } else { 0 });
        out.push(0);
        out.extend_from_slice(&fid.to_le_bytes());
    }
    Ok(out)
}
