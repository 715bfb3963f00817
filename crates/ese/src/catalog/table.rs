//! The catalog rows a user table adds (`ErrFILECreateTable` in `fcreate.cxx` →
//! `ErrCATAddTable`, `ErrCATAddTableColumn`, `ErrCATAddTableIndex`; `ErrCATAddTableLV` when the
//! first separated long value creates the long-value tree), built from the read path's
//! [`TableDef`] plus [`TableExtras`], the facts of the table's rows that `TableDef` does not
//! keep.
//!
//! Rows, in primary-key order:
//! * the table (type 1): root page, density, table flags, initial pages (stored as 0 for the
//!   default of one page), RootFlag, the template table, `LVChunkMax` when set, and the
//!   `SeparateLV`, `SpaceHints` and `SpaceDeferredLVHints` columns when set;
//! * one per column (type 2): column type, maximum length, column flags, code page (0 for
//!   non-text columns), record offset for fixed columns, default value;
//! * one per index (type 3, the primary index with the table's object id): root page (the
//!   table's for the primary index), density, `IDBFLAG | IDXFLAG << 16`, LCID 0, LCMapFlags,
//!   `KeyMost` when not 255, key segments, `VarSegMac` when it differs from the key size, the
//!   conditional columns, tuple limits, and for indexes over Unicode text the NLS sort version
//!   and sort id, and the locale name;
//! * the long-value tree (type 4, name `LV`): root page, density 100, flags 0, pages 1.
//!
//! What must hold: for every sample database the rows of its user tables, built from the
//! `TableDef` the read path gives plus the extras read from the same rows, encode to the bytes
//! ESE stored (the tests check it). Callback rows (type 5), column callbacks and template
//! column flags in key segments are not modelled.

use super::read::IDXSEG_TEMPLATE_COLUMN;
use super::row::CatalogRow;
use super::{index_flags, IndexDef, TableDef};
use super::{names, sysobj, DEFAULT_DENSITY, LV_DENSITY};
use crate::format::record::COLUMNID_TEMPLATE;
use crate::{Error, ErrorCode, Result};

/// A table's long-value tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LvTree {
    /// Its object id.
    pub objid: u32,
    /// Its root page.
    pub pgno_fdp: u32,
}

/// Catalog facts of an index that [`IndexDef`] does not keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexExtras {
    /// Density (`SpaceUsage`), percent.
    pub density: u32,
    /// NLS sort version and sort id, stored for indexes over Unicode text.
    pub sort_version: Option<(u64, [u8; 16])>,
    /// `TupleLimits`.
    pub tuple_limits: Option<Vec<u8>>,
    /// `SpaceHints` (extended space hints).
    pub space_hints: Option<Vec<u8>>,
}

impl Default for IndexExtras {
    fn default() -> IndexExtras {
        IndexExtras {
            density: DEFAULT_DENSITY,
            sort_version: None,
            tuple_limits: None,
            space_hints: None,
        }
    }
}

/// Catalog facts of a table that [`TableDef`] does not keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableExtras {
    /// Initial pages as stored (`PagesOrLocale`; 0 for the default of one page).
    pub pages: u32,
    /// Density (`SpaceUsage`), percent.
    pub density: u32,
    /// Long-value separation threshold (`SeparateLV`).
    pub separate_lv: Option<u32>,
    /// `SpaceHints` of the table.
    pub space_hints: Option<Vec<u8>>,
    /// `SpaceDeferredLVHints`.
    pub space_deferred_lv_hints: Option<Vec<u8>>,
    /// The long-value tree, once it exists.
    pub lv: Option<LvTree>,
    /// Per index, in the order of [`TableDef::indexes`]; missing entries take the defaults.
    pub indexes: Vec<IndexExtras>,
}

impl Default for TableExtras {
    fn default() -> TableExtras {
        TableExtras {
            pages: 0,
            density: DEFAULT_DENSITY,
            separate_lv: None,
            space_hints: None,
            space_deferred_lv_hints: None,
            lv: None,
            indexes: Vec::new(),
        }
    }
}

impl TableExtras {
    /// The extras of the table `objid` as stored in its catalog rows `rows` (rows of other
    /// tables are ignored), with the indexes matched to `def.indexes` by object id.
    pub fn from_rows(def: &TableDef, rows: &[CatalogRow]) -> Result<TableExtras> {
        let mine = || rows.iter().filter(|r| r.objid_table == def.objid);
        let table = mine()
            .find(|r| r.row_type == sysobj::TABLE)
            .ok_or_else(|| {
                Error::with(
                    ErrorCode::ObjectNotFound,
                    format!("no table row for {}", def.name),
                )
            })?;
        let separate_lv = match &table.separate_lv {
            None => None,
            Some(b) => Some(u32::from_le_bytes(
                <[u8; 4]>::try_from(b.as_slice()).map_err(|_| {
                    Error::with(ErrorCode::CatalogCorrupted, "SeparateLV is not 4 bytes")
                })?,
            )),
        };
        let indexes = def
            .indexes
            .iter()
            .map(|ix| {
                let r = mine().find(|r| r.row_type == sysobj::INDEX && r.id == ix.objid);
                r.map(|r| IndexExtras {
                    density: r.space_usage,
                    sort_version: r.version.zip(r.sort_id),
                    tuple_limits: r.tuple_limits.clone(),
                    space_hints: r.space_hints.clone(),
                })
                .unwrap_or_default()
            })
            .collect();
        Ok(TableExtras {
            pages: table.pages_or_locale,
            density: table.space_usage,
            separate_lv,
            space_hints: table.space_hints.clone(),
            space_deferred_lv_hints: table.space_deferred_lv_hints.clone(),
            lv: mine()
                .find(|r| r.row_type == sysobj::LONG_VALUE)
                .map(|r| LvTree {
                    objid: r.id,
                    pgno_fdp: r.coltyp_or_pgno_fdp,
                }),
            indexes,
        })
    }
}

/// The `KeyFldIDs` of an index: 4-byte `IDXSEG`s when the index has the extended-columns flag,
/// else the legacy signed 16-bit column ids (negative = descending).
fn key_fields(ix: &IndexDef) -> Result<Vec<u8>> {
    let segs: Vec<(u32, bool)> = ix
        .segments
        .iter()
        .map(|s| (s.column_id, s.descending))
        .collect();
    idxseg_fields(ix, &segs, 0x40, "key column")
}

/// `ConditionalColumns` of `ix`, laid out as its key columns are (see
/// [`key_fields`]); `None` for an index without conditions.
fn conditional_fields(ix: &IndexDef) -> Result<Option<Vec<u8>>> {
    if ix.conditions.is_empty() {
        return Ok(None);
    }
    let conds: Vec<(u32, bool)> = ix
        .conditions
        .iter()
        .map(|c| (c.column_id, c.must_be_null))
        .collect();
    idxseg_fields(
        ix,
        &conds,
        super::read::IDXSEG_MUST_BE_NULL,
        "conditional column",
    )
    .map(Some)
}

/// A list of `IDXSEG`s of index `ix`: for each (column id, flag), a 4-byte `IDXSEG`
/// (`bit` in its flags when the flag is set) when `ix` has the extended-columns flag,
/// otherwise a legacy signed 16-bit id, negative when the flag is set.
fn idxseg_fields(ix: &IndexDef, segs: &[(u32, bool)], bit: u8, what: &str) -> Result<Vec<u8>> {
    let extended = ix.flags & index_flags::EXTENDED_COLUMNS != 0;
    let mut out = Vec::with_capacity(4 * segs.len());
    for &(id, set) in segs {
        let bad = || Error::with(ErrorCode::BadColumnId, format!("{what} {id:#x}"));
        let template = id & COLUMNID_TEMPLATE != 0;
        let fid = id & !COLUMNID_TEMPLATE;
        if extended {
            let fid = u16::try_from(fid).map_err(|_| bad())?;
            let template = if template { IDXSEG_TEMPLATE_COLUMN } else { 0 };
            out.push(template | if set { bit } else { 0 });
            out.push(0);
            out.extend_from_slice(&fid.to_le_bytes());
        } else {
            let id = i16::try_from(fid).map_err(|_| bad())?;
            out.extend_from_slice(&(if set { -id } else { id }).to_le_bytes());
        }
    }
    Ok(out)
}

/// The row of index `ix` of table `objid_table`.
pub fn index_row(objid_table: u32, ix: &IndexDef, extras: &IndexExtras) -> Result<CatalogRow> {
    let key_most = u16::try_from(ix.key_most).map_err(|_| {
        Error::with(
            ErrorCode::IndexInvalidDef,
            format!("key size {}", ix.key_most),
        )
    })?;
    let var_seg_mac = u16::try_from(ix.var_seg_mac).map_err(|_| {
        Error::with(
            ErrorCode::IndexInvalidDef,
            format!("segment limit {}", ix.var_seg_mac),
        )
    })?;
    Ok(CatalogRow {
        objid_table,
        row_type: sysobj::INDEX,
        id: ix.objid,
        coltyp_or_pgno_fdp: ix.root,
        space_usage: extras.density,
        flags: ix.flags,
        pages_or_locale: ix.lcid,
        lc_map_flags: Some(ix.lcmap_flags),
        key_most: (key_most != 0).then_some(key_most),
        name: ix.name.clone(),
        key_fld_ids: Some(key_fields(ix)?),
        var_seg_mac: (var_seg_mac != 0).then(|| var_seg_mac.to_le_bytes().to_vec()),
        conditional_columns: conditional_fields(ix)?,
        tuple_limits: extras
            .tuple_limits
            .clone()
            .or_else(|| ix.tuple_limits.map(|t| t.to_bytes())),
        version: extras.sort_version.or(ix.sort_version).map(|v| v.0),
        sort_id: extras.sort_version.or(ix.sort_version).map(|v| v.1),
        space_hints: extras.space_hints.clone(),
        locale_name: ix.locale_name.clone(),
        ..CatalogRow::default()
    })
}

/// The row of a table's long-value tree (`ErrCATAddTableLV`).
pub fn lv_row(objid_table: u32, lv: LvTree) -> CatalogRow {
    CatalogRow {
        objid_table,
        row_type: sysobj::LONG_VALUE,
        id: lv.objid,
        coltyp_or_pgno_fdp: lv.pgno_fdp,
        space_usage: LV_DENSITY,
        flags: 0,
        pages_or_locale: 1,
        name: names::LV_ROOT.to_owned(),
        ..CatalogRow::default()
    }
}

/// The catalog rows of user table `def`, in primary-key order. A derived table's rows leave out
/// the template's columns (rows of the template table); column ids are stored without
/// [`COLUMNID_TEMPLATE`].
///
/// Errors: `JET_errIndexInvalidDef` for a key size or segment limit over 65535,
/// `JET_errBadColumnId` for a key column that does not fit an `IDXSEG`.
pub fn table_rows(def: &TableDef, extras: &TableExtras) -> Result<Vec<CatalogRow>> {
    let mut rows = vec![CatalogRow {
        objid_table: def.objid,
        row_type: sysobj::TABLE,
        id: def.objid,
        coltyp_or_pgno_fdp: def.root,
        space_usage: extras.density,
        flags: def.flags,
        pages_or_locale: extras.pages,
        root_flag: Some(true),
        lv_chunk_max: (def.lv_chunk_max != 0).then_some(def.lv_chunk_max),
        name: def.name.clone(),
        template_table: def.template_table.clone(),
        separate_lv: extras.separate_lv.map(|v| v.to_le_bytes().to_vec()),
        space_hints: extras.space_hints.clone(),
        space_deferred_lv_hints: extras.space_deferred_lv_hints.clone(),
        ..CatalogRow::default()
    }];
    for c in def
        .columns
        .iter()
        .filter(|c| !(def.is_derived() && c.is_template()))
    {
        rows.push(CatalogRow {
            objid_table: def.objid,
            row_type: sysobj::COLUMN,
            id: c.fid(),
            coltyp_or_pgno_fdp: c.coltype_raw,
            space_usage: c.max_length,
            flags: c.flags,
            pages_or_locale: c.code_page,
            record_offset: c.is_fixed().then_some(c.record_offset),
            name: c.name.clone(),
            default_value: c.default_value.clone(),
            ..CatalogRow::default()
        });
    }
    let defaults = IndexExtras::default();
    for (i, ix) in def.indexes.iter().enumerate() {
        rows.push(index_row(
            def.objid,
            ix,
            extras.indexes.get(i).unwrap_or(&defaults),
        )?);
    }
    if let Some(lv) = extras.lv {
        rows.push(lv_row(def.objid, lv));
    }
    rows.sort_by_key(|r| (r.row_type, r.id));
    Ok(rows)
}
