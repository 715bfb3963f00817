//! What a new ESE database holds before any user table exists, and what a user table adds to
//! the catalog, as data and pure functions (no I/O, no B+tree code).
//!
//! Owns:
//! * [`bootstrap`]: the system trees of a new database (database root, `MSysObjects` with its
//!   `Name` and `RootObjects` indexes, `MSysObjectsShadow`, `MSysObjids`, `MSysLocales`): object
//!   ids, FDP pages, extents, space headers and root page flags, as `ErrDBCreateDatabase`
//!   (`db.cxx`), `ErrCATCreate` (`cat.cxx`) and `ErrSPGetExt` (`space.cxx`) allocate them.
//! * [`row`]: [`CatalogRow`], one `MSysObjects` (and `MSysObjectsShadow`) record with every
//!   catalog column, its encoding as ESE lays the record out, and its keys in the catalog's
//!   three indexes.
//! * [`system`]: the catalog rows of a new database (`rgcdescMSO` / `rgidescMSO` of `_cat.cxx`
//!   and the `MSysObjids` / `MSysLocales` definitions of `cat.cxx` and `kvpstore.cxx`).
//! * [`table`]: the catalog rows a user table adds, built from the read path's
//!   [`TableDef`] plus [`TableExtras`] (the catalog facts `TableDef` does
//!   not keep).
//! * [`objids`] and [`locales`]: the records of `MSysObjids` and `MSysLocales`.
//! * [`header`]: the database header of a new, cleanly shut down database created without logs.
//!
//! What must hold: the values here are ESE's for database version 0x620 update 20 (the tests
//! compare them with the sample databases made by Windows); every encoder goes through
//! [`crate::format`], so the bytes are the bytes the read path decodes; nothing panics on any
//! input.

pub mod bootstrap;
pub mod change;
pub mod header;
pub mod locales;
pub mod objids;
pub mod read;
pub mod row;
pub mod system;
pub mod table;

pub use read::{
    column_flags, index_flags, CatalogBuilder, ColumnDef, IndexCondition, IndexDef, KeySegment,
    TableDef, TupleLimits,
};

pub use bootstrap::{Bootstrap, Extent, SystemTree, TreeBootstrap};
pub use header::{new_database_header, HeaderParams};
pub use locales::LocaleRow;
pub use objids::ObjidRow;
pub use row::CatalogRow;
pub use system::new_database_rows;
pub use table::{table_rows, IndexExtras, LvTree, TableExtras};

/// Object id of the database root (`objidSystemRoot`).
pub const OBJID_SYSTEM_ROOT: u32 = 1;
/// Object id of `MSysObjects` (`objidFDPMSO`).
pub const OBJID_MSO: u32 = 2;
/// Object id of `MSysObjectsShadow` (`objidFDPMSOShadow`).
pub const OBJID_MSO_SHADOW: u32 = 3;
/// Object id of the catalog's `Name` index (`objidFDPMSO_NameIndex`).
pub const OBJID_MSO_NAME_INDEX: u32 = 4;
/// Object id of the catalog's `RootObjects` index (`objidFDPMSO_RootObjectIndex`).
pub const OBJID_MSO_ROOT_OBJECTS_INDEX: u32 = 5;
/// Object id ESE gives `MSysObjids` in a new database (the next after the catalog's).
pub const OBJID_MSYS_OBJIDS: u32 = 6;
/// Object id ESE gives `MSysLocales` in a new database.
pub const OBJID_MSYS_LOCALES: u32 = 7;
/// The highest object id of a new database (`objidLast` in its header).
pub const OBJID_LAST_NEW_DATABASE: u32 = OBJID_MSYS_LOCALES;

/// Page of the database root (`pgnoSystemRoot`).
pub const PGNO_SYSTEM_ROOT: u32 = 1;
/// Page of `MSysObjects`' root (`pgnoFDPMSO`).
pub const PGNO_FDP_MSO: u32 = 4;
/// Page of the catalog's `Name` index root (`pgnoFDPMSO_NameIndex`).
pub const PGNO_FDP_MSO_NAME_INDEX: u32 = 7;
/// Page of the catalog's `RootObjects` index root (`pgnoFDPMSO_RootObjectIndex`).
pub const PGNO_FDP_MSO_ROOT_OBJECTS_INDEX: u32 = 10;
/// Page of `MSysObjectsShadow`'s root (`pgnoFDPMSOShadow`).
pub const PGNO_FDP_MSO_SHADOW: u32 = 24;

/// Table names of the system tables.
pub mod names {
    /// The catalog (`szMSO`).
    pub const MSYS_OBJECTS: &str = "MSysObjects";
    /// The catalog's backup copy (`szMSOShadow`).
    pub const MSYS_OBJECTS_SHADOW: &str = "MSysObjectsShadow";
    /// Object id → table map (`szMSObjids`).
    pub const MSYS_OBJIDS: &str = "MSysObjids";
    /// Locale and sort-version counters of localized indexes (`szMSLocales`).
    pub const MSYS_LOCALES: &str = "MSysLocales";
    /// The catalog's primary index (`szMSOIdIndex`).
    pub const MSO_ID_INDEX: &str = "Id";
    /// The catalog's index on (ObjidTable, Type, Name) (`szMSONameIndex`).
    pub const MSO_NAME_INDEX: &str = "Name";
    /// The catalog's index on (RootFlag, Name) (`szMSORootObjectsIndex`).
    pub const MSO_ROOT_OBJECTS_INDEX: &str = "RootObjects";
    /// `MSysObjids`' primary index (`szMSObjidIndex`).
    pub const MSYS_OBJIDS_INDEX: &str = "primary";
    /// `MSysLocales`' primary index (`szMSysKVPTableIndex`).
    pub const MSYS_LOCALES_INDEX: &str = "KeyPrimary";
    /// Name of every long-value tree row (`szLVRoot`).
    pub const LV_ROOT: &str = "LV";
}

/// Row types of the catalog (`SYSOBJ`, the `Type` column).
pub mod sysobj {
    /// A table.
    pub const TABLE: i16 = 1;
    /// A column.
    pub const COLUMN: i16 = 2;
    /// An index.
    pub const INDEX: i16 = 3;
    /// A table's long-value tree.
    pub const LONG_VALUE: i16 = 4;
    /// A table callback.
    pub const CALLBACK: i16 = 5;
}

/// Table flags of the catalog's `Flags` column for table rows (`JET_bitObject*`).
pub mod object_flags {
    /// A system object (`JET_bitObjectSystem`).
    pub const SYSTEM: u32 = 0x8000_0000;
    /// The table's DDL is fixed (`JET_bitObjectTableFixedDDL`).
    pub const TABLE_FIXED_DDL: u32 = 0x4000_0000;
    /// A template table (`JET_bitObjectTableTemplate`).
    pub const TABLE_TEMPLATE: u32 = 0x2000_0000;
    /// A table derived from a template (`JET_bitObjectTableDerived`).
    pub const TABLE_DERIVED: u32 = 0x1000_0000;
    /// A system table created by `CreateTable` (`JET_bitObjectSystemDynamic`, which includes
    /// [`SYSTEM`]).
    pub const SYSTEM_DYNAMIC: u32 = SYSTEM | 0x0800_0000;
    /// Derived tables may not add fixed or variable columns
    /// (`JET_bitObjectTableNoFixedVarColumnsInDerivedTables`).
    pub const TABLE_NO_FIXED_VAR_IN_DERIVED: u32 = 0x0400_0000;
}

/// Persisted index flags (`IDBFLAG` in the low 16 bits of the index row's `Flags`, `IDXFLAG` in
/// the high 16 bits), as `idb.hxx` defines them. The bits shared with
/// [`index_flags`] is this module under the read path's name.
pub mod idb {
    /// Duplicate keys are not allowed (`fidbUnique`).
    pub const UNIQUE: u32 = 0x0001;
    /// Entries are made for keys whose segments are all NULL (`fidbAllowAllNulls`).
    pub const ALLOW_ALL_NULLS: u32 = 0x0002;
    /// The first segment may be NULL (`fidbAllowFirstNull`).
    pub const ALLOW_FIRST_NULL: u32 = 0x0004;
    /// Entries are made for keys with some NULL segments (`fidbAllowSomeNulls`).
    pub const ALLOW_SOME_NULLS: u32 = 0x0008;
    /// No segment may be NULL (`fidbNoNullSeg`).
    pub const NO_NULL_SEG: u32 = 0x0010;
    /// The primary index (`fidbPrimary`).
    pub const PRIMARY: u32 = 0x0020;
    /// The locale was given by the application (`fidbLocaleSet`).
    pub const LOCALE_SET: u32 = 0x0040;
    /// A segment is multi-valued (`fidbMultivalued`).
    pub const MULTI_VALUED: u32 = 0x0080;
    /// An index of a template table (`fidbTemplateIndex`).
    pub const TEMPLATE_INDEX: u32 = 0x0100;
    /// An index inherited from a template table (`fidbDerivedIndex`).
    pub const DERIVED_INDEX: u32 = 0x0200;
    /// A segment is Unicode text (`fidbLocalizedText`).
    pub const LOCALIZED_TEXT: u32 = 0x0400;
    /// NULL sorts after data (`fidbSortNullsHigh`).
    pub const SORT_NULLS_HIGH: u32 = 0x0800;
    /// Every combination of multi-values is indexed (`fidbCrossProduct`).
    pub const CROSS_PRODUCT: u32 = 0x2000;
    /// Updates fail rather than truncate keys (`fidbDisallowTruncation`).
    pub const DISALLOW_TRUNCATION: u32 = 0x4000;
    /// Multi-values of the same sequence number are indexed together (`fidbNestedTable`).
    pub const NESTED_TABLE: u32 = 0x8000;
    /// Key segments are column ids (`fIDXExtendedColumns << 16`), set on every index row ESE
    /// writes.
    pub const EXTENDED_COLUMNS: u32 = 0x0001 << 16;
    /// GUIDs sort in .NET order (`fIDXDotNetGuid << 16`).
    pub const DOT_NET_GUID: u32 = 0x0002 << 16;
    /// Keys are kept unique only by updates that ask for it (`fIDXOptionallyUnique << 16`,
    /// `JET_bitIndexOptionallyUnique`).
    pub const OPTIONALLY_UNIQUE: u32 = 0x0008 << 16;
}

/// `JET_bitIndex*` grbits.
pub mod index_grbit {
    /// `JET_bitIndexUnique`.
    pub const UNIQUE: u32 = 0x0000_0001;
    /// `JET_bitIndexPrimary`.
    pub const PRIMARY: u32 = 0x0000_0002;
    /// `JET_bitIndexDisallowNull`.
    pub const DISALLOW_NULL: u32 = 0x0000_0004;
    /// `JET_bitIndexIgnoreNull`.
    pub const IGNORE_NULL: u32 = 0x0000_0008;
    /// `JET_bitIndexIgnoreAnyNull`.
    pub const IGNORE_ANY_NULL: u32 = 0x0000_0020;
    /// `JET_bitIndexIgnoreFirstNull`.
    pub const IGNORE_FIRST_NULL: u32 = 0x0000_0040;
    /// `JET_bitIndexLazyFlush`.
    pub const LAZY_FLUSH: u32 = 0x0000_0080;
    /// `JET_bitIndexEmpty`.
    pub const EMPTY: u32 = 0x0000_0100;
    /// `JET_bitIndexUnversioned`.
    pub const UNVERSIONED: u32 = 0x0000_0200;
    /// `JET_bitIndexSortNullsHigh`.
    pub const SORT_NULLS_HIGH: u32 = 0x0000_0400;
    /// `JET_bitIndexUnicode`.
    pub const UNICODE: u32 = 0x0000_0800;
    /// `JET_bitIndexTuples`.
    pub const TUPLES: u32 = 0x0000_1000;
    /// `JET_bitIndexTupleLimits`.
    pub const TUPLE_LIMITS: u32 = 0x0000_2000;
    /// `JET_bitIndexCrossProduct`.
    pub const CROSS_PRODUCT: u32 = 0x0000_4000;
    /// `JET_bitIndexKeyMost`.
    pub const KEY_MOST: u32 = 0x0000_8000;
    /// `JET_bitIndexDisallowTruncation`.
    pub const DISALLOW_TRUNCATION: u32 = 0x0001_0000;
    /// `JET_bitIndexNestedTable`.
    pub const NESTED_TABLE: u32 = 0x0002_0000;
    /// `JET_bitIndexDotNetGuid`.
    pub const DOT_NET_GUID: u32 = 0x0004_0000;
    /// `JET_bitIndexImmutableStructure`.
    pub const IMMUTABLE_STRUCTURE: u32 = 0x0008_0000;
    /// `JET_bitIndexOptionallyUnique`.
    pub const OPTIONALLY_UNIQUE: u32 = 0x0040_0000;
}

/// The persisted index flags (`IDBFLAG | IDXFLAG << 16`) ESE stores for an index created with
/// `grbit` (`IDB::SetFlagsFromGrbit` in `fcreate.cxx`, plus the extended-columns bit
/// `ErrCATAddTableIndex` adds). Flags that depend on the key columns (multi-valued, localized
/// text, locale set) and on template tables are not included: the caller adds them.
pub fn idb_flags_from_grbit(grbit: u32) -> u32 {
    use index_grbit as g;
    let mut f = 0;
    if grbit & (g::DISALLOW_NULL | g::IGNORE_ANY_NULL) == 0 {
        f |= idb::ALLOW_SOME_NULLS;
        if grbit & g::IGNORE_FIRST_NULL == 0 {
            f |= idb::ALLOW_FIRST_NULL;
            if grbit & g::IGNORE_NULL == 0 {
                f |= idb::ALLOW_ALL_NULLS;
            }
        }
    }
    if grbit & g::PRIMARY != 0 {
        f |= idb::UNIQUE | idb::PRIMARY;
    } else if grbit & g::UNIQUE != 0 {
        f |= idb::UNIQUE;
    }
    if grbit & g::DISALLOW_NULL != 0 {
        f |= idb::NO_NULL_SEG;
    } else if grbit & g::SORT_NULLS_HIGH != 0 {
        f |= idb::SORT_NULLS_HIGH;
    }
    if grbit & g::CROSS_PRODUCT != 0 {
        f |= idb::CROSS_PRODUCT;
    } else if grbit & g::NESTED_TABLE != 0 {
        f |= idb::NESTED_TABLE;
    }
    if grbit & g::DISALLOW_TRUNCATION != 0 {
        f |= idb::DISALLOW_TRUNCATION;
    }
    if grbit & g::DOT_NET_GUID != 0 {
        f |= idb::DOT_NET_GUID;
    }
    if grbit & g::OPTIONALLY_UNIQUE != 0 {
        f |= idb::OPTIONALLY_UNIQUE;
    }
    f | idb::EXTENDED_COLUMNS
}

/// Density (percent) of tables and indexes created without one (`ulFILEDefaultDensity`).
pub const DEFAULT_DENSITY: u32 = 80;
/// Density of long-value trees (`ulFILEDensityMost`).
pub const LV_DENSITY: u32 = 100;
/// Key size of the catalog's indexes and of indexes created without one (`JET_cbKeyMost_OLD`);
/// the catalog stores `KeyMost` only when it differs.
pub const KEY_MOST_DEFAULT: u16 = 255;
/// The locale of every index created without one (`wszLocaleNameDefault`).
pub const DEFAULT_LOCALE_NAME: &str = "en-US";
/// `LCMapString` flags of every index created without them (`dwLCMapFlagsDefault`:
/// `LCMAP_SORTKEY | NORM_IGNORECASE | NORM_IGNOREKANATYPE | NORM_IGNOREWIDTH`).
pub const DEFAULT_LCMAP_FLAGS: u32 = 0x0003_0401;
/// Code page of every catalog column (`usEnglishCodePage`).
pub const CATALOG_CODE_PAGE: u32 = 1252;
/// Where fixed data starts in a record (`ibRECStartFixedColumns`); the catalog's own fixed
/// columns all say this offset in their rows (ESE places them from its built-in schema).
pub const RECORD_START_FIXED_COLUMNS: u16 = 4;

/// The `SpaceUsage` (`cbMaxLen`) ESE stores for a column of type `coltype` created with
/// `cb_max` (`UlCATColumnSize`): the type's size for fixed-size types, `cb_max` for Text and
/// Binary (255 when 0 or larger), `cb_max` unchanged for long values.
pub fn column_space_usage(coltype: crate::format::coltype::ColumnType, cb_max: u32) -> u32 {
    use crate::format::coltype::ColumnType as T;
    match coltype {
        T::Text | T::Binary => {
            if cb_max == 0 || cb_max > 255 {
                255
            } else {
                cb_max
            }
        }
        t => t.fixed_size().map_or(cb_max, |s| s as u32),
    }
}

/// The record offsets ESE gives fixed columns: in column-id order, the first at 4, each next one
/// after the previous one's size (`sizes` in column-id order; the result in the same order).
pub fn fixed_record_offsets(sizes: &[u32]) -> crate::Result<Vec<u16>> {
    let mut at = u32::from(RECORD_START_FIXED_COLUMNS);
    let mut out = Vec::with_capacity(sizes.len());
    for &s in sizes {
        let off = u16::try_from(at).map_err(|_| {
            crate::Error::with(
                crate::ErrorCode::RecordTooBig,
                "fixed columns past 64 KiB of record",
            )
        })?;
        out.push(off);
        at += s;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::coltype::ColumnType as T;

    #[test]
    fn index_flags_of_the_system_indexes() {
        use index_grbit as g;
        let [id, name, root_objects] = system::MSO_INDEXES;
        assert_eq!(idb_flags_from_grbit(g::PRIMARY | g::DISALLOW_NULL), id.2);
        assert_eq!(idb_flags_from_grbit(g::UNIQUE | g::DISALLOW_NULL), name.2);
        assert_eq!(
            idb_flags_from_grbit(g::UNIQUE | g::IGNORE_FIRST_NULL),
            root_objects.2
        );
        // MSysObjids' and MSysLocales' primary indexes, and a plain primary index.
        assert_eq!(idb_flags_from_grbit(g::PRIMARY), 0x0001_002F);
        assert_eq!(
            idb_flags_from_grbit(g::PRIMARY | g::DISALLOW_TRUNCATION),
            0x0001_402F
        );
        // A non-unique index that ignores any NULL, one with NULLs high, one .NET-ordered.
        assert_eq!(
            idb_flags_from_grbit(g::IGNORE_ANY_NULL),
            idb::EXTENDED_COLUMNS
        );
        assert_eq!(idb_flags_from_grbit(g::SORT_NULLS_HIGH), 0x0001_080E);
        assert_eq!(idb_flags_from_grbit(g::DOT_NET_GUID), 0x0003_000E);
        assert_eq!(idb::EXTENDED_COLUMNS, read::index_flags::EXTENDED_COLUMNS);
        assert_eq!(idb::LOCALIZED_TEXT, read::index_flags::LOCALIZED_TEXT);
    }

    #[test]
    fn column_sizes_and_offsets() {
        assert_eq!(column_space_usage(T::Text, 0), 255);
        assert_eq!(column_space_usage(T::Binary, 100), 100);
        assert_eq!(column_space_usage(T::Binary, 300), 255);
        assert_eq!(column_space_usage(T::LongText, 1024), 1024);
        assert_eq!(column_space_usage(T::LongBinary, 0), 0);
        assert_eq!(column_space_usage(T::Guid, 0), 16);
        assert_eq!(column_space_usage(T::Bit, 7), 1);
        // basic.edb's thirteen fixed columns.
        let sizes = [4, 1, 1, 2, 4, 8, 4, 8, 8, 4, 8, 16, 2];
        assert_eq!(
            fixed_record_offsets(&sizes).unwrap(),
            [4, 8, 9, 10, 12, 16, 24, 28, 36, 44, 48, 56, 72]
        );
        assert!(fixed_record_offsets(&[70_000, 1]).is_err());
    }
}
