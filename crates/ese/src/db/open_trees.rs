//! The open tree handles of a database open for writing, by root page.
//!
//! Every point read looks its tree up here, from every reader thread at once, and
//! tree handles are opened or forgotten rarely (a tree's first use, a table or
//! index deleted). So a lookup writes nothing shared: the map is an immutable
//! `HashMap` behind an [`ArcSwap`], loaded without touching its reference count
//! (arc-swap's per-thread debts), and a change copies the map and swaps the copy
//! in under `edit`. A lookup under a shared lock, or a clone of the handle per
//! read, would write a cache line that every reader shares.
//!
//! What must hold: a root has at most one handle at a time (handles share the
//! tree lock only when cloned from one `BTree::open`), so the check for a handle
//! and the insert of a new one happen under `edit`.

use crate::btree::BTree;
use crate::Result;
use arc_swap::ArcSwap;
use hashbrown::HashMap;
use parking_lot::Mutex;
use std::sync::Arc;

/// The open tree handles (see the module header); `T` a handle.
pub(super) struct OpenTrees<T = BTree> {
    map: ArcSwap<HashMap<u32, T>>,
    edit: Mutex<()>,
}

impl<T> Default for OpenTrees<T> {
    fn default() -> Self {
        OpenTrees {
            map: ArcSwap::from_pointee(HashMap::new()),
            edit: Mutex::new(()),
        }
    }
}

impl<T: Clone> OpenTrees<T> {
    /// A clone of the handle on the tree at `root`, if open.
    pub(super) fn get(&self, root: u32) -> Option<T> {
        self.map.load().get(&root).cloned()
    }

    /// `f` on the handle on the tree at `root` without a reference of its own to
    /// the handle; `f` back when the tree is not open.
    pub(super) fn with<R, F: FnOnce(&T) -> R>(&self, root: u32, f: F) -> std::result::Result<R, F> {
        match self.map.load().get(&root) {
            Some(t) => Ok(f(t)),
            None => Err(f),
        }
    }

    /// The handle on the tree at `root`, opened by `open` unless it is open.
    pub(super) fn get_or_open(&self, root: u32, open: impl FnOnce() -> Result<T>) -> Result<T> {
        let _edit = self.edit.lock();
        if let Some(t) = self.get(root) {
            return Ok(t);
        }
        let t = open()?;
        let mut map = HashMap::clone(&self.map.load());
        map.insert(root, t.clone());
        self.map.store(Arc::new(map));
        Ok(t)
    }

    /// Forgets the handles on the trees at `roots`.
    pub(super) fn remove(&self, roots: &[u32]) {
        let _edit = self.edit.lock();
        let current = self.map.load();
        if !roots.iter().any(|r| current.contains_key(r)) {
            return;
        }
        let mut map = HashMap::clone(&current);
        for r in roots {
            map.remove(r);
        }
        self.map.store(Arc::new(map));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_root_has_one_handle_until_it_is_forgotten() {
        let trees = OpenTrees::<Arc<u32>>::default();
        let mut opened = 0;
        let mut open = |root: u32| {
            opened += 1;
            Ok(Arc::new(root))
        };
        let a = trees.get_or_open(5, || open(5)).unwrap();
        let b = trees.get_or_open(5, || open(5)).unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert!(trees.get(5).is_some_and(|t| Arc::ptr_eq(&t, &a)));
        assert_eq!(trees.with(5, |t| **t).ok(), Some(5));
        assert!(trees.with(6, |t| **t).is_err());
        trees.remove(&[5, 7]);
        assert!(trees.get(5).is_none());
        let c = trees.get_or_open(5, || open(5)).unwrap();
        assert!(!Arc::ptr_eq(&c, &a));
        assert_eq!(opened, 2);
    }

    #[test]
    fn a_failed_open_leaves_no_handle() {
        let trees = OpenTrees::<Arc<u32>>::default();
        let r = trees.get_or_open(9, || {
            Err(crate::Error::new(crate::ErrorCode::ReadVerifyFailure))
        });
        assert!(r.is_err());
        assert!(trees.get(9).is_none());
        assert!(trees.get_or_open(9, || Ok(Arc::new(9))).is_ok());
        assert!(trees.get(9).is_some());
    }

    #[test]
    fn readers_on_threads_see_every_handle_added() {
        let trees = Arc::new(OpenTrees::<Arc<u32>>::default());
        std::thread::scope(|s| {
            for _ in 0..3 {
                let trees = trees.clone();
                s.spawn(move || {
                    for root in 0..200u32 {
                        let t = trees.get_or_open(root, || Ok(Arc::new(root))).unwrap();
                        assert_eq!(*t, root);
                        assert_eq!(trees.with(root, |t| **t).ok(), Some(root));
                    }
                });
            }
        });
        for root in 0..200u32 {
            assert_eq!(trees.with(root, |t| **t).ok(), Some(root));
        }
    }
}
