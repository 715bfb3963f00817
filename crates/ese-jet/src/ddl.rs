//! Schema: `JetCreateTable`, `JetCreateTableColumnIndex`, `JetAddColumn`,
//! `JetDeleteColumn(2)`, `JetCreateIndex(2)`, `JetDeleteIndex`, `JetDeleteTable`,
//! `JetRenameTable`, and the info queries (`JetGetTableColumnInfo`, `JetGetColumnInfo`,
//! `JetGetTableIndexInfo`, `JetGetIndexInfo`, `JetGetTableInfo`, `JetGetObjectInfo`'s
//! table list).
//!
//! What must hold: every schema change runs in the session's transaction (a rollback
//! undoes it); a cursor used for a change sees it at once (the facade reopens its engine
//! cursor on the new definition, keeping its index and record when they still exist);
//! key strings follow esent.h (`"+col\0-col2\0\0"`).

use crate::consts::*;
use crate::cursor::{self, CursorState};
use crate::registry::{self, err};
use crate::{JetResult, JET_COLUMNID, JET_DBID, JET_GRBIT, JET_SESID, JET_TABLEID};
use ese::catalog::{column_flags, idb};
use ese::db::{ColumnDef, IndexDef, TableDef};
use ese::format::coltype::ColumnType;
use ese::record::schema::{ColumnSpec, IndexSpec, KeySegmentSpec, TableSpec};
use ese::{ErrorCode, Warning};
use std::sync::Arc;

/// `JET_COLUMNDEF`: a column's definition.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JET_COLUMNDEF {
    /// The column id (output).
    pub columnid: JET_COLUMNID,
    /// `JET_coltyp*`.
    pub coltyp: u32,
    /// Unused (country code).
    pub wCountry: u16,
    /// Unused (language id).
    pub langid: u16,
    /// Code page of text columns (1200 or 1252; 0 means 1252).
    pub cp: u16,
    /// Unused (collation).
    pub wCollate: u16,
    /// Longest value in bytes (0: the type's default).
    pub cbMax: u32,
    /// `JET_bitColumn*`.
    pub grbit: JET_GRBIT,
}

/// A row of the column list (`JET_ColInfoList`, `JET_ColInfoBase`'s `JET_COLUMNBASE`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JET_COLUMNBASE {
    /// The definition.
    pub def: JET_COLUMNDEF,
    /// The table the column belongs to: a derived table's template columns belong to the
    /// template table.
    pub szBaseTableName: String,
    /// The column name.
    pub szBaseColumnName: String,
    /// The default value as the catalog holds it (`JET_COLUMNLIST`'s `Default` column),
    /// if the column has one.
    pub pvDefault: Option<Vec<u8>>,
}

/// `JET_COLUMNCREATE`: one column of `JetCreateTableColumnIndex`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JET_COLUMNCREATE {
    /// The name.
    pub szColumnName: String,
    /// `JET_coltyp*`.
    pub coltyp: u32,
    /// Longest value in bytes (0: the type's default).
    pub cbMax: u32,
    /// `JET_bitColumn*`.
    pub grbit: JET_GRBIT,
    /// The default value, if any.
    pub pvDefault: Option<Vec<u8>>,
    /// Code page of text columns.
    pub cp: u32,
    /// Set by the call: the column id.
    pub columnid: JET_COLUMNID,
    /// Set by the call: this column's result.
    pub err: i32,
}

/// `JET_INDEXCREATE`: one index of `JetCreateIndex2` or `JetCreateTableColumnIndex`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JET_INDEXCREATE {
    /// The name.
    pub szIndexName: String,
    /// The key string: `"+col\0-col2\0\0"` (the final NULs may be left out).
    pub szKey: String,
    /// `JET_bitIndex*`.
    pub grbit: JET_GRBIT,
    /// Density in percent (0: 80).
    pub ulDensity: u32,
    /// Locale id (accepted; keys use the engine's collation).
    pub lcid: u32,
    /// Longest normalized variable segment (0: no limit). In C it shares its place
    /// with `ptuplelimits`, which `JET_bitIndexTupleLimits` selects.
    pub cbVarSegMac: u32,
    /// The limits of an index over substring tuples, read with
    /// `JET_bitIndexTupleLimits` (`JET_errIndexInvalidDef` without them);
    /// `JET_bitIndexTuples` alone takes the instance's `JET_paramIndexTuples*`.
    pub ptuplelimits: Option<JET_TUPLELIMITS>,
    /// Longest key, with `JET_bitIndexKeyMost`.
    pub cbKeyMost: u32,
    /// The conditions of a conditional (sparse) index: a record is in it only
    /// when each column is NULL or not, as its entry says.
    pub rgconditionalcolumn: Vec<JET_CONDITIONALCOLUMN>,
    /// Set by the call: this index's result.
    pub err: i32,
}

/// `JET_TUPLELIMITS`: which substrings an index over substring tuples holds (a 0 in
/// any of the first four fields is ESE's default for it: 3, 10, 32,767 and 1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JET_TUPLELIMITS {
    /// The shortest substring indexed, in characters (2 to 255).
    pub chLengthMin: u32,
    /// The longest substring indexed, in characters (2 to 255; longer ones are cut).
    pub chLengthMax: u32,
    /// How many substrings of one value are indexed at most (up to 32,767).
    pub chToIndexMax: u32,
    /// The step between two substrings' starts, in characters.
    pub cchIncrement: u32,
    /// Where the first substring starts, in characters.
    pub ichStart: u32,
}

/// `JET_CONDITIONALCOLUMN`: a condition of a conditional index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JET_CONDITIONALCOLUMN {
    /// The column.
    pub szColumnName: String,
    /// `JET_bitIndexColumnMustBeNull` or `JET_bitIndexColumnMustBeNonNull` (exactly
    /// one; else `JET_errInvalidGrbit`).
    pub grbit: JET_GRBIT,
}

/// `JET_TABLECREATE`: `JetCreateTableColumnIndex`'s table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JET_TABLECREATE {
    /// The table name.
    pub szTableName: String,
    /// The template table the new table derives from: its columns and indexes are the new
    /// table's too, and cannot be changed through it (`JET_errFixedInheritedDDL`).
    pub szTemplateTableName: Option<String>,
    /// The pages the table's tree is given at creation, in one extent, from which its
    /// secondary indexes' trees take their first pages too (0, or fewer than 4: 4, the
    /// default); `JET_TblInfoSpaceAlloc` reports it.
    pub ulPages: u32,
    /// Density in percent (0: 80).
    pub ulDensity: u32,
    /// The columns.
    pub rgcolumncreate: Vec<JET_COLUMNCREATE>,
    /// The indexes.
    pub rgindexcreate: Vec<JET_INDEXCREATE>,
    /// `JET_bitTableCreate*`.
    pub grbit: JET_GRBIT,
    /// Set by the call: an exclusive cursor on the new table.
    pub tableid: JET_TABLEID,
    /// Set by the call: objects created (1 + columns + indexes).
    pub cCreated: u32,
}

/// An index's definition as the info queries give it (`JET_IdxInfo*`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JET_INDEXINFO {
    /// The name.
    pub szIndexName: String,
    /// `JET_bitIndex*`.
    pub grbit: JET_GRBIT,
    /// The key string (`"+col\0-col2\0\0"`).
    pub szKey: String,
    /// The key columns in order, with descending flags.
    pub segments: Vec<(String, bool)>,
    /// `JET_IdxInfoKeyMost`.
    pub cbKeyMost: u32,
    /// `JET_IdxInfoVarSegMac`.
    pub cbVarSegMac: u32,
    /// `JET_IdxInfoLCID`.
    pub lcid: u32,
    /// `JET_IdxInfoLocaleName`.
    pub szLocaleName: Option<String>,
    /// The `LCMapString` flags of Unicode text segments (`JET_UNICODEINDEX::dwMapFlags`).
    pub dwMapFlags: u32,
    /// The conditions of a conditional index: column name, and whether it must be NULL.
    pub conditions: Vec<(String, bool)>,
    /// The limits of an index over substring tuples.
    pub tuple_limits: Option<JET_TUPLELIMITS>,
    /// The index's page density in percent, as the catalog keeps it
    /// (`JET_IdxInfoSpaceAlloc`).
    pub ulDensity: u32,
    /// The object id of the index's tree (the table's for the primary index):
    /// `JET_IdxInfoIndexId` names the index by it and [`Self::pgnoFDP`].
    pub objidFDP: u32,
    /// The root page of the index's tree.
    pub pgnoFDP: u32,
    /// The object id of the index's table.
    pub objidTable: u32,
    /// The sort order its Unicode text keys were made by, as the catalog keeps it: the
    /// 64-bit version (`JET_IdxInfoSortVersion` is its high half, NLS's version;
    /// `JET_IdxInfoDefinedSortVersion` its low half) and the sort id
    /// (`JET_IdxInfoSortId`); zeros when the catalog keeps none.
    pub qwSortVersion: u64,
    /// The sort id (see [`Self::qwSortVersion`]).
    pub sortId: [u8; 16],
}

/// `JetGetTableInfo`'s answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JET_TABLEINFO {
    /// `JET_TblInfoName`.
    pub szTableName: String,
    /// `JET_TblInfoDbid`.
    pub dbid: JET_DBID,
    /// Columns.
    pub ccolumns: u32,
    /// Indexes.
    pub cindexes: u32,
    /// Records (counted).
    pub crecords: u64,
    /// Leaf pages of the tree holding the records (`JET_OBJECTINFO`'s `cPage`).
    pub cpages: u64,
    /// The catalog's table flags (`JET_bitObjectTableFixedDDL`, `JET_bitObjectTableTemplate`,
    /// `JET_bitObjectTableDerived` …; `JET_OBJECTINFO`'s `flags`).
    pub flags: u32,
    /// `JET_TblInfoTemplateTableName`: the template table the table derives from ("" for
    /// none).
    pub szTemplateTableName: String,
}

/// What `JetComputeStats` gathers of one index (`JET_INDEXLIST`'s `cKey`, `cEntry` and
/// `cPage`), computed when asked.
pub use ese::db::IndexStats;

fn check_density(d: u32) -> JetResult<()> {
    if d == 0 || (20..=100).contains(&d) {
        Ok(())
    } else {
        Err(err(
            ErrorCode::DensityInvalid,
            format!("density {d}: 20 to 100, or 0"),
        ))
    }
}

/// The segments of an esent.h key string.
pub(crate) fn parse_key(key: &str) -> JetResult<Vec<KeySegmentSpec>> {
    let bad = |what: &str| err(ErrorCode::IndexInvalidDef, format!("key {key:?}: {what}"));
    let body = match key.find("\0\0") {
        Some(i) => {
            if key.len() > i + 2 {
                return Err(bad("text after the double NUL"));
            }
            &key[..i]
        }
        None => key.strip_suffix('\0').unwrap_or(key),
    };
    let mut out = Vec::new();
    for (i, part) in body.split('\0').enumerate() {
        let (descending, name) = match part.as_bytes().first() {
            Some(b'+') => (false, &part[1..]),
            Some(b'-') => (true, &part[1..]),
            _ if i == 0 => return Err(bad("the first segment needs + or -")),
            _ => (false, part),
        };
        if name.is_empty() {
            return Err(bad("an empty segment"));
        }
        out.push(KeySegmentSpec {
            column: name.to_string(),
            descending,
        });
    }
    if out.is_empty() || out.len() > JET_ccolKeyMost as usize {
        return Err(bad("1 to 16 segments"));
    }
    Ok(out)
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The engine's column spec for a Jet column definition; the warning when cbMax was
/// clipped to 255.
fn column_spec(
    name: &str,
    coltyp: u32,
    cp: u32,
    cb_max: u32,
    grbit: JET_GRBIT,
    default: Option<&[u8]>,
) -> JetResult<(ColumnSpec, Option<Warning>)> {
    let coltype = ColumnType::from_u32(coltyp)
        .filter(|t| !matches!(t, ColumnType::Nil | ColumnType::SLV))
        .ok_or_else(|| err(ErrorCode::InvalidColumnType, format!("coltyp {coltyp}")))?;
    let mut max_length = cb_max;
    let mut warning = None;
    if matches!(coltype, ColumnType::Text | ColumnType::Binary) && cb_max > 255 {
        max_length = 255;
        warning = Some(Warning::ColumnMaxTruncated);
    }
    let default = default
        .filter(|d| !d.is_empty())
        .map(|d| serde_json::json!({"undecodable": "default", "raw": hex(d)}));
    Ok((
        ColumnSpec {
            name: name.to_string(),
            coltype,
            cp,
            max_length,
            flags: grbit,
            default,
        },
        warning,
    ))
}

/// The tuple limits `JET_bitIndexTuples` takes without `JET_bitIndexTupleLimits`: the
/// session's instance's `JET_paramIndexTuples*` (ESE's `ErrFILEIValidateCreateIndex`).
fn tuple_defaults(sesid: JET_SESID) -> JetResult<ese::catalog::TupleLimits> {
    let s = crate::session::get(sesid)?;
    let st = s.instance.state.lock();
    let p = |id| u32::try_from(st.params.int(id)).unwrap_or(u32::MAX);
    Ok(ese::catalog::TupleLimits {
        length_min: p(JET_paramIndexTuplesLengthMin),
        length_max: p(JET_paramIndexTuplesLengthMax),
        to_index_max: p(JET_paramIndexTuplesToIndexMax),
        increment: p(JET_paramIndexTupleIncrement),
        start: p(JET_paramIndexTupleStart),
    })
}

fn index_spec(
    ix: &JET_INDEXCREATE,
    tuple_defaults: ese::catalog::TupleLimits,
) -> JetResult<IndexSpec> {
    check_density(ix.ulDensity)?;
    let conditions = ix
        .rgconditionalcolumn
        .iter()
        .map(|c| {
            let must_be_null = match c.grbit {
                JET_bitIndexColumnMustBeNull => true,
                JET_bitIndexColumnMustBeNonNull => false,
                g => {
                    return Err(err(
                        ErrorCode::InvalidGrbit,
                        format!(
                            "conditional column {:?}: grbit {g:#x}, not exactly one of \
                             JET_bitIndexColumnMustBeNull and JET_bitIndexColumnMustBeNonNull",
                            c.szColumnName
                        ),
                    ))
                }
            };
            Ok(ese::record::schema::IndexConditionSpec {
                column: c.szColumnName.clone(),
                must_be_null,
            })
        })
        .collect::<JetResult<Vec<_>>>()?;
    let own_limits = ix.grbit & JET_bitIndexTupleLimits != 0;
    let tuple_limits = if own_limits {
        ix.ptuplelimits.map(|t| ese::catalog::TupleLimits {
            length_min: t.chLengthMin,
            length_max: t.chLengthMax,
            to_index_max: t.chToIndexMax,
            increment: t.cchIncrement,
            start: t.ichStart,
        })
    } else if ix.grbit & JET_bitIndexTuples != 0 {
        Some(tuple_defaults)
    } else {
        None
    };
    let mut flags =
        ix.grbit & !(JET_bitIndexImmutableStructure | JET_bitIndexLazyFlush | JET_bitIndexUnicode);
    if tuple_limits.is_some() {
        flags |= JET_bitIndexTupleLimits;
    }
    Ok(IndexSpec {
        name: ix.szIndexName.clone(),
        key: parse_key(&ix.szKey)?,
        flags,
        key_most: (ix.grbit & JET_bitIndexKeyMost != 0).then_some(ix.cbKeyMost),
        var_seg_mac: (!own_limits && ix.cbVarSegMac != 0).then_some(ix.cbVarSegMac),
        conditions,
        tuple_limits,
        density: ix.ulDensity,
    })
}

/// The session and writable database of a DDL call by `dbid`.
fn writable_db(
    sesid: JET_SESID,
    dbid: JET_DBID,
) -> JetResult<(Arc<crate::session::SessionEntry>, ese::Database)> {
    let s = crate::session::get(sesid)?;
    let (db, ro) = crate::database::open_db(&s, dbid)?;
    if ro {
        return Err(err(
            ErrorCode::PermissionDenied,
            "the database is open read-only",
        ));
    }
    Ok((s, db))
}

/// `JetCreateTable(sesid, dbid, szTableName, lPages, lDensity, ptableid)`: an empty
/// table, and an exclusive (`DenyRead`) cursor on it. Errors: `JET_errTableDuplicate`,
/// `JET_errDensityInvalid`, `JET_errInvalidName`, `JET_errPermissionDenied`.
pub fn jet_create_table(
    sesid: JET_SESID,
    dbid: JET_DBID,
    name: &str,
    pages: u32,
    density: u32,
) -> JetResult<JET_TABLEID> {
    let mut tc = JET_TABLECREATE {
        szTableName: name.to_string(),
        ulPages: pages,
        ulDensity: density,
        ..JET_TABLECREATE::default()
    };
    jet_create_table_column_index(sesid, dbid, &mut tc)?;
    Ok(tc.tableid)
}

/// `JetCreateTableColumnIndex(2,3,4)(sesid, dbid, ptablecreate)`: a table with its
/// columns and indexes in one call; sets `tableid` (an exclusive cursor), `cCreated`,
/// and each column's `columnid`. `JET_bitTableCreateTemplateTable` makes a template table
/// (fixed DDL; its column ids carry the template bit `0x80000000`), `szTemplateTableName` a
/// table derived from one (see [`JET_TABLECREATE`]). `JET_bitTableCreateFixedDDL` fixes the
/// table's columns and indexes (`JET_errFixedDDL`) except through the returned cursor, until
/// it is closed, and through cursors opened with `JET_bitTablePermitDDL`;
/// `JET_bitTableCreateImmutableStructure` is accepted (not enforced). Errors: those
/// of the columns and indexes (`JET_errColumnDuplicate`, `JET_errIndexInvalidDef`,
/// `JET_errIndexHasPrimary`, `JET_errInvalidColumnType` …), `JET_errTableDuplicate`;
/// `JET_errObjectNotFound` for a template table that does not exist,
/// `JET_errDDLNotInheritable` for one that is no template, `JET_errCannotNestDDL` for a
/// template table derived from another, `JET_errInvalidGrbit` for
/// `JET_bitTableCreateNoFixedVarColumnsInDerivedTables` (deprecated; ESE refuses it).
pub fn jet_create_table_column_index(
    sesid: JET_SESID,
    dbid: JET_DBID,
    tc: &mut JET_TABLECREATE,
) -> JetResult<()> {
    let (s, db) = writable_db(sesid, dbid)?;
    check_density(tc.ulDensity)?;
    let known = JET_bitTableCreateFixedDDL
        | JET_bitTableCreateTemplateTable
        | JET_bitTableCreateNoFixedVarColumnsInDerivedTables
        | JET_bitTableCreateImmutableStructure;
    if tc.grbit & !known != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("table grbit {:#x}", tc.grbit),
        ));
    }
    let template = tc.grbit & JET_bitTableCreateTemplateTable != 0;
    if template && tc.szTemplateTableName.is_some() {
        return Err(err(
            ErrorCode::CannotNestDDL,
            "a template table cannot derive from another",
        ));
    }
    if tc.grbit & JET_bitTableCreateNoFixedVarColumnsInDerivedTables != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            "JET_bitTableCreateNoFixedVarColumnsInDerivedTables is not supported",
        ));
    }
    let mut columns = Vec::new();
    for c in tc.rgcolumncreate.iter_mut() {
        match column_spec(
            &c.szColumnName,
            c.coltyp,
            c.cp,
            c.cbMax,
            c.grbit,
            c.pvDefault.as_deref(),
        ) {
            Ok((spec, w)) => {
                c.err = w.map_or(0, Warning::value);
                columns.push(spec);
            }
            Err(e) => {
                c.err = e.code().value();
                return Err(e);
            }
        }
    }
    let mut indexes = Vec::new();
    let defaults = tuple_defaults(sesid)?;
    for ix in tc.rgindexcreate.iter_mut() {
        match index_spec(ix, defaults) {
            Ok(spec) => {
                ix.err = 0;
                indexes.push(spec);
            }
            Err(e) => {
                ix.err = e.code().value();
                return Err(e);
            }
        }
    }
    let spec = TableSpec {
        name: tc.szTableName.clone(),
        columns,
        indexes,
        density: tc.ulDensity,
        pages: tc.ulPages,
        ..TableSpec::default()
    };
    let at = "JetCreateTableColumnIndex";
    let mut def = match &tc.szTemplateTableName {
        Some(name) => {
            let base = s.session.open_table(&db, name)?;
            spec.derived_table_def(base.table().def(), db.page_size(), at)?
        }
        None if template => spec.template_table_def(db.page_size(), at)?,
        None => spec.table_def(db.page_size(), at)?,
    };
    let fixed_ddl = tc.grbit & JET_bitTableCreateFixedDDL != 0 && !template;
    if fixed_ddl {
        def.flags |= ese::catalog::object_flags::TABLE_FIXED_DDL;
    }
    let def = s.session.create_table(&db, def)?;
    for c in tc.rgcolumncreate.iter_mut() {
        c.columnid = def.column(&c.szColumnName).map_or(0, |d| d.id);
    }
    tc.cCreated = 1 + tc.rgcolumncreate.len() as u32 + tc.rgindexcreate.len() as u32;
    let mut reg = registry::lock();
    tc.tableid = cursor::open_locked(
        &mut reg,
        &s,
        sesid,
        dbid,
        db,
        false,
        &def.name,
        // The creating cursor may change a table with fixed DDL until it is closed.
        JET_bitTableDenyRead | if fixed_ddl { JET_bitTablePermitDDL } else { 0 },
    )?;
    Ok(())
}

/// Runs schema change `f` on the table of cursor `tableid`, then reopens the cursor's
/// engine cursor on the new definition.
fn on_table<R>(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    f: impl FnOnce(&ese::Session, &ese::Database, &str) -> JetResult<R>,
) -> JetResult<R> {
    let c = cursor::get(sesid, tableid)?;
    if c.read_only {
        return Err(err(
            ErrorCode::PermissionDenied,
            "the cursor or database is read-only",
        ));
    }
    let db = c.db()?;
    let s = &c.session.session;
    // A cursor that created a table with fixed DDL, or was opened with
    // `JET_bitTablePermitDDL`, may still change it.
    let r = if c.grbit & JET_bitTablePermitDDL != 0 {
        s.with_fixed_ddl_permitted(|| f(s, db, &c.table))?
    } else {
        f(s, db, &c.table)?
    };
    let mut st = c.lock()?;
    refresh(&c.session.session, db, &c.table, &mut st);
    Ok(r)
}

/// Reopens a cursor's engine cursor so it sees its table's new definition, keeping the
/// current index and record where they still exist.
fn refresh(s: &ese::Session, db: &ese::Database, table: &str, st: &mut CursorState) {
    let Ok(fresh) = s.open_table(db, table) else {
        return;
    };
    let index = st.c.current_index_name().map(str::to_string);
    let bookmark = (!st.deferred_first && !st.on_deleted)
        .then(|| st.c.bookmark().ok())
        .flatten();
    *st = CursorState::new(fresh);
    // Both may be gone with the change; the cursor then starts over.
    if st.c.set_index(index.as_deref()).is_ok() {
        if let Some(bm) = bookmark {
            if st.c.goto_bookmark(&bm).is_ok() {
                st.deferred_first = false;
            }
        }
    }
}

/// `JetAddColumn(sesid, tableid, szColumnName, pcolumndef, pvDefault, cbDefault,
/// pcolumnid)`: adds a column (existing records read it as NULL or its default) and
/// returns its id; `JET_wrnColumnMaxTruncated` when cbMax was clipped to 255. Errors:
/// `JET_errColumnDuplicate`, `JET_errInvalidColumnType`, `JET_errInvalidGrbit`,
/// `JET_errMultiValuedColumnMustBeTagged`, `JET_errDefaultValueTooBig`,
/// `JET_errPermissionDenied`.
pub fn jet_add_column(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    name: &str,
    def: &JET_COLUMNDEF,
    default: Option<&[u8]>,
) -> JetResult<(JET_COLUMNID, Option<Warning>)> {
    cursor::get(sesid, tableid)?;
    let (spec, w) = column_spec(
        name,
        def.coltyp,
        u32::from(def.cp),
        def.cbMax,
        def.grbit,
        default,
    )?;
    let col = on_table(sesid, tableid, |s, db, t| s.add_column(db, t, &spec))?;
    Ok((col.id, w))
}

/// `JetDeleteColumn(sesid, tableid, szColumnName)`.
pub fn jet_delete_column(sesid: JET_SESID, tableid: JET_TABLEID, name: &str) -> JetResult<()> {
    jet_delete_column2(sesid, tableid, name, 0)
}

/// `JetDeleteColumn2(sesid, tableid, szColumnName, grbit)`: deletes a column.
/// `JET_errColumnNotFound`, `JET_errColumnInUse` (an index uses it),
/// `JET_errFixedInheritedDDL` for a template column of a derived table (with
/// `JET_bitDeleteColumnIgnoreTemplateColumns`: `JET_errColumnNotFound`, the column being no
/// column of the table's own).
pub fn jet_delete_column2(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    name: &str,
    grbit: JET_GRBIT,
) -> JetResult<()> {
    if grbit & !JET_bitDeleteColumnIgnoreTemplateColumns != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetDeleteColumn2 grbit {grbit:#x}"),
        ));
    }
    if grbit & JET_bitDeleteColumnIgnoreTemplateColumns != 0 {
        // ESE then looks for the column among the table's own only.
        let def = cursor_def(sesid, tableid)?;
        if def.is_derived() && def.column(name).is_some_and(|c| c.is_template()) {
            return Err(err(
                ErrorCode::ColumnNotFound,
                format!("table {} has no column {name:?} of its own", def.name),
            ));
        }
    }
    on_table(sesid, tableid, |s, db, t| s.delete_column(db, t, name))
}

/// `JetCreateIndex(sesid, tableid, szIndexName, grbit, szKey, cbKey, lDensity)`: builds
/// an index over the table's records. Errors: `JET_errIndexDuplicate`,
/// `JET_errIndexHasPrimary`, `JET_errIndexInvalidDef`, `JET_errKeyDuplicate` (a unique
/// index over duplicates), `JET_errTableNotEmpty` (a primary index on a table with
/// records), `JET_errColumnNotFound`, `JET_errDensityInvalid`, `JET_errInvalidGrbit`.
pub fn jet_create_index(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    name: &str,
    grbit: JET_GRBIT,
    key: &str,
    density: u32,
) -> JetResult<()> {
    let mut ix = [JET_INDEXCREATE {
        szIndexName: name.to_string(),
        szKey: key.to_string(),
        grbit,
        ulDensity: density,
        ..JET_INDEXCREATE::default()
    }];
    jet_create_index2(sesid, tableid, &mut ix)
}

/// `JetCreateIndex2(3,4)(sesid, tableid, pindexcreate, cIndexCreate)`: each index in
/// turn, its result in its `err`; stops at the first error.
pub fn jet_create_index2(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    indexes: &mut [JET_INDEXCREATE],
) -> JetResult<()> {
    cursor::get(sesid, tableid)?;
    let defaults = tuple_defaults(sesid)?;
    for ix in indexes.iter_mut() {
        let r = index_spec(ix, defaults)
            .and_then(|spec| on_table(sesid, tableid, |s, db, t| s.create_index(db, t, &spec)));
        match r {
            Ok(_) => ix.err = 0,
            Err(e) => {
                ix.err = e.code().value();
                return Err(e);
            }
        }
    }
    Ok(())
}

/// `JetDeleteIndex(sesid, tableid, szIndexName)`. `JET_errIndexNotFound`,
/// `JET_errIndexMustStay` for the primary index.
pub fn jet_delete_index(sesid: JET_SESID, tableid: JET_TABLEID, name: &str) -> JetResult<()> {
    on_table(sesid, tableid, |s, db, t| s.delete_index(db, t, name))
}

/// Whether a cursor of the instance has table `name` of `dbid` open.
fn table_open(s: &crate::session::SessionEntry, dbid: JET_DBID, name: &str) -> bool {
    registry::lock().cursors.iter().any(|(_, c)| {
        Arc::ptr_eq(&c.instance, &s.instance)
            && c.dbid == dbid
            && c.table.eq_ignore_ascii_case(name)
    })
}

/// `JetDeleteTable(sesid, dbid, szTableName)`. `JET_errObjectNotFound`,
/// `JET_errTableInUse` while a cursor has it open, `JET_errCannotDeleteSystemTable`.
pub fn jet_delete_table(sesid: JET_SESID, dbid: JET_DBID, name: &str) -> JetResult<()> {
    let (s, db) = writable_db(sesid, dbid)?;
    if name
        .get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case("MSys"))
    {
        return Err(err(
            ErrorCode::CannotDeleteSystemTable,
            format!("{name} is a system table"),
        ));
    }
    if table_open(&s, dbid, name) {
        return Err(err(
            ErrorCode::TableInUse,
            format!("a cursor has table {name} open"),
        ));
    }
    s.session.delete_table(&db, name)?;
    crate::local_storage::free_tables(|inst, d, t| {
        d == dbid && t.eq_ignore_ascii_case(name) && Arc::ptr_eq(inst, &s.instance)
    });
    Ok(())
}

/// `JetSetColumnDefaultValue(sesid, dbid, szTableName, szColumnName, pvData, cbData,
/// grbit)`: `data` (as `JetSetColumn` takes a value of the column) becomes the column's
/// default; records read a value they do not hold as it from then on. As in ESE's
/// `ErrIsamSetColumnDefaultValue` the table must not be open (`JET_errTableInUse`), the
/// grbit is not looked at, and the errors are `JET_errNullInvalid` for no value,
/// `JET_errColumnNotFound`, `JET_errColumnInUse` when an index's key uses the column,
/// `JET_errInvalidBufferSize` for a fixed type of another size,
/// `JET_errDefaultValueTooBig`, `JET_errObjectNotFound`, `JET_errPermissionDenied`.
pub fn jet_set_column_default_value(
    sesid: JET_SESID,
    dbid: JET_DBID,
    table: &str,
    column: &str,
    data: &[u8],
    grbit: JET_GRBIT,
) -> JetResult<()> {
    let _ = grbit;
    let (s, db) = writable_db(sesid, dbid)?;
    if data.is_empty() {
        return Err(err(
            ErrorCode::NullInvalid,
            "a default value cannot be NULL or empty",
        ));
    }
    if table_open(&s, dbid, table) {
        return Err(err(
            ErrorCode::TableInUse,
            format!("a cursor has table {table} open"),
        ));
    }
    s.session.set_column_default(&db, table, column, data)
}

/// `JetRenameTable(sesid, dbid, szName, szNameNew)`. `JET_errObjectNotFound`,
/// `JET_errTableDuplicate`, `JET_errTableInUse` while a cursor has it open.
pub fn jet_rename_table(sesid: JET_SESID, dbid: JET_DBID, from: &str, to: &str) -> JetResult<()> {
    let (s, db) = writable_db(sesid, dbid)?;
    if table_open(&s, dbid, from) {
        return Err(err(
            ErrorCode::TableInUse,
            format!("a cursor has table {from} open"),
        ));
    }
    s.session.rename_table(&db, from, to)?;
    crate::local_storage::rename_table(&s.instance, dbid, from, to);
    Ok(())
}

/// `JetRenameColumn(sesid, tableid, szName, szNameNew, grbit)`: renames a column of the
/// cursor's table; records and indexes keep it by its id. As in ESE, only outside a
/// transaction (`JET_errInTransaction`). Errors: `JET_errColumnNotFound`,
/// `JET_errColumnDuplicate`, `JET_errInvalidName`, `JET_errInvalidGrbit`;
/// `JET_bitColumnRenameConvertToPrimaryIndexPlaceholder` is `JET_errFeatureNotAvailable`.
pub fn jet_rename_column(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    from: &str,
    to: &str,
    grbit: JET_GRBIT,
) -> JetResult<()> {
    cursor::get(sesid, tableid)?;
    if grbit & JET_bitColumnRenameConvertToPrimaryIndexPlaceholder != 0 {
        return Err(err(
            ErrorCode::FeatureNotAvailable,
            "primary index placeholder columns are not supported",
        ));
    }
    if grbit != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetRenameColumn grbit {grbit:#x}"),
        ));
    }
    on_table(sesid, tableid, |s, db, t| {
        if s.transaction_level() > 0 {
            return Err(err(
                ErrorCode::InTransaction,
                "JetRenameColumn is not allowed inside a transaction",
            ));
        }
        s.rename_column(db, t, from, to)
    })
}

/// The `JET_bitColumn*` grbit of a catalog column.
fn column_grbit(c: &ColumnDef) -> JET_GRBIT {
    let map = [
        (column_flags::NOT_NULL, JET_bitColumnNotNULL),
        (column_flags::VERSION, JET_bitColumnVersion),
        (column_flags::AUTOINCREMENT, JET_bitColumnAutoincrement),
        (column_flags::MULTI_VALUED, JET_bitColumnMultiValued),
        (column_flags::ESCROW_UPDATE, JET_bitColumnEscrowUpdate),
        (column_flags::FINALIZE, JET_bitColumnFinalize),
        (
            column_flags::USER_DEFINED_DEFAULT,
            JET_bitColumnUserDefinedDefault,
        ),
        (column_flags::DELETE_ON_ZERO, JET_bitColumnDeleteOnZero),
        (column_flags::COMPRESSED, JET_bitColumnCompressed),
        (column_flags::ENCRYPTED, JET_bitColumnEncrypted),
    ];
    let mut g = map
        .iter()
        .filter(|(f, _)| c.flags & f != 0)
        .fold(0, |g, (_, b)| g | b);
    if c.is_fixed() {
        g |= JET_bitColumnFixed;
    }
    if c.is_tagged() {
        g |= JET_bitColumnTagged;
    }
    if c.flags & column_flags::NOT_NULL == 0 {
        g |= JET_bitColumnMaybeNull;
    }
    g | JET_bitColumnUpdatable
}

fn columndef(c: &ColumnDef) -> JET_COLUMNDEF {
    JET_COLUMNDEF {
        columnid: c.id,
        coltyp: c.coltype_raw,
        wCountry: 1,
        langid: 0x409,
        cp: c.code_page as u16,
        wCollate: 0,
        // Fixed types report their width, as ESE's column info does.
        cbMax: match c.coltype.fixed_size() {
            Some(n) if c.max_length == 0 => n as u32,
            _ => c.max_length,
        },
        grbit: column_grbit(c),
    }
}

/// The `JET_bitIndex*` grbit of a catalog index.
fn index_grbit(ix: &IndexDef) -> JET_GRBIT {
    let f = ix.flags;
    let mut g = 0;
    if f & idb::PRIMARY != 0 {
        g |= JET_bitIndexPrimary;
    } else if f & idb::UNIQUE != 0 {
        g |= JET_bitIndexUnique;
    }
    if f & idb::NO_NULL_SEG != 0 {
        g |= JET_bitIndexDisallowNull;
    } else if f & idb::ALLOW_SOME_NULLS == 0 {
        g |= JET_bitIndexIgnoreAnyNull;
    } else if f & idb::ALLOW_FIRST_NULL == 0 {
        g |= JET_bitIndexIgnoreFirstNull;
    } else if f & idb::ALLOW_ALL_NULLS == 0 {
        g |= JET_bitIndexIgnoreNull;
    }
    for (flag, bit) in [
        (idb::SORT_NULLS_HIGH, JET_bitIndexSortNullsHigh),
        (idb::CROSS_PRODUCT, JET_bitIndexCrossProduct),
        (idb::NESTED_TABLE, JET_bitIndexNestedTable),
        (idb::DISALLOW_TRUNCATION, JET_bitIndexDisallowTruncation),
        (idb::DOT_NET_GUID, JET_bitIndexDotNetGuid),
        (idb::OPTIONALLY_UNIQUE, JET_bitIndexOptionallyUnique),
    ] {
        if f & flag != 0 {
            g |= bit;
        }
    }
    if ix.key_most != 0 && ix.key_most != 255 {
        g |= JET_bitIndexKeyMost;
    }
    if ix.tuples {
        g |= JET_bitIndexTuples;
    }
    g
}

fn indexinfo(t: &TableDef, ix: &IndexDef) -> JET_INDEXINFO {
    let name = |id: u32| {
        t.column_by_id(id)
            .map_or_else(String::new, |c| c.name.clone())
    };
    let segments: Vec<(String, bool)> = ix
        .segments
        .iter()
        .map(|s| (name(s.column_id), s.descending))
        .collect();
    let mut key = String::new();
    for (name, desc) in &segments {
        key.push(if *desc { '-' } else { '+' });
        key.push_str(name);
        key.push('\0');
    }
    key.push('\0');
    JET_INDEXINFO {
        szIndexName: ix.name.clone(),
        grbit: index_grbit(ix),
        szKey: key,
        segments,
        cbKeyMost: if ix.key_most == 0 { 255 } else { ix.key_most },
        cbVarSegMac: ix.var_seg_mac,
        lcid: ix.lcid,
        szLocaleName: ix.locale_name.clone(),
        dwMapFlags: ix.lcmap_flags,
        conditions: ix
            .conditions
            .iter()
            .map(|c| (name(c.column_id), c.must_be_null))
            .collect(),
        ulDensity: ix.density,
        objidFDP: ix.objid,
        pgnoFDP: ix.root,
        objidTable: t.objid,
        qwSortVersion: ix.sort_version.map_or(0, |(v, _)| v),
        sortId: ix.sort_version.map_or([0; 16], |(_, id)| id),
        tuple_limits: ix.tuple_limits.map(|l| JET_TUPLELIMITS {
            chLengthMin: l.length_min,
            chLengthMax: l.length_max,
            chToIndexMax: l.to_index_max,
            cchIncrement: l.increment,
            ichStart: l.start,
        }),
    }
}

fn cursor_def(sesid: JET_SESID, tableid: JET_TABLEID) -> JetResult<TableDef> {
    Ok(cursor_table(sesid, tableid)?.def().clone())
}

fn named_def(sesid: JET_SESID, dbid: JET_DBID, table: &str) -> JetResult<TableDef> {
    Ok(named_table(sesid, dbid, table)?.def().clone())
}

/// Table `table` of database `dbid` as session `sesid` sees it.
fn named_table(sesid: JET_SESID, dbid: JET_DBID, table: &str) -> JetResult<ese::db::Table> {
    let s = crate::session::get(sesid)?;
    let (db, _) = crate::database::open_db(&s, dbid)?;
    let c = s.session.open_table(&db, table)?;
    Ok(c.table().clone())
}

fn find_column<'a>(t: &'a TableDef, name: &str) -> JetResult<&'a ColumnDef> {
    t.column(name).ok_or_else(|| {
        err(
            ErrorCode::ColumnNotFound,
            format!("table {} has no column {name}", t.name),
        )
    })
}

/// `JetGetTableColumnInfo(..., JET_ColInfo)`: the definition of column `name` of the
/// cursor's table. `JET_errColumnNotFound`.
pub fn jet_get_table_column_info(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    name: &str,
) -> JetResult<JET_COLUMNDEF> {
    let t = cursor_def(sesid, tableid)?;
    Ok(columndef(find_column(&t, name)?))
}

/// `JetGetTableColumnInfo(..., JET_ColInfoByColid)`: the definition of column
/// `columnid`. `JET_errColumnNotFound`.
pub fn jet_get_table_column_info_by_id(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    columnid: JET_COLUMNID,
) -> JetResult<JET_COLUMNDEF> {
    let t = cursor_def(sesid, tableid)?;
    t.column_by_id(columnid)
        .map(columndef)
        .ok_or_else(|| err(ErrorCode::ColumnNotFound, format!("no column {columnid}")))
}

/// `JetGetTableColumnInfo(..., JET_ColInfoList)`: every column's row (the C layer makes
/// the temporary table of them), in column-id order.
pub fn jet_get_table_column_list(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
) -> JetResult<Vec<JET_COLUMNBASE>> {
    column_list(sesid, tableid, false)
}

/// [`jet_get_table_column_list`] without the columns a derived table shares with its
/// template (`JET_ColInfoGrbitNonDerivedColumnsOnly`).
pub fn jet_get_table_own_column_list(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
) -> JetResult<Vec<JET_COLUMNBASE>> {
    column_list(sesid, tableid, true)
}

fn column_list(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    own_only: bool,
) -> JetResult<Vec<JET_COLUMNBASE>> {
    let t = cursor_def(sesid, tableid)?;
    Ok(t.columns
        .iter()
        .filter(|c| !(own_only && t.is_derived() && c.is_template()))
        .map(|c| JET_COLUMNBASE {
            def: columndef(c),
            // A derived table's template columns are the template's (ESE's
            // `JET_COLUMNBASE::szBaseTableName`).
            szBaseTableName: match &t.template_table {
                Some(name) if c.is_template() => name.clone(),
                _ => t.name.clone(),
            },
            szBaseColumnName: c.name.clone(),
            pvDefault: c.default_value.clone(),
        })
        .collect())
}

/// `JetGetColumnInfo(sesid, dbid, szTableName, szColumnName, ..., JET_ColInfo)`.
/// `JET_errObjectNotFound`, `JET_errColumnNotFound`.
pub fn jet_get_column_info(
    sesid: JET_SESID,
    dbid: JET_DBID,
    table: &str,
    column: &str,
) -> JetResult<JET_COLUMNDEF> {
    let t = named_def(sesid, dbid, table)?;
    Ok(columndef(find_column(&t, column)?))
}

fn index_infos(t: &ese::db::Table, name: Option<&str>) -> JetResult<Vec<JET_INDEXINFO>> {
    let def = t.def();
    let info = |i: usize| indexinfo(def, &def.indexes[i]);
    match name.filter(|n| !n.is_empty()) {
        Some(n) => def
            .indexes
            .iter()
            .position(|ix| ix.name.eq_ignore_ascii_case(n))
            .map(|i| vec![info(i)])
            .ok_or_else(|| {
                err(
                    ErrorCode::IndexNotFound,
                    format!("table {} has no index {n}", def.name),
                )
            }),
        None => Ok((0..def.indexes.len()).map(info).collect()),
    }
}

/// The cursor's table as its session sees it.
fn cursor_table(sesid: JET_SESID, tableid: JET_TABLEID) -> JetResult<ese::db::Table> {
    let c = cursor::get(sesid, tableid)?;
    let st = c.lock()?;
    Ok(st.c.table().clone())
}

/// `JetGetTableIndexInfo`: index `name`'s definition, or every index's (`None`:
/// `JET_IdxInfoList`; its length is `JET_IdxInfoCount`), its density as the catalog keeps
/// it (`JET_IdxInfoSpaceAlloc`). `JET_errIndexNotFound`.
pub fn jet_get_table_index_info(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    name: Option<&str>,
) -> JetResult<Vec<JET_INDEXINFO>> {
    index_infos(&cursor_table(sesid, tableid)?, name)
}

/// `JetGetIndexInfo(sesid, dbid, szTableName, szIndexName, ...)`: as
/// [`jet_get_table_index_info`] by table name.
pub fn jet_get_index_info(
    sesid: JET_SESID,
    dbid: JET_DBID,
    table: &str,
    name: Option<&str>,
) -> JetResult<Vec<JET_INDEXINFO>> {
    index_infos(&named_table(sesid, dbid, table)?, name)
}

/// `JetGetTableInfo(sesid, tableid, ..., JET_TblInfo)`: the cursor's table, its records
/// and the leaf pages holding them counted as the session sees them (ESE answers from
/// the statistics `JetComputeStats` last stored).
pub fn jet_get_table_info(sesid: JET_SESID, tableid: JET_TABLEID) -> JetResult<JET_TABLEINFO> {
    let c = cursor::get(sesid, tableid)?;
    let st = c.lock()?;
    let t = st.c.table();
    let stats = t.record_stats()?;
    Ok(JET_TABLEINFO {
        szTableName: t.name().to_string(),
        dbid: c.dbid,
        ccolumns: t.def().columns.len() as u32,
        cindexes: t.def().indexes.len() as u32,
        crecords: stats.entries,
        cpages: stats.pages,
        flags: t.def().flags,
        szTemplateTableName: t.def().template_table.clone().unwrap_or_default(),
    })
}

/// What `JetGetTableInfo` answers of the cursor's table without counting its records:
/// the catalog's facts and what the table's trees own and have free.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JET_TABLESPACE {
    /// `JET_TblInfoSpaceAlloc`, first value: the initial pages the catalog keeps.
    pub cpgInitial: u32,
    /// `JET_TblInfoSpaceAlloc`, second value: the table's density in percent.
    pub ulDensity: u32,
    /// `JET_TblInfoObjectId`: the object id of the table's tree.
    pub objidFDP: u32,
    /// `JET_TblInfoLVChunkMax`: the largest chunk of a long value, in bytes.
    pub cbLVChunkMax: u32,
    /// `JET_TblInfoSpaceOwned`: the pages the table owns, those it gave its indexes and
    /// long values included.
    pub cpgOwned: u32,
    /// `JET_TblInfoSpaceAvailable`: the free pages of the table, its secondary indexes and
    /// its long values.
    pub cpgAvailable: u32,
    /// `JET_TblInfoSpaceUsage`: the table's own tree's owned extents as (last page,
    /// pages), by last page.
    pub owned_extents: Vec<(u32, u32)>,
    /// `JET_TblInfoSpaceUsage`: the table's own tree's free extents, by last page.
    pub available_extents: Vec<(u32, u32)>,
    /// `JET_TblInfoSpaceOwnedLV`: the pages of the long-value tree (0 without one).
    pub cpgOwnedLV: u32,
    /// `JET_TblInfoSpaceAvailableLV`: its free pages.
    pub cpgAvailableLV: u32,
}

fn pages_u32(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn extents(e: &[ese::db::Extent]) -> Vec<(u32, u32)> {
    e.iter().map(|x| (x.last_pgno, x.pages)).collect()
}

/// `JetGetTableInfo`'s allocation and space levels for the cursor's table, as they are
/// now (see [`JET_TABLESPACE`]); records are not counted. Not for temporary tables
/// (`JET_errInvalidOperation` from the C layer, as in ESE).
pub fn jet_get_table_space(sesid: JET_SESID, tableid: JET_TABLEID) -> JetResult<JET_TABLESPACE> {
    let t = cursor_table(sesid, tableid)?;
    let extras = t.catalog_extras()?;
    let space = t.space_info()?;
    let lv = space.long_values.as_ref();
    Ok(JET_TABLESPACE {
        cpgInitial: extras.pages,
        ulDensity: extras.density,
        objidFDP: t.def().objid,
        cbLVChunkMax: u32::try_from(t.lv_chunk_size()?).unwrap_or(u32::MAX),
        cpgOwned: pages_u32(space.table.owned_pages()),
        cpgAvailable: pages_u32(space.available_pages()),
        owned_extents: extents(&space.table.owned),
        available_extents: extents(&space.table.available),
        cpgOwnedLV: lv.map_or(0, |l| pages_u32(l.owned_pages())),
        cpgAvailableLV: lv.map_or(0, |l| pages_u32(l.available_pages())),
    })
}

/// `JET_IdxInfoSpaceOwned` and `JET_IdxInfoSpaceAvailable` of index `name` of table `t`
/// (the primary one without a name), as ESE's `ErrINFOIGetIndexSpaceUsage` counts them: a
/// secondary index's tree's owned and free pages; for the primary index the table's tree's,
/// its owned pages without those it gave its secondary indexes and long values.
fn index_space(t: &ese::db::Table, name: Option<&str>) -> JetResult<(u32, u32)> {
    let def = t.def();
    let ix = match name.filter(|n| !n.is_empty()) {
        Some(n) => def.index(n),
        None => def.primary_index(),
    }
    .ok_or_else(|| {
        err(
            ErrorCode::IndexNotFound,
            format!("table {} has no such index", def.name),
        )
    })?;
    let space = t.space_info()?;
    let (owned, available) = if ix.root == def.root {
        let children: u64 = space
            .indexes
            .iter()
            .map(|(_, i)| i.owned_pages())
            .sum::<u64>()
            + space.long_values.as_ref().map_or(0, |l| l.owned_pages());
        (
            space.table.owned_pages().saturating_sub(children),
            space.table.available_pages(),
        )
    } else {
        let tree = space
            .indexes
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(&ix.name))
            .map(|(_, i)| i)
            .ok_or_else(|| {
                err(
                    ErrorCode::IndexNotFound,
                    format!("index {} has no tree", ix.name),
                )
            })?;
        (tree.owned_pages(), tree.available_pages())
    };
    Ok((pages_u32(owned), pages_u32(available)))
}

/// `JetGetTableIndexInfo(JET_IdxInfoSpaceOwned / JET_IdxInfoSpaceAvailable)` of index `name`
/// of the cursor's table (see [`index_space`]): (owned, available) pages.
pub fn jet_get_table_index_space(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    name: Option<&str>,
) -> JetResult<(u32, u32)> {
    index_space(&cursor_table(sesid, tableid)?, name)
}

/// [`jet_get_table_index_space`] by table name (`JetGetIndexInfo`).
pub fn jet_get_index_space(
    sesid: JET_SESID,
    dbid: JET_DBID,
    table: &str,
    name: Option<&str>,
) -> JetResult<(u32, u32)> {
    index_space(&named_table(sesid, dbid, table)?, name)
}

/// `JetGetTableInfo(JET_TblInfoRetrieveAndReserveAutoIncrement)`: takes the table's next
/// autoincrement value for the caller, who may insert it itself (no insert takes it).
/// `cb` is the caller's buffer size, which must be the column's (4 bytes for a `Long`
/// column, 8 for the others). Errors, in ESE's order: `JET_errInvalidOperation` for a
/// table without an autoincrement column or whose column has a default,
/// `JET_errInvalidBufferSize` for another size; nothing is taken then.
pub fn jet_reserve_autoincrement(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    cb: u32,
) -> JetResult<u64> {
    let c = cursor::get(sesid, tableid)?;
    let mut st = c.lock()?;
    let def = st.c.table().def();
    let col = def
        .columns
        .iter()
        .find(|c| c.flags & column_flags::AUTOINCREMENT != 0);
    if let Some(col) = col.filter(|c| !c.has_default()) {
        let size = if col.coltype == ColumnType::Long {
            4
        } else {
            8
        };
        if cb != size {
            return Err(err(
                ErrorCode::InvalidBufferSize,
                format!(
                    "autoincrement column {} is {size} bytes, {cb} given",
                    col.name
                ),
            ));
        }
    }
    Ok(st.c.reserve_autoincrement()?.0)
}

/// What names the cursor's table (`JET_TblInfoName`, `JET_TblInfoDbid`,
/// `JET_TblInfoTemplateTableName`: "" for a table not derived from a template), without
/// counting its records as [`jet_get_table_info`] does.
pub fn jet_get_table_name(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
) -> JetResult<(String, JET_DBID, String)> {
    let c = cursor::get(sesid, tableid)?;
    let st = c.lock()?;
    let def = st.c.table().def();
    Ok((
        def.name.clone(),
        c.dbid,
        def.template_table.clone().unwrap_or_default(),
    ))
}

/// The statistics of index `index` of the cursor's table as the session sees it: its
/// entries, distinct keys and leaf pages, computed by walking the index (ESE answers
/// `JET_INDEXLIST`'s `cKey`, `cEntry` and `cPage` from what `JetComputeStats` last
/// stored; here they are always current). Not a Jet call: the C layer fills the list
/// with it. `JET_errIndexNotFound`, `JET_errIllegalOperation` on a temporary table.
pub fn index_stats(sesid: JET_SESID, tableid: JET_TABLEID, index: &str) -> JetResult<IndexStats> {
    let c = cursor::get(sesid, tableid)?;
    let st = c.lock()?;
    st.c.table().index_stats(index)
}

/// `JetGetObjectInfo(sesid, dbid, JET_objtypTable, ..., JET_ObjInfoList)`: the names of
/// the database's user tables as this session sees them (the C layer makes the
/// temporary table of them).
pub fn jet_get_table_names(sesid: JET_SESID, dbid: JET_DBID) -> JetResult<Vec<String>> {
    let s = crate::session::get(sesid)?;
    let (db, _) = crate::database::open_db(&s, dbid)?;
    Ok(s.session
        .table_names(&db)?
        .into_iter()
        .filter(|n| !n.starts_with("MSys"))
        .collect())
}
