//! The temporary tables the catalog queries answer with: `JET_COLUMNLIST`
//! (`JET_ColInfoList*`), `JET_INDEXLIST` (`JET_IdxInfo`, `JET_IdxInfoList`) and
//! `JET_OBJECTLIST` (`JET_ObjInfoList*`), built with
//! the engine's temporary tables and handed to the caller as an open cursor.
//!
//! What must hold: on success the caller owns one new cursor, positioned on the first row,
//! and closes it with `JetCloseTable`; on failure no cursor is left open. Names are stored
//! in the caller's encoding: UTF-8 in code page 1252 columns for the A forms, UTF-16 in
//! code page 1200 columns for the W forms. The statistics (`cKey`, `cEntry`, `cPage` of an
//! index, `cRecord` and `cPage` of a table) are counted when asked, where esent.dll gives
//! what `JetComputeStats` last stored.

use core::mem::size_of;

use ese_jet as jet;

use crate::consts::*;
use crate::ffi::{Enc, Jet};
use crate::types::*;

/// One column of a list table: type, code page, whether it is part of the key.
type Col = (JET_COLTYP, u16, bool);

/// A temporary table being filled; closed on drop unless handed over.
struct Builder {
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    ids: Vec<JET_COLUMNID>,
}

impl Builder {
    fn open(sesid: JET_SESID, cols: &[Col]) -> Result<Self, JET_ERR> {
        let defs: Vec<jet::JET_COLUMNDEF> = cols
            .iter()
            .map(|&(coltyp, cp, key)| jet::JET_COLUMNDEF {
                coltyp,
                cp,
                grbit: if key { JET_bitColumnTTKey } else { 0 },
                ..Default::default()
            })
            .collect();
        let (tableid, ids) =
            jet::jet_open_temp_table(sesid, &defs, JET_bitTTIndexed | JET_bitTTScrollable).j()?;
        Ok(Builder {
            sesid,
            tableid,
            ids,
        })
    }

    /// Inserts one row; `None` leaves a column NULL.
    fn row(&self, values: &[Option<Vec<u8>>]) -> Result<(), JET_ERR> {
        jet::jet_prepare_update(self.sesid, self.tableid, JET_prepInsert).j()?;
        for (&id, v) in self.ids.iter().zip(values) {
            if let Some(v) = v {
                jet::jet_set_column(self.sesid, self.tableid, id, Some(v), 0, None).j()?;
            }
        }
        jet::jet_update(self.sesid, self.tableid).j()?;
        Ok(())
    }

    /// Moves to the first row and hands the cursor over.
    fn finish(self) -> Result<(JET_TABLEID, Vec<JET_COLUMNID>), JET_ERR> {
        match jet::jet_move(self.sesid, self.tableid, JET_MoveFirst, 0).j() {
            Ok(()) | Err(JET_errNoCurrentRecord) => {}
            Err(e) => return Err(e),
        }
        // The cursor goes to the caller, so `Drop` must not close it; the ids are moved
        // out first, since a forgotten value's fields are never freed.
        let mut this = core::mem::ManuallyDrop::new(self);
        let ids = core::mem::take(&mut this.ids);
        Ok((this.tableid, ids))
    }
}

impl Drop for Builder {
    fn drop(&mut self) {
        let _ = jet::jet_close_table(self.sesid, self.tableid);
    }
}

fn long(v: u32) -> Option<Vec<u8>> {
    Some(v.to_le_bytes().to_vec())
}

fn short(v: u16) -> Option<Vec<u8>> {
    Some(v.to_le_bytes().to_vec())
}

/// A name in the caller's encoding.
fn text<E: Enc>(s: &str) -> Option<Vec<u8>> {
    Some(E::bytes(s))
}

/// The `JET_COLUMNLIST` of a table's columns, sorted by name, or by column id with
/// `by_id`.
pub(crate) fn column_list<E: Enc>(
    sesid: JET_SESID,
    cols: &[jet::JET_COLUMNBASE],
    by_id: bool,
) -> Result<JET_COLUMNLIST, JET_ERR> {
    let cp = E::CP;
    let b = Builder::open(
        sesid,
        &[
            (JET_coltypLong, 0, false),       // PresentationOrder
            (JET_coltypText, cp, !by_id),     // column name
            (JET_coltypLong, 0, by_id),       // column id
            (JET_coltypLong, 0, false),       // coltyp
            (JET_coltypShort, 0, false),      // Country
            (JET_coltypShort, 0, false),      // Langid
            (JET_coltypShort, 0, false),      // Cp
            (JET_coltypShort, 0, false),      // Collate
            (JET_coltypLong, 0, false),       // cbMax
            (JET_coltypLong, 0, false),       // grbit
            (JET_coltypLongBinary, 0, false), // Default
            (JET_coltypText, cp, false),      // BaseTableName
            (JET_coltypText, cp, false),      // BaseColumnName
            (JET_coltypText, cp, false),      // DefinitionName
        ],
    )?;
    for (i, c) in cols.iter().enumerate() {
        let d = &c.def;
        b.row(&[
            long(i as u32),
            text::<E>(&c.szBaseColumnName),
            long(d.columnid),
            long(d.coltyp),
            short(d.wCountry),
            short(d.langid),
            short(d.cp),
            short(d.wCollate),
            long(d.cbMax),
            long(d.grbit),
            c.pvDefault.clone(),
            text::<E>(&c.szBaseTableName),
            text::<E>(&c.szBaseColumnName),
            text::<E>(&c.szBaseColumnName),
        ])?;
    }
    let (tableid, id) = b.finish()?;
    Ok(JET_COLUMNLIST {
        cbStruct: size_of::<JET_COLUMNLIST>() as u32,
        tableid,
        cRecord: cols.len() as u32,
        columnidPresentationOrder: id[0],
        columnidcolumnname: id[1],
        columnidcolumnid: id[2],
        columnidcoltyp: id[3],
        columnidCountry: id[4],
        columnidLangid: id[5],
        columnidCp: id[6],
        columnidCollate: id[7],
        columnidcbMax: id[8],
        columnidgrbit: id[9],
        columnidDefault: id[10],
        columnidBaseTableName: id[11],
        columnidBaseColumnName: id[12],
        columnidDefinitionName: id[13],
    })
}

/// The `JET_INDEXLIST` of indexes: one row per key column, sorted by index name and key
/// position. `cols` gives each key column's id and type, `stats` each index's
/// statistics (`cKey`, `cEntry`, `cPage`, on every row of the index), in `indexes`' order.
pub(crate) fn index_list<E: Enc>(
    sesid: JET_SESID,
    indexes: &[jet::JET_INDEXINFO],
    stats: &[jet::IndexStats],
    cols: &[jet::JET_COLUMNBASE],
) -> Result<JET_INDEXLIST, JET_ERR> {
    let cp = E::CP;
    let b = Builder::open(
        sesid,
        &[
            (JET_coltypText, cp, true),  // index name
            (JET_coltypLong, 0, false),  // grbitIndex
            (JET_coltypLong, 0, false),  // cKey
            (JET_coltypLong, 0, false),  // cEntry
            (JET_coltypLong, 0, false),  // cPage
            (JET_coltypLong, 0, false),  // cColumn
            (JET_coltypLong, 0, true),   // iColumn
            (JET_coltypLong, 0, false),  // columnid
            (JET_coltypLong, 0, false),  // coltyp
            (JET_coltypShort, 0, false), // Country
            (JET_coltypShort, 0, false), // Langid
            (JET_coltypShort, 0, false), // Cp
            (JET_coltypShort, 0, false), // Collate
            (JET_coltypLong, 0, false),  // grbitColumn
            (JET_coltypText, cp, false), // column name
            (JET_coltypLong, 0, false),  // LCMapFlags
        ],
    )?;
    let mut rows = 0u32;
    for (ix, st) in indexes.iter().zip(stats) {
        let n = ix.segments.len() as u32;
        let count = |v: u64| long(u32::try_from(v).unwrap_or(u32::MAX));
        for (i, (name, descending)) in ix.segments.iter().enumerate() {
            let def = cols
                .iter()
                .find(|c| &c.szBaseColumnName == name)
                .map(|c| c.def.clone())
                .unwrap_or_default();
            b.row(&[
                text::<E>(&ix.szIndexName),
                long(ix.grbit),
                count(st.keys),
                count(st.entries),
                count(st.pages),
                long(n),
                long(i as u32),
                long(def.columnid),
                long(def.coltyp),
                short(def.wCountry),
                short(def.langid),
                short(def.cp),
                short(def.wCollate),
                long(if *descending {
                    JET_bitKeyDescending
                } else {
                    JET_bitKeyAscending
                }),
                text::<E>(name),
                long(0),
            ])?;
            rows += 1;
        }
    }
    let (tableid, id) = b.finish()?;
    Ok(JET_INDEXLIST {
        cbStruct: size_of::<JET_INDEXLIST>() as u32,
        tableid,
        cRecord: rows,
        columnidindexname: id[0],
        columnidgrbitIndex: id[1],
        columnidcKey: id[2],
        columnidcEntry: id[3],
        columnidcPage: id[4],
        columnidcColumn: id[5],
        columnidiColumn: id[6],
        columnidcolumnid: id[7],
        columnidcoltyp: id[8],
        columnidCountry: id[9],
        columnidLangid: id[10],
        columnidCp: id[11],
        columnidCollate: id[12],
        columnidgrbitColumn: id[13],
        columnidcolumnname: id[14],
        columnidLCMapFlags: id[15],
    })
}

/// The `JET_OBJECTLIST` of a database's tables, sorted by name: (name, records, pages)
/// (0 and 0 without statistics). The dates are 0: ESE fills them from nothing either
/// (`JET_OBJECTINFO` calls them deprecated).
pub(crate) fn object_list<E: Enc>(
    sesid: JET_SESID,
    tables: &[(String, u32, u32)],
) -> Result<JET_OBJECTLIST, JET_ERR> {
    let cp = E::CP;
    let b = Builder::open(
        sesid,
        &[
            (JET_coltypText, cp, false),    // container name
            (JET_coltypText, cp, true),     // object name
            (JET_coltypLong, 0, false),     // objtyp
            (JET_coltypDateTime, 0, false), // dtCreate
            (JET_coltypDateTime, 0, false), // dtUpdate
            (JET_coltypLong, 0, false),     // grbit
            (JET_coltypLong, 0, false),     // flags
            (JET_coltypLong, 0, false),     // cRecord
            (JET_coltypLong, 0, false),     // cPage
        ],
    )?;
    for (name, records, pages) in tables {
        b.row(&[
            None,
            text::<E>(name),
            long(JET_objtypTable),
            Some(0f64.to_le_bytes().to_vec()),
            Some(0f64.to_le_bytes().to_vec()),
            long(0),
            long(0),
            long(*records),
            long(*pages),
        ])?;
    }
    let (tableid, id) = b.finish()?;
    Ok(JET_OBJECTLIST {
        cbStruct: size_of::<JET_OBJECTLIST>() as u32,
        tableid,
        cRecord: tables.len() as u32,
        columnidcontainername: id[0],
        columnidobjectname: id[1],
        columnidobjtyp: id[2],
        columniddtCreate: id[3],
        columniddtUpdate: id[4],
        columnidgrbit: id[5],
        columnidflags: id[6],
        columnidcRecord: id[7],
        columnidcPage: id[8],
    })
}
