//! Reads the catalog (`MSysObjects`, the tree at page 4) into table, column,
//! index and long-value definitions.
//!
//! The catalog describes itself, but its own fixed columns must be known before
//! any row can be read; their ids and offsets are fixed by ESE (`cat.hxx`) and
//! spelled out in [`MSO_FIXED`]. What must hold: a row that cannot be decoded is
//! `JET_errCatalogCorrupted`, never skipped silently; rows are grouped by
//! `ObjidTable` and come in (table, columns, indexes, long values) order.

use super::pager::Pager;
use super::tree::TreeCursor;
use crate::format::coltype::ColumnType;
use crate::format::record::RawRecord;
use crate::{Error, ErrorCode, Result};

/// The page of the catalog's root (`MSysObjects`).
pub(crate) const CATALOG_ROOT: u32 = 4;

/// The object ids of `MSysObjects` and `MSysObjectsShadow`.
const CATALOG_OBJID: u32 = 2;
const CATALOG_SHADOW_OBJID: u32 = 3;

/// Row types of the catalog (`SYSOBJ`).
mod sysobj {
    pub const TABLE: i16 = 1;
    pub const COLUMN: i16 = 2;
    pub const INDEX: i16 = 3;
    pub const LONG_VALUE: i16 = 4;
}

/// The catalog's fixed columns: (column id, record offset, size).
const MSO_FIXED: [(u32, u16, usize); 13] = [
    (1, 4, 4),   // ObjidTable
    (2, 8, 2),   // Type
    (3, 10, 4),  // Id
    (4, 14, 4),  // ColtypOrPgnoFDP
    (5, 18, 4),  // SpaceUsage
    (6, 22, 4),  // Flags
    (7, 26, 4),  // PagesOrLocale
    (8, 30, 1),  // RootFlag
    (9, 31, 2),  // RecordOffset
    (10, 33, 4), // LCMapFlags
    (11, 37, 2), // KeyMost
    (12, 39, 4), // LVChunkMax
    (13, 43, 8), // PgnoFDPLastSetTime
];
const MSO_NAME: u32 = 128;
const MSO_TEMPLATE_TABLE: u32 = 130;
const MSO_DEFAULT_VALUE: u32 = 131;
const MSO_KEY_FLD_IDS: u32 = 132;
const MSO_VAR_SEG_MAC: u32 = 133;
const MSO_LOCALE_NAME: u32 = 261;

/// Column flags as the catalog stores them (`FIELDFLAG`).
pub mod column_flags {
    /// NULL values are not allowed.
    pub const NOT_NULL: u32 = 0x0001;
    /// A version column.
    pub const VERSION: u32 = 0x0002;
    /// An auto-increment column.
    pub const AUTOINCREMENT: u32 = 0x0004;
    /// A multi-valued column.
    pub const MULTI_VALUED: u32 = 0x0008;
    /// The column has a default value.
    pub const DEFAULT: u32 = 0x0010;
    /// An escrow-update column.
    pub const ESCROW_UPDATE: u32 = 0x0020;
    /// A finalizable column.
    pub const FINALIZE: u32 = 0x0040;
    /// The default value comes from a callback.
    pub const USER_DEFINED_DEFAULT: u32 = 0x0080;
    /// A template column created by ESE98.
    pub const TEMPLATE_COLUMN_ESE98: u32 = 0x0100;
    /// Delete the record when the escrow value reaches zero.
    pub const DELETE_ON_ZERO: u32 = 0x0200;
    /// Values are stored compressed.
    pub const COMPRESSED: u32 = 0x1000;
    /// Values are stored encrypted.
    pub const ENCRYPTED: u32 = 0x2000;
}

/// Index flags as the catalog stores them (`IDBFLAG` in the low 16 bits, `IDXFLAG`
/// in the high 16 bits).
pub mod index_flags {
    /// Duplicate keys are not allowed.
    pub const UNIQUE: u32 = 0x0001;
    /// Entries are made for keys whose segments are all NULL.
    pub const ALLOW_ALL_NULLS: u32 = 0x0002;
    /// The first segment may be NULL.
    pub const ALLOW_FIRST_NULL: u32 = 0x0004;
    /// Entries are made for keys with some NULL segments.
    pub const ALLOW_SOME_NULLS: u32 = 0x0008;
    /// No segment may be NULL.
    pub const NO_NULL_SEG: u32 = 0x0010;
    /// The primary (clustered) index.
    pub const PRIMARY: u32 = 0x0020;
    /// A locale name is set.
    pub const LOCALE_SET: u32 = 0x0040;
    /// The index has a multi-valued segment.
    pub const MULTI_VALUED: u32 = 0x0080;
    /// The index has a Unicode text segment.
    pub const LOCALIZED_TEXT: u32 = 0x0400;
    /// NULL sorts after data.
    pub const SORT_NULLS_HIGH: u32 = 0x0800;
    /// Key segments are full column ids (`IDXSEG`), not 16-bit field ids.
    pub const EXTENDED_COLUMNS: u32 = 0x0001 << 16;
    /// GUIDs sort in .NET order.
    pub const DOT_NET_GUID: u32 = 0x0002 << 16;
}

/// A column definition read from the catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnDef {
    /// The column id (1–127 fixed, 128–255 variable, 256+ tagged).
    pub id: u32,
    /// The column name.
    pub name: String,
    /// The column type.
    pub coltype: ColumnType,
    /// The raw `JET_coltyp` number as stored.
    pub coltype_raw: u32,
    /// Catalog flags (see [`column_flags`]).
    pub flags: u32,
    /// Code page of text columns (1200 Unicode, 1252 ASCII), 0 otherwise.
    pub code_page: u32,
    /// Maximum length in bytes (0 = the type's default).
    pub max_length: u32,
    /// Offset of a fixed column's value in the record.
    pub record_offset: u16,
    /// The default value, if any.
    pub default_value: Option<Vec<u8>>,
}

impl ColumnDef {
    /// Whether the column is fixed (ids 1–127).
    pub fn is_fixed(&self) -> bool {
        self.id <= 127
    }
    /// Whether the column is variable (ids 128–255).
    pub fn is_variable(&self) -> bool {
        (128..=255).contains(&self.id)
    }
    /// Whether the column is tagged (ids 256 and up).
    pub fn is_tagged(&self) -> bool {
        self.id >= 256
    }
    /// Whether the column is multi-valued.
    pub fn is_multi_valued(&self) -> bool {
        self.flags & column_flags::MULTI_VALUED != 0
    }
}

/// One key segment of an index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySegment {
    /// The column the segment indexes.
    pub column_id: u32,
    /// Whether the segment sorts descending.
    pub descending: bool,
}

/// An index definition read from the catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexDef {
    /// The index name.
    pub name: String,
    /// The index's object id.
    pub objid: u32,
    /// The root page of the index's tree (the table's own tree for the primary index).
    pub root: u32,
    /// Catalog flags (see [`index_flags`]).
    pub flags: u32,
    /// Key segments in order.
    pub segments: Vec<KeySegment>,
    /// LCMapString flags of Unicode segments.
    pub lcmap_flags: u32,
    /// The locale id (LCID) as stored.
    pub lcid: u32,
    /// The locale name, when stored (e.g. `en-US`).
    pub locale_name: Option<String>,
    /// The longest key, in bytes (0 = the legacy 255).
    pub key_most: u32,
    /// Longest normalized key per variable segment (`VarSegMac`), 0 = no limit.
    pub var_seg_mac: u32,
}

impl IndexDef {
    /// Whether this is the primary index.
    pub fn is_primary(&self) -> bool {
        self.flags & index_flags::PRIMARY != 0
    }
    /// Whether duplicate keys are refused.
    pub fn is_unique(&self) -> bool {
        self.flags & index_flags::UNIQUE != 0 || self.is_primary()
    }
}

/// A table definition read from the catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct TableDef {
    /// The table name.
    pub name: String,
    /// The table's object id.
    pub objid: u32,
    /// The root page of the table's tree.
    pub root: u32,
    /// Catalog table flags (`JET_bitObject*`).
    pub flags: u32,
    /// The template table this table derives from, if any.
    pub template_table: Option<String>,
    /// Columns in column-id order.
    pub columns: Vec<ColumnDef>,
    /// Indexes in catalog order.
    pub indexes: Vec<IndexDef>,
    /// The root page of the long-value tree, if the table has one.
    pub lv_root: Option<u32>,
    /// Largest long-value chunk.
    pub lv_chunk_max: u32,
}

impl TableDef {
    /// The primary index, if the table has one.
    pub fn primary_index(&self) -> Option<&IndexDef> {
        self.indexes.iter().find(|i| i.is_primary())
    }
    /// The column with id `id`.
    pub fn column_by_id(&self, id: u32) -> Option<&ColumnDef> {
        self.columns.iter().find(|c| c.id == id)
    }
    /// The column named `name` (case-insensitive, as ESE names are).
    pub fn column(&self, name: &str) -> Option<&ColumnDef> {
        self.columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }
    /// The index named `name` (case-insensitive).
    pub fn index(&self, name: &str) -> Option<&IndexDef> {
        self.indexes
            .iter()
            .find(|i| i.name.eq_ignore_ascii_case(name))
    }
}

fn cat_err(detail: impl Into<String>) -> Error {
    Error::with(ErrorCode::CatalogCorrupted, detail)
}

struct Row<'a> {
    rec: RawRecord<'a>,
}

impl<'a> Row<'a> {
    fn fixed(&self, id: u32) -> Result<Option<&'a [u8]>> {
        let (_, off, size) = MSO_FIXED[(id - 1) as usize];
        self.rec.fixed(id, usize::from(off), size)
    }
    fn u32(&self, id: u32) -> Result<Option<u32>> {
        Ok(match self.fixed(id)? {
            Some(b) if b.len() == 4 => Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
            Some(b) if b.len() == 2 => Some(u32::from(u16::from_le_bytes([b[0], b[1]]))),
            Some(b) if b.len() == 1 => Some(u32::from(b[0])),
            Some(_) => return Err(cat_err(format!("catalog column {id} has a bad size"))),
            None => None,
        })
    }
    fn req_u32(&self, id: u32) -> Result<u32> {
        self.u32(id)?
            .ok_or_else(|| cat_err(format!("catalog column {id} is NULL")))
    }
    fn name(&self) -> Result<String> {
        let raw = self
            .rec
            .variable(MSO_NAME)?
            .ok_or_else(|| cat_err("catalog row without a name"))?;
        Ok(decode_name(raw))
    }
}

/// Catalog names are ASCII (code page 1252) with no terminator.
fn decode_name(raw: &[u8]) -> String {
    let raw = raw.strip_suffix(&[0]).unwrap_or(raw);
    raw.iter()
        .map(|&b| crate::format::coltype::cp1252_to_char(b))
        .collect()
}

/// Reads every table of the catalog.
pub(crate) fn read_catalog(pager: &Pager) -> Result<Vec<TableDef>> {
    let large = pager.page_size() > 8192;
    let mut cur = TreeCursor::first(pager, CATALOG_ROOT)?;
    let mut tables: Vec<TableDef> = Vec::new();
    while let Some(entry) = cur.next_entry(pager)? {
        if entry.is_deleted() {
            continue;
        }
        let rec = RawRecord::decode(&entry.data, large)
            .map_err(|e| cat_err(format!("undecodable catalog row: {e}")))?;
        let row = Row { rec };
        let objid_table = row.req_u32(1)?;
        let ty = row.req_u32(2)? as u16 as i16;
        let id = row.req_u32(3)?;
        let table = || -> Result<usize> {
            match tables.last() {
                Some(t) if t.objid == objid_table => Ok(tables.len() - 1),
                _ => Err(cat_err(format!(
                    "catalog row for object {objid_table} precedes its table row"
                ))),
            }
        };
        match ty {
            sysobj::TABLE => {
                let template_table = row.rec.variable(MSO_TEMPLATE_TABLE)?.map(decode_name);
                tables.push(TableDef {
                    name: row.name()?,
                    objid: objid_table,
                    root: row.req_u32(4)?,
                    flags: row.u32(6)?.unwrap_or(0),
                    template_table,
                    columns: Vec::new(),
                    indexes: Vec::new(),
                    lv_root: None,
                    lv_chunk_max: row.u32(12)?.unwrap_or(0),
                });
            }
            sysobj::COLUMN => {
                let t = table()?;
                let coltype_raw = row.req_u32(4)?;
                let coltype = ColumnType::from_u32(coltype_raw).ok_or_else(|| {
                    cat_err(format!("column {id} has unknown type {coltype_raw}"))
                })?;
                tables[t].columns.push(ColumnDef {
                    id,
                    name: row.name()?,
                    coltype,
                    coltype_raw,
                    flags: row.u32(6)?.unwrap_or(0),
                    code_page: row.u32(7)?.unwrap_or(0),
                    max_length: row.u32(5)?.unwrap_or(0),
                    record_offset: row.u32(9)?.unwrap_or(0) as u16,
                    default_value: row.rec.variable(MSO_DEFAULT_VALUE)?.map(|d| d.to_vec()),
                });
            }
            sysobj::INDEX => {
                let t = table()?;
                let flags = row.u32(6)?.unwrap_or(0);
                let key_fields = row.rec.variable(MSO_KEY_FLD_IDS)?.unwrap_or(&[]);
                let segments = decode_segments(key_fields, flags)?;
                let locale_name = row
                    .rec
                    .tagged_field(MSO_LOCALE_NAME)?
                    .map(|f| decode_utf16_name(f.data));
                let var_seg_mac = match row.rec.variable(MSO_VAR_SEG_MAC)? {
                    Some(b) if b.len() >= 2 => u32::from(u16::from_le_bytes([b[0], b[1]])),
                    _ => 0,
                };
                tables[t].indexes.push(IndexDef {
                    name: row.name()?,
                    objid: id,
                    root: row.req_u32(4)?,
                    flags,
                    segments,
                    lcmap_flags: row.u32(10)?.unwrap_or(0),
                    lcid: row.u32(7)?.unwrap_or(0),
                    locale_name,
                    key_most: row.u32(11)?.unwrap_or(0),
                    var_seg_mac,
                });
            }
            sysobj::LONG_VALUE => {
                let t = table()?;
                tables[t].lv_root = Some(row.req_u32(4)?);
            }
            _ => {}
        }
    }
    for t in &mut tables {
        t.columns.sort_by_key(|c| c.id);
        if t.objid == CATALOG_OBJID || t.objid == CATALOG_SHADOW_OBJID {
            // The catalog's rows for its own fixed columns all say offset 4; ESE
            // places them from its built-in schema, and so do we.
            for c in &mut t.columns {
                if let Some(&(_, off, _)) = MSO_FIXED.iter().find(|(id, _, _)| *id == c.id) {
                    c.record_offset = off;
                }
            }
        }
    }
    inherit_templates(&mut tables);
    Ok(tables)
}

/// Derived tables see their template table's columns (tagged with the template bit
/// in records) as their own.
fn inherit_templates(tables: &mut [TableDef]) {
    let snapshot: Vec<(String, Vec<ColumnDef>)> = tables
        .iter()
        .map(|t| (t.name.clone(), t.columns.clone()))
        .collect();
    for t in tables.iter_mut() {
        let Some(tmpl) = &t.template_table else {
            continue;
        };
        if let Some((_, cols)) = snapshot.iter().find(|(n, _)| n.eq_ignore_ascii_case(tmpl)) {
            for c in cols {
                if t.column_by_id(c.id).is_none() {
                    t.columns.push(c.clone());
                }
            }
            t.columns.sort_by_key(|c| c.id);
        }
    }
}

/// Decodes `KeyFldIDs`: 4-byte `IDXSEG`s (flags, reserved, u16 field id) when the
/// extended-columns flag is set, otherwise legacy signed 16-bit ids where a
/// negative id means descending.
fn decode_segments(raw: &[u8], flags: u32) -> Result<Vec<KeySegment>> {
    let mut out = Vec::new();
    if flags & index_flags::EXTENDED_COLUMNS != 0 {
        if !raw.len().is_multiple_of(4) {
            return Err(cat_err(
                "KeyFldIDs has a length that is not a multiple of 4",
            ));
        }
        for seg in raw.chunks_exact(4) {
            out.push(KeySegment {
                column_id: u32::from(u16::from_le_bytes([seg[2], seg[3]])),
                descending: seg[0] & 0x40 != 0,
            });
        }
    } else {
        if !raw.len().is_multiple_of(2) {
            return Err(cat_err("KeyFldIDs has an odd length"));
        }
        for seg in raw.chunks_exact(2) {
            let v = i16::from_le_bytes([seg[0], seg[1]]);
            out.push(KeySegment {
                column_id: u32::from(v.unsigned_abs()),
                descending: v < 0,
            });
        }
    }
    Ok(out)
}

/// Locale names are stored as UTF-16LE, NUL-terminated.
fn decode_utf16_name(raw: &[u8]) -> String {
    let units: Vec<u16> = raw
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .take_while(|&u| u != 0)
        .collect();
    String::from_utf16_lossy(&units)
}
