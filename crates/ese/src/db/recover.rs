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
use std::collections::HashMap;

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
        // The first delete of each node: an insert after it reused the node.
        let mut first_delete: HashMap<NodeOf<'_>, usize> = HashMap::new();
        for (at, (_, info)) in ops.iter().enumerate() {
            if let Some(node) = node_of(info, true) {
                first_delete.entry(node).or_insert(at);
            }
        }
        for (at, (id, info)) in ops.iter().enumerate().rev() {
            let reused = node_of(info, false)
                .and_then(|n| first_delete.get(&n))
                .is_some_and(|&d| d < at);
            let mut st = w.state.lock();
            w.check_open(&st)?;
            w.undo_logged(&mut st, info, reused)?;
            w.log.note_undone(txn, *id);
        }
        Ok(())
    }
}

/// A node as the undo information names it: tree, key, and in a non-unique tree the
/// data that tells its entries apart.
type NodeOf<'a> = (u32, &'a [u8], Option<&'a [u8]>);

/// The node a logged delete (`delete`) or insert (otherwise) of `info` changed; `None`
/// for other changes.
fn node_of(info: &UndoInfo, delete: bool) -> Option<NodeOf<'_>> {
    match info {
        UndoInfo::Node {
            root,
            unique,
            key,
            data,
            kind,
        } if matches!(kind, NodeUndo::Delete { .. }) == delete
            && matches!(kind, NodeUndo::Delete { .. } | NodeUndo::Insert) =>
        {
            Some((*root, key, (!*unique).then_some(&data[..])))
        }
        _ => None,
    }
}
