//! The integrity check of a database: every tree, the space, and every index
//! against the records it indexes.
//!
//! The index check reads each table's records, makes the keys each record has in
//! each index (`record::index_keys`, with ESE's multi-value and NULL rules) and
//! compares them with the entries the index tree holds:
//! - the primary index: every record's key is the key its row makes;
//! - a secondary index whose keys this engine can make: the (key, primary
//!   bookmark) pairs made from the records, sorted, equal the index's entries in
//!   the tree's order, pair for pair (the pairs sorted in bounded memory, past it in
//!   runs in temporary files: `db::sort`; the index's entries streamed);
//! - a secondary index over Unicode text whose keys were made by another
//!   collation (every index Windows wrote): its keys cannot be made here, so the
//!   check is that every entry points at an existing record and that exactly the
//!   records that have keys in it are listed.
//!
//! What must hold: a mismatch is reported as `JET_errSecondaryIndexCorrupted`
//! (or `JET_errPrimaryIndexCorrupted`) naming the table, the index and the first
//! differing key; the check never changes the file.

use super::sort::Entries;
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
        let mut keyed: Vec<BTreeSet<Vec<u8>>> = vec![BTreeSet::new(); secondaries.len()];
        let opaque: Vec<bool> = secondaries
            .iter()
            .map(|ix| def.is_foreign_index(ix))
            .collect();
        // The entries each index's keys make, sorted in bounded memory (runs past it go
        // to temporary files), and how many.
        let mut made: Vec<Option<Entries>> = opaque
            .iter()
            .map(|&o| (!o).then(|| table.sort_entries()))
            .collect();
        let mut counts = vec![0u64; secondaries.len()];
        // Every record's bookmark, needed only for a foreign index's check.
        let any_opaque = opaque.iter().any(|&o| o);
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
                match &mut made[i] {
                    Some(entries) => {
                        for k in &keys {
                            entries.push(k, &bm)?;
                        }
                        counts[i] += keys.len() as u64;
                    }
                    None if !keys.is_empty() => {
                        keyed[i].insert(bm.clone());
                    }
                    None => {}
                }
            }
            if any_opaque {
                bookmarks.insert(bm);
            }
        }
        out.tables += 1;
        for (i, ix) in secondaries.iter().enumerate() {
            if opaque[i] {
                check_opaque(&table, def, ix, &bookmarks, &keyed[i])?;
                out.opaque_indexes += 1;
                continue;
            }
            let Some(mut want) = made[i].take() else {
                continue;
            };
            want.sort()?;
            // Both in the tree's order (key, then bookmark): compared entry by entry.
            let mut made_iter = want.iter()?;
            let mut held_iter = table.index_entries(&ix.name)?;
            let mut held = 0u64;
            let mut at = 0u64;
            loop {
                let a = made_iter.next();
                let b = held_iter.next().transpose()?;
                held += u64::from(b.is_some());
                let same = match (&a, &b) {
                    (None, None) => break,
                    (Some((k, d)), Some((hk, hd))) => k[..] == hk[..] && d[..] == hd[..],
                    _ => false,
                };
                if same {
                    at += 1;
                    continue;
                }
                made_iter.finish()?;
                for e in held_iter {
                    e?;
                    held += 1;
                }
                let show = |e: Option<(&[u8], &[u8])>| match e {
                    Some((k, b)) => format!("key {} for record {}", hex(k), hex(b)),
                    None => "nothing".to_string(),
                };
                return Err(corrupted(
                    def,
                    ix,
                    format!(
                        "entry {at}: the records make {}, the index holds {} ({} entries made, {} held)",
                        show(a.as_ref().map(|(k, d)| (&k[..], &d[..]))),
                        show(b.as_ref().map(|(k, d)| (&k[..], &d[..]))),
                        counts[i],
                        held
                    ),
                ));
            }
            made_iter.finish()?;
            out.indexes += 1;
            out.entries += held;
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
