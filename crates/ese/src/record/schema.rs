//! The JSON schema of `eseutil create DB --schema SCHEMA.json`: its typed form, ESE's
//! validation of it (`ErrFILEIValidateAddColumn`, `ErrFILEIAddColumns`,
//! `ErrFILEIValidateCreateIndex`, `ErrFILEICreateIndexes` in `fcreate.cxx`; `ErrUTILICheckName`
//! in `util.cxx`) and the table definitions ESE would give the tables it describes.
//!
//! ```json
//! {"page_size": 8192,
//!  "tables": [{"name": "people",
//!    "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
//!                {"name": "name", "type": "Text", "cp": 1200, "max_length": 100},
//!                {"name": "tags", "type": "Text", "flags": ["Tagged", "MultiValued"]},
//!                {"name": "n", "type": "Long", "default": 7}],
//!    "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
//!                {"name": "byname", "key": ["+name", "-id"], "key_most": 500},
//!                {"name": "tagged_people", "key": ["+id"],
//!                 "conditions": [{"column": "tags", "must_be_null": false}]}]}]}
//! ```
//!
//! * `page_size`: 4096 (the default), 8192, 16384 or 32768.
//! * a column: `type` is a `JET_coltyp` name without its prefix; `cp` 1200 or 1252 for text
//!   (0 or absent: 1252); `max_length` (`cbMax`); `flags` are `JET_bitColumn` names without the
//!   prefix; `default` is a value written as `eseutil export` writes values (see `import`).
//! * an index: `key` lists the segments, each a column name after `+` (ascending) or `-`
//!   (descending), the first with its sign; `flags` are `JET_bitIndex` names without the
//!   prefix; `key_most` (`cbKeyMost`, implies `KeyMost`) and `var_seg_mac` are optional;
//!   `conditions` (optional, at most 16) make a conditional (sparse) index of the records
//!   whose named columns are NULL (`"must_be_null": true`) or not (`false`), as
//!   `JET_CONDITIONALCOLUMN`s do; a primary index cannot have them. `tuple_limits`
//!   (optional, implies `TupleLimits`: `length_min`, `length_max`, `to_index_max`,
//!   `increment`, `start`, each optional) makes an index over substring tuples, as the flag
//!   `Tuples` alone does with ESE's defaults. `density` (`ulDensity`, 20 to 100, optional:
//!   80) is the percent of a leaf that appends fill.
//! * a table: `density` as an index's (the table's tree follows its primary index's when it
//!   has one, as in ESE); `pages` (`ulPages`, optional) the pages the table's tree is
//!   given at creation, one extent (at least 4, the default); `"template": true` makes a template table (`JET_bitTableCreateTemplateTable`:
//!   fixed DDL, column ids with the template bit `0x80000000`); `"template_table": "<name>"`
//!   derives the table from a template table defined earlier in the document: the template's
//!   columns and indexes are the table's too, its own columns and indexes come after them
//!   (see [`TableSpec::derived_table_def`]).
//!
//! Column ids and record offsets are given as ESE gives them to a new table
//! (`ErrFILEGetNextColumnid`): in definition order, long-value types and `Tagged` columns take
//! tagged ids from 256, fixed-size types and `Fixed` columns fixed ids from 1, Text and Binary
//! variable ids from 128; fixed columns are laid out from offset 4 in the same order.
//!
//! What must hold: a document that validates gives table definitions the encoder and the
//! catalog writer accept; anything ESE would refuse is refused with ESE's code and the path of
//! the offending element. Unknown fields and flag names are errors, not silently dropped.

use super::import::json_cell;
use super::limits::{is_valid_page_size, record_size_most};
use super::row::cell_bytes;
use crate::catalog::change::ColumnLayout;
use crate::catalog::{
    column_flags, index_flags, object_flags, ColumnDef, IndexCondition, IndexDef, KeySegment,
    TableDef, TupleLimits,
};
use crate::format::coltype::{char_to_cp1252, ColumnType, CP_UNICODE, CP_WESTERN};
use crate::format::record::COLUMNID_TEMPLATE;
use crate::{Error, ErrorCode, Result};
use serde_json::{Map, Value as Json};

/// `JET_bitColumn*` grbits.
pub mod column_grbit {
    /// `JET_bitColumnFixed`.
    pub const FIXED: u32 = 0x0000_0001;
    /// `JET_bitColumnTagged`.
    pub const TAGGED: u32 = 0x0000_0002;
    /// `JET_bitColumnNotNULL`.
    pub const NOT_NULL: u32 = 0x0000_0004;
    /// `JET_bitColumnVersion`.
    pub const VERSION: u32 = 0x0000_0008;
    /// `JET_bitColumnAutoincrement`.
    pub const AUTOINCREMENT: u32 = 0x0000_0010;
    /// `JET_bitColumnUpdatable` (output only).
    pub const UPDATABLE: u32 = 0x0000_0020;
    /// `JET_bitColumnTTKey` (temporary tables only).
    pub const TT_KEY: u32 = 0x0000_0040;
    /// `JET_bitColumnTTDescending` (temporary tables only).
    pub const TT_DESCENDING: u32 = 0x0000_0080;
    /// `JET_bitColumnMultiValued`.
    pub const MULTI_VALUED: u32 = 0x0000_0400;
    /// `JET_bitColumnEscrowUpdate`.
    pub const ESCROW_UPDATE: u32 = 0x0000_0800;
    /// `JET_bitColumnUnversioned`.
    pub const UNVERSIONED: u32 = 0x0000_1000;
    /// `JET_bitColumnMaybeNull` (output only).
    pub const MAYBE_NULL: u32 = 0x0000_2000;
    /// `JET_bitColumnFinalize`.
    pub const FINALIZE: u32 = 0x0000_4000;
    /// `JET_bitColumnUserDefinedDefault`.
    pub const USER_DEFINED_DEFAULT: u32 = 0x0000_8000;
    /// `JET_bitColumnDeleteOnZero`.
    pub const DELETE_ON_ZERO: u32 = 0x0002_0000;
    /// `JET_bitColumnCompressed`.
    pub const COMPRESSED: u32 = 0x0008_0000;
    /// `JET_bitColumnEncrypted`.
    pub const ENCRYPTED: u32 = 0x0010_0000;
}

pub use crate::catalog::index_grbit;

const COLUMN_FLAG_NAMES: [(&str, u32); 17] = [
    ("Fixed", column_grbit::FIXED),
    ("Tagged", column_grbit::TAGGED),
    ("NotNULL", column_grbit::NOT_NULL),
    ("Version", column_grbit::VERSION),
    ("Autoincrement", column_grbit::AUTOINCREMENT),
    ("Updatable", column_grbit::UPDATABLE),
    ("TTKey", column_grbit::TT_KEY),
    ("TTDescending", column_grbit::TT_DESCENDING),
    ("MultiValued", column_grbit::MULTI_VALUED),
    ("EscrowUpdate", column_grbit::ESCROW_UPDATE),
    ("Unversioned", column_grbit::UNVERSIONED),
    ("MaybeNull", column_grbit::MAYBE_NULL),
    ("Finalize", column_grbit::FINALIZE),
    ("UserDefinedDefault", column_grbit::USER_DEFINED_DEFAULT),
    ("DeleteOnZero", column_grbit::DELETE_ON_ZERO),
    ("Compressed", column_grbit::COMPRESSED),
    ("Encrypted", column_grbit::ENCRYPTED),
];

const INDEX_FLAG_NAMES: [(&str, u32); 20] = [
    ("Unique", index_grbit::UNIQUE),
    ("Primary", index_grbit::PRIMARY),
    ("DisallowNull", index_grbit::DISALLOW_NULL),
    ("IgnoreNull", index_grbit::IGNORE_NULL),
    ("IgnoreAnyNull", index_grbit::IGNORE_ANY_NULL),
    ("IgnoreFirstNull", index_grbit::IGNORE_FIRST_NULL),
    ("LazyFlush", index_grbit::LAZY_FLUSH),
    ("Empty", index_grbit::EMPTY),
    ("Unversioned", index_grbit::UNVERSIONED),
    ("SortNullsHigh", index_grbit::SORT_NULLS_HIGH),
    ("Unicode", index_grbit::UNICODE),
    ("Tuples", index_grbit::TUPLES),
    ("TupleLimits", index_grbit::TUPLE_LIMITS),
    ("CrossProduct", index_grbit::CROSS_PRODUCT),
    ("KeyMost", index_grbit::KEY_MOST),
    ("DisallowTruncation", index_grbit::DISALLOW_TRUNCATION),
    ("NestedTable", index_grbit::NESTED_TABLE),
    ("DotNetGuid", index_grbit::DOT_NET_GUID),
    ("ImmutableStructure", index_grbit::IMMUTABLE_STRUCTURE),
    ("OptionallyUnique", index_grbit::OPTIONALLY_UNIQUE),
];

/// The longest name (`JET_cbNameMost`).
const NAME_MOST: usize = 64;
/// `JET_ccolKeyMost`.
const KEY_SEGMENTS_MOST: usize = 16;
/// `JET_cbKeyMost_OLD` and `JET_cbKeyMostMin`.
const KEY_MOST_DEFAULT: u32 = 255;
/// `JET_cbColumnMost`.
const CB_COLUMN_MOST: u32 = 255;
/// `JET_cbLVColumnMost`.
const CB_LV_COLUMN_MOST: u32 = 0x7FFF_FFFF;
/// `JET_cbLVDefaultValueMost`.
pub(crate) const LV_DEFAULT_MOST: usize = 255;
/// The page size ESE uses when none is set.
const PAGE_SIZE_DEFAULT: usize = 4096;
/// `LCMAP_SORTKEY | NORM_IGNORECASE | NORM_IGNOREKANATYPE | NORM_IGNOREWIDTH`, the map flags
/// of every index created without its own (`dwLCMapFlagsDefault`).
const LCMAP_FLAGS_DEFAULT: u32 = 0x0003_0401;
/// The locale of every index created without its own.
const LOCALE_DEFAULT: &str = "en-US";

/// A database to create.
#[derive(Clone, Debug, PartialEq)]
pub struct DatabaseSpec {
    /// The page size in bytes.
    pub page_size: usize,
    /// The tables, in definition order.
    pub tables: Vec<TableSpec>,
}

/// A table to create.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TableSpec {
    /// The table name.
    pub name: String,
    /// The columns, in definition order.
    pub columns: Vec<ColumnSpec>,
    /// The indexes, in definition order.
    pub indexes: Vec<IndexSpec>,
    /// A template table (`JET_bitTableCreateTemplateTable`; see
    /// [`TableSpec::template_table_def`]).
    pub template: bool,
    /// The template table the table derives from (`szTemplateTableName`; see
    /// [`TableSpec::derived_table_def`]).
    pub template_table: Option<String>,
    /// The table tree's density in percent (`ulDensity`: 20 to 100; 0 for ESE's default,
    /// [`DEFAULT_DENSITY`](crate::catalog::DEFAULT_DENSITY)).
    pub density: u32,
    /// The pages the table is created with (`ulPages`): its tree's first extent, which its
    /// secondary indexes' first pages come from too; 0 (or fewer than
    /// [`TABLE_INITIAL_PAGES`](crate::db::TABLE_INITIAL_PAGES)) for the default.
    pub pages: u32,
}

/// A column to create (`JET_COLUMNCREATE`).
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnSpec {
    /// The column name.
    pub name: String,
    /// The column type.
    pub coltype: ColumnType,
    /// The code page as given (0 when absent).
    pub cp: u32,
    /// `cbMax` as given (0 when absent).
    pub max_length: u32,
    /// `JET_bitColumn*` grbits (see [`column_grbit`]).
    pub flags: u32,
    /// The default value as written in the document.
    pub default: Option<Json>,
}

/// One key segment of an index to create.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeySegmentSpec {
    /// The column name.
    pub column: String,
    /// Descending (`-`).
    pub descending: bool,
}

/// A table's or index's density as given (`ulDensity`): 0 for ESE's default, else 20 to
/// 100 (`JET_errDensityInvalid` otherwise, as `ErrFILECreateTable` and
/// `ErrFILEICreateIndexes` check).
fn density(d: u32, at: &str) -> Result<u32> {
    match d {
        0 => Ok(crate::catalog::DEFAULT_DENSITY),
        20..=100 => Ok(d),
        _ => Err(err(
            ErrorCode::DensityInvalid,
            at,
            format!("density {d}: 20 to 100, or 0 for the default"),
        )),
    }
}

/// An index to create (`JET_INDEXCREATE`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexSpec {
    /// The index name.
    pub name: String,
    /// The key segments.
    pub key: Vec<KeySegmentSpec>,
    /// `JET_bitIndex*` grbits (see [`index_grbit`]).
    pub flags: u32,
    /// `cbKeyMost` (set with the `KeyMost` flag or the `key_most` field).
    pub key_most: Option<u32>,
    /// `cbVarSegMac`.
    pub var_seg_mac: Option<u32>,
    /// The conditions a record meets to be in the index (`JET_CONDITIONALCOLUMN`s);
    /// empty for an index of every record.
    pub conditions: Vec<IndexConditionSpec>,
    /// The limits of an index over substring tuples as `JET_TUPLELIMITS` gives them (a 0
    /// for any of the first four fields is ESE's default for it), read with
    /// `JET_bitIndexTupleLimits`; `JET_bitIndexTuples` alone takes
    /// [`TupleLimits::DEFAULT`].
    pub tuple_limits: Option<TupleLimits>,
    /// The index tree's density in percent (`ulDensity`: 20 to 100; 0 for ESE's default,
    /// [`DEFAULT_DENSITY`](crate::catalog::DEFAULT_DENSITY)).
    pub density: u32,
}

/// A condition of a conditional index, by column name (see
/// [`IndexCondition`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexConditionSpec {
    /// The column.
    pub column: String,
    /// `JET_bitIndexColumnMustBeNull` (else `JET_bitIndexColumnMustBeNonNull`).
    pub must_be_null: bool,
}

fn err(code: ErrorCode, at: &str, what: impl std::fmt::Display) -> Error {
    Error::with(code, format!("{at}: {what}"))
}

fn invalid(at: &str, what: impl std::fmt::Display) -> Error {
    err(ErrorCode::InvalidParameter, at, what)
}

/// Parses and validates a schema document (see the module header).
pub fn parse_schema(text: &str) -> Result<DatabaseSpec> {
    let doc: Json = serde_json::from_str(text).map_err(|e| {
        Error::with(
            ErrorCode::InvalidParameter,
            format!("schema is not valid JSON: {e}"),
        )
    })?;
    let spec = DatabaseSpec::from_json(&doc)?;
    spec.table_defs()?;
    Ok(spec)
}

/// The object's fields, refusing any not in `known`.
fn object<'a>(v: &'a Json, at: &str, known: &[&str]) -> Result<&'a Map<String, Json>> {
    let obj = v
        .as_object()
        .ok_or_else(|| invalid(at, "an object expected"))?;
    if let Some(k) = obj.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(invalid(at, format!("unknown field {k:?}")));
    }
    Ok(obj)
}

fn string<'a>(obj: &'a Map<String, Json>, key: &str, at: &str) -> Result<&'a str> {
    obj.get(key)
        .and_then(Json::as_str)
        .ok_or_else(|| invalid(at, format!("{key:?} must be a string")))
}

fn number(obj: &Map<String, Json>, key: &str, at: &str) -> Result<Option<u32>> {
    match obj.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| invalid(at, format!("{key:?} must be a number from 0 to 2^32-1"))),
    }
}

fn array<'a>(obj: &'a Map<String, Json>, key: &str, at: &str) -> Result<&'a [Json]> {
    match obj.get(key) {
        None | Some(Json::Null) => Ok(&[]),
        Some(Json::Array(a)) => Ok(a),
        Some(_) => Err(invalid(at, format!("{key:?} must be an array"))),
    }
}

/// Flag names (without or with their `JET_bitColumn`/`JET_bitIndex` prefix, any case).
fn flags(list: &[Json], names: &[(&str, u32)], prefix: &str, at: &str) -> Result<u32> {
    let mut bits = 0;
    for f in list {
        let name = f
            .as_str()
            .ok_or_else(|| invalid(at, "flags must be strings"))?;
        let short = name
            .get(..prefix.len())
            .filter(|p| p.eq_ignore_ascii_case(prefix))
            .map_or(name, |_| &name[prefix.len()..]);
        let bit = names
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(short))
            .map(|&(_, b)| b)
            .ok_or_else(|| {
                err(
                    ErrorCode::InvalidGrbit,
                    at,
                    format!("unknown flag {name:?}"),
                )
            })?;
        bits |= bit;
    }
    Ok(bits)
}

impl DatabaseSpec {
    /// Reads the document's structure (field names and JSON types); ESE's rules are checked by
    /// [`DatabaseSpec::table_defs`].
    pub fn from_json(doc: &Json) -> Result<DatabaseSpec> {
        let obj = object(doc, "schema", &["page_size", "tables"])?;
        let page_size =
            number(obj, "page_size", "schema")?.map_or(PAGE_SIZE_DEFAULT, |p| p as usize);
        let mut tables = Vec::new();
        for (i, t) in array(obj, "tables", "schema")?.iter().enumerate() {
            tables.push(TableSpec::from_json(t, &format!("tables[{i}]"))?);
        }
        Ok(DatabaseSpec { page_size, tables })
    }

    /// Validates the whole schema as ESE would create it and returns each table's definition.
    pub fn table_defs(&self) -> Result<Vec<TableDef>> {
        if !is_valid_page_size(self.page_size) {
            return Err(invalid(
                "page_size",
                format!("{}: 4096, 8192, 16384 or 32768 expected", self.page_size),
            ));
        }
        let mut defs: Vec<TableDef> = Vec::with_capacity(self.tables.len());
        for (i, t) in self.tables.iter().enumerate() {
            let at = format!("tables[{i}]");
            let def = match (&t.template_table, t.template) {
                (Some(_), true) => {
                    return Err(err(
                        ErrorCode::CannotNestDDL,
                        &at,
                        "a template table cannot derive from another",
                    ))
                }
                (Some(name), false) => {
                    let base = defs
                        .iter()
                        .find(|d| d.name.eq_ignore_ascii_case(name))
                        .ok_or_else(|| {
                            err(
                                ErrorCode::ObjectNotFound,
                                &at,
                                format!("no table {name:?} is defined before this one"),
                            )
                        })?;
                    t.derived_table_def(base, self.page_size, &at)?
                }
                (None, true) => t.template_table_def(self.page_size, &at)?,
                (None, false) => t.table_def(self.page_size, &at)?,
            };
            if defs.iter().any(|d| d.name.eq_ignore_ascii_case(&def.name)) {
                return Err(err(
                    ErrorCode::TableDuplicate,
                    &format!("tables[{i}]"),
                    format!("a table named {:?} already exists", def.name),
                ));
            }
            defs.push(def);
        }
        Ok(defs)
    }
}

impl TableSpec {
    fn from_json(v: &Json, at: &str) -> Result<TableSpec> {
        let obj = object(
            v,
            at,
            &[
                "name",
                "columns",
                "indexes",
                "template",
                "template_table",
                "density",
                "pages",
            ],
        )?;
        let name = string(obj, "name", at)?.to_string();
        let at = format!("{at} ({name:?})");
        let mut columns = Vec::new();
        for (i, c) in array(obj, "columns", &at)?.iter().enumerate() {
            columns.push(ColumnSpec::from_json(c, &format!("{at} columns[{i}]"))?);
        }
        let mut indexes = Vec::new();
        for (i, x) in array(obj, "indexes", &at)?.iter().enumerate() {
            indexes.push(IndexSpec::from_json(x, &format!("{at} indexes[{i}]"))?);
        }
        let template = match obj.get("template") {
            None | Some(Json::Null) => false,
            Some(Json::Bool(b)) => *b,
            Some(_) => return Err(invalid(&at, "\"template\" must be true or false")),
        };
        let template_table = match obj.get("template_table") {
            None | Some(Json::Null) => None,
            Some(_) => Some(string(obj, "template_table", &at)?.to_string()),
        };
        Ok(TableSpec {
            name,
            columns,
            indexes,
            template,
            template_table,
            density: number(obj, "density", &at)?.unwrap_or(0),
            pages: number(obj, "pages", &at)?.unwrap_or(0),
        })
    }

    /// The definition ESE gives this table on pages of `page_size` bytes: column ids, record
    /// offsets, catalog flags, index flags and key sizes as ESE stores them. The object id and
    /// root pages are 0, for the engine to fill in.
    pub fn table_def(&self, page_size: usize, at: &str) -> Result<TableDef> {
        self.def_over(None, page_size, at)
    }

    /// The definition of this table as a template table (`JET_bitTableCreateTemplateTable`,
    /// `ErrFILECreateTable`): as [`TableSpec::table_def`], with fixed DDL, its column ids
    /// carrying [`COLUMNID_TEMPLATE`] (their catalog rows flagged `ffieldTemplateColumnESE98`)
    /// and its indexes flagged as template indexes, for tables derived from it to share.
    pub fn template_table_def(&self, page_size: usize, at: &str) -> Result<TableDef> {
        let mut def = self.table_def(page_size, at)?;
        def.flags |= object_flags::TABLE_TEMPLATE | object_flags::TABLE_FIXED_DDL;
        for c in &mut def.columns {
            c.id |= COLUMNID_TEMPLATE;
            c.flags |= column_flags::TEMPLATE_COLUMN_ESE98;
        }
        for ix in &mut def.indexes {
            ix.flags |= index_flags::TEMPLATE_INDEX;
            for s in &mut ix.segments {
                s.column_id |= COLUMNID_TEMPLATE;
            }
            for c in &mut ix.conditions {
                c.column_id |= COLUMNID_TEMPLATE;
            }
        }
        Ok(def)
    }

    /// The definition of this table derived from template table `template` (the
    /// `szTemplateTableName` of `JET_TABLECREATE`), as ESE makes it: the template's columns
    /// are the table's too (same ids), its own fixed and variable columns are numbered and
    /// placed after the template's (tagged ones from 256, told apart by the template bit),
    /// and each template index becomes an index of the table (`ErrFILEICreateInheritedIndexes`:
    /// the primary one over the table's own tree, each other one a tree of its own) before the
    /// table's own indexes, which may use template columns. Errors: those of
    /// [`TableSpec::table_def`], `JET_errDDLNotInheritable` when `template` is no template
    /// table, `JET_errColumnDuplicate` and `JET_errIndexDuplicate` for names the template
    /// has, `JET_errIndexHasPrimary` for a primary index when the template has one.
    pub fn derived_table_def(
        &self,
        template: &TableDef,
        page_size: usize,
        at: &str,
    ) -> Result<TableDef> {
        if !template.is_template() {
            return Err(err(
                ErrorCode::DDLNotInheritable,
                at,
                format!("table {:?} is not a template table", template.name),
            ));
        }
        let mut def = self.def_over(Some(template), page_size, at)?;
        def.flags |= object_flags::TABLE_DERIVED;
        def.template_table = Some(template.name.clone());
        Ok(def)
    }

    /// [`TableSpec::table_def`] of a table derived from `template`, if given.
    fn def_over(
        &self,
        template: Option<&TableDef>,
        page_size: usize,
        at: &str,
    ) -> Result<TableDef> {
        let name = check_name(&self.name, at)?;
        let at = format!("{at} ({name:?})");
        let own = self.column_defs(template, page_size, &at)?;
        let mut columns: Vec<ColumnDef> = template.map_or_else(Vec::new, |t| t.columns.clone());
        columns.extend(own);
        let mut indexes: Vec<IndexDef> = Vec::with_capacity(self.indexes.len());
        for ix in template.iter().flat_map(|t| &t.indexes) {
            let mut ix = ix.clone();
            ix.flags = (ix.flags & !index_flags::TEMPLATE_INDEX) | index_flags::DERIVED_INDEX;
            (ix.objid, ix.root, ix.sort_version) = (0, 0, None);
            indexes.push(ix);
        }
        for (i, ix) in self.indexes.iter().enumerate() {
            let at = format!("{at} indexes[{i}]");
            let def = ix.index_def(&columns, page_size, &at)?;
            if indexes
                .iter()
                .any(|d| d.name.eq_ignore_ascii_case(&def.name))
            {
                return Err(err(
                    ErrorCode::IndexDuplicate,
                    &at,
                    format!("an index named {:?} already exists", def.name),
                ));
            }
            if def.is_primary() && indexes.iter().any(IndexDef::is_primary) {
                return Err(err(
                    ErrorCode::IndexHasPrimary,
                    &at,
                    "the table already has a primary index",
                ));
            }
            indexes.push(def);
        }
        columns.sort_by_key(|c| c.id);
        Ok(TableDef {
            name,
            objid: 0,
            root: 0,
            flags: 0,
            template_table: None,
            columns,
            indexes,
            lv_root: None,
            lv_objid: None,
            lv_chunk_max: 0,
            density: density(self.density, &at)?,
            pages: self.pages,
        })
    }

    /// The columns with the ids and offsets ESE assigns, in definition order; those of a
    /// table derived from `template` follow the template's (`TDB::TDB`'s first field ids and
    /// `ibEndFixedColumns`).
    fn column_defs(
        &self,
        template: Option<&TableDef>,
        page_size: usize,
        at: &str,
    ) -> Result<Vec<ColumnDef>> {
        let inherited = template.map_or(&[][..], |t| &t.columns[..]);
        // ErrFILEIAddColumns checks fixed columns against the record size the primary index
        // leaves, counting 255 key bytes unless the primary index asks for another size.
        let key_most = template
            .and_then(TableDef::primary_index)
            .map(|ix| ix.key_most)
            .filter(|&k| k != 0)
            .or(self
                .indexes
                .iter()
                .find(|ix| ix.flags & index_grbit::PRIMARY != 0)
                .and_then(|ix| ix.key_most))
            .unwrap_or(KEY_MOST_DEFAULT);
        let record_most =
            record_size_most(page_size, key_most as usize).map_err(|e| invalid(at, e))?;
        let layout = ColumnLayout::empty().with_fixed_and_variable(inherited);
        let (mut next_fixed, mut next_var, mut next_tagged) =
            (layout.fixed_last + 1, layout.var_last + 1, 256u32);
        let mut next_offset = layout.end_fixed as usize;
        let has = |flag: u32| inherited.iter().any(|c| c.flags & flag != 0);
        let (mut version, mut autoinc) =
            (has(column_flags::VERSION), has(column_flags::AUTOINCREMENT));
        let mut out: Vec<ColumnDef> = Vec::with_capacity(self.columns.len());
        for (i, c) in self.columns.iter().enumerate() {
            let at = format!("{at} columns[{i}]");
            let mut def = c.validate(&at)?;
            let at = format!("{at} ({:?})", def.name);
            if out
                .iter()
                .chain(inherited)
                .any(|d| d.name.eq_ignore_ascii_case(&def.name))
            {
                return Err(err(
                    ErrorCode::ColumnDuplicate,
                    &at,
                    "a column of that name already exists",
                ));
            }
            let tagged = c.flags & column_grbit::TAGGED != 0 || c.coltype.is_long();
            let fixed =
                !tagged && (c.flags & column_grbit::FIXED != 0 || c.coltype.fixed_size().is_some());
            if fixed && next_offset + c.max_length as usize > record_most {
                return Err(err(
                    ErrorCode::RecordTooBig,
                    &at,
                    format!("fixed columns would pass the record size of {record_most}"),
                ));
            }
            let (id, most) = if tagged {
                (&mut next_tagged, 0xFFFF)
            } else if fixed {
                (&mut next_fixed, 127)
            } else {
                (&mut next_var, 255)
            };
            if *id > most {
                return Err(err(ErrorCode::TooManyColumns, &at, "no column id left"));
            }
            def.id = *id;
            *id += 1;
            if fixed {
                def.record_offset = u16::try_from(next_offset)
                    .map_err(|_| err(ErrorCode::RecordTooBig, &at, "fixed columns past 64 KiB"))?;
                next_offset += def.max_length as usize;
            }
            for (flag, seen, what) in [
                (column_flags::VERSION, &mut version, "version"),
                (column_flags::AUTOINCREMENT, &mut autoinc, "autoincrement"),
            ] {
                if def.flags & flag != 0 {
                    if *seen {
                        return Err(err(
                            ErrorCode::ColumnRedundant,
                            &at,
                            format!("the table already has a {what} column"),
                        ));
                    }
                    *seen = true;
                }
            }
            c.set_default(&mut def, &at)?;
            out.push(def);
        }
        Ok(out)
    }
}

/// ESE's name rules (`ErrUTILICheckName`): 1 to 64 characters of Windows-1252 after trailing
/// spaces are dropped, no leading space, no control characters, `!`, `.`, `[` or `]`.
pub fn check_name(name: &str, at: &str) -> Result<String> {
    let bad = |why: &str| err(ErrorCode::InvalidName, at, format!("name {name:?} {why}"));
    if name.starts_with(' ') {
        return Err(bad("starts with a space"));
    }
    if let Some(c) = name
        .chars()
        .find(|&c| c < ' ' || matches!(c, '!' | '.' | '[' | ']'))
    {
        return Err(bad(&format!("contains {c:?}")));
    }
    if name.chars().any(|c| char_to_cp1252(c).is_none()) {
        return Err(bad("has a character outside Windows-1252"));
    }
    let trimmed = name.trim_end_matches(' ');
    if trimmed.is_empty() {
        return Err(bad("is empty"));
    }
    if name.chars().count() > NAME_MOST {
        return Err(bad(&format!("is longer than {NAME_MOST} characters")));
    }
    Ok(trimmed.to_string())
}

impl ColumnSpec {
    fn from_json(v: &Json, at: &str) -> Result<ColumnSpec> {
        let obj = object(
            v,
            at,
            &["name", "type", "cp", "max_length", "flags", "default"],
        )?;
        let name = string(obj, "name", at)?.to_string();
        let at = format!("{at} ({name:?})");
        let type_name = string(obj, "type", &at)?;
        let coltype = ColumnType::from_name(type_name).ok_or_else(|| {
            err(
                ErrorCode::InvalidColumnType,
                &at,
                format!("unknown column type {type_name:?}"),
            )
        })?;
        Ok(ColumnSpec {
            name,
            coltype,
            cp: number(obj, "cp", &at)?.unwrap_or(0),
            max_length: number(obj, "max_length", &at)?.unwrap_or(0),
            flags: flags(
                array(obj, "flags", &at)?,
                &COLUMN_FLAG_NAMES,
                "JET_bitColumn",
                &at,
            )?,
            default: obj.get("default").filter(|d| !d.is_null()).cloned(),
        })
    }

    /// `ErrFILEIValidateAddColumn`: the column's catalog form without its id and offset.
    fn validate(&self, at: &str) -> Result<ColumnDef> {
        use column_grbit as g;
        let name = check_name(&self.name, at)?;
        let at = &format!("{at} ({name:?})");
        let grbit = self.flags;
        let t = self.coltype;
        let long = t.is_long();
        if self.max_length > CB_LV_COLUMN_MOST {
            return Err(invalid(at, format!("max_length {}", self.max_length)));
        }
        if matches!(t, ColumnType::Nil | ColumnType::SLV) {
            return Err(err(
                ErrorCode::InvalidColumnType,
                at,
                format!("{} cannot be created", t.name()),
            ));
        }
        let code_page = if t.is_text() {
            match self.cp {
                0 => CP_WESTERN,
                CP_WESTERN | CP_UNICODE => self.cp,
                cp => {
                    return Err(err(
                        ErrorCode::InvalidCodePage,
                        at,
                        format!("code page {cp}: 1200 or 1252 expected"),
                    ))
                }
            }
        } else {
            0
        };
        let bad = |code: ErrorCode, why: &str| err(code, at, why);
        if grbit & g::COMPRESSED != 0 && !long {
            return Err(bad(
                ErrorCode::ColumnCannotBeCompressed,
                "only long-value columns can be compressed",
            ));
        }
        if grbit & g::ENCRYPTED != 0 {
            if !long || grbit & g::MULTI_VALUED != 0 || self.default.is_some() {
                return Err(bad(
                    ErrorCode::ColumnCannotBeEncrypted,
                    "only single-valued long-value columns without a default can be encrypted",
                ));
            }
            return Err(bad(
                ErrorCode::FeatureNotAvailable,
                "encrypted columns are not supported",
            ));
        }
        if grbit & g::TAGGED != 0 || long {
            if grbit & g::FIXED != 0 {
                return Err(bad(
                    ErrorCode::InvalidGrbit,
                    "a tagged or long-value column cannot be fixed",
                ));
            }
        } else if grbit & g::MULTI_VALUED != 0 {
            return Err(bad(
                ErrorCode::MultiValuedColumnMustBeTagged,
                "a multi-valued column must be tagged",
            ));
        }
        let mut flags = self.special_flags(at)?;
        if grbit & g::USER_DEFINED_DEFAULT != 0 {
            return Err(bad(
                ErrorCode::FeatureNotAvailable,
                "user-defined defaults (callbacks) are not supported",
            ));
        }
        for (bit, flag) in [
            (g::NOT_NULL, column_flags::NOT_NULL),
            (g::MULTI_VALUED, column_flags::MULTI_VALUED),
            (g::COMPRESSED, column_flags::COMPRESSED),
        ] {
            if grbit & bit != 0 {
                flags |= flag;
            }
        }
        let max_length = match t {
            ColumnType::Text | ColumnType::Binary => match self.max_length {
                0 => CB_COLUMN_MOST,
                n => n.min(CB_COLUMN_MOST),
            },
            _ => t.fixed_size().map_or(self.max_length, |s| s as u32),
        };
        Ok(ColumnDef {
            id: 0,
            name,
            coltype: t,
            coltype_raw: t.as_u32(),
            flags,
            code_page,
            max_length,
            record_offset: 0,
            default_value: None,
        })
    }

    /// The escrow, version and autoincrement rules; their catalog flags.
    fn special_flags(&self, at: &str) -> Result<u32> {
        use column_grbit as g;
        let grbit = self.flags;
        let bad = |code: ErrorCode, why: &str| err(code, at, why);
        let mut flags = 0;
        if grbit & g::ESCROW_UPDATE != 0 {
            if self.coltype != ColumnType::Long {
                return Err(bad(
                    ErrorCode::InvalidGrbit,
                    "escrow columns are Long (LongLong needs a newer database format)",
                ));
            }
            if grbit & g::TAGGED != 0 {
                return Err(bad(ErrorCode::CannotBeTagged, "escrow columns are fixed"));
            }
            if grbit & (g::VERSION | g::AUTOINCREMENT) != 0 || self.default.is_none() {
                return Err(bad(
                    ErrorCode::InvalidGrbit,
                    "an escrow column needs a default and cannot be a version or autoincrement column",
                ));
            }
            if grbit & g::FINALIZE != 0 && grbit & g::DELETE_ON_ZERO != 0 {
                return Err(bad(
                    ErrorCode::InvalidGrbit,
                    "Finalize and DeleteOnZero exclude each other",
                ));
            }
            flags |= column_flags::ESCROW_UPDATE;
            if grbit & g::FINALIZE != 0 {
                flags |= column_flags::FINALIZE;
            }
            if grbit & g::DELETE_ON_ZERO != 0 {
                flags |= column_flags::DELETE_ON_ZERO;
            }
        } else if grbit & (g::FINALIZE | g::DELETE_ON_ZERO) != 0 {
            return Err(bad(
                ErrorCode::InvalidGrbit,
                "Finalize and DeleteOnZero need EscrowUpdate",
            ));
        } else if grbit & (g::VERSION | g::AUTOINCREMENT) != 0 {
            let t = self.coltype;
            let type_ok = if grbit & g::AUTOINCREMENT != 0 {
                matches!(
                    t,
                    ColumnType::Long
                        | ColumnType::LongLong
                        | ColumnType::UnsignedLongLong
                        | ColumnType::Currency
                )
            } else {
                t == ColumnType::Long
            };
            if !type_ok {
                return Err(bad(
                    ErrorCode::InvalidGrbit,
                    "wrong type for a version or autoincrement column",
                ));
            }
            if grbit & g::TAGGED != 0 {
                return Err(bad(
                    ErrorCode::CannotBeTagged,
                    "version and autoincrement columns are fixed",
                ));
            }
            if grbit & g::VERSION != 0 {
                if grbit & g::AUTOINCREMENT != 0 {
                    return Err(bad(
                        ErrorCode::InvalidGrbit,
                        "a column cannot be both version and autoincrement",
                    ));
                }
                flags |= column_flags::VERSION;
            } else {
                flags |= column_flags::AUTOINCREMENT;
            }
        }
        Ok(flags)
    }

    /// Stores the default value: encoded for the column, at most its size
    /// (`JET_errDefaultValueTooBig`; 255 bytes for long values); an empty one is no default.
    fn set_default(&self, def: &mut ColumnDef, at: &str) -> Result<()> {
        let Some(value) = &self.default else {
            return Ok(());
        };
        let cell = json_cell(def, value)?;
        let bytes = cell_bytes(def, &cell)?;
        let most = if def.coltype.is_long() {
            LV_DEFAULT_MOST.min(match def.max_length {
                0 => usize::MAX,
                n => n as usize,
            })
        } else {
            def.max_length as usize
        };
        if bytes.len() > most {
            return Err(err(
                ErrorCode::DefaultValueTooBig,
                at,
                format!("default of {} bytes, at most {most}", bytes.len()),
            ));
        }
        if bytes.is_empty() {
            // ESE takes a default of no bytes as no default (`fDefaultValue = cbDefault > 0`)
            return Ok(());
        }
        if let Some(size) = def.coltype.fixed_size() {
            if bytes.len() != size {
                return Err(err(
                    ErrorCode::InvalidBufferSize,
                    at,
                    format!("default of {} bytes for a {size}-byte type", bytes.len()),
                ));
            }
        }
        def.flags |= column_flags::DEFAULT;
        def.default_value = Some(bytes);
        Ok(())
    }
}

impl IndexSpec {
    fn from_json(v: &Json, at: &str) -> Result<IndexSpec> {
        let obj = object(
            v,
            at,
            &[
                "name",
                "key",
                "flags",
                "key_most",
                "var_seg_mac",
                "conditions",
                "tuple_limits",
                "density",
            ],
        )?;
        let name = string(obj, "name", at)?.to_string();
        let at = format!("{at} ({name:?})");
        let mut key = Vec::new();
        for (i, s) in array(obj, "key", &at)?.iter().enumerate() {
            let s = s
                .as_str()
                .ok_or_else(|| invalid(&at, "key segments must be strings"))?;
            let (descending, column) = match s.as_bytes().first() {
                Some(b'+') => (false, &s[1..]),
                Some(b'-') => (true, &s[1..]),
                _ if i == 0 => {
                    return Err(err(
                        ErrorCode::IndexInvalidDef,
                        &at,
                        format!("the first key segment {s:?} must start with + or -"),
                    ))
                }
                _ => (false, s),
            };
            key.push(KeySegmentSpec {
                column: column.to_string(),
                descending,
            });
        }
        let mut flags = flags(
            array(obj, "flags", &at)?,
            &INDEX_FLAG_NAMES,
            "JET_bitIndex",
            &at,
        )?;
        let key_most = number(obj, "key_most", &at)?;
        if key_most.is_some() {
            flags |= index_grbit::KEY_MOST;
        }
        let tuple_limits = tuple_limits(obj, &at)?;
        if tuple_limits.is_some() {
            flags |= index_grbit::TUPLE_LIMITS;
        }
        Ok(IndexSpec {
            name,
            key,
            flags,
            key_most,
            var_seg_mac: number(obj, "var_seg_mac", &at)?,
            conditions: conditions(obj, &at)?,
            tuple_limits,
            density: number(obj, "density", &at)?.unwrap_or(0),
        })
    }

    /// `ErrFILEIValidateCreateIndex` and the key checks of `ErrFILEICreateIndexes`: the
    /// index's catalog form over `columns`.
    pub(crate) fn index_def(
        &self,
        columns: &[ColumnDef],
        page_size: usize,
        at: &str,
    ) -> Result<IndexDef> {
        use index_grbit as g;
        let name = check_name(&self.name, at)?;
        let at = &format!("{at} ({name:?})");
        let grbit = self.flags;
        let bad = |code: ErrorCode, why: String| err(code, at, why);
        let key_most = if grbit & g::KEY_MOST != 0 {
            let most = if page_size == 4096 { 1000 } else { 2000 };
            match self.key_most {
                Some(k) if (KEY_MOST_DEFAULT..=most).contains(&k) => k,
                k => {
                    return Err(bad(
                        ErrorCode::IndexInvalidDef,
                        format!("key_most {k:?}: from 255 to {most} on {page_size}-byte pages"),
                    ))
                }
            }
        } else {
            KEY_MOST_DEFAULT
        };
        let var_seg_mac = match self.var_seg_mac {
            None | Some(0) => key_most,
            Some(v) if v <= key_most => v,
            Some(v) => {
                return Err(bad(
                    ErrorCode::IndexInvalidDef,
                    format!("var_seg_mac {v} is larger than the key size {key_most}"),
                ))
            }
        };
        let primary = grbit & g::PRIMARY != 0;
        let ignore = g::IGNORE_NULL | g::IGNORE_ANY_NULL | g::IGNORE_FIRST_NULL;
        if primary && grbit & ignore != 0 {
            return Err(bad(
                ErrorCode::InvalidGrbit,
                "a primary index cannot ignore NULLs".into(),
            ));
        }
        if grbit & g::CROSS_PRODUCT != 0 && grbit & g::NESTED_TABLE != 0 {
            return Err(bad(
                ErrorCode::InvalidGrbit,
                "CrossProduct and NestedTable exclude each other".into(),
            ));
        }
        if grbit & g::EMPTY != 0 && grbit & g::IGNORE_ANY_NULL == 0 {
            return Err(bad(
                ErrorCode::InvalidGrbit,
                "Empty needs IgnoreAnyNull".into(),
            ));
        }
        if grbit & g::UNICODE != 0 {
            return Err(bad(
                ErrorCode::IndexInvalidDef,
                "Unicode needs a locale and map flags, which the schema cannot give".into(),
            ));
        }
        if grbit & g::OPTIONALLY_UNIQUE != 0 && grbit & (g::PRIMARY | g::UNIQUE) != 0 {
            // `ErrFILEICheckIndexDef`: only a secondary index that is not unique can be.
            return Err(bad(
                ErrorCode::InvalidGrbit,
                "OptionallyUnique is for secondary indexes that are not Unique".into(),
            ));
        }
        let tuple_limits = if grbit & (g::TUPLES | g::TUPLE_LIMITS) != 0 {
            Some(tuple_limits_of(self, key_most, var_seg_mac, &bad)?)
        } else {
            None
        };
        if self.key.is_empty() || self.key.len() > KEY_SEGMENTS_MOST {
            return Err(bad(
                ErrorCode::IndexInvalidDef,
                format!("{} key segments: 1 to 16 expected", self.key.len()),
            ));
        }
        let mut flags = crate::catalog::idb_flags_from_grbit(grbit);
        let mut segments = Vec::with_capacity(self.key.len());
        for s in &self.key {
            let col = columns
                .iter()
                .find(|c| c.name.eq_ignore_ascii_case(s.column.trim_end_matches(' ')))
                .ok_or_else(|| {
                    bad(
                        ErrorCode::ColumnNotFound,
                        format!("key column {:?} is not in the table", s.column),
                    )
                })?;
            if col.flags & column_flags::ESCROW_UPDATE != 0 {
                return Err(bad(
                    ErrorCode::CannotIndex,
                    format!("escrow column {:?} cannot be indexed", col.name),
                ));
            }
            if tuple_limits.is_some()
                && segments.is_empty()
                && !(col.coltype.is_text() || col.coltype.is_binary())
            {
                return Err(bad(
                    ErrorCode::IndexTuplesTextBinaryColumnsOnly,
                    format!(
                        "the first column of an index over substring tuples must be text or \
                         binary, not {} ({:?})",
                        col.coltype.name(),
                        col.name
                    ),
                ));
            }
            if col.is_multi_valued() {
                if primary {
                    return Err(bad(
                        ErrorCode::IndexInvalidDef,
                        format!("primary index over multi-valued column {:?}", col.name),
                    ));
                }
                flags |= index_flags::MULTI_VALUED;
            }
            if col.coltype.is_text() && col.code_page == CP_UNICODE {
                flags |= index_flags::LOCALIZED_TEXT;
            }
            segments.push(KeySegment {
                column_id: col.id,
                descending: s.descending,
            });
        }
        let conditions = self.condition_defs(columns, primary, at)?;
        let (key_most, var_seg_mac) = if primary {
            minimize_key_most(&segments, columns, key_most, var_seg_mac)
        } else {
            (key_most, var_seg_mac)
        };
        Ok(IndexDef {
            name,
            objid: 0,
            root: 0,
            flags,
            segments,
            lcmap_flags: LCMAP_FLAGS_DEFAULT,
            lcid: 0,
            locale_name: Some(LOCALE_DEFAULT.to_string()),
            // The catalog stores KeyMost only when it is not 255, VarSegMac only when it
            // differs from KeyMost; the read path reports 0 for what is not stored.
            key_most: if key_most == KEY_MOST_DEFAULT {
                0
            } else {
                key_most
            },
            var_seg_mac: if var_seg_mac == key_most {
                0
            } else {
                var_seg_mac
            },
            // Keys over Unicode text are made by this engine's own normalization.
            sort_version: (flags & index_flags::LOCALIZED_TEXT != 0)
                .then_some(crate::format::key::UNICODE_KEY_IDENTITY),
            conditions,
            tuples: tuple_limits.is_some(),
            tuple_limits,
            density: density(self.density, at)?,
        })
    }

    /// The conditions over `columns` (`ErrFILEICreateIndexes`): at most 16, on columns
    /// of the table, none on the primary index (every record is in it).
    fn condition_defs(
        &self,
        columns: &[ColumnDef],
        primary: bool,
        at: &str,
    ) -> Result<Vec<IndexCondition>> {
        if self.conditions.is_empty() {
            return Ok(Vec::new());
        }
        if primary {
            return Err(err(
                ErrorCode::IndexInvalidDef,
                at,
                "a primary index holds every record: it cannot be conditional",
            ));
        }
        if self.conditions.len() > CONDITIONAL_COLUMNS_MOST {
            return Err(err(
                ErrorCode::IndexInvalidDef,
                at,
                format!(
                    "{} conditional columns: at most {CONDITIONAL_COLUMNS_MOST}",
                    self.conditions.len()
                ),
            ));
        }
        self.conditions
            .iter()
            .map(|c| {
                let col = columns
                    .iter()
                    .find(|x| x.name.eq_ignore_ascii_case(c.column.trim_end_matches(' ')))
                    .ok_or_else(|| {
                        err(
                            ErrorCode::ColumnNotFound,
                            at,
                            format!("conditional column {:?} is not in the table", c.column),
                        )
                    })?;
                Ok(IndexCondition {
                    column_id: col.id,
                    must_be_null: c.must_be_null,
                })
            })
            .collect()
    }
}

/// `JET_ccolKeyMost`, the bound on conditional columns (`cConditionalColumn`).
const CONDITIONAL_COLUMNS_MOST: usize = 16;

/// An index's `conditions`: `[{"column": NAME, "must_be_null": BOOL}, ...]`.
/// An index's `tuple_limits` object: `length_min`, `length_max`, `to_index_max`,
/// `increment` and `start`, each optional (ESE's default where left out).
fn tuple_limits(obj: &Map<String, Json>, at: &str) -> Result<Option<TupleLimits>> {
    let Some(v) = obj.get("tuple_limits") else {
        return Ok(None);
    };
    let o = object(
        v,
        at,
        &[
            "length_min",
            "length_max",
            "to_index_max",
            "increment",
            "start",
        ],
    )?;
    let d = TupleLimits::DEFAULT;
    Ok(Some(TupleLimits {
        length_min: number(o, "length_min", at)?.unwrap_or(d.length_min),
        length_max: number(o, "length_max", at)?.unwrap_or(d.length_max),
        to_index_max: number(o, "to_index_max", at)?.unwrap_or(d.to_index_max),
        increment: number(o, "increment", at)?.unwrap_or(d.increment),
        start: number(o, "start", at)?.unwrap_or(d.start),
    }))
}

/// `ErrFILEIValidateCreateIndex`'s checks of an index over substring tuples: secondary
/// (`JET_errIndexTuplesSecondaryIndexOnly`), not unique (`JET_errIndexTuplesNonUniqueOnly`),
/// no `var_seg_mac` below the key size (`JET_errIndexTuplesVarSegMacNotAllowed`), limits
/// with `JET_bitIndexTupleLimits` (`JET_errIndexInvalidDef`) and within ESE's bounds
/// (`JET_errIndexTuplesInvalidLimits`: lengths from 2 to 255, the shortest not above the
/// longest, at most 32,767 substrings, each field below 65,536). Returns the limits in
/// force, a 0 in the given ones (and a start of `u32::MAX`, ESE's -1) taking the default.
fn tuple_limits_of(
    spec: &IndexSpec,
    key_most: u32,
    var_seg_mac: u32,
    bad: &dyn Fn(ErrorCode, String) -> Error,
) -> Result<TupleLimits> {
    use index_grbit as g;
    let grbit = spec.flags;
    if grbit & g::PRIMARY != 0 {
        return Err(bad(
            ErrorCode::IndexTuplesSecondaryIndexOnly,
            "an index over substring tuples must be a secondary index".into(),
        ));
    }
    if grbit & g::UNIQUE != 0 {
        return Err(bad(
            ErrorCode::IndexTuplesNonUniqueOnly,
            "an index over substring tuples cannot be unique".into(),
        ));
    }
    if var_seg_mac < key_most {
        return Err(bad(
            ErrorCode::IndexTuplesVarSegMacNotAllowed,
            "an index over substring tuples cannot limit its segments (var_seg_mac)".into(),
        ));
    }
    let given = if grbit & g::TUPLE_LIMITS != 0 {
        spec.tuple_limits.ok_or_else(|| {
            bad(
                ErrorCode::IndexInvalidDef,
                "JET_bitIndexTupleLimits without the limits".into(),
            )
        })?
    } else {
        TupleLimits::DEFAULT
    };
    let d = TupleLimits::DEFAULT;
    let most = u32::from(u16::MAX);
    if given.length_min > most
        || given.length_max > most
        || given.to_index_max > most
        || given.increment > most
        || given.start > most && given.start != u32::MAX
    {
        return Err(bad(
            ErrorCode::IndexTuplesInvalidLimits,
            format!("tuple limits {given:?} past 65,535"),
        ));
    }
    let or = |v: u32, dv: u32| if v == 0 { dv } else { v };
    let t = TupleLimits {
        length_min: or(given.length_min, d.length_min),
        length_max: or(given.length_max, d.length_max),
        to_index_max: or(given.to_index_max, d.to_index_max),
        increment: or(given.increment, d.increment),
        start: if given.start == u32::MAX {
            d.start
        } else {
            given.start
        },
    };
    if !(2..=255).contains(&t.length_min)
        || !(2..=255).contains(&t.length_max)
        || t.length_min > t.length_max
        || t.to_index_max > 0x7fff
    {
        return Err(bad(
            ErrorCode::IndexTuplesInvalidLimits,
            format!(
                "tuple limits: lengths {} to {} (2 to 255, the shortest first), {} substrings \
                 (at most 32,767)",
                t.length_min, t.length_max, t.to_index_max
            ),
        ));
    }
    Ok(t)
}

fn conditions(obj: &Map<String, Json>, at: &str) -> Result<Vec<IndexConditionSpec>> {
    let Some(list) = obj.get("conditions") else {
        return Ok(Vec::new());
    };
    let list = list
        .as_array()
        .ok_or_else(|| invalid(at, "conditions must be a list"))?;
    list.iter()
        .map(|c| {
            let o = object(c, at, &["column", "must_be_null"])?;
            let column = string(o, "column", at)?.to_string();
            let must_be_null = match o.get("must_be_null") {
                Some(Json::Bool(b)) => *b,
                _ => {
                    return Err(invalid(
                        at,
                        format!("condition on {column:?}: must_be_null must be true or false"),
                    ))
                }
            };
            Ok(IndexConditionSpec {
                column,
                must_be_null,
            })
        })
        .collect()
}

/// `FILEIMinimizePrimaryCbKeyMost`: a primary index whose key cannot be as long as its key
/// size gets the longest key it can have (so records get the space): one prefix byte plus the
/// value for fixed-size types, the fixed size for fixed Binary; text and variable binary keep
/// the key size unless `VarSegMac` bounds them.
fn minimize_key_most(
    segments: &[KeySegment],
    columns: &[ColumnDef],
    key_most: u32,
    var_seg_mac: u32,
) -> (u32, u32) {
    let limited = var_seg_mac != key_most;
    let mut actual = 0u32;
    for s in segments {
        let Some(col) = columns.iter().find(|c| c.id == s.column_id) else {
            return (key_most, var_seg_mac);
        };
        actual += match col.coltype {
            t if t.fixed_size().is_some() => 1 + col.max_length,
            ColumnType::Text | ColumnType::LongText if limited => var_seg_mac,
            ColumnType::Binary | ColumnType::LongBinary if limited && col.is_fixed() => {
                (1 + col.max_length).min(var_seg_mac)
            }
            ColumnType::Binary | ColumnType::LongBinary if limited => var_seg_mac,
            ColumnType::Binary if col.is_fixed() => 1 + col.max_length,
            _ => return (key_most, var_seg_mac),
        };
    }
    if actual < key_most {
        (actual, var_seg_mac.min(actual))
    } else {
        (key_most, var_seg_mac)
    }
}
