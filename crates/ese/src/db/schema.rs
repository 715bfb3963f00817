//! The versioned catalog of a database: every table's definition as each
//! transaction sees it, shared by every handle of the database.
//!
//! A schema change (create, delete or rename a table; add or delete a column;
//! create or delete an index) adds a new version of the table's definition,
//! owned by the transaction that made it: that transaction sees it at once,
//! others when it has committed and their snapshot is at or after the commit
//! (as ESE's catalog rows are versioned like any other node). A rollback takes
//! the version off again. The catalog pages themselves are changed at the call;
//! the undo in `txn` restores them.
//!
//! What must hold: at most one transaction has uncommitted versions of a table
//! at a time (a second one gets `JET_errWriteConflict`, as does a change to a
//! table whose definition was committed after the changer's snapshot); versions
//! no snapshot can see any more are dropped by [`Schema::prune`]; a deleted
//! table's entry goes once no snapshot sees it.

use crate::catalog::TableDef;
use crate::version::Snapshot;
use crate::{Error, ErrorCode, Result};
use parking_lot::RwLock;
use std::sync::Arc;

/// The timestamp of a version not committed yet.
const UNCOMMITTED: u64 = u64::MAX;

#[derive(Debug, Clone)]
struct DefVersion {
    /// The definition; `None`: the table is deleted.
    def: Option<Arc<TableDef>>,
    /// The transaction that made it (0: the catalog as opened).
    txn: u64,
    /// Its commit timestamp (0: as opened; [`UNCOMMITTED`] until committed).
    ts: u64,
}

impl DefVersion {
    fn seen_by(&self, snap: Snapshot) -> bool {
        (snap.txn != 0 && self.txn == snap.txn) || (self.ts != UNCOMMITTED && self.ts <= snap.ts)
    }
}

#[derive(Debug)]
struct Slot {
    objid: u32,
    /// Oldest first.
    versions: Vec<DefVersion>,
}

impl Slot {
    fn seen(&self, snap: Snapshot) -> Option<&Arc<TableDef>> {
        self.versions
            .iter()
            .rev()
            .find(|v| v.seen_by(snap))
            .and_then(|v| v.def.as_ref())
    }

    /// The transaction with uncommitted versions of this table, if any.
    fn pending(&self) -> Option<u64> {
        self.versions
            .iter()
            .rev()
            .find(|v| v.ts == UNCOMMITTED)
            .map(|v| v.txn)
    }
}

/// Every table's definitions, by transaction (see the module header).
#[derive(Debug)]
pub(crate) struct Schema {
    slots: RwLock<Vec<Slot>>,
}

fn conflict(what: String) -> Error {
    Error::with(ErrorCode::WriteConflict, what)
}

impl Schema {
    /// The catalog as read from the file: every definition seen by everyone.
    pub(crate) fn new(defs: Vec<TableDef>) -> Schema {
        let slots = defs
            .into_iter()
            .map(|d| Slot {
                objid: d.objid,
                versions: vec![DefVersion {
                    def: Some(Arc::new(d)),
                    txn: 0,
                    ts: 0,
                }],
            })
            .collect();
        Schema {
            slots: RwLock::new(slots),
        }
    }

    /// Replaces everything by the catalog as read from the file.
    pub(crate) fn reset(&self, defs: Vec<TableDef>) {
        *self.slots.write() = Schema::new(defs).slots.into_inner();
    }

    /// Every table `snap` sees, in catalog order.
    pub(crate) fn visible(&self, snap: Snapshot) -> Vec<Arc<TableDef>> {
        self.slots
            .read()
            .iter()
            .filter_map(|s| s.seen(snap).cloned())
            .collect()
    }

    /// The table named `name` (case-insensitive) as `snap` sees it.
    pub(crate) fn find(&self, name: &str, snap: Snapshot) -> Option<Arc<TableDef>> {
        self.slots
            .read()
            .iter()
            .filter_map(|s| s.seen(snap))
            .find(|d| d.name.eq_ignore_ascii_case(name))
            .cloned()
    }

    /// The density the catalog gives the tree at `root`, from the newest definition that
    /// has the tree, committed or not: a secondary index's own; a table's tree takes its
    /// primary index's (as ESE gives the table's FCB the primary index's space hints),
    /// else the table's. `None` for trees no table definition names (long values, the
    /// space and system trees).
    pub(crate) fn tree_density(&self, root: u32) -> Option<u32> {
        let slots = self.slots.read();
        slots.iter().find_map(|s| {
            s.versions
                .iter()
                .rev()
                .filter_map(|v| v.def.as_deref())
                .find_map(|d| {
                    if d.root == root {
                        let primary = d.indexes.iter().find(|ix| ix.is_primary());
                        return Some(primary.map_or(d.density, |ix| ix.density));
                    }
                    d.indexes
                        .iter()
                        .find(|ix| ix.root == root && !ix.is_primary())
                        .map(|ix| ix.density)
                })
        })
    }

    /// Table `objid` as `snap` sees it.
    pub(crate) fn by_objid(&self, objid: u32, snap: Snapshot) -> Option<Arc<TableDef>> {
        self.slots
            .read()
            .iter()
            .find(|s| s.objid == objid)
            .and_then(|s| s.seen(snap).cloned())
    }

    /// Whether `snap`'s transaction may change records of table `objid` through
    /// definition `def`: `JET_errWriteConflict` while another transaction changes
    /// the table's definition or when it changed after `snap` began;
    /// `JET_errObjectNotFound` when the table is deleted; `JET_errInvalidParameter`
    /// when `def` names other indexes than the definition `snap` sees (a handle
    /// opened before an index was created or deleted).
    pub(crate) fn check_use(&self, def: &TableDef, snap: Snapshot) -> Result<()> {
        let slots = self.slots.read();
        let Some(s) = slots.iter().find(|s| s.objid == def.objid) else {
            // Tables the catalog does not list (temporary tables) have one definition.
            return Ok(());
        };
        if let Some(t) = s.pending() {
            if snap.txn == 0 || t != snap.txn {
                return Err(conflict(format!(
                    "transaction {t} is changing the definition of table {:?}",
                    def.name
                )));
            }
        }
        if s.versions.last().is_some_and(|v| !v.seen_by(snap)) {
            return Err(conflict(format!(
                "the definition of table {:?} changed after this transaction began",
                def.name
            )));
        }
        let Some(seen) = s.seen(snap) else {
            return Err(Error::with(
                ErrorCode::ObjectNotFound,
                format!("table {:?} was deleted", def.name),
            ));
        };
        let same_indexes = seen.indexes.len() == def.indexes.len()
            && seen
                .indexes
                .iter()
                .zip(&def.indexes)
                .all(|(a, b)| a.root == b.root);
        if !same_indexes {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                format!(
                    "the indexes of table {} changed since this handle opened it: open it again",
                    def.name
                ),
            ));
        }
        Ok(())
    }

    /// `JET_errWriteConflict` when a table named `name` is being created, renamed to
    /// or from, or deleted by another transaction, or was committed after `snap`
    /// began; `JET_errTableDuplicate` when `snap` sees a table of that name (other
    /// than `except`).
    pub(crate) fn check_name(&self, name: &str, snap: Snapshot, except: Option<u32>) -> Result<()> {
        let slots = self.slots.read();
        for s in slots.iter().filter(|s| Some(s.objid) != except) {
            if let Some(d) = s.seen(snap) {
                if d.name.eq_ignore_ascii_case(name) {
                    return Err(Error::with(
                        ErrorCode::TableDuplicate,
                        format!("a table named {name:?} already exists"),
                    ));
                }
            }
            let named = |v: &DefVersion| {
                v.def
                    .as_ref()
                    .is_some_and(|d| d.name.eq_ignore_ascii_case(name))
            };
            if s.versions.iter().any(|v| !v.seen_by(snap) && named(v)) {
                return Err(conflict(format!(
                    "another transaction holds the table name {name:?}"
                )));
            }
        }
        Ok(())
    }

    /// `JET_errWriteConflict` when `snap`'s transaction may not change table
    /// `objid`'s definition: another transaction is changing it, or a change of it
    /// committed after `snap` began.
    pub(crate) fn can_change(&self, objid: u32, snap: Snapshot) -> Result<()> {
        let slots = self.slots.read();
        match slots
            .iter()
            .find(|s| s.objid == objid)
            .and_then(|s| s.versions.last())
        {
            Some(last) if !last.seen_by(snap) => Err(conflict(format!(
                "the definition of table {objid} changed after this transaction began, or another transaction is changing it"
            ))),
            _ => Ok(()),
        }
    }

    /// Adds `def` (`None`: deleted) as the newest version of table `objid`, made by
    /// `snap`'s transaction. Errors: `JET_errWriteConflict` (see the module header).
    pub(crate) fn propose(
        &self,
        objid: u32,
        def: Option<TableDef>,
        snap: Snapshot,
    ) -> Result<Option<Arc<TableDef>>> {
        let mut slots = self.slots.write();
        let def = def.map(Arc::new);
        let new = DefVersion {
            def: def.clone(),
            txn: snap.txn,
            ts: UNCOMMITTED,
        };
        match slots.iter_mut().find(|s| s.objid == objid) {
            Some(s) => {
                if s.versions.last().is_some_and(|last| !last.seen_by(snap)) {
                    return Err(conflict(format!(
                        "the definition of table {objid} changed after this transaction began, or another transaction is changing it"
                    )));
                }
                s.versions.push(new);
            }
            None => slots.push(Slot {
                objid,
                versions: vec![new],
            }),
        }
        Ok(def)
    }

    /// Takes the newest version of table `objid` off when transaction `txn` made it
    /// and has not committed it (the undo of [`Schema::propose`]).
    pub(crate) fn withdraw(&self, objid: u32, txn: u64) {
        let mut slots = self.slots.write();
        if let Some(i) = slots.iter().position(|s| s.objid == objid) {
            let s = &mut slots[i];
            if s.versions
                .last()
                .is_some_and(|v| v.txn == txn && v.ts == UNCOMMITTED)
            {
                s.versions.pop();
            }
            if s.versions.is_empty() {
                slots.remove(i);
            }
        }
    }

    /// Commits every version transaction `txn` made, at timestamp `ts`.
    pub(crate) fn stamp(&self, txn: u64, ts: u64) {
        for s in self.slots.write().iter_mut() {
            for v in s.versions.iter_mut() {
                if v.txn == txn && v.ts == UNCOMMITTED {
                    v.ts = ts;
                }
            }
        }
    }

    /// Drops the versions no snapshot at or after `oldest` can see: every
    /// committed version older than the newest one committed at or before it, and
    /// tables deleted by then.
    pub(crate) fn prune(&self, oldest: u64) {
        let mut slots = self.slots.write();
        for s in slots.iter_mut() {
            let keep_from = s
                .versions
                .iter()
                .rposition(|v| v.ts != UNCOMMITTED && v.ts <= oldest)
                .unwrap_or(0);
            s.versions.drain(..keep_from);
        }
        slots.retain(|s| {
            !(s.versions.len() == 1 && s.versions[0].def.is_none() && s.versions[0].ts <= oldest)
        });
    }

    /// How many definitions are held, every version counted.
    #[cfg(test)]
    pub(crate) fn version_count(&self) -> usize {
        self.slots.read().iter().map(|s| s.versions.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(objid: u32, name: &str) -> TableDef {
        TableDef {
            name: name.into(),
            objid,
            root: objid,
            flags: 0,
            template_table: None,
            columns: Vec::new(),
            indexes: Vec::new(),
            lv_root: None,
            lv_objid: None,
            lv_chunk_max: 0,
            density: crate::catalog::DEFAULT_DENSITY,
            pages: crate::db::TABLE_INITIAL_PAGES,
        }
    }

    fn snap(txn: u64, ts: u64) -> Snapshot {
        Snapshot { txn, ts }
    }

    #[test]
    fn a_created_table_is_seen_by_its_creator_then_by_later_snapshots() {
        let s = Schema::new(vec![def(2, "a")]);
        s.propose(10, Some(def(10, "b")), snap(7, 5)).unwrap();
        assert!(s.find("b", snap(7, 5)).is_some());
        assert!(s.find("b", snap(8, 5)).is_none());
        assert!(s.find("B", Snapshot::LATEST).is_none());
        assert_eq!(
            s.check_name("b", snap(8, 5), None).unwrap_err().code(),
            ErrorCode::WriteConflict
        );
        s.stamp(7, 6);
        assert!(
            s.find("b", snap(8, 5)).is_none(),
            "snapshot before the commit"
        );
        assert!(s.find("b", snap(9, 6)).is_some());
        assert!(s.find("b", Snapshot::LATEST).is_some());
        assert_eq!(
            s.check_name("b", snap(9, 6), None).unwrap_err().code(),
            ErrorCode::TableDuplicate
        );
    }

    #[test]
    fn a_withdrawn_version_is_gone_and_the_old_one_shows_again() {
        let s = Schema::new(vec![def(2, "a")]);
        s.propose(2, Some(def(2, "renamed")), snap(7, 0)).unwrap();
        assert_eq!(s.by_objid(2, snap(7, 0)).unwrap().name, "renamed");
        assert_eq!(s.by_objid(2, snap(8, 0)).unwrap().name, "a");
        s.withdraw(2, 8);
        assert_eq!(
            s.version_count(),
            2,
            "another transaction's withdraw does nothing"
        );
        s.withdraw(2, 7);
        assert_eq!(s.by_objid(2, snap(7, 0)).unwrap().name, "a");
        s.propose(3, None, snap(7, 0)).unwrap();
        s.withdraw(3, 7);
        assert_eq!(s.visible(Snapshot::LATEST).len(), 1);
    }

    #[test]
    fn a_second_changer_and_a_stale_snapshot_conflict() {
        let s = Schema::new(vec![def(2, "a")]);
        s.propose(2, Some(def(2, "x")), snap(7, 0)).unwrap();
        let e = s.propose(2, None, snap(8, 0)).unwrap_err();
        assert_eq!(e.code(), ErrorCode::WriteConflict);
        let d = def(2, "x");
        assert_eq!(
            s.check_use(&d, snap(8, 0)).unwrap_err().code(),
            ErrorCode::WriteConflict
        );
        assert!(s.check_use(&d, snap(7, 0)).is_ok());
        s.stamp(7, 3);
        assert_eq!(
            s.check_use(&d, snap(8, 0)).unwrap_err().code(),
            ErrorCode::WriteConflict
        );
        assert!(s.check_use(&d, snap(8, 3)).is_ok());
        let e = s.propose(2, None, snap(8, 2)).unwrap_err();
        assert_eq!(
            e.code(),
            ErrorCode::WriteConflict,
            "committed after the snapshot"
        );
        s.propose(2, None, snap(9, 3)).unwrap();
        s.stamp(9, 4);
        assert!(
            s.by_objid(2, snap(10, 3)).is_some(),
            "deleted after this snapshot"
        );
        assert!(s.by_objid(2, snap(10, 4)).is_none());
    }

    #[test]
    fn prune_keeps_what_the_oldest_snapshot_sees() {
        let s = Schema::new(vec![def(2, "a")]);
        s.propose(2, Some(def(2, "b")), snap(7, 0)).unwrap();
        s.stamp(7, 5);
        s.propose(2, Some(def(2, "c")), snap(8, 5)).unwrap();
        s.stamp(8, 9);
        s.prune(4);
        assert_eq!(s.version_count(), 3);
        s.prune(6);
        assert_eq!(s.version_count(), 2);
        assert_eq!(s.by_objid(2, snap(1, 6)).unwrap().name, "b");
        s.propose(2, None, snap(9, 9)).unwrap();
        s.prune(100);
        assert_eq!(s.version_count(), 2, "an uncommitted delete stays");
        s.stamp(9, 10);
        s.prune(100);
        assert_eq!(s.version_count(), 0);
        assert!(s.visible(Snapshot::LATEST).is_empty());
    }
}
