//! The directory tree shared by the in-memory file systems ([`crate::MemFs`] and
//! [`crate::SimFs`]): a sorted map from normalised path to entry.
//!
//! What must hold:
//!
//! - Keys are normalised with [`normalize`]: `.` is dropped and `..` removes the
//!   previous name, so two spellings of one path meet at one key.
//! - The roots (`/` and the empty relative root) always exist as directories and
//!   are never stored.
//! - Every check here is side-effect free; callers check first, then change the
//!   tree, so a failed call leaves it untouched.

use crate::EntryKind;
use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};

/// One entry of the tree: a file carrying `F` (its contents or an id), or a
/// directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Entry<F> {
    File(F),
    Dir,
}

/// A directory tree.
#[derive(Debug, Clone)]
pub(crate) struct Namespace<F> {
    entries: BTreeMap<PathBuf, Entry<F>>,
}

/// Normalises `path`: keeps a leading `/`, drops `.`, resolves `..` lexically.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Prefix(p) => out.push(p.as_os_str()),
            Component::RootDir => out.push(Component::RootDir.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                if out.file_name().is_some() {
                    out.pop();
                }
            }
            Component::Normal(name) => out.push(name),
        }
    }
    out
}

/// Whether a normalised path is a root (always an existing directory).
pub(crate) fn is_root(path: &Path) -> bool {
    path.file_name().is_none()
}

pub(crate) fn not_found(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::NotFound,
        format!("{}: no such file or directory", path.display()),
    )
}

fn not_a_dir(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::NotADirectory,
        format!("{}: not a directory", path.display()),
    )
}

pub(crate) fn is_a_dir(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::IsADirectory,
        format!("{}: is a directory", path.display()),
    )
}

impl<F: Clone> Namespace<F> {
    /// An empty tree (only the roots).
    pub(crate) fn new() -> Self {
        Namespace {
            entries: BTreeMap::new(),
        }
    }

    /// The entry at normalised `path`, with roots reported as directories.
    pub(crate) fn get(&self, path: &Path) -> Option<Entry<F>> {
        if is_root(path) {
            return Some(Entry::Dir);
        }
        self.entries.get(path).cloned()
    }

    /// The file payload at `path`, if `path` names a file.
    pub(crate) fn file(&self, path: &Path) -> Option<F> {
        match self.entries.get(path) {
            Some(Entry::File(f)) => Some(f.clone()),
            _ => None,
        }
    }

    /// What `path` names.
    pub(crate) fn kind(&self, path: &Path) -> Option<EntryKind> {
        self.get(path).map(|e| match e {
            Entry::File(_) => EntryKind::File,
            Entry::Dir => EntryKind::Dir,
        })
    }

    /// Succeeds when the parent of `path` exists and is a directory.
    pub(crate) fn check_parent(&self, path: &Path) -> io::Result<()> {
        let parent = path.parent().unwrap_or(Path::new(""));
        match self.get(parent) {
            Some(Entry::Dir) => Ok(()),
            Some(Entry::File(_)) => Err(not_a_dir(parent)),
            None => Err(not_found(parent)),
        }
    }

    /// Sets the entry at `path` (the caller has checked the parent).
    pub(crate) fn insert(&mut self, path: PathBuf, entry: Entry<F>) {
        if !is_root(&path) {
            self.entries.insert(path, entry);
        }
    }

    /// Removes and returns the entry at `path`.
    pub(crate) fn remove(&mut self, path: &Path) -> Option<Entry<F>> {
        self.entries.remove(path)
    }

    /// The names directly inside directory `path`, sorted.
    pub(crate) fn children(&self, path: &Path) -> io::Result<Vec<String>> {
        match self.get(path) {
            Some(Entry::Dir) => {}
            Some(Entry::File(_)) => return Err(not_a_dir(path)),
            None => return Err(not_found(path)),
        }
        let mut names: Vec<String> = self
            .entries
            .keys()
            .filter(|k| k.parent() == Some(path))
            .filter_map(|k| k.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        names.sort();
        Ok(names)
    }

    /// The directories `create_dir_all(path)` must create, outermost first.
    /// Fails when some prefix of `path` is a file.
    pub(crate) fn missing_dirs(&self, path: &Path) -> io::Result<Vec<PathBuf>> {
        let mut missing = Vec::new();
        let mut cursor = Some(path);
        while let Some(p) = cursor {
            match self.get(p) {
                Some(Entry::Dir) => break,
                Some(Entry::File(_)) => {
                    return Err(io::Error::new(
                        io::ErrorKind::AlreadyExists,
                        format!("{}: a file is in the way", p.display()),
                    ))
                }
                None => missing.push(p.to_path_buf()),
            }
            cursor = p.parent();
        }
        missing.reverse();
        Ok(missing)
    }

    /// Succeeds when `path` is an empty, non-root directory.
    pub(crate) fn check_remove_dir(&self, path: &Path) -> io::Result<()> {
        if is_root(path) {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "cannot remove a root",
            ));
        }
        match self.get(path) {
            Some(Entry::Dir) => {}
            Some(Entry::File(_)) => return Err(not_a_dir(path)),
            None => return Err(not_found(path)),
        }
        if self.entries.keys().any(|k| k.parent() == Some(path)) {
            return Err(io::Error::new(
                io::ErrorKind::DirectoryNotEmpty,
                format!("{}: directory not empty", path.display()),
            ));
        }
        Ok(())
    }

    /// Checks `rename(from, to)` of a file and returns the file's payload.
    pub(crate) fn check_rename(&self, from: &Path, to: &Path) -> io::Result<F> {
        let payload = match self.get(from) {
            Some(Entry::File(f)) => f,
            Some(Entry::Dir) => {
                return Err(io::Error::new(
                    io::ErrorKind::Unsupported,
                    format!("{}: renaming directories is not supported", from.display()),
                ))
            }
            None => return Err(not_found(from)),
        };
        if matches!(self.get(to), Some(Entry::Dir)) {
            return Err(is_a_dir(to));
        }
        self.check_parent(to)?;
        Ok(payload)
    }

    /// Drops every entry whose parent is not a directory of the tree (after a
    /// power cut a durable entry may sit in a directory that did not survive).
    pub(crate) fn prune_orphans(&mut self) {
        let mut kept: BTreeMap<PathBuf, Entry<F>> = BTreeMap::new();
        // A parent sorts before its children, so one ordered pass suffices.
        for (path, entry) in std::mem::take(&mut self.entries) {
            let parent = path.parent().unwrap_or(Path::new(""));
            if is_root(parent) || matches!(kept.get(parent), Some(Entry::Dir)) {
                kept.insert(path, entry);
            }
        }
        self.entries = kept;
    }

    /// How many entries the tree holds (roots excluded).
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Every file payload in the tree.
    pub(crate) fn files(&self) -> impl Iterator<Item = &F> {
        self.entries.values().filter_map(|e| match e {
            Entry::File(f) => Some(f),
            Entry::Dir => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_resolves_dots() {
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
        assert_eq!(normalize(Path::new("a/b/")), PathBuf::from("a/b"));
        assert_eq!(normalize(Path::new("/..")), PathBuf::from("/"));
        assert_eq!(normalize(Path::new("./x")), PathBuf::from("x"));
        assert!(is_root(&normalize(Path::new("/"))));
        assert!(is_root(&normalize(Path::new("."))));
    }

    #[test]
    fn prune_drops_entries_under_missing_dirs() {
        let mut ns: Namespace<u32> = Namespace::new();
        ns.insert(PathBuf::from("/d"), Entry::Dir);
        ns.insert(PathBuf::from("/d/f"), Entry::File(1));
        ns.insert(PathBuf::from("/gone/f"), Entry::File(2));
        ns.insert(PathBuf::from("/gone/sub/f"), Entry::File(3));
        ns.prune_orphans();
        assert_eq!(ns.files().copied().collect::<Vec<_>>(), vec![1]);
    }

    #[test]
    fn ordering_keeps_parents_first_even_with_similar_names() {
        let mut ns: Namespace<u32> = Namespace::new();
        ns.insert(PathBuf::from("/a b"), Entry::File(9));
        ns.insert(PathBuf::from("/a"), Entry::Dir);
        ns.insert(PathBuf::from("/a/x"), Entry::File(1));
        ns.insert(PathBuf::from("/a-"), Entry::Dir);
        ns.insert(PathBuf::from("/a-/y"), Entry::File(2));
        ns.prune_orphans();
        assert_eq!(ns.files().count(), 3);
        assert_eq!(
            ns.children(Path::new("/")).ok(),
            Some(vec!["a".into(), "a b".into(), "a-".into()])
        );
    }
}
