//! The catalog rows of a new database: the catalog describing itself and its shadow
//! (`ErrCATPopulateCatalog` and `ErrREPAIRCATCreate` in `cat.cxx`, schema `rgcdescMSO` /
//! `rgidescMSO` in `_cat.cxx`), then the two system tables ESE creates through `CreateTable`
//! (`MSysObjids`: `ErrCATCreateMSObjids` in `cat.cxx`; `MSysLocales`:
//! `CKVPStore::ErrKVPIInitICreateTable` in `kvpstore.cxx`).
//!
//! Every row goes into `MSysObjects` and, with the same bytes, into `MSysObjectsShadow`
//! (`ErrCATInsert` inserts each row into both). A new database has 72 rows: 32 for
//! `MSysObjects` (table, 28 columns, indexes `Id`, `Name`, `RootObjects`), 30 for
//! `MSysObjectsShadow` (table, 28 columns, index `Id`), 5 for `MSysObjids` and 5 for
//! `MSysLocales`.
//!
//! What must hold: the rows are those of every sample database (all created at 0x620,20): 28
//! catalog columns. The current source also lists `PgnoFDPLastSetTime` (column 13), which
//! engines of that version did not have; [`MSO_PGNO_FDP_LAST_SET_TIME`] names it but it is not
//! among the rows.

use super::bootstrap::shadow_initial_pages;
use super::column_flags;
use super::row::{encode_key_segments, CatalogRow};
use super::{
    idb, names, object_flags, sysobj, CATALOG_CODE_PAGE, DEFAULT_DENSITY, DEFAULT_LCMAP_FLAGS,
    DEFAULT_LOCALE_NAME, OBJID_MSO, OBJID_MSO_NAME_INDEX, OBJID_MSO_ROOT_OBJECTS_INDEX,
    OBJID_MSO_SHADOW, OBJID_MSYS_LOCALES, OBJID_MSYS_OBJIDS, PGNO_FDP_MSO, PGNO_FDP_MSO_NAME_INDEX,
    PGNO_FDP_MSO_ROOT_OBJECTS_INDEX, PGNO_FDP_MSO_SHADOW, RECORD_START_FIXED_COLUMNS,
};
use crate::format::coltype::ColumnType;
use crate::Result;

/// Initial pages of `MSysObjects` (`cpgMSOInitial`).
pub const CPG_MSO_INITIAL: u32 = 20;

/// One column of a system table's schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SystemColumn {
    /// Column name.
    pub name: &'static str,
    /// Column id.
    pub id: u32,
    /// Column type.
    pub coltype: ColumnType,
    /// `JET_bitColumnNotNULL`.
    pub not_null: bool,
}

const fn col(name: &'static str, id: u32, coltype: ColumnType, not_null: bool) -> SystemColumn {
    SystemColumn {
        name,
        id,
        coltype,
        not_null,
    }
}

/// The catalog's columns in column-id order, as a 0x620,20 engine creates them (the schema of
/// `rgcdescMSO` without `PgnoFDPLastSetTime`).
pub const MSO_COLUMNS: [SystemColumn; 28] = [
    col("ObjidTable", 1, ColumnType::Long, true),
    col("Type", 2, ColumnType::Short, true),
    col("Id", 3, ColumnType::Long, true),
    col("ColtypOrPgnoFDP", 4, ColumnType::Long, true),
    col("SpaceUsage", 5, ColumnType::Long, true),
    col("Flags", 6, ColumnType::Long, true),
    col("PagesOrLocale", 7, ColumnType::Long, true),
    col("RootFlag", 8, ColumnType::Bit, false),
    col("RecordOffset", 9, ColumnType::Short, false),
    col("LCMapFlags", 10, ColumnType::Long, false),
    col("KeyMost", 11, ColumnType::UnsignedShort, false),
    col("LVChunkMax", 12, ColumnType::Long, false),
    col("Name", 128, ColumnType::Text, true),
    col("Stats", 129, ColumnType::Binary, false),
    col("TemplateTable", 130, ColumnType::Text, false),
    col("DefaultValue", 131, ColumnType::Binary, false),
    col("KeyFldIDs", 132, ColumnType::Binary, false),
    col("VarSegMac", 133, ColumnType::Binary, false),
    col("ConditionalColumns", 134, ColumnType::Binary, false),
    col("TupleLimits", 135, ColumnType::Binary, false),
    col("Version", 136, ColumnType::Binary, false),
    col("SortID", 137, ColumnType::Binary, false),
    col("CallbackData", 256, ColumnType::LongBinary, false),
    col("CallbackDependencies", 257, ColumnType::LongBinary, false),
    col("SeparateLV", 258, ColumnType::LongBinary, false),
    col("SpaceHints", 259, ColumnType::LongBinary, false),
    col("SpaceDeferredLVHints", 260, ColumnType::LongBinary, false),
    col("LocaleName", 261, ColumnType::LongBinary, false),
];

/// The catalog column current engines add (`fidMSO_PgnoFDPLastSetTime`, a file time); absent
/// from 0x620,20 catalogs and from every sample.
pub const MSO_PGNO_FDP_LAST_SET_TIME: SystemColumn =
    col("PgnoFDPLastSetTime", 13, ColumnType::DateTime, false);

/// The catalog's indexes (`rgidescMSO`): name, key columns, persisted flags.
pub const MSO_INDEXES: [(&str, &[u32], u32); 3] = [
    // JET_bitIndexPrimary | JET_bitIndexDisallowNull
    (
        names::MSO_ID_INDEX,
        &[1, 2, 3],
        idb::UNIQUE | idb::PRIMARY | idb::NO_NULL_SEG | idb::EXTENDED_COLUMNS,
    ),
    // JET_bitIndexUnique | JET_bitIndexDisallowNull
    (
        names::MSO_NAME_INDEX,
        &[1, 2, 128],
        idb::UNIQUE | idb::NO_NULL_SEG | idb::EXTENDED_COLUMNS,
    ),
    // JET_bitIndexUnique | JET_bitIndexIgnoreFirstNull
    (
        names::MSO_ROOT_OBJECTS_INDEX,
        &[8, 128],
        idb::UNIQUE | idb::ALLOW_SOME_NULLS | idb::EXTENDED_COLUMNS,
    ),
];

/// The row of a table (`ErrCATAddTable`).
pub fn table_row(
    objid: u32,
    pgno_fdp: u32,
    name: &str,
    density: u32,
    pages: u32,
    flags: u32,
) -> CatalogRow {
    CatalogRow {
        objid_table: objid,
        row_type: sysobj::TABLE,
        id: objid,
        coltyp_or_pgno_fdp: pgno_fdp,
        space_usage: density,
        flags,
        pages_or_locale: pages,
        root_flag: Some(true),
        name: name.to_owned(),
        ..CatalogRow::default()
    }
}

/// A column row as `ErrCATAddTableColumn` writes it: `record_offset` only for fixed columns.
pub fn column_row(
    objid_table: u32,
    c: &SystemColumn,
    space_usage: u32,
    flags: u32,
    code_page: u32,
    record_offset: Option<u16>,
) -> CatalogRow {
    CatalogRow {
        objid_table,
        row_type: sysobj::COLUMN,
        id: c.id,
        coltyp_or_pgno_fdp: c.coltype.as_u32(),
        space_usage,
        flags,
        pages_or_locale: code_page,
        record_offset,
        name: c.name.to_owned(),
        ..CatalogRow::default()
    }
}

/// An index row as `ErrCATAddTableIndex` writes it for an index with the default locale,
/// `LCMapString` flags and 255-byte keys.
pub fn default_index_row(
    objid_table: u32,
    objid_index: u32,
    pgno_fdp: u32,
    name: &str,
    density: u32,
    flags: u32,
    key: &[u32],
) -> Result<CatalogRow> {
    let segments: Vec<(u32, bool)> = key.iter().map(|&c| (c, false)).collect();
    Ok(CatalogRow {
        objid_table,
        row_type: sysobj::INDEX,
        id: objid_index,
        coltyp_or_pgno_fdp: pgno_fdp,
        space_usage: density,
        flags,
        pages_or_locale: 0,
        lc_map_flags: Some(DEFAULT_LCMAP_FLAGS),
        name: name.to_owned(),
        key_fld_ids: Some(encode_key_segments(&segments)?),
        locale_name: Some(DEFAULT_LOCALE_NAME.to_owned()),
        ..CatalogRow::default()
    })
}

/// The rows describing a catalog table (`MSysObjects` or `MSysObjectsShadow`) as
/// `ErrCATPopulateCatalog` inserts them: the table, then its 28 columns. Every column has code
/// page 1252, its type's size (255 for Text and Binary, 0 for long values), only
/// `JET_bitColumnNotNULL` as flag, and fixed columns say record offset 4.
fn catalog_table_rows(objid: u32, pgno_fdp: u32, name: &str, pages: u32) -> Vec<CatalogRow> {
    let mut rows = vec![table_row(
        objid,
        pgno_fdp,
        name,
        DEFAULT_DENSITY,
        pages,
        object_flags::SYSTEM | object_flags::TABLE_FIXED_DDL,
    )];
    for c in &MSO_COLUMNS {
        let fixed = c.id < 128;
        rows.push(column_row(
            objid,
            c,
            super::column_space_usage(c.coltype, 0),
            if c.not_null {
                column_flags::NOT_NULL
            } else {
                0
            },
            CATALOG_CODE_PAGE,
            fixed.then_some(RECORD_START_FIXED_COLUMNS),
        ));
    }
    rows
}

/// The rows of `MSysObjids` (`ErrCATCreateMSObjids`): three tagged columns (`objid`,
/// `objidTable` Long, `type` Short, code page 0) and the primary index `primary` on `objid`
/// (density 100). One page, density 100, flags `SystemDynamic | FixedDDL`; its one initial page
/// is stored as 0 (`ErrFILECreateTableProcessSpaceHints` stores the default of one page as 0).
pub fn msys_objids_rows(pgno_fdp: u32) -> Result<Vec<CatalogRow>> {
    let objid = OBJID_MSYS_OBJIDS;
    let cols = [
        col("objid", 256, ColumnType::Long, false),
        col("objidTable", 257, ColumnType::Long, false),
        col("type", 258, ColumnType::Short, false),
    ];
    let mut rows = vec![table_row(
        objid,
        pgno_fdp,
        names::MSYS_OBJIDS,
        100,
        0,
        object_flags::SYSTEM_DYNAMIC | object_flags::TABLE_FIXED_DDL,
    )];
    for c in &cols {
        rows.push(column_row(
            objid,
            c,
            super::column_space_usage(c.coltype, 0),
            0,
            0,
            None,
        ));
    }
    rows.push(default_index_row(
        objid,
        objid,
        pgno_fdp,
        names::MSYS_OBJIDS_INDEX,
        100,
        super::idb_flags_from_grbit(super::index_grbit::PRIMARY),
        &[256],
    )?);
    Ok(rows)
}

/// The rows of `MSysLocales` (a key-value store, `kvpstore.cxx`): `Type` (UnsignedByte, fixed,
/// not NULL, offset 4), `iValue` (Long, fixed, escrow update, default 0, offset 5), `Key`
/// (Binary, variable) and the primary index `KeyPrimary` on `Key` that disallows truncation
/// (density 92). One page, density 92, flags `SystemDynamic`, pages stored as 0.
pub fn msys_locales_rows(pgno_fdp: u32) -> Result<Vec<CatalogRow>> {
    let objid = OBJID_MSYS_LOCALES;
    let type_col = col("Type", 1, ColumnType::UnsignedByte, true);
    let value_col = col("iValue", 2, ColumnType::Long, false);
    let key_col = col("Key", 128, ColumnType::Binary, false);
    let mut value = column_row(
        objid,
        &value_col,
        4,
        column_flags::DEFAULT | column_flags::ESCROW_UPDATE,
        0,
        Some(5),
    );
    value.default_value = Some(0u32.to_le_bytes().to_vec());
    Ok(vec![
        table_row(
            objid,
            pgno_fdp,
            names::MSYS_LOCALES,
            92,
            0,
            object_flags::SYSTEM_DYNAMIC,
        ),
        column_row(objid, &type_col, 1, column_flags::NOT_NULL, 0, Some(4)),
        value,
        column_row(objid, &key_col, 255, 0, 0, None),
        default_index_row(
            objid,
            objid,
            pgno_fdp,
            names::MSYS_LOCALES_INDEX,
            92,
            super::idb_flags_from_grbit(
                super::index_grbit::PRIMARY | super::index_grbit::DISALLOW_TRUNCATION,
            ),
            &[128],
        )?,
    ])
}

/// The catalog rows of a new database on pages of `page_size` bytes, in primary-key order (the
/// order of the catalog's tree): `MSysObjects` (objid 2), `MSysObjectsShadow` (3), `MSysObjids`
/// (6), `MSysLocales` (7). `MSysObjectsShadow` holds the same rows.
///
/// Errors: `JET_errInvalidParameter` for a page size ESE does not support.
pub fn new_database_rows(page_size: u32) -> Result<Vec<CatalogRow>> {
    let layout = super::Bootstrap::new(page_size, super::bootstrap::DEFAULT_DATABASE_PAGES)?;
    let mut rows = catalog_table_rows(
        OBJID_MSO,
        PGNO_FDP_MSO,
        names::MSYS_OBJECTS,
        CPG_MSO_INITIAL,
    );
    let [id, name, root_objects] = MSO_INDEXES;
    for (index, objid, pgno) in [
        (id, OBJID_MSO, PGNO_FDP_MSO),
        (name, OBJID_MSO_NAME_INDEX, PGNO_FDP_MSO_NAME_INDEX),
        (
            root_objects,
            OBJID_MSO_ROOT_OBJECTS_INDEX,
            PGNO_FDP_MSO_ROOT_OBJECTS_INDEX,
        ),
    ] {
        rows.push(default_index_row(
            OBJID_MSO,
            objid,
            pgno,
            index.0,
            DEFAULT_DENSITY,
            index.2,
            index.1,
        )?);
    }
    rows.extend(catalog_table_rows(
        OBJID_MSO_SHADOW,
        PGNO_FDP_MSO_SHADOW,
        names::MSYS_OBJECTS_SHADOW,
        shadow_initial_pages(page_size),
    ));
    rows.push(default_index_row(
        OBJID_MSO_SHADOW,
        OBJID_MSO_SHADOW,
        PGNO_FDP_MSO_SHADOW,
        id.0,
        DEFAULT_DENSITY,
        id.2,
        id.1,
    )?);
    rows.extend(msys_objids_rows(
        layout.tree(super::SystemTree::Objids).pgno_fdp,
    )?);
    rows.extend(msys_locales_rows(
        layout.tree(super::SystemTree::Locales).pgno_fdp,
    )?);
    Ok(rows)
}
