//! Decodes catalog rows (`MSysObjects`, the tree at page 4) into table, column,
//! index and long-value definitions. The tree walk is the caller's; this module
//! turns the rows, in key order, into [`TableDef`]s.
//!
//! The catalog describes itself, but its own fixed columns must be known before
//! any row can be read; their ids and offsets are fixed by ESE (`cat.hxx`) and
//! spelled out in [`FIXED_LAYOUT`]. What must hold: a row that cannot be decoded is
//! `JET_errCatalogCorrupted`, never skipped silently; rows are grouped by
//! `ObjidTable` and come in (table, columns, indexes, long values) order.

use super::row::{CatalogRow, FIXED_LAYOUT};
use super::{object_flags, sysobj, OBJID_MSO, OBJID_MSO_SHADOW};
use crate::format::coltype::ColumnType;
use crate::format::record::{
    COLUMNID_TEMPLATE, FID_FIXED_LEAST, FID_TAGGED_LEAST, FID_TAGGED_MOST,
};
use crate::{Error, ErrorCode, Result};

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

pub use super::idb as index_flags;

/// A column definition read from the catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnDef {
    /// The column id as the API gives it: its field id (1–127 fixed, 128–255 variable, 256+
    /// tagged), with [`COLUMNID_TEMPLATE`] for a column of a template table, in the template
    /// table itself and in every table derived from it (ESE's `ColumnidOfFid`). The catalog
    /// stores the field id alone.
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
    /// The field id: the column id without [`COLUMNID_TEMPLATE`], as the catalog stores it
    /// and as records place fixed and variable columns.
    pub fn fid(&self) -> u32 {
        self.id & !COLUMNID_TEMPLATE
    }
    /// Whether the column belongs to a template table (its id carries
    /// [`COLUMNID_TEMPLATE`]).
    pub fn is_template(&self) -> bool {
        self.id & COLUMNID_TEMPLATE != 0
    }
    /// Whether the column is fixed (field ids 1–127).
    pub fn is_fixed(&self) -> bool {
        self.fid() <= 127
    }
    /// Whether the column is variable (field ids 128–255).
    pub fn is_variable(&self) -> bool {
        (128..=255).contains(&self.fid())
    }
    /// Whether the column is tagged (field ids 256 and up).
    pub fn is_tagged(&self) -> bool {
        self.fid() >= 256
    }
    /// Whether the column is multi-valued.
    pub fn is_multi_valued(&self) -> bool {
        self.flags & column_flags::MULTI_VALUED != 0
    }
    /// Whether a record without a value of this column reads as the column's
    /// default value (so a NULL it reads as is one the record stores over it).
    pub fn has_default(&self) -> bool {
        self.default_value.is_some() && self.flags & column_flags::DEFAULT != 0
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

/// A condition of a conditional index (`JET_CONDITIONALCOLUMN`): a record is in
/// the index only when the column is NULL (`JET_bitIndexColumnMustBeNull`) or
/// not (`JET_bitIndexColumnMustBeNonNull`), its default counting as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexCondition {
    /// The column.
    pub column_id: u32,
    /// The column must be NULL (else it must not be).
    pub must_be_null: bool,
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
    /// The sort order its Unicode text keys were made by, as the catalog row records it
    /// (`Version`, `SortID`): Windows' NLS sort version and sort id, or
    /// [`UNICODE_KEY_IDENTITY`](crate::format::key::UNICODE_KEY_IDENTITY) for keys this engine
    /// made. `None` when the row has neither.
    pub sort_version: Option<(u64, [u8; 16])>,
    /// The conditions a record meets to be in the index (`ConditionalColumns`);
    /// empty for an index of every record.
    pub conditions: Vec<IndexCondition>,
    /// An index over substring tuples (`JET_bitIndexTuples`; its catalog row has
    /// `TupleLimits`).
    pub tuples: bool,
    /// The tuple index's limits as its catalog row gives them; `None` for an index that
    /// is not one, or whose `TupleLimits` are not of either size ESE writes (such an index
    /// is foreign, see [`TableDef::is_foreign_index`]).
    pub tuple_limits: Option<TupleLimits>,
    /// The index tree's density (`SpaceUsage`): the percent of a leaf that appends fill,
    /// the rest kept free for later inserts (ESE's `ulDensity`).
    pub density: u32,
}

/// The limits of an index over substring tuples (`JET_TUPLELIMITS`, persisted as
/// `LE_TUPLELIMITS`): the first key segment of such an index holds, for each record, the
/// substrings of its value that start every `increment` characters from `start` on (at most
/// `to_index_max` of them), each cut to `length_max` characters and none shorter than
/// `length_min`. Characters are bytes for binary and non-Unicode text, 2-byte units for
/// Unicode text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TupleLimits {
    /// `chLengthMin`: the shortest substring indexed.
    pub length_min: u32,
    /// `chLengthMax`: the longest substring indexed (longer ones are cut).
    pub length_max: u32,
    /// `chToIndexMax`: how many substrings of one value are indexed at most.
    pub to_index_max: u32,
    /// `cchIncrement`: the step between two substrings' starts.
    pub increment: u32,
    /// `ichStart`: where the first substring starts.
    pub start: u32,
}

impl TupleLimits {
    /// ESE's defaults (`cchIDXTuplesLengthMinDefault` and the others): substrings of 3 to 10
    /// characters starting at every character of the first 32,767.
    pub const DEFAULT: TupleLimits = TupleLimits {
        length_min: 3,
        length_max: 10,
        to_index_max: 0x7fff,
        increment: 1,
        start: 0,
    };

    /// Reads the catalog's `TupleLimits` column: 20 bytes (`LE_TUPLELIMITS`: five
    /// little-endian 32-bit numbers, the order of the fields above) or the older 12
    /// (`LE_TUPLELIMITS_V1`: the first three; increment 1, start 0). Other sizes: `None`.
    pub fn from_bytes(b: &[u8]) -> Option<TupleLimits> {
        let at = |i: usize| -> Option<u32> {
            Some(u32::from_le_bytes(
                b.get(i * 4..i * 4 + 4)?.try_into().ok()?,
            ))
        };
        match b.len() {
            12 => Some(TupleLimits {
                length_min: at(0)?,
                length_max: at(1)?,
                to_index_max: at(2)?,
                increment: 1,
                start: 0,
            }),
            20 => Some(TupleLimits {
                length_min: at(0)?,
                length_max: at(1)?,
                to_index_max: at(2)?,
                increment: at(3)?,
                start: at(4)?,
            }),
            _ => None,
        }
    }

    /// The catalog's `TupleLimits` column for these limits (`LE_TUPLELIMITS`, 20 bytes).
    pub fn to_bytes(&self) -> Vec<u8> {
        [
            self.length_min,
            self.length_max,
            self.to_index_max,
            self.increment,
            self.start,
        ]
        .iter()
        .flat_map(|v| v.to_le_bytes())
        .collect()
    }
}

impl IndexDef {
    /// The longest key the index makes, in bytes: `key_most`, or ESE's legacy 255 when
    /// the catalog records none.
    pub fn key_most_bytes(&self) -> usize {
        match self.key_most as usize {
            0 => crate::format::key::KEY_MOST_LEGACY,
            n => n,
        }
    }

    /// Whether this is the primary index.
    pub fn is_primary(&self) -> bool {
        self.flags & index_flags::PRIMARY != 0
    }
    /// Whether duplicate keys are refused.
    pub fn is_unique(&self) -> bool {
        self.flags & index_flags::UNIQUE != 0 || self.is_primary()
    }
    /// Whether the catalog says its Unicode text keys are this engine's own
    /// ([`UNICODE_KEY_IDENTITY`](crate::format::key::UNICODE_KEY_IDENTITY)).
    pub fn has_own_unicode_keys(&self) -> bool {
        self.sort_version == Some(crate::format::key::UNICODE_KEY_IDENTITY)
    }
    /// The code ESE gives when this index does not match its records or was
    /// built by another sort order: `JET_errPrimaryIndexCorrupted` (-1413) for
    /// the primary index, `JET_errSecondaryIndexCorrupted` (-1414) otherwise.
    pub fn corruption_code(&self) -> ErrorCode {
        if self.is_primary() {
            ErrorCode::PrimaryIndexCorrupted
        } else {
            ErrorCode::SecondaryIndexCorrupted
        }
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
    /// The long-value tree's object id (the object id in its pages' headers), when
    /// the catalog names it.
    pub lv_objid: Option<u32>,
    /// Largest long-value chunk.
    pub lv_chunk_max: u32,
    /// The table tree's density (`SpaceUsage`): the percent of a leaf that appends fill
    /// (ESE's `ulDensity`).
    pub density: u32,
    /// The table's initial pages (`Pages`, ESE's `ulPages`): the size of the first extent
    /// its tree was given, from which its secondary indexes' trees take their first pages
    /// too. On a definition to create, the pages asked for: 0 (or fewer than
    /// [`TABLE_INITIAL_PAGES`](crate::db::TABLE_INITIAL_PAGES)) for the default.
    pub pages: u32,
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
    /// Where tagged column `col`'s entries sort in this table's records (ESE's `TAGFLD`
    /// order): a derived table's template entries first, each group by field id.
    pub fn tagged_order(&self, col: &ColumnDef) -> (bool, u32) {
        crate::format::record::tagged_entry_order(self.tagged_record_id(col))
    }
    /// The tagged column whose record entries carry `id` (see
    /// [`TableDef::tagged_record_id`]).
    pub fn column_by_tagged_record_id(&self, id: u32) -> Option<&ColumnDef> {
        self.columns
            .iter()
            .find(|c| c.is_tagged() && self.tagged_record_id(c) == id)
    }
    /// Whether the table is a template table (`JET_bitObjectTableTemplate`): its columns'
    /// ids carry [`COLUMNID_TEMPLATE`] and tables derived from it share them.
    pub fn is_template(&self) -> bool {
        self.flags & object_flags::TABLE_TEMPLATE != 0
    }
    /// Whether the table derives from a template table.
    pub fn is_derived(&self) -> bool {
        self.template_table.is_some()
    }
    /// The id tagged column `col`'s entries carry in this table's records: its field id, with
    /// [`COLUMNID_TEMPLATE`] (the entry's derived flag) for a template column of a derived
    /// table when the template column says so (`ffieldTemplateColumnESE98`; ESE's
    /// `FRECUseDerivedBitForTemplateColumnInDerivedTable`).
    pub fn tagged_record_id(&self, col: &ColumnDef) -> u32 {
        if self.is_derived()
            && col.is_template()
            && col.flags & column_flags::TEMPLATE_COLUMN_ESE98 != 0
        {
            col.id
        } else {
            col.fid()
        }
    }
    /// The column named `name` (case-insensitive, as ESE names are).
    pub fn column(&self, name: &str) -> Option<&ColumnDef> {
        self.columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }
    /// The index named `name` (case-insensitive).
    pub fn index(&self, name: &str) -> Option<&IndexDef> {
        // The name as the catalog spells it first: one comparison of bytes.
        self.indexes.iter().find(|i| i.name == name).or_else(|| {
            self.indexes
                .iter()
                .find(|i| i.name.eq_ignore_ascii_case(name))
        })
    }
    /// Whether index `ix` has a key segment over Unicode (code page 1200) text, or the
    /// catalog flags it as localized text.
    pub fn has_unicode_text(&self, ix: &IndexDef) -> bool {
        ix.flags & index_flags::LOCALIZED_TEXT != 0
            || ix.segments.iter().any(|s| {
                self.column_by_id(s.column_id).is_some_and(|c| {
                    c.coltype.is_text() && c.code_page == crate::format::coltype::CP_UNICODE
                })
            })
    }
    /// Whether index `ix` is foreign: it has Unicode text keys made by another collation
    /// than this engine's (every such index of a database Windows wrote), or it is an
    /// index over substring tuples whose limits cannot be read. Its stored keys are in a
    /// valid order and can be read, but no key for it can be computed here.
    pub fn is_foreign_index(&self, ix: &IndexDef) -> bool {
        ix.tuples && ix.tuple_limits.is_none()
            || self.has_unicode_text(ix) && !ix.has_own_unicode_keys()
    }
    /// The foreign indexes of the table (see [`TableDef::is_foreign_index`]).
    pub fn foreign_indexes(&self) -> impl Iterator<Item = &IndexDef> {
        self.indexes.iter().filter(|ix| self.is_foreign_index(ix))
    }
    /// `Ok` when index `ix` is not foreign; otherwise the error ESE gives for an index built
    /// by another sort order: `JET_errPrimaryIndexCorrupted` (-1413) for the primary index,
    /// `JET_errSecondaryIndexCorrupted` (-1414) for a secondary one, naming the index; for
    /// a tuple index whose limits cannot be read `JET_errFeatureNotAvailable`.
    pub fn check_index_keys(&self, ix: &IndexDef) -> Result<()> {
        if !self.is_foreign_index(ix) {
            return Ok(());
        }
        if ix.tuples && ix.tuple_limits.is_none() {
            return Err(Error::with(
                ErrorCode::FeatureNotAvailable,
                format!(
                    "index {} of table {} is an index over substring tuples \
                     (JET_bitIndexTuples) whose limits are not of a size ESE writes; it can be \
                     read in stored order but not searched or updated",
                    ix.name, self.name
                ),
            ));
        }
        Err(Error::with(
            ix.corruption_code(),
            format!(
                "index {} of table {} holds Unicode text keys of another collation ({}); \
                 it can be read in stored order but not searched or updated; delete and \
                 re-create it to rebuild it with this engine's keys",
                ix.name,
                self.name,
                describe_sort_version(ix)
            ),
        ))
    }
    /// `Ok` when no index of the table is foreign, else the error of the first foreign one
    /// (see [`TableDef::check_index_keys`]): a record of such a table cannot be inserted,
    /// replaced or deleted, since the foreign index's entries could not be kept right.
    pub fn check_writable(&self) -> Result<()> {
        match self.foreign_indexes().next() {
            Some(ix) => self.check_index_keys(ix),
            None => Ok(()),
        }
    }
}

/// The recorded sort order of `ix`, for messages.
fn describe_sort_version(ix: &IndexDef) -> String {
    match &ix.sort_version {
        None => "no sort version recorded".to_owned(),
        Some((version, sort_id)) => format!(
            "locale {}, sort id {}, version {version:x}",
            ix.locale_name.as_deref().unwrap_or("?"),
            super::locales::format_sort_id(sort_id)
        ),
    }
}

fn cat_err(detail: impl Into<String>) -> Error {
    Error::with(ErrorCode::CatalogCorrupted, detail)
}

/// Builds table definitions from catalog rows fed in key order.
#[derive(Debug, Default)]
pub struct CatalogBuilder {
    tables: Vec<TableDef>,
}

impl CatalogBuilder {
    /// An empty builder.
    pub fn new() -> CatalogBuilder {
        CatalogBuilder::default()
    }

    /// Adds the catalog row `data` (a record of `MSysObjects`); `large_page` says
    /// whether the database has pages over 8 KiB.
    pub fn push(&mut self, data: &[u8], large_page: bool) -> Result<()> {
        let row = CatalogRow::decode(data, large_page)
            .map_err(|e| cat_err(format!("undecodable catalog row: {e}")))?;
        let tables = &mut self.tables;
        let objid_table = row.objid_table;
        let table = match tables.last() {
            Some(t) if t.objid == objid_table => Some(tables.len() - 1),
            _ => None,
        };
        let owner = || {
            table.ok_or_else(|| {
                cat_err(format!(
                    "catalog row for object {objid_table} precedes its table row"
                ))
            })
        };
        match row.row_type {
            sysobj::TABLE => tables.push(TableDef {
                name: row.name,
                objid: objid_table,
                root: row.coltyp_or_pgno_fdp,
                flags: row.flags,
                template_table: row.template_table,
                columns: Vec::new(),
                indexes: Vec::new(),
                lv_root: None,
                lv_objid: None,
                lv_chunk_max: row.lv_chunk_max.unwrap_or(0),
                density: row.space_usage,
                pages: row.pages_or_locale,
            }),
            sysobj::COLUMN => {
                let t = owner()?;
                if row.coltyp_or_pgno_fdp == 0 {
                    // A deleted column (`JET_coltypNil`, `ErrCATDeleteTableColumn`): its row
                    // stays for its id and fixed offset, but it is no column of the table.
                    return Ok(());
                }
                if !(FID_FIXED_LEAST..=FID_TAGGED_MOST).contains(&row.id) {
                    return Err(cat_err(format!(
                        "column {:?} has id {}, outside every column id range",
                        row.name, row.id
                    )));
                }
                let coltype = ColumnType::from_u32(row.coltyp_or_pgno_fdp).ok_or_else(|| {
                    cat_err(format!(
                        "column {} has unknown type {}",
                        row.id, row.coltyp_or_pgno_fdp
                    ))
                })?;
                let counter = matches!(
                    coltype,
                    ColumnType::Long
                        | ColumnType::Currency
                        | ColumnType::UnsignedLong
                        | ColumnType::LongLong
                        | ColumnType::UnsignedLongLong
                );
                if row.flags & (column_flags::AUTOINCREMENT | column_flags::VERSION) != 0
                    && (!counter
                        || row.id >= FID_TAGGED_LEAST
                        || row.flags & column_flags::MULTI_VALUED != 0)
                {
                    // ESE keeps these counters in fixed 32- or 64-bit integer
                    // columns only: never tagged, never multi-valued.
                    return Err(cat_err(format!(
                        "column {:?} (id {}, type {}) is an autoincrement or version column",
                        row.name,
                        row.id,
                        coltype.name()
                    )));
                }
                let template = tables[t].is_template();
                tables[t].columns.push(ColumnDef {
                    id: row.id | if template { COLUMNID_TEMPLATE } else { 0 },
                    name: row.name,
                    coltype,
                    coltype_raw: row.coltyp_or_pgno_fdp,
                    flags: row.flags,
                    code_page: row.pages_or_locale,
                    max_length: row.space_usage,
                    record_offset: row.record_offset.unwrap_or(0),
                    default_value: row.default_value,
                });
            }
            sysobj::INDEX => {
                let t = owner()?;
                let segments =
                    decode_segments(row.key_fld_ids.as_deref().unwrap_or(&[]), row.flags)?;
                if segments.is_empty() {
                    return Err(cat_err(format!("index {:?} has no key segments", row.name)));
                }
                let var_seg_mac = match row.var_seg_mac.as_deref() {
                    Some([a, b, ..]) => u32::from(u16::from_le_bytes([*a, *b])),
                    _ => 0,
                };
                tables[t].indexes.push(IndexDef {
                    name: row.name,
                    objid: row.id,
                    root: row.coltyp_or_pgno_fdp,
                    flags: row.flags,
                    segments,
                    lcmap_flags: row.lc_map_flags.unwrap_or(0),
                    lcid: row.pages_or_locale,
                    locale_name: row.locale_name,
                    key_most: row.key_most.map(u32::from).unwrap_or(0),
                    var_seg_mac,
                    sort_version: row.version.zip(row.sort_id),
                    conditions: decode_conditions(
                        row.conditional_columns.as_deref().unwrap_or(&[]),
                        row.flags,
                    )?,
                    tuples: row.tuple_limits.as_ref().is_some_and(|t| !t.is_empty()),
                    tuple_limits: row
                        .tuple_limits
                        .as_deref()
                        .and_then(TupleLimits::from_bytes),
                    density: row.space_usage,
                });
            }
            sysobj::LONG_VALUE => {
                let t = owner()?;
                tables[t].lv_root = Some(row.coltyp_or_pgno_fdp);
                tables[t].lv_objid = Some(row.id);
            }
            _ => {}
        }
        Ok(())
    }

    /// The tables, with their columns in id order and template columns inherited.
    pub fn finish(self) -> Vec<TableDef> {
        let mut tables = self.tables;
        for t in &mut tables {
            t.columns.sort_by_key(|c| c.id);
            if t.objid == OBJID_MSO || t.objid == OBJID_MSO_SHADOW {
                // The catalog's rows for its own fixed columns all say offset 4; ESE
                // places them from its built-in schema, and so do we.
                for c in &mut t.columns {
                    if let Some(&(_, off, _)) = FIXED_LAYOUT.iter().find(|(id, _, _)| *id == c.id) {
                        // Offsets of the fixed layout are below 64; the cast cannot truncate.
                        c.record_offset = off as u16;
                    }
                }
            }
        }
        inherit_templates(&mut tables);
        tables
    }
}

/// Derived tables see their template table's columns (ids with [`COLUMNID_TEMPLATE`]) as
/// their own; a template table's key and condition columns are all template columns, and a
/// derived table's key column that the table lacks but its template has is the template's
/// (as `ErrCATIGetColumnsOfIndex` places legacy segments, which do not say).
fn inherit_templates(tables: &mut [TableDef]) {
    for t in tables.iter_mut().filter(|t| t.is_template()) {
        for ix in &mut t.indexes {
            for s in &mut ix.segments {
                s.column_id |= COLUMNID_TEMPLATE;
            }
            for c in &mut ix.conditions {
                c.column_id |= COLUMNID_TEMPLATE;
            }
        }
    }
    let snapshot: Vec<(String, Vec<ColumnDef>)> = tables
        .iter()
        .filter(|t| t.is_template())
        .map(|t| (t.name.clone(), t.columns.clone()))
        .collect();
    for t in tables.iter_mut() {
        let Some(tmpl) = &t.template_table else {
            continue;
        };
        let Some((_, cols)) = snapshot.iter().find(|(n, _)| n.eq_ignore_ascii_case(tmpl)) else {
            continue;
        };
        let own: Vec<u32> = t.columns.iter().map(|c| c.id).collect();
        let inherited =
            |id: u32| !own.contains(&id) && cols.iter().any(|c| c.id == id | COLUMNID_TEMPLATE);
        for ix in &mut t.indexes {
            for s in &mut ix.segments {
                if inherited(s.column_id) {
                    s.column_id |= COLUMNID_TEMPLATE;
                }
            }
            for c in &mut ix.conditions {
                if inherited(c.column_id) {
                    c.column_id |= COLUMNID_TEMPLATE;
                }
            }
        }
        for c in cols {
            if t.column_by_id(c.id).is_none() {
                t.columns.push(c.clone());
            }
        }
        t.columns.sort_by_key(|c| c.id);
    }
}

/// Decodes `ConditionalColumns`, laid out as `KeyFldIDs` (see [`decode_segments`]):
/// the must-be-NULL flag is 0x20 of an `IDXSEG`'s flags, or a negative legacy id.
fn decode_conditions(raw: &[u8], flags: u32) -> Result<Vec<IndexCondition>> {
    Ok(
        decode_idxsegs(raw, flags, "ConditionalColumns", IDXSEG_MUST_BE_NULL)?
            .into_iter()
            .map(|(column_id, must_be_null)| IndexCondition {
                column_id,
                must_be_null,
            })
            .collect(),
    )
}

/// `fIDXSEGMustBeNull`: the flag of a conditional column that must be NULL.
pub(crate) const IDXSEG_MUST_BE_NULL: u8 = 0x20;

/// Decodes `KeyFldIDs`: 4-byte `IDXSEG`s (flags, reserved, u16 field id) when the
/// extended-columns flag is set, otherwise legacy signed 16-bit ids where a
/// negative id means descending.
fn decode_segments(raw: &[u8], flags: u32) -> Result<Vec<KeySegment>> {
    Ok(decode_idxsegs(raw, flags, "KeyFldIDs", IDXSEG_DESCENDING)?
        .into_iter()
        .map(|(column_id, descending)| KeySegment {
            column_id,
            descending,
        })
        .collect())
}

/// `fIDXSEGTemplateColumn`: the flag of a column of a template table.
pub(crate) const IDXSEG_TEMPLATE_COLUMN: u8 = 0x80;

/// `fIDXSEGDescending`: the flag of a descending key column.
const IDXSEG_DESCENDING: u8 = 0x40;

/// Decodes catalog column `field`, a list of `IDXSEG`s: (column id, whether `bit` is
/// set) of each 4-byte `IDXSEG` (flags, reserved, u16 field id) when the
/// extended-columns flag is set, otherwise of each legacy signed 16-bit id, where
/// a negative id stands for the bit.
fn decode_idxsegs(raw: &[u8], flags: u32, field: &str, bit: u8) -> Result<Vec<(u32, bool)>> {
    if flags & index_flags::EXTENDED_COLUMNS != 0 {
        if !raw.len().is_multiple_of(4) {
            return Err(cat_err(format!(
                "{field} has a length that is not a multiple of 4"
            )));
        }
        Ok(raw
            .chunks_exact(4)
            .map(|seg| {
                let fid = u32::from(u16::from_le_bytes([seg[2], seg[3]]));
                let template = if seg[0] & IDXSEG_TEMPLATE_COLUMN != 0 {
                    COLUMNID_TEMPLATE
                } else {
                    0
                };
                (fid | template, seg[0] & bit != 0)
            })
            .collect())
    } else {
        if !raw.len().is_multiple_of(2) {
            return Err(cat_err(format!("{field} has an odd length")));
        }
        Ok(raw
            .chunks_exact(2)
            .map(|seg| {
                let v = i16::from_le_bytes([seg[0], seg[1]]);
                (u32::from(v.unsigned_abs()), v < 0)
            })
            .collect())
    }
}
