//! Test support: per-test folders, an instance with its log in one, a session with a
//! database, and a table maker.

#![allow(dead_code)]

use ese_jet::consts::*;
use ese_jet::*;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A folder of its own, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let p = std::env::temp_dir().join(format!("ese-jet-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    pub fn path(&self, name: &str) -> String {
        self.0.join(name).to_str().unwrap().to_string()
    }
    pub fn s(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The `JET_err` code of a result.
pub fn code<T: std::fmt::Debug>(r: JetResult<T>) -> i32 {
    match r {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(e) => e.code().value(),
    }
}

/// A started instance whose files go to its own folder (multi-instance mode).
pub struct Inst {
    pub dir: TempDir,
    pub inst: JET_INSTANCE,
}

impl Inst {
    pub fn new(tag: &str) -> Inst {
        let dir = TempDir::new(tag);
        static N: AtomicUsize = AtomicUsize::new(0);
        let name = format!("{tag}-{}", N.fetch_add(1, Ordering::Relaxed));
        let inst = jet_create_instance(Some(&name)).unwrap();
        jet_set_system_parameter(inst, 0, JET_paramSystemPath, 0, Some(dir.s())).unwrap();
        jet_set_system_parameter(inst, 0, JET_paramLogFilePath, 0, Some(dir.s())).unwrap();
        jet_set_system_parameter(inst, 0, JET_paramMaxSessions, 64, None).unwrap();
        jet_init(Some(&mut inst.clone())).unwrap();
        Inst { dir, inst }
    }
}

impl Drop for Inst {
    fn drop(&mut self) {
        let _ = jet_term(self.inst);
    }
}

/// An instance, a session and a database open in it.
pub struct Env {
    pub i: Inst,
    pub ses: JET_SESID,
    pub db: JET_DBID,
    pub file: String,
}

impl Env {
    pub fn new(tag: &str) -> Env {
        let i = Inst::new(tag);
        let ses = jet_begin_session(i.inst, None, None).unwrap();
        let file = i.dir.path("test.edb");
        let db = jet_create_database(ses, &file, None, 0).unwrap();
        Env { i, ses, db, file }
    }
}

pub fn col(name: &str, coltyp: u32, grbit: JET_GRBIT) -> JET_COLUMNCREATE {
    JET_COLUMNCREATE {
        szColumnName: name.into(),
        coltyp,
        grbit,
        cp: if coltyp == JET_coltypText || coltyp == JET_coltypLongText {
            JET_cpUnicode
        } else {
            0
        },
        ..Default::default()
    }
}

pub fn idx(name: &str, key: &str, grbit: JET_GRBIT) -> JET_INDEXCREATE {
    JET_INDEXCREATE {
        szIndexName: name.into(),
        szKey: key.into(),
        grbit,
        ..Default::default()
    }
}

/// Creates a table; returns a cursor without table locks (the creator's exclusive one is
/// closed) and the column ids by position.
pub fn table(
    ses: JET_SESID,
    db: JET_DBID,
    name: &str,
    cols: Vec<JET_COLUMNCREATE>,
    idxs: Vec<JET_INDEXCREATE>,
) -> (JET_TABLEID, Vec<JET_COLUMNID>) {
    let mut tc = JET_TABLECREATE {
        szTableName: name.into(),
        rgcolumncreate: cols,
        rgindexcreate: idxs,
        ..Default::default()
    };
    jet_create_table_column_index(ses, db, &mut tc).unwrap();
    let ids = tc.rgcolumncreate.iter().map(|c| c.columnid).collect();
    jet_close_table(ses, tc.tableid).unwrap();
    (jet_open_table(ses, db, name, None, 0).unwrap(), ids)
}

pub fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

pub fn from_utf16(b: &[u8]) -> String {
    let u: Vec<u16> = b
        .chunks(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16(&u).unwrap()
}

pub fn long(v: i32) -> [u8; 4] {
    v.to_le_bytes()
}

/// Reads a column's first value as bytes (None for NULL).
pub fn get(ses: JET_SESID, t: JET_TABLEID, c: JET_COLUMNID) -> Option<Vec<u8>> {
    get_itag(ses, t, c, 1)
}

pub fn get_itag(ses: JET_SESID, t: JET_TABLEID, c: JET_COLUMNID, itag: u32) -> Option<Vec<u8>> {
    let mut info = JET_RETINFO {
        itagSequence: itag,
        ..Default::default()
    };
    let (n, w) = jet_retrieve_column(ses, t, c, &mut [], 0, Some(&mut info)).unwrap();
    if w == Some(Warning::ColumnNull) {
        return None;
    }
    let mut buf = vec![0u8; n];
    let (m, w) = jet_retrieve_column(ses, t, c, &mut buf, 0, Some(&mut info)).unwrap();
    assert_eq!((m, w), (n, None));
    Some(buf)
}

pub fn get_long(ses: JET_SESID, t: JET_TABLEID, c: JET_COLUMNID) -> Option<i32> {
    get(ses, t, c).map(|b| i32::from_le_bytes(b.try_into().unwrap()))
}

/// Inserts a record of (column, value) pairs.
pub fn insert(
    ses: JET_SESID,
    t: JET_TABLEID,
    vals: &[(JET_COLUMNID, &[u8])],
) -> JetResult<Vec<u8>> {
    jet_prepare_update(ses, t, JET_prepInsert)?;
    for (c, v) in vals {
        if let Err(e) = jet_set_column(ses, t, *c, Some(v), 0, None) {
            jet_prepare_update(ses, t, JET_prepCancel).unwrap();
            return Err(e);
        }
    }
    let r = jet_update(ses, t);
    if r.is_err() {
        jet_prepare_update(ses, t, JET_prepCancel).unwrap();
    }
    r
}

/// Seeks `key` (one Long segment) with `grbit`.
pub fn seek_long(
    ses: JET_SESID,
    t: JET_TABLEID,
    key: i32,
    grbit: JET_GRBIT,
) -> JetResult<Option<Warning>> {
    jet_make_key(ses, t, Some(&long(key)), JET_bitNewKey)?;
    jet_seek(ses, t, grbit)
}

/// The values of column `c` over the whole current index from the first entry.
pub fn scan_long(ses: JET_SESID, t: JET_TABLEID, c: JET_COLUMNID) -> Vec<i32> {
    let mut out = Vec::new();
    if jet_move(ses, t, JET_MoveFirst, 0).is_err() {
        return out;
    }
    loop {
        out.push(get_long(ses, t, c).unwrap());
        if jet_move(ses, t, JET_MoveNext, 0).is_err() {
            return out;
        }
    }
}

/// An absolute path of exactly `n` bytes under the folder `base`: components of at most
/// 200 bytes, so only the whole path's length can be the reason for a refusal.
pub fn path_of_len(base: &str, n: usize) -> String {
    assert!(base.len() + 2 <= n);
    let mut p = base.to_string();
    let mut left = n - base.len();
    while left > 0 {
        // A separator and at least one byte each time.
        let take = if left > 201 {
            if left - 201 == 1 {
                200
            } else {
                201
            }
        } else {
            left
        };
        p.push('/');
        p.push_str(&"a".repeat(take - 1));
        left -= take;
    }
    assert_eq!(p.len(), n);
    p
}
