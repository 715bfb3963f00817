//! The integrity check of a database: every tree, the space, and every index
//! against the records it indexes.
//!
//! The index check reads each table's records, makes the keys each record has in
//! each index (`record::index_keys`, with ESE's multi-value and NULL rules) and
//! compares them with the entries the index tree holds:
//! - the primary index: every record's key is the key its row makes;
//! - a secondary index whose keys this engine can make: the sorted list of
//!   (key, primary bookmark) pairs made from the records equals the index's
//!   entries, pair for pair;
//! - a secondary index over Unicode text whose keys were made by another
//!   collation (every index Windows wrote): its keys cannot be made here, so the
//!   check is that every entry points at an existing record and that exactly the
//!   records that have keys in it are listed.
//!
//! What must hold: a mismatch is reported as `JET_errSecondaryIndexCorrupted`
//! (or `JET_errPrimaryIndexCorrupted`) naming the table, the index and the first
//! differing key; the check never changes the file.

use super::{Database, IndexDef, Table, TableDef};
use crate::record::index_keys;
use crate::{Error, Result};
use std::collections::BTreeSet;

/// What [`Database::check_indexes`] compared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexCheck {
    /// Tables whose records were read.
    pub tables: usize,
    /// Records read.
    pub records: u64,
    /// Indexes compared entry by entry.
    pub indexes: usize,
    /// Index entries compared entry by entry.
    pub entries: u64,
    /// Indexes whose keys another collation made: checked by bookmark only.
    pub opaque_indexes: usize,
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn corrupted(table: &TableDef, ix: &IndexDef, what: String) -> Error {
    Error::with(
        ix.corruption_code(),
        format!("table {}, index {}: {what}", table.name, ix.name),
    )
}

impl Database {
    /// Checks every index of every table against the table's records (see the
    /// module header): `JET_errPrimaryIndexCorrupted` or
    /// `JET_errSecondaryIndexCorrupted` on the first difference, with the table,
    /// index and key. Works on databases open read-only too.
    pub fn check_indexes(&self) -> Result<IndexCheck> {
        let mut out = IndexCheck::default();
        for def in self.table_defs() {
            self.check_table_indexes(&def, &mut out)?;
        }
        Ok(out)
    }

    fn check_table_indexes(&self, def: &TableDef, out: &mut IndexCheck) -> Result<()> {
        let table = self.table(&def.name)?;
        let secondaries: Vec<&IndexDef> = def.indexes.iter().filter(|i| !i.is_primary()).collect();
        let primary = def.primary_index();
        let mut made: Vec<Vec<(Vec<u8>, Vec<u8>)>> = vec![Vec::new(); secondaries.len()];
        let mut keyed: Vec<BTreeSet<Vec<u8>>> = vec![BTreeSet::new(); secondaries.len()];
        let opaque: Vec<bool> = secondaries
            .iter()
            .map(|ix| def.is_foreign_index(ix))
            .collect();
        let mut bookmarks = BTreeSet::new();
        for rec in table.records()? {
            let rec = rec?;
            let (row, _) = rec.to_row()?;
            let bm = rec.key().to_vec();
            out.records += 1;
            if let Some(p) = primary {
                if !def.is_foreign_index(p) {
                    let k = index_keys(def, p, &row)?.keys;
                    if k.first().map(Vec::as_slice) != Some(bm.as_slice()) {
                        return Err(corrupted(
                            def,
                            p,
                            format!(
                                "record {} makes key {}",
                                hex(&bm),
                                k.first().map(|k| hex(k)).unwrap_or_default()
                            ),
                        ));
                    }
                }
            }
            for (i, ix) in secondaries.iter().enumerate() {
                let keys = index_keys(def, ix, &row)?.keys;
                if opaque[i] {
                    if !keys.is_empty() {
                        keyed[i].insert(bm.clone());
                    }
                } else {
                    made[i].extend(keys.into_iter().map(|k| (k, bm.clone())));
                }
            }
            bookmarks.insert(bm);
        }
        out.tables += 1;
        for (i, ix) in secondaries.iter().enumerate() {
            if opaque[i] {
                check_opaque(&table, def, ix, &bookmarks, &keyed[i])?;
                out.opaque_indexes += 1;
                continue;
            }
            let mut want = std::mem::take(&mut made[i]);
            want.sort_unstable();
            let mut have = Vec::with_capacity(want.len());
            for e in table.index_entries(&ix.name)? {
                have.push(e?);
            }
            have.sort_unstable();
            if let Some(at) = (0..want.len().max(have.len())).find(|&j| want.get(j) != have.get(j))
            {
                let show = |e: Option<&(Vec<u8>, Vec<u8>)>| match e {
                    Some((k, b)) => format!("key {} for record {}", hex(k), hex(b)),
                    None => "nothing".to_string(),
                };
                return Err(corrupted(
                    def,
                    ix,
                    format!(
                        "entry {at}: the records make {}, the index holds {} ({} entries made, {} held)",
                        show(want.get(at)),
                        show(have.get(at)),
                        want.len(),
                        have.len()
                    ),
                ));
            }
            out.indexes += 1;
            out.entries += have.len() as u64;
        }
        Ok(())
    }
}

/// A foreign index: every entry points at an existing record, and exactly the
/// records that have keys in it (`keyed`) are listed.
fn check_opaque(
    table: &Table,
    def: &TableDef,
    ix: &IndexDef,
    records: &BTreeSet<Vec<u8>>,
    keyed: &BTreeSet<Vec<u8>>,
) -> Result<()> {
    let mut listed = BTreeSet::new();
    for e in table.index_entries(&ix.name)? {
        let (key, bm) = e?;
        if !records.contains(&bm) {
            return Err(corrupted(
                def,
                ix,
                format!("entry {} points at missing record {}", hex(&key), hex(&bm)),
            ));
        }
        listed.insert(bm);
    }
    if let Some(bm) = keyed.symmetric_difference(&listed).next() {
        return Err(corrupted(
            def,
            ix,
            format!(
                "record {} is {} the index",
                hex(bm),
                if listed.contains(bm) {
                    "listed in but has no key for"
                } else {
                    "missing from"
                }
            ),
        ));
    }
    Ok(())
}
