//! Undoing, in recovery, the changes of transactions that never committed, from
//! the undo information the log kept (see `docs/design/recovery.md`).
//!
//! What must hold: each undo step runs under the writer lock and logs its page
//! changes with an `Undone` marker in the same step, so a crash during recovery
//! redoes it and never undoes the change twice. Recovery runs before any session:
//! no version of another transaction stands on the nodes it changes.

use super::ddl::SchemaUndo;
use super::txn::find_node;
use super::write::{delete_lv, State, Writer};
use super::Database;
use crate::catalog::CatalogRow;
use crate::format::lv::Lid;
use crate::format::undo::{NodeUndo, UndoInfo};
use crate::Result;

impl Writer {
    /// Undoes one logged change (the caller holds the writer lock). `reused`: the
    /// change is an insert onto a node the same transaction had flag-deleted
    /// earlier, so undoing it leaves the node flag-deleted (the older delete's undo
    /// then brings it back with its data) instead of removing it.
    fn undo_logged(&self, st: &mut State, info: &UndoInfo, reused: bool) -> Result<()> {
        match info {
            UndoInfo::Node {
                root,
                unique,
                key,
                data,
                kind,
            } => {
                let tree = self.open_tree(*root, crate::btree::DEFAULT_DENSITY)?;
                let ndata = (!*unique).then_some(&data[..]);
                let Some(node) = find_node(&tree, key, data)? else {
                    return Ok(());
                };
                match kind {
                    NodeUndo::Insert if reused => {
                        tree.set_flags(key, ndata, crate::format::page::node_flags::DELETED)
                    }
                    NodeUndo::Insert => tree.delete(key, ndata),
                    NodeUndo::Replace { before } => tree.replace(key, before),
                    NodeUndo::Delete { before } => {
                        if node.is_deleted() {
                            tree.set_flags(key, ndata, 0)?;
                        }
                        if *unique && node.data != *before {
                            tree.replace(key, before)?;
                        }
                        Ok(())
                    }
                    NodeUndo::Delta {
                        offset,
                        width,
                        delta,
                    } => {
                        let mut d = node.data;
                        crate::version::add_at(&mut d, *offset, *width, delta.wrapping_neg());
                        tree.replace(key, &d)
                    }
                }
            }
            UndoInfo::LvAdded { objid, lid } => {
                let root = self
                    .schema
                    .by_objid(*objid, crate::version::Snapshot::LATEST)
                    .and_then(|d| d.lv_root)
                    .or_else(|| self.lv_root(*objid));
                match root {
                    Some(r) => delete_lv(&self.open_tree(r, 100)?, Lid::new(*lid)?),
                    None => Ok(()),
                }
            }
            UndoInfo::Schema {
                objid,
                large,
                rows,
                created,
            } => {
                let rows = rows
                    .iter()
                    .map(|r| CatalogRow::decode(r, *large))
                    .collect::<Result<Vec<_>>>()?;
                let mut undo = SchemaUndo::rows(*objid, rows);
                undo.created = created.clone();
                self.undo_schema(st, undo)
            }
        }
    }
}

impl Database {
    /// Undoes the changes `ops` (oldest first, with their log ids) of transaction
    /// `txn`, newest first, each in a step of its own with its `Undone` marker.
    pub(crate) fn recover_undo(&self, txn: u64, ops: &[(u64, UndoInfo)]) -> Result<()> {
        let w = self.writer()?;
        for (at, (id, info)) in ops.iter().enumerate().rev() {
            let reused = ops[..at]
                .iter()
                .any(|(_, older)| deletes_node_of(older, info));
            let mut st = w.state.lock();
            w.check_open(&st)?;
            w.undo_logged(&mut st, info, reused)?;
            w.log.note_undone(txn, *id);
        }
        Ok(())
    }
}

/// Whether `older` flag-deleted the node that insert `insert` then reused (same
/// tree and key, and in a non-unique tree the same data).
fn deletes_node_of(older: &UndoInfo, insert: &UndoInfo) -> bool {
    match (older, insert) {
        (
            UndoInfo::Node {
                root: r1,
                unique,
                key: k1,
                data: d1,
                kind: NodeUndo::Delete { .. },
            },
            UndoInfo::Node {
                root: r2,
                key: k2,
                data: d2,
                kind: NodeUndo::Insert,
                ..
            },
        ) => r1 == r2 && k1 == k2 && (*unique || d1 == d2),
        _ => false,
    }
}
