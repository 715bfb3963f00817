//! Exported catalog queries: `JetGetTableColumnInfo*`, `JetGetColumnInfo*`,
//! `JetGetTableIndexInfo*`, `JetGetIndexInfo*`, `JetGetTableInfo*` and
//! `JetGetObjectInfo*`.
//!
//! What must hold: each call answers the information levels it can answer exactly; the list
//! levels (`JET_ColInfoList*`, `JET_IdxInfo`/`List`, `JET_ObjInfoList*`) open a temporary table the caller
//! closes ([`crate::api::lists`]); a level the engine does not track
//! (OLC, system-table cursors, a table's dump and encryption key) is
//! `JET_errFeatureNotAvailable`, and an unknown level `JET_errInvalidParameter`. Fixed-size answers need `cbMax` at least
//! their size (`JET_errBufferTooSmall`); names are truncated with `JET_wrnBufferTruncated`.

use core::ffi::c_void;
use core::mem::size_of;

use ese_jet as jet;

use crate::api::index_create::IndexCreateForm;
use crate::api::lists;
use crate::aw;
use crate::consts::*;
use crate::ffi::ptr::{self, put};
use crate::ffi::{need_mut, opt, req, write_str, Enc, Jet, Ret, Short};
use crate::types::*;

/// Writes a fixed-size answer when `cb` holds it.
unsafe fn answer<T>(pv: *mut c_void, cb: u32, v: T) -> Ret {
    need_mut(pv)?;
    if (cb as usize) < size_of::<T>() {
        return Err(JET_errBufferTooSmall);
    }
    // SAFETY: `pv` is writable for `cb >= size_of::<T>()` bytes by the C contract.
    unsafe { put(pv.cast::<T>(), v) };
    Ok(0)
}

/// The caller's `JET_COLUMNDEF` answer.
fn coldef_out(d: &jet::JET_COLUMNDEF) -> JET_COLUMNDEF {
    JET_COLUMNDEF {
        cbStruct: size_of::<JET_COLUMNDEF>() as u32,
        columnid: d.columnid,
        coltyp: d.coltyp,
        wCountry: d.wCountry,
        langid: d.langid,
        cp: d.cp,
        wCollate: d.wCollate,
        cbMax: d.cbMax,
        grbit: d.grbit,
    }
}

/// A column chosen by name, or by id (`JET_ColInfoByColid`: the pointer is to a
/// `JET_COLUMNID`).
enum Col {
    Name(String),
    Id(JET_COLUMNID),
}

const COL_LEVEL_FLAGS: u32 = JET_ColInfoGrbitNonDerivedColumnsOnly
    | JET_ColInfoGrbitMinimalInfo
    | JET_ColInfoGrbitSortByColumnid
    | JET_ColInfoGrbitCompacting;

/// Reads the column argument for `level` (flags removed).
unsafe fn col_arg<E: Enc>(p: *const E::Ch, level: u32) -> Result<Col, JET_ERR> {
    match level {
        JET_ColInfoByColid => {
            // SAFETY: with ByColid the argument points to a JET_COLUMNID.
            Ok(Col::Id(unsafe { ptr::read(p.cast::<JET_COLUMNID>()) }?))
        }
        // SAFETY: otherwise a NUL-terminated name.
        _ => Ok(Col::Name(unsafe { req::<E>(p) }?)),
    }
}

/// The levels answered for columns: one column's definition, or the list.
enum ColLevel {
    /// `JET_ColInfo` or `JET_ColInfoByColid`.
    One(u32),
    /// `JET_ColInfoList*`, sorted by column id or by name.
    List { by_id: bool },
    /// `JET_ColInfoBase` (by name) or `JET_ColInfoBaseByColid`.
    Base { by_id: bool },
}

/// A `JET_COLUMNBASE` form, filled from the engine's column row.
trait BaseOut: Sized {
    fn make(c: &jet::JET_COLUMNBASE) -> Self;
}

/// Copies `s` into a fixed name array, cut to leave room for the NUL.
fn fixed_name<E: Enc, const N: usize>(s: &str) -> [E::Ch; N] {
    let mut out = [E::Ch::default(); N];
    for (o, u) in out.iter_mut().zip(E::encode(s).into_iter().take(N - 1)) {
        *o = u;
    }
    out
}

macro_rules! base_out {
    ($ty:ty, $e:ty) => {
        impl BaseOut for $ty {
            fn make(c: &jet::JET_COLUMNBASE) -> Self {
                let d = &c.def;
                Self {
                    cbStruct: size_of::<$ty>() as u32,
                    columnid: d.columnid,
                    coltyp: d.coltyp,
                    wCountry: d.wCountry,
                    langid: d.langid,
                    cp: d.cp,
                    wFiller: 0,
                    cbMax: d.cbMax,
                    grbit: d.grbit,
                    szBaseTableName: fixed_name::<$e, 256>(&c.szBaseTableName),
                    szBaseColumnName: fixed_name::<$e, 256>(&c.szBaseColumnName),
                }
            }
        }
    };
}

base_out!(JET_COLUMNBASE_A, crate::ffi::A);
base_out!(JET_COLUMNBASE_W, crate::ffi::W);

/// Answers `JET_ColInfoBase*` for the column `col` names (by name, or a `JET_COLUMNID`).
unsafe fn column_base_answer<E: Enc, B: BaseOut>(
    cols: &[jet::JET_COLUMNBASE],
    col: *const E::Ch,
    by_id: bool,
    pv: *mut c_void,
    cb: u32,
) -> Ret {
    let level = if by_id {
        JET_ColInfoByColid
    } else {
        JET_ColInfo
    };
    // SAFETY: forwarded C contract.
    let found = match unsafe { col_arg::<E>(col, level) }? {
        Col::Name(n) => cols.iter().find(|c| c.szBaseColumnName == n),
        Col::Id(id) => cols.iter().find(|c| c.def.columnid == id),
    };
    let c = found.ok_or(JET_errColumnNotFound)?;
    // SAFETY: `pv` is non-null (checked by the caller) and writable for `cb` bytes.
    unsafe { answer(pv, cb, B::make(c)) }
}

/// The `JET_COLUMNBASE` form of each encoding.
trait HasBase: Enc {
    type Base: BaseOut;
}

impl HasBase for crate::ffi::A {
    type Base = JET_COLUMNBASE_A;
}

impl HasBase for crate::ffi::W {
    type Base = JET_COLUMNBASE_W;
}

fn col_level(level: u32) -> Result<ColLevel, JET_ERR> {
    let by_id = level & JET_ColInfoGrbitSortByColumnid != 0;
    match level & !COL_LEVEL_FLAGS {
        l @ (JET_ColInfo | JET_ColInfoByColid) => Ok(ColLevel::One(l)),
        JET_ColInfoList | JET_ColInfoListCompact => Ok(ColLevel::List { by_id }),
        JET_ColInfoListSortColumnid => Ok(ColLevel::List { by_id: true }),
        JET_ColInfoBase => Ok(ColLevel::Base { by_id: false }),
        JET_ColInfoBaseByColid => Ok(ColLevel::Base { by_id: true }),
        JET_ColInfoSysTabCursor => Err(JET_errFeatureNotAvailable),
        _ => Err(JET_errInvalidParameter),
    }
}

/// The columns of the cursor's table a list level of `level` lists: every column, or with
/// `JET_ColInfoGrbitNonDerivedColumnsOnly` a derived table's own ones.
fn columns_of(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    level: u32,
) -> Result<Vec<jet::JET_COLUMNBASE>, JET_ERR> {
    if level & JET_ColInfoGrbitNonDerivedColumnsOnly != 0 {
        jet::jet_get_table_own_column_list(sesid, tableid).j()
    } else {
        jet::jet_get_table_column_list(sesid, tableid).j()
    }
}

/// Answers a list level with a new `JET_COLUMNLIST` cursor, when the caller's buffer can
/// take it.
fn column_list_answer<E: Enc>(
    sesid: JET_SESID,
    cols: &[jet::JET_COLUMNBASE],
    by_id: bool,
    pv: *mut c_void,
    cb: u32,
) -> Ret {
    if (cb as usize) < size_of::<JET_COLUMNLIST>() {
        return Err(JET_errBufferTooSmall);
    }
    let list = lists::column_list::<E>(sesid, cols, by_id)?;
    // SAFETY: `pv` is non-null (checked by the caller) and writable for `cb` bytes.
    unsafe { answer(pv, cb, list) }
}

unsafe fn table_column_info<E: HasBase>(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    col: *const E::Ch,
    pv: *mut c_void,
    cb: u32,
    level: u32,
) -> Ret {
    need_mut(pv)?;
    let all_level = level;
    let level = match col_level(level)? {
        ColLevel::One(l) => l,
        ColLevel::List { by_id } => {
            let cols = columns_of(sesid, tableid, all_level)?;
            return column_list_answer::<E>(sesid, &cols, by_id, pv, cb);
        }
        ColLevel::Base { by_id } => {
            let cols = columns_of(sesid, tableid, all_level)?;
            // SAFETY: forwarded C contract.
            return unsafe { column_base_answer::<E, E::Base>(&cols, col, by_id, pv, cb) };
        }
    };
    // SAFETY: forwarded C contract.
    let def = match unsafe { col_arg::<E>(col, level) }? {
        Col::Name(n) => jet::jet_get_table_column_info(sesid, tableid, &n),
        Col::Id(id) => jet::jet_get_table_column_info_by_id(sesid, tableid, id),
    }
    .j()?;
    // SAFETY: forwarded C contract.
    unsafe { answer(pv, cb, coldef_out(&def)) }
}

aw! {
    /// `JetGetTableColumnInfo`: a column's `JET_COLUMNDEF` through a cursor
    /// (`JET_ColInfo`, `JET_ColInfoByColid`), its `JET_COLUMNBASE` (`JET_ColInfoBase`,
    /// `JET_ColInfoBaseByColid`), or every column as a `JET_COLUMNLIST` (`JET_ColInfoList*`).
    JetGetTableColumnInfoA JetGetTableColumnInfoW = table_column_info(
        sesid: (JET_SESID), tableid: (JET_TABLEID), szColumnName: s, pvResult: (*mut c_void),
        cbMax: (u32), InfoLevel: (u32))
}

/// Runs `f` on a read-only cursor of table `name`, closing it afterwards.
fn with_table<T>(
    sesid: JET_SESID,
    dbid: JET_DBID,
    name: &str,
    f: impl FnOnce(JET_TABLEID) -> Result<T, JET_ERR>,
) -> Result<T, JET_ERR> {
    let t = jet::jet_open_table(sesid, dbid, name, None, JET_bitTableReadOnly).j()?;
    let r = f(t);
    let closed = jet::jet_close_table(sesid, t).j();
    let v = r?;
    closed?;
    Ok(v)
}

unsafe fn column_info<E: HasBase>(
    sesid: JET_SESID,
    dbid: JET_DBID,
    table: *const E::Ch,
    col: *const E::Ch,
    pv: *mut c_void,
    cb: u32,
    level: u32,
) -> Ret {
    need_mut(pv)?;
    // SAFETY: forwarded C contract.
    let table = unsafe { req::<E>(table) }?;
    let all_level = level;
    let level = match col_level(level)? {
        ColLevel::One(l) => l,
        ColLevel::List { by_id } => {
            let cols = with_table(sesid, dbid, &table, |t| columns_of(sesid, t, all_level))?;
            return column_list_answer::<E>(sesid, &cols, by_id, pv, cb);
        }
        ColLevel::Base { by_id } => {
            let cols = with_table(sesid, dbid, &table, |t| columns_of(sesid, t, all_level))?;
            // SAFETY: forwarded C contract.
            return unsafe { column_base_answer::<E, E::Base>(&cols, col, by_id, pv, cb) };
        }
    };
    // SAFETY: forwarded C contract.
    let col = unsafe { col_arg::<E>(col, level) }?;
    let def = match col {
        Col::Name(n) => jet::jet_get_column_info(sesid, dbid, &table, &n).j()?,
        Col::Id(id) => with_table(sesid, dbid, &table, |t| {
            jet::jet_get_table_column_info_by_id(sesid, t, id).j()
        })?,
    };
    // SAFETY: forwarded C contract.
    unsafe { answer(pv, cb, coldef_out(&def)) }
}

aw! {
    /// `JetGetColumnInfo`: [`JetGetTableColumnInfoA`] by table name.
    JetGetColumnInfoA JetGetColumnInfoW = column_info(
        sesid: (JET_SESID), dbid: (JET_DBID), szTableName: s, pColumnNameOrId: s,
        pvResult: (*mut c_void), cbMax: (u32), InfoLevel: (u32))
}

/// The column list and the statistics of `infos`' indexes, which only the list levels
/// need (computing statistics walks each index).
type ListParts = (Vec<jet::JET_COLUMNBASE>, Vec<jet::IndexStats>);

/// Answers an index level from the index definitions (`name` given or not).
#[allow(clippy::too_many_arguments)]
unsafe fn index_answer<E: IndexCreateForm>(
    sesid: JET_SESID,
    infos: &[jet::JET_INDEXINFO],
    list_parts: impl FnOnce() -> Result<ListParts, JET_ERR>,
    space: impl FnOnce() -> Result<(u32, u32), JET_ERR>,
    named: bool,
    pv: *mut c_void,
    cb: u32,
    level: u32,
) -> Ret {
    let first = || infos.first().ok_or(JET_errIndexNotFound);
    // The named index; without a name the primary index
    // (`ErrINFOGetTableIndexInfoForCreateIndex`).
    let named_or_primary = || {
        if named {
            first()
        } else {
            infos
                .iter()
                .find(|i| i.grbit & JET_bitIndexPrimary != 0)
                .ok_or(JET_errIndexNotFound)
        }
    };
    match level {
        // SAFETY: `pv` is NULL or writable for `cb` bytes by the C contract.
        JET_IdxInfoCount => unsafe { answer(pv, cb, infos.len() as u32) },
        // SAFETY: `pv` is NULL or writable for `cb` bytes by the C contract.
        JET_IdxInfoLCID if named => unsafe { answer(pv, cb, first()?.lcid) },
        // SAFETY: `pv` is NULL or writable for `cb` bytes by the C contract.
        JET_IdxInfoVarSegMac if named => unsafe { answer(pv, cb, first()?.cbVarSegMac as u16) },
        // SAFETY: `pv` is NULL or writable for `cb` bytes by the C contract.
        JET_IdxInfoKeyMost if named => unsafe { answer(pv, cb, first()?.cbKeyMost as u16) },
        JET_IdxInfoLocaleName if named => {
            need_mut(pv)?;
            let name = first()?.szLocaleName.clone().unwrap_or_default();
            // SAFETY: `pv` is NULL or writable for `cb` bytes by the C contract.
            unsafe { write_str::<crate::ffi::W>(pv.cast(), cb, &name, Short::Fail) }
        }
        JET_IdxInfoCreateIndex | JET_IdxInfoCreateIndex2 | JET_IdxInfoCreateIndex3 => {
            // SAFETY: `pv` is NULL or writable for `cb` bytes by the C contract.
            unsafe { E::index_create(named_or_primary()?, level, pv, cb) }
        }
        JET_IdxInfo | JET_IdxInfoList => {
            if (cb as usize) < size_of::<JET_INDEXLIST>() {
                return Err(JET_errBufferTooSmall);
            }
            let (columns, stats) = list_parts()?;
            let list = lists::index_list::<E>(sesid, infos, &stats, &columns)?;
            // SAFETY: `pv` is writable for `cb` bytes by the C contract.
            unsafe { answer(pv, cb, list) }
        }
        JET_IdxInfoSpaceAlloc
        | JET_IdxInfoSortVersion
        | JET_IdxInfoDefinedSortVersion
        | JET_IdxInfoSortId
        | JET_IdxInfoIndexId => {
            let info = named_or_primary()?;
            let bytes: Vec<u8> = match level {
                JET_IdxInfoSpaceAlloc => info.ulDensity.to_le_bytes().to_vec(),
                JET_IdxInfoSortVersion => {
                    ((info.qwSortVersion >> 32) as u32).to_le_bytes().to_vec()
                }
                JET_IdxInfoDefinedSortVersion => (info.qwSortVersion as u32).to_le_bytes().to_vec(),
                JET_IdxInfoSortId => info.sortId.to_vec(),
                _ => jet::index_id_bytes(info.objidTable, info.objidFDP, info.pgnoFDP),
            };
            need_mut(pv)?;
            if (cb as usize) < bytes.len() {
                return Err(JET_errBufferTooSmall);
            }
            // SAFETY: `pv` is writable for `cb >= bytes.len()` bytes by the C contract.
            let out = unsafe { ptr::bytes_mut(pv, cb) }?;
            out[..bytes.len()].copy_from_slice(&bytes);
            Ok(0)
        }
        JET_IdxInfoSpaceOwned | JET_IdxInfoSpaceAvailable => {
            // As ESE: a ULONG at least; the owned pages (calculated) exactly one.
            if (cb as usize) < size_of::<u32>() {
                return Err(JET_errBufferTooSmall);
            }
            if level == JET_IdxInfoSpaceOwned && cb as usize != size_of::<u32>() {
                return Err(JET_errInvalidBufferSize);
            }
            // SAFETY: `pv` is writable for `cb` bytes by the C contract.
            let out = unsafe { zeroed(pv, cb, 4, JET_errBufferTooSmall) }?;
            let (owned, available) = space()?;
            let v = if level == JET_IdxInfoSpaceOwned {
                owned
            } else {
                available
            };
            put_u32s(out, &[v]);
            Ok(0)
        }
        JET_IdxInfoSysTabCursor | JET_IdxInfoOLC | JET_IdxInfoResetOLC => {
            Err(JET_errFeatureNotAvailable)
        }
        _ => Err(JET_errInvalidParameter),
    }
}

unsafe fn table_index_info<E: IndexCreateForm>(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    name: *const E::Ch,
    pv: *mut c_void,
    cb: u32,
    level: u32,
) -> Ret {
    need_mut(pv)?;
    // SAFETY: forwarded C contract.
    let name = unsafe { opt::<E>(name) }?;
    let infos = jet::jet_get_table_index_info(sesid, tableid, name.as_deref()).j()?;
    let parts = || list_parts(sesid, tableid, &infos);
    let space = || jet::jet_get_table_index_space(sesid, tableid, name.as_deref()).j();
    // SAFETY: forwarded C contract.
    unsafe { index_answer::<E>(sesid, &infos, parts, space, name.is_some(), pv, cb, level) }
}

/// [`ListParts`] through the cursor `tableid`.
fn list_parts(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    infos: &[jet::JET_INDEXINFO],
) -> Result<ListParts, JET_ERR> {
    let columns = jet::jet_get_table_column_list(sesid, tableid).j()?;
    let stats = infos
        .iter()
        .map(|ix| jet::index_stats(sesid, tableid, &ix.szIndexName).j())
        .collect::<Result<_, _>>()?;
    Ok((columns, stats))
}

aw! {
    /// `JetGetTableIndexInfo`: index information through a cursor: a `JET_INDEXLIST`
    /// (`JET_IdxInfo`, `JET_IdxInfoList`), `JET_IdxInfoCount`, and for a named index
    /// `LCID`, `VarSegMac`, `KeyMost`, `LocaleName`.
    JetGetTableIndexInfoA JetGetTableIndexInfoW = table_index_info(
        sesid: (JET_SESID), tableid: (JET_TABLEID), szIndexName: s, pvResult: (*mut c_void),
        cbResult: (u32), InfoLevel: (u32))
}

unsafe fn index_info<E: IndexCreateForm>(
    sesid: JET_SESID,
    dbid: JET_DBID,
    table: *const E::Ch,
    name: *const E::Ch,
    pv: *mut c_void,
    cb: u32,
    level: u32,
) -> Ret {
    need_mut(pv)?;
    // SAFETY: forwarded C contract.
    let (table, name) = unsafe { (req::<E>(table)?, opt::<E>(name)?) };
    let infos = jet::jet_get_index_info(sesid, dbid, &table, name.as_deref()).j()?;
    let parts = || with_table(sesid, dbid, &table, |t| list_parts(sesid, t, &infos));
    let space = || jet::jet_get_index_space(sesid, dbid, &table, name.as_deref()).j();
    // SAFETY: forwarded C contract.
    unsafe { index_answer::<E>(sesid, &infos, parts, space, name.is_some(), pv, cb, level) }
}

aw! {
    /// `JetGetIndexInfo`: [`JetGetTableIndexInfoA`] by table name.
    JetGetIndexInfoA JetGetIndexInfoW = index_info(
        sesid: (JET_SESID), dbid: (JET_DBID), szTableName: s, szIndexName: s,
        pvResult: (*mut c_void), cbResult: (u32), InfoLevel: (u32))
}

/// A table's `JET_OBJECTINFO`. The dates are 0: ESE leaves them unset (esent.h calls them
/// deprecated).
fn object_info(t: &jet::JET_TABLEINFO) -> JET_OBJECTINFO {
    JET_OBJECTINFO {
        cbStruct: size_of::<JET_OBJECTINFO>() as u32,
        objtyp: JET_objtypTable,
        dtCreate: 0.0,
        dtUpdate: 0.0,
        grbit: 0,
        flags: t.flags,
        cRecord: u32::try_from(t.crecords).unwrap_or(u32::MAX),
        cPage: u32::try_from(t.cpages).unwrap_or(u32::MAX),
    }
}

/// The caller's buffer of `cb` bytes at `pv`, zeroed, when it holds at least `least`
/// bytes; `short` otherwise.
unsafe fn zeroed<'a>(
    pv: *mut c_void,
    cb: u32,
    least: usize,
    short: JET_ERR,
) -> Result<&'a mut [u8], JET_ERR> {
    need_mut(pv)?;
    if (cb as usize) < least {
        return Err(short);
    }
    // SAFETY: `pv` is writable for `cb` bytes by the C contract.
    let out = unsafe { ptr::bytes_mut(pv, cb) }?;
    out.fill(0);
    Ok(out)
}

/// Writes `values` as consecutive little-endian 32-bit numbers from the start of `out`.
fn put_u32s(out: &mut [u8], values: &[u32]) {
    for (chunk, v) in out.chunks_exact_mut(4).zip(values) {
        chunk.copy_from_slice(&v.to_le_bytes());
    }
}

/// `JET_TblInfoSpaceUsage`'s answer as ESE's `ErrSPGetInfo` lays it out: the owned and the
/// available pages of the table's own tree and, when `out` holds more than those two
/// numbers, the two extent lists (`EXTENTINFO`: last page, pages), each ended by a
/// (0, 0) sentinel; extents that do not fit are left out, the sentinels kept.
fn space_usage(out: &mut [u8], s: &jet::JET_TABLESPACE) -> Ret {
    let owned: u32 = s.owned_extents.iter().map(|e| e.1).sum();
    let available: u32 = s.available_extents.iter().map(|e| e.1).sum();
    put_u32s(out, &[owned, available]);
    if out.len() <= 8 {
        return Ok(0);
    }
    // Two totals and two sentinels at least (`ErrSPCheckInfoBuf`).
    if out.len() < 8 + 2 * 8 {
        return Err(JET_errBufferTooSmall);
    }
    let slots = (out.len() - 8) / 8;
    let mut list: Vec<(u32, u32)> = Vec::with_capacity(slots);
    let room = |list: &Vec<(u32, u32)>, sentinels: usize| list.len() + sentinels < slots;
    for &e in &s.owned_extents {
        if room(&list, 2) {
            list.push(e);
        }
    }
    list.push((0, 0));
    for &e in &s.available_extents {
        if room(&list, 1) {
            list.push(e);
        }
    }
    list.push((0, 0));
    for (i, (last, pages)) in list.into_iter().enumerate() {
        put_u32s(&mut out[8 + 8 * i..], &[last, pages]);
    }
    Ok(0)
}

unsafe fn table_info<E: Enc>(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    pv: *mut c_void,
    cb: u32,
    level: u32,
) -> Ret {
    need_mut(pv)?;
    let space = || jet::jet_get_table_space(sesid, tableid).j();
    let temp = || jet::jet_is_temp_table(sesid, tableid);
    match level {
        JET_TblInfo if temp() => Err(JET_errObjectNotFound),
        // Levels of a table's name, catalog rows and space trees, which a temporary table
        // has not.
        JET_TblInfoName
        | JET_TblInfoMostMany
        | JET_TblInfoDbid
        | JET_TblInfoTemplateTableName
        | JET_TblInfoSpaceAlloc
        | JET_TblInfoSpaceUsage
        | JET_TblInfoSpaceOwned
        | JET_TblInfoSpaceAvailable
        | JET_TblInfoSpaceOwnedLV
        | JET_TblInfoSpaceAvailableLV
        | JET_TblInfoLVChunkMax
        | JET_TblInfoObjectId
            if temp() =>
        {
            Err(JET_errInvalidOperation)
        }
        JET_TblInfo => {
            let info = jet::jet_get_table_info(sesid, tableid).j()?;
            // SAFETY: `pv` is NULL or writable for `cb` bytes by the C contract.
            unsafe { answer(pv, cb, object_info(&info)) }
        }
        JET_TblInfoName | JET_TblInfoMostMany => {
            let (name, _, _) = jet::jet_get_table_name(sesid, tableid).j()?;
            // SAFETY: `pv` is NULL or writable for `cb` bytes by the C contract.
            unsafe { write_str::<E>(pv.cast(), cb, &name, Short::Truncate) }
        }
        JET_TblInfoDbid => {
            let (_, dbid, _) = jet::jet_get_table_name(sesid, tableid).j()?;
            // SAFETY: `pv` is NULL or writable for `cb` bytes by the C contract.
            unsafe { answer(pv, cb, dbid) }
        }
        JET_TblInfoTemplateTableName => {
            let (_, _, template) = jet::jet_get_table_name(sesid, tableid).j()?;
            // SAFETY: `pv` is NULL or writable for `cb` bytes by the C contract.
            unsafe { write_str::<E>(pv.cast(), cb, &template, Short::Fail) }
        }
        JET_TblInfoSpaceAlloc => {
            // SAFETY: `pv` is writable for `cb` bytes by the C contract.
            let out = unsafe { zeroed(pv, cb, 8, JET_errBufferTooSmall) }?;
            let s = space()?;
            put_u32s(out, &[s.cpgInitial, s.ulDensity]);
            Ok(0)
        }
        JET_TblInfoSpaceUsage => {
            // SAFETY: `pv` is writable for `cb` bytes by the C contract.
            let out = unsafe { zeroed(pv, cb, 8, JET_errInvalidParameter) }?;
            space_usage(out, &space()?)
        }
        JET_TblInfoSpaceOwned => {
            // SAFETY: `pv` is writable for `cb` bytes by the C contract.
            let out = unsafe { zeroed(pv, cb, 4, JET_errInvalidParameter) }?;
            put_u32s(out, &[space()?.cpgOwned]);
            Ok(0)
        }
        JET_TblInfoSpaceAvailable => {
            if cb != 4 {
                return Err(JET_errInvalidBufferSize);
            }
            // SAFETY: `pv` is writable for `cb` bytes by the C contract.
            let out = unsafe { zeroed(pv, cb, 4, JET_errInvalidBufferSize) }?;
            put_u32s(out, &[space()?.cpgAvailable]);
            Ok(0)
        }
        JET_TblInfoSpaceOwnedLV | JET_TblInfoSpaceAvailableLV => {
            // SAFETY: `pv` is writable for `cb` bytes by the C contract.
            let out = unsafe { zeroed(pv, cb, 4, JET_errBufferTooSmall) }?;
            let s = space()?;
            let v = if level == JET_TblInfoSpaceOwnedLV {
                s.cpgOwnedLV
            } else {
                s.cpgAvailableLV
            };
            put_u32s(out, &[v]);
            Ok(0)
        }
        // SAFETY: `pv` is NULL or writable for `cb` bytes by the C contract.
        JET_TblInfoLVChunkMax => unsafe { answer(pv, cb, space()?.cbLVChunkMax) },
        // SAFETY: `pv` is NULL or writable for `cb` bytes by the C contract.
        JET_TblInfoObjectId => unsafe { answer(pv, cb, space()?.objidFDP) },
        JET_TblInfoRetrieveAndReserveAutoIncrement => {
            if pv.is_null() {
                return Err(JET_errInvalidParameter);
            }
            let v = jet::jet_reserve_autoincrement(sesid, tableid, cb).j()?;
            // SAFETY: `pv` is writable for `cb` bytes by the C contract, and `cb` is the
            // column's size (4 or 8), checked above.
            let out = unsafe { ptr::bytes_mut(pv, cb) }?;
            if cb == 4 {
                out.copy_from_slice(&u32::try_from(v).unwrap_or(u32::MAX).to_le_bytes());
            } else {
                out.copy_from_slice(&v.to_le_bytes());
            }
            Ok(0)
        }
        JET_TblInfoRvt
        | JET_TblInfoOLC
        | JET_TblInfoResetOLC
        | JET_TblInfoDumpTable
        | JET_TblInfoEncryptionKey => Err(JET_errFeatureNotAvailable),
        _ => Err(JET_errInvalidParameter),
    }
}

aw! {
    /// `JetGetTableInfo`: the cursor's table: `JET_TblInfo` (`JET_OBJECTINFO`),
    /// `JET_TblInfoName`, `JET_TblInfoDbid`, `JET_TblInfoTemplateTableName` ("" for a table
    /// not derived from a template), the catalog's `JET_TblInfoSpaceAlloc` (initial pages
    /// and density), `JET_TblInfoLVChunkMax` and `JET_TblInfoObjectId`, the space levels
    /// (`JET_TblInfoSpaceOwned`, `SpaceAvailable`, `SpaceUsage` with its extent lists,
    /// `SpaceOwnedLV`, `SpaceAvailableLV`) counted as ESE's `ErrSPGetInfo` counts them,
    /// and `JET_TblInfoRetrieveAndReserveAutoIncrement`. The OLC, dump, RVT and
    /// encryption-key levels are `JET_errFeatureNotAvailable`.
    JetGetTableInfoA JetGetTableInfoW = table_info(
        sesid: (JET_SESID), tableid: (JET_TABLEID), pvResult: (*mut c_void), cbMax: (u32),
        InfoLevel: (u32))
}

#[allow(clippy::too_many_arguments)] // esent.h's parameter list
unsafe fn get_object_info<E: Enc>(
    sesid: JET_SESID,
    dbid: JET_DBID,
    objtyp: JET_OBJTYP,
    _container: *const E::Ch,
    name: *const E::Ch,
    pv: *mut c_void,
    cb: u32,
    level: u32,
) -> Ret {
    need_mut(pv)?;
    if objtyp != JET_objtypTable && objtyp != JET_objtypNil {
        return Err(JET_errInvalidParameter);
    }
    match level {
        JET_ObjInfo | JET_ObjInfoNoStats => {}
        JET_ObjInfoList | JET_ObjInfoListNoStats => {
            if (cb as usize) < size_of::<JET_OBJECTLIST>() {
                return Err(JET_errBufferTooSmall);
            }
            let mut tables = Vec::new();
            for name in jet::jet_get_table_names(sesid, dbid).j()? {
                let (records, pages) = if level == JET_ObjInfoList {
                    let info = with_table(sesid, dbid, &name, |t| {
                        jet::jet_get_table_info(sesid, t).j()
                    })?;
                    let o = object_info(&info);
                    (o.cRecord, o.cPage)
                } else {
                    (0, 0)
                };
                tables.push((name, records, pages));
            }
            let list = lists::object_list::<E>(sesid, &tables)?;
            // SAFETY: `pv` is writable for `cb` bytes by the C contract.
            return unsafe { answer(pv, cb, list) };
        }
        JET_ObjInfoListACM
        | JET_ObjInfoSysTabCursor
        | JET_ObjInfoSysTabReadOnly
        | JET_ObjInfoRulesLoaded => return Err(JET_errFeatureNotAvailable),
        _ => return Err(JET_errInvalidParameter),
    }
    // SAFETY: forwarded C contract.
    let name = unsafe { req::<E>(name) }?;
    let info = with_table(sesid, dbid, &name, |t| {
        jet::jet_get_table_info(sesid, t).j()
    })?;
    let mut o = object_info(&info);
    if level == JET_ObjInfoNoStats {
        o.cRecord = 0;
        o.cPage = 0;
    }
    // SAFETY: forwarded C contract.
    unsafe { answer(pv, cb, o) }
}

aw! {
    /// `JetGetObjectInfo`: a table's `JET_OBJECTINFO` by name (`JET_ObjInfo`,
    /// `JET_ObjInfoNoStats`), or the database's tables as a `JET_OBJECTLIST`
    /// (`JET_ObjInfoList`, `JET_ObjInfoListNoStats`).
    JetGetObjectInfoA JetGetObjectInfoW = get_object_info(
        sesid: (JET_SESID), dbid: (JET_DBID), objtyp: (JET_OBJTYP), szContainerName: s,
        szObjectName: s, pvResult: (*mut c_void), cbMax: (u32), InfoLevel: (u32))
}
