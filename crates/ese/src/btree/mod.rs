//! B+trees in ESE's page format over the buffer cache: tables (primary indexes),
//! secondary indexes, long-value trees and the space trees (owned and available
//! extents), as ESE's B-tree layer (`dev/ese/src/ese/bt.cxx`, `node.cxx`) builds them.
//!
//! Owns: [`BTree`] (a shared handle on one tree, like ESE's FCB), its operations
//! (insert, replace, delete, get, flag changes), [`Cursor`], splits and merges, the
//! [`PageAllocator`] upcall that the space layer implements, the [`PageChangeSink`]
//! upcall that logging implements, and the structural [`check`].
//!
//! What must hold:
//! - Page format: every page passes [`crate::page::PageMut::check`]; the root page of
//!   a tree never moves (a root split moves the root's nodes to a new child); root
//!   pages hold no key prefix except space-tree roots (split buffer, then prefix);
//!   other pages keep their prefix in tag 0.
//! - Order: leaf nodes are strictly increasing (key, then data in non-unique trees);
//!   in a branch page, child `i` holds what sorts below separator `i` and at or above
//!   separator `i − 1`; the last node of a branch page has the page's upper bound as
//!   key, which is empty (+∞) on the right edge of the tree (ESE keeps the bound on
//!   other branch pages). Leaves are chained both ways; branch pages have no links.
//! - Every page change goes through [`change::apply`] (new dbtime, sink, lsn).
//! - Locks, lowest rank first: the tree lock of an ordinary tree (`TreeShared::lock`,
//!   rank 1; shared for reads, exclusive for changes, held for one call only), the
//!   space lock of the space layer (rank 2), the tree lock of a space tree (rank 3,
//!   taken only under the space lock), then the cache's locks and page latches. The
//!   allocator is called with no page latched, and pages are released after all
//!   latches are dropped, so the space layer may latch any tree's root page.
//! - `Ge`/`Eq` seeks take no tree lock: they latch one page at a time, search and
//!   copy their entry under one latch of the leaf, and keep it only when the tree's
//!   structure sequence (`TreeShared::structure`) was even and unchanged around
//!   them, else they run again under the shared tree lock. So
//!   every change that touches more than one page of a tree (splits, merges, bulk
//!   loads) must go through `write::WriteCtx::restructure` before it changes its
//!   first page; a change confined to one page is made under that page's write
//!   latch and is atomic for such readers.
//! - Internal conditions (page full, retry after a split without the operation)
//!   never leave this module as error codes.

pub mod bulk;
pub mod change;
mod check;
mod cursor;
mod directory;
pub(crate) mod keys;
mod merge;
pub(crate) mod read;
pub mod redo;
mod split;
mod write;

pub use change::{apply, NoSink, PageChangeSink, PageOp};
pub use check::{check, TreeStats};
pub use cursor::{Cursor, Entry, SeekOp};
pub use redo::{logged, logged_ref, redo, restore_image, Redone};

use crate::cache::BufferCache;
use crate::format::page::{flags, Page};
use crate::page::{NewPage, PageMut};
use crate::{Error, ErrorCode, Result};
use parking_lot::{Mutex, RwLock};
use std::fmt;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

/// What the B-tree layer needs from below and above: the cache, the database's
/// dbtime counter (the last dbtime used) and the change sink.
#[derive(Clone)]
pub struct TreeEnv {
    /// The buffer cache of the database file.
    pub cache: Arc<BufferCache>,
    /// The database dbtime: the last value given to a page change.
    pub dbtime: Arc<AtomicU64>,
    /// Told of every page change.
    pub sink: Arc<dyn PageChangeSink>,
}

impl fmt::Debug for TreeEnv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TreeEnv")
            .field("cache", &self.cache)
            .field("sink", &self.sink)
            .finish_non_exhaustive()
    }
}

impl TreeEnv {
    /// An environment without logging.
    pub fn new(cache: Arc<BufferCache>, dbtime: Arc<AtomicU64>) -> TreeEnv {
        TreeEnv {
            cache,
            dbtime,
            sink: Arc::new(NoSink),
        }
    }

    /// The page size.
    pub fn page_size(&self) -> usize {
        self.cache.page_size()
    }
}

/// What a tree holds, which decides its page flags and key rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TreeKind {
    /// A table's records by primary key (also the database root tree).
    Table,
    /// A secondary index; non-unique ones order equal keys by data.
    Index {
        /// Whether keys are unique.
        unique: bool,
    },
    /// A long-value tree.
    LongValue,
    /// An owned-extent or available-extent tree (keys are unique).
    Space,
}

impl TreeKind {
    /// The page flags this kind adds to root/leaf/parent-of-leaf (ESE's `fPageFlags`).
    pub fn page_flags(self) -> u32 {
        match self {
            TreeKind::Table => 0,
            TreeKind::Index { unique: true } => flags::INDEX,
            TreeKind::Index { unique: false } => flags::INDEX | flags::NON_UNIQUE_KEYS,
            TreeKind::LongValue => flags::LONG_VALUE,
            TreeKind::Space => flags::SPACE_TREE,
        }
    }
}

/// The page flags that say what a page's tree holds (kept by splits and merges).
pub(crate) const KIND_FLAGS: u32 =
    flags::SPACE_TREE | flags::INDEX | flags::LONG_VALUE | flags::NON_UNIQUE_KEYS;

/// Where a tree's pages come from: implemented by the space layer.
///
/// Both calls are made with no page latched by the caller.
pub trait PageAllocator: Send + Sync + fmt::Debug {
    /// Gives the tree `tree` `count` pages for its own B-tree, near page `near`.
    /// The pages' contents are undefined; the tree formats them.
    fn allocate(&self, tree: &TreeInfo, near: u32, count: usize) -> Result<Vec<u32>>;
    /// Takes back pages the tree no longer uses.
    fn release(&self, tree: &TreeInfo, pages: &[u32]) -> Result<()>;
}

/// The fixed facts of one tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeInfo {
    /// The root page (the FDP, or a space tree's root); it never changes.
    pub root: u32,
    /// The object id every page of the tree carries.
    pub objid: u32,
    /// What the tree holds.
    pub kind: TreeKind,
    /// The kind flags of its pages (index, long value, non-unique, space tree).
    pub page_flags: u32,
}

impl TreeInfo {
    /// Whether keys are unique (space trees always are).
    pub fn unique(&self) -> bool {
        !matches!(self.kind, TreeKind::Index { unique: false })
    }
}

/// Shared state of one tree; every [`BTree`] clone refers to the same.
struct TreeShared {
    info: TreeInfo,
    env: TreeEnv,
    alloc: Arc<dyn PageAllocator>,
    /// Free bytes a leaf keeps when appending (`CbDensityFree`).
    density_reserve: usize,
    /// The tree lock (rank 1 for ordinary trees, 3 for space trees).
    lock: RwLock<()>,
    /// The structure sequence: odd while a change that spans pages (a split, a
    /// merge, a bulk load) is under way, raised again when it ends. Seeks read
    /// without the tree lock and keep what they read only when it did not move
    /// meanwhile (see [`Cursor::seek`]).
    structure: AtomicU64,
    /// Where the last append went, where the next one is tried first, without a
    /// descent from the root (ESE appends through the cursor's page the same way).
    /// Used under the tree lock; only a hint: the page is checked to be this tree's
    /// last leaf and the key to lie past its last node before anything is written.
    append_hint: Mutex<AppendHint>,
    /// The leaf directory of point reads (unique trees only; see `directory.rs`).
    directory: directory::DirectorySlot,
}

/// The leaf of a tree's last append and the key appended there.
#[derive(Debug, Default)]
struct AppendHint {
    /// The leaf (0: none).
    pgno: u32,
    /// The key of the last append: a key below it cannot go past the leaf's last
    /// node, and is not tried there.
    key: Vec<u8>,
}

/// A handle on one B+tree. Clones share one tree lock: open each tree once and
/// clone the handle (two handles opened separately on the same root would not
/// exclude each other).
#[derive(Clone)]
pub struct BTree {
    shared: Arc<TreeShared>,
}

impl fmt::Debug for BTree {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BTree")
            .field("info", &self.shared.info)
            .finish_non_exhaustive()
    }
}

/// The default loading density of ordinary trees (`ulFILEDefaultDensity`).
pub const DEFAULT_DENSITY: u8 = 80;

impl BTree {
    /// Opens the tree rooted at `root`, reading its kind and object id from the root
    /// page. Leaves are filled to `density` percent when appending (ESE's loading
    /// density; space trees always use 100).
    ///
    /// Errors: the cache's read errors; `JET_errDatabaseCorrupted` if `root` is not a
    /// root page.
    pub fn open(
        env: &TreeEnv,
        alloc: Arc<dyn PageAllocator>,
        root: u32,
        density: u8,
    ) -> Result<BTree> {
        let page = env.cache.read(root)?;
        let view = Page::new(&page, root)?;
        if !view.is_root() || view.is_empty() {
            return Err(Error::with(
                ErrorCode::DatabaseCorrupted,
                format!("page {root} is not the root of a tree"),
            )
            .page(root));
        }
        let f = view.flags();
        let kind = if f & flags::SPACE_TREE != 0 {
            TreeKind::Space
        } else if f & flags::INDEX != 0 {
            TreeKind::Index {
                unique: f & flags::NON_UNIQUE_KEYS == 0,
            }
        } else if f & flags::LONG_VALUE != 0 {
            TreeKind::LongValue
        } else {
            TreeKind::Table
        };
        let info = TreeInfo {
            root,
            objid: view.objid_fdp(),
            kind,
            page_flags: f & KIND_FLAGS,
        };
        let density = if kind == TreeKind::Space {
            100
        } else {
            density
        };
        Ok(BTree {
            shared: Arc::new(TreeShared {
                info,
                env: env.clone(),
                alloc,
                density_reserve: keys::density_reserve(env.page_size(), density),
                lock: RwLock::new(()),
                structure: AtomicU64::new(0),
                append_hint: Mutex::new(AppendHint::default()),
                directory: directory::DirectorySlot::default(),
            }),
        })
    }

    /// The tree's fixed facts.
    pub fn info(&self) -> &TreeInfo {
        &self.shared.info
    }

    /// The environment the tree works in.
    pub fn env(&self) -> &TreeEnv {
        &self.shared.env
    }

    /// A cursor on this tree, positioned nowhere.
    pub fn cursor(&self) -> Cursor {
        Cursor::new(self.clone())
    }

    /// The root page's external header: an FDP's space header (with the root
    /// fields, such as the auto-increment value, when present).
    pub fn root_header(&self) -> Result<Vec<u8>> {
        let root = self.shared.info.root;
        let buf = self.shared.env.cache.read(root)?;
        Ok(Page::new(&buf, root)?.external_header()?.to_vec())
    }

    /// Changes the root page's external header by `edit`, read and written under
    /// the root's write latch, so a concurrent change of the space header by the
    /// space layer is not lost (decode and re-encode it with
    /// [`crate::format::space::SpaceHeader`] to change the root fields).
    /// `JET_errInvalidParameter` if the new header does not fit the page.
    pub fn update_root_header(&self, edit: impl FnOnce(&mut Vec<u8>) -> Result<()>) -> Result<()> {
        let _lock = self.shared.lock.write();
        let root = self.shared.info.root;
        let env = &self.shared.env;
        let mut w = env.cache.write(root)?;
        let mut ext = Page::new(&w, root)?.external_header()?.to_vec();
        edit(&mut ext)?;
        apply(env, &mut w, &PageOp::SetExternalHeader { bytes: &ext })?.map_err(|_| {
            Error::with(
                ErrorCode::InvalidParameter,
                format!(
                    "an external header of {} bytes does not fit root page {root}",
                    ext.len()
                ),
            )
        })
    }

    /// Whether keys are unique (the bookmark is the key alone).
    pub fn unique(&self) -> bool {
        self.shared.info.unique()
    }

    fn page_size(&self) -> usize {
        self.shared.env.page_size()
    }
}

/// Formats page `pgno` as the empty root leaf of a new tree: object `objid`, page
/// flags `kind_flags` (see [`TreeKind::page_flags`]; a space tree passes its owner's
/// kind flags plus [`flags::SPACE_TREE`]), external header `external_header` (the
/// space header of an FDP, the split buffer of a space tree) and the leaf entries
/// `entries` (key, data), which must be sorted and fit on the page.
///
/// The page is created in the cache without being read. Errors: the cache's, or
/// `JET_errInvalidParameter` if the entries do not fit.
pub fn create_root(
    env: &TreeEnv,
    pgno: u32,
    objid: u32,
    kind_flags: u32,
    external_header: &[u8],
    entries: &[(&[u8], &[u8])],
) -> Result<()> {
    let mut image = vec![0u8; env.page_size()];
    let new = NewPage {
        objid_fdp: objid,
        flags: kind_flags | flags::ROOT | flags::LEAF,
        ..Default::default()
    };
    let mut page = PageMut::init(&mut image, pgno, &new)?;
    let placed = page.set_external_header(external_header)?;
    let mut ok = placed.is_ok();
    for (i, (key, data)) in entries.iter().enumerate() {
        let spec = crate::page::NodeSpec::new(0, key, data);
        ok &= page.insert_node(i, &spec)?.is_ok();
    }
    if !ok {
        return Err(Error::with(
            ErrorCode::InvalidParameter,
            format!("the initial contents of root page {pgno} do not fit"),
        ));
    }
    let mut w = env.cache.create(pgno)?;
    read::apply_image(env, &mut w, &image)
}
