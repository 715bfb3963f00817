//! Space management in ESE's format (`dev/ese/src/ese/space.cxx`): who owns which
//! pages, which of them are free, and how trees get and give back pages.
//!
//! Owns [`SpaceManager`], the [`PageAllocator`] of every
//! ordinary tree, and [`check`]. The model, as ESE lays it out:
//!
//! - The database root (page 1, object 1) owns the whole file through its
//!   owned-extent (OE) tree at page 2 and available-extent (AE) tree at page 3; it
//!   grows the file in steps of [`SpaceParams::db_extension_pages`], aligned as ESE
//!   aligns them (`ErrSPIGetFsSe`), and records each step in both trees.
//! - Every other tree (table, index, long values) owns extents carved from its
//!   parent's space. A *single-extent* tree owns `cpgPrimary` pages from its FDP and
//!   keeps a bitmap of the free ones after the FDP in its space header; a
//!   *multiple-extent* tree keeps OE/AE trees at FDP+1/FDP+2 (or, once converted from
//!   single extent, at the first two pages of the extent that triggered it).
//! - A page comes from the tree's bitmap, else its AE (the extent whose last page is
//!   at or after the hint, else the first), else a new secondary extent from the
//!   parent (recorded in the tree's OE and AE); a single-extent tree that runs out
//!   converts to multiple extents first (`ErrSPIConvertToMultipleExtent`).
//! - A freed page returns to the tree's bitmap or AE, coalescing with neighbours
//!   inside its owned extent; an owned secondary extent that becomes wholly free
//!   returns to the parent (`ErrSPIFreeSEToParent`).
//! - Space trees are B-trees too. They never take pages from the space they
//!   describe: their splits use the split buffer in their root page, refilled before
//!   any change that could split them (`ErrSPIReserveSPBufPages`: the OE first, with
//!   twice the need, since refilling records the new pages in the OE). Pages they
//!   release go to the owner's AE after the operation.
//!
//! What must hold: the space lock (rank 2, after tree locks, before page latches)
//! is held by every public call; no caller holds a page latch when calling in; every
//! page of the file is owned by exactly one tree (the root owns the rest) and is
//! either used by that tree's B-tree or space trees, in its AE or bitmap, in one of
//! its split buffers, or owned by one of its children. Errors: `JET_errDiskFull` and
//! other I/O errors from growing the file, `JET_errOutOfDatabaseSpace` at the size
//! limit, `JET_errDatabaseCorrupted` for space trees that contradict each other.

mod check;
mod extents;
mod policy;

pub use check::{check, SpaceReport, TreeSpace};

use crate::btree::{create_root, PageAllocator, TreeEnv, TreeInfo, TreeKind};
use crate::format::page::{flags, Page};
use crate::format::space::{
    SpaceExtents, SpaceHeader, PGNO_SYS_MAX, SPH_MULTIPLE_EXTENT, SPH_NON_UNIQUE,
};
use crate::{Error, ErrorCode, Result};
use parking_lot::Mutex;
use std::fmt;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

/// The database root's FDP.
pub const DB_ROOT: u32 = 1;
/// The object id of the database root.
pub const DB_ROOT_OBJID: u32 = 1;

/// Tunables of space management.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpaceParams {
    /// Pages the file grows by (`JET_paramDbExtensionSize`, ESE's default 256).
    pub db_extension_pages: u32,
    /// The largest number of pages the database may own (`JET_paramDbMaxSize`-like;
    /// the format's limit `pgnoSysMax` at most).
    pub max_pages: u32,
    /// `JET_paramPageFragment`: below this an extent is split exactly.
    pub page_fragment: u32,
}

impl Default for SpaceParams {
    fn default() -> Self {
        SpaceParams {
            db_extension_pages: 256,
            max_pages: PGNO_SYS_MAX,
            page_fragment: 8,
        }
    }
}

/// State shared by the manager and its space trees' allocators.
pub(crate) struct Inner {
    env: TreeEnv,
    params: SpaceParams,
    /// The space lock (rank 2).
    lock: Mutex<()>,
    /// Pages released by space trees, as (owner FDP, page); a leaf lock.
    pending: Mutex<Vec<(u32, u32)>>,
    /// The last page the database root owns.
    last_pgno: AtomicU32,
    /// The most pages the file may grow to: `params.max_pages`, or what
    /// [`SpaceManager::set_max_pages`] set since.
    max_pages: AtomicU32,
    /// The file's growth step: `params.db_extension_pages`, or what
    /// [`SpaceManager::set_extension_pages`] set since.
    extension_pages: AtomicU32,
}

/// The space manager of one database file.
#[derive(Clone)]
pub struct SpaceManager {
    inner: Arc<Inner>,
}

impl fmt::Debug for SpaceManager {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SpaceManager")
            .field("params", &self.inner.params)
            .field("last_pgno", &self.inner.last_pgno.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl SpaceManager {
    /// Lays out the space of a new database of `initial_pages` pages (at least 16):
    /// the root FDP at page 1 owning them all, its OE at page 2 and AE at page 3
    /// (`ErrDBInitDatabase` → `ErrSPCreate`), and grows the file to that size.
    pub fn create_database(
        env: TreeEnv,
        params: SpaceParams,
        initial_pages: u32,
    ) -> Result<SpaceManager> {
        if initial_pages < 16 || initial_pages > params.max_pages {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                format!("a database of {initial_pages} pages"),
            ));
        }
        env.cache.ensure_size(initial_pages)?;
        env.sink.grew(initial_pages)?;
        let sph = SpaceHeader {
            cpg_primary: initial_pages,
            pgno_parent: 0,
            flags: SPH_MULTIPLE_EXTENT,
            extents: SpaceExtents::Multiple {
                pgno_oe: DB_ROOT + 1,
            },
            root_fields: None,
            auto_inc: None,
        };
        create_root(&env, DB_ROOT, DB_ROOT_OBJID, 0, &sph.encode(), &[])?;
        init_space_trees(
            &env,
            DB_ROOT,
            DB_ROOT_OBJID,
            0,
            initial_pages,
            initial_pages,
        )?;
        Ok(SpaceManager::with_last(env, params, initial_pages))
    }

    /// The space manager of an existing database (its owned space is read from the
    /// root OE tree).
    pub fn open(env: TreeEnv, params: SpaceParams) -> Result<SpaceManager> {
        // The root OE, read here, is what defines the last page: nothing is
        // checked against it before it is known.
        let mgr = SpaceManager::with_last(env, params, u32::MAX);
        let last = {
            let _g = mgr.inner.lock.lock();
            let sph = mgr.inner.read_sph(DB_ROOT)?;
            let oe = mgr
                .inner
                .space_tree(DB_ROOT, sph.pgno_oe().unwrap_or(DB_ROOT + 1))?;
            mgr.inner
                .all(&oe)?
                .iter()
                .map(|e| e.last_pgno)
                .max()
                .unwrap_or(sph.cpg_primary)
        };
        mgr.inner.last_pgno.store(last, Ordering::Relaxed);
        Ok(mgr)
    }

    fn with_last(env: TreeEnv, params: SpaceParams, last: u32) -> SpaceManager {
        SpaceManager {
            inner: Arc::new(Inner {
                env,
                params,
                lock: Mutex::new(()),
                pending: Mutex::new(Vec::new()),
                last_pgno: AtomicU32::new(last),
                max_pages: AtomicU32::new(params.max_pages.min(PGNO_SYS_MAX)),
                extension_pages: AtomicU32::new(params.db_extension_pages.max(1)),
            }),
        }
    }

    /// Sets the most pages the file may grow to (`cpgDatabaseSizeMax` of
    /// `JetCreateDatabase2` and `JetAttachDatabase2`; 0 is no limit but the format's
    /// `pgnoSysMax`). A growth that would pass it is cut to it, and one that cannot
    /// give the pages asked for is `JET_errOutOfDatabaseSpace`, as in ESE; a file
    /// already larger keeps its pages and grows no more.
    pub fn set_max_pages(&self, max_pages: u32) {
        let max = match max_pages {
            0 => PGNO_SYS_MAX,
            n => n.min(PGNO_SYS_MAX),
        };
        self.inner.max_pages.store(max, Ordering::Relaxed);
    }

    /// Sets the file's growth step in pages (`JET_paramDbExtensionSize`; at least 1).
    pub fn set_extension_pages(&self, pages: u32) {
        self.inner
            .extension_pages
            .store(pages.max(1), Ordering::Relaxed);
    }

    /// The file's growth step in pages (see [`SpaceManager::set_extension_pages`]).
    pub fn extension_pages(&self) -> u32 {
        self.inner.extension_pages.load(Ordering::Relaxed)
    }

    /// Grows the database until it owns at least `pages` pages (`JetResizeDatabase`,
    /// `JetGrowDatabase`): the new pages become the root's free space, added in the
    /// file's growth steps (so it may end larger). Returns the pages it owns. Errors:
    /// `JET_errOutOfDatabaseSpace` past the size limit, `JET_errDiskFull` and other
    /// I/O errors.
    pub fn grow_to(&self, pages: u32) -> Result<u32> {
        let inner = &self.inner;
        for _ in 0..64 {
            // Each step under the space lock; the limit is checked before a step
            // changes anything, so that reaching it is an error like any other and
            // leaves the steps before it in place (as ESE's extension by steps).
            let grew = inner.locked(|| {
                let last = inner.last_pgno.load(Ordering::Relaxed);
                if last >= pages {
                    return Ok(false);
                }
                let max = inner.max_pages.load(Ordering::Relaxed);
                if last >= max {
                    return Err(Error::with(
                        ErrorCode::OutOfDatabaseSpace,
                        format!("growing the database to {pages} pages passes its limit of {max}"),
                    ));
                }
                let need = (pages - last).min(max - last);
                let ext = inner.extension_pages.load(Ordering::Relaxed);
                inner.get_se(DB_ROOT, need, need.min(ext), false)?;
                Ok(true)
            })?;
            if !grew {
                break;
            }
        }
        Ok(inner.last_pgno.load(Ordering::Relaxed))
    }

    /// The most pages the file may grow to (see [`SpaceManager::set_max_pages`]).
    pub fn max_pages(&self) -> u32 {
        self.inner.max_pages.load(Ordering::Relaxed)
    }

    /// Runs `read` under the space lock, so that it sees no allocation or free half
    /// made. `read` only reads pages: it changes no space.
    pub fn with_lock<R>(&self, read: impl FnOnce() -> R) -> R {
        let _g = self.inner.lock.lock();
        read()
    }

    /// The last page the database owns (the file holds at least this many pages).
    pub fn last_pgno(&self) -> u32 {
        self.inner.last_pgno.load(Ordering::Relaxed)
    }

    /// Creates the FDP of a new tree of `kind` under FDP `parent` with object id
    /// `objid`: `cpg_initial` pages (at least 1, or 3 with `multiple_extent`) from the
    /// parent's space, laid out as ESE's `ErrSPCreate` does (FDP, then OE and AE
    /// pages for a multiple-extent tree). Returns the FDP's page number. A
    /// single-extent parent gives only the minimum, as ESE's `ErrSPISmallGetExt`.
    pub fn create_fdp(
        &self,
        parent: u32,
        objid: u32,
        cpg_initial: u32,
        multiple_extent: bool,
        kind: TreeKind,
    ) -> Result<u32> {
        self.create_fdp_of(parent, objid, cpg_initial, 0, multiple_extent, kind)
    }

    /// [`SpaceManager::create_fdp`] with all of `cpg_initial` required, as ESE's
    /// `ErrDIRCreateDirectory` asks (its minimum is its request): a parent that cannot
    /// give them fails with its error (`JET_errDiskFull`,
    /// `JET_errOutOfDatabaseSpace`) and nothing is made.
    pub fn create_fdp_exact(
        &self,
        parent: u32,
        objid: u32,
        cpg_initial: u32,
        multiple_extent: bool,
        kind: TreeKind,
    ) -> Result<u32> {
        self.create_fdp_of(
            parent,
            objid,
            cpg_initial,
            cpg_initial,
            multiple_extent,
            kind,
        )
    }

    fn create_fdp_of(
        &self,
        parent: u32,
        objid: u32,
        cpg_initial: u32,
        cpg_min: u32,
        multiple_extent: bool,
        kind: TreeKind,
    ) -> Result<u32> {
        if kind == TreeKind::Space {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                "space trees are made by the space layer",
            ));
        }
        let inner = &self.inner;
        inner.locked(|| {
            let min = cpg_min.max(if multiple_extent { 3 } else { 1 });
            let req = cpg_initial.max(min);
            let (first, cpg) = inner.get_ext(parent, req, min, true)?;
            let last = first + cpg - 1;
            let kind_flags = kind.page_flags();
            let non_unique = if matches!(kind, TreeKind::Index { unique: false }) {
                SPH_NON_UNIQUE
            } else {
                0
            };
            let extents = if multiple_extent {
                SpaceExtents::Multiple { pgno_oe: first + 1 }
            } else {
                SpaceExtents::Single {
                    avail_bitmap: single_bitmap(cpg),
                }
            };
            let sph = SpaceHeader {
                cpg_primary: cpg,
                pgno_parent: parent,
                flags: non_unique
                    | if multiple_extent {
                        SPH_MULTIPLE_EXTENT
                    } else {
                        0
                    },
                extents,
                root_fields: None,
                auto_inc: None,
            };
            create_root(&inner.env, first, objid, kind_flags, &sph.encode(), &[])?;
            if multiple_extent {
                init_space_trees(&inner.env, first, objid, kind_flags, last, cpg)?;
            }
            Ok(first)
        })
    }

    /// Gives all the space of the tree at `fdp` back to its parent (for deleting a
    /// table, index or long-value tree). The tree's children need no separate call:
    /// their space lies inside the tree's. The tree must not be used afterwards.
    pub fn free_tree(&self, fdp: u32) -> Result<()> {
        let inner = &self.inner;
        inner.locked(|| {
            let sph = inner.read_sph(fdp)?;
            let parent = sph.pgno_parent;
            if parent == 0 {
                return Err(Error::with(
                    ErrorCode::InvalidParameter,
                    "the database root cannot be freed",
                ));
            }
            let extents = match sph.pgno_oe() {
                None => vec![(fdp, sph.cpg_primary)],
                Some(oe) => {
                    let tree = inner.space_tree(fdp, oe)?;
                    inner
                        .all(&tree)?
                        .iter()
                        .filter_map(|e| e.first_pgno().map(|f| (f, e.page_count)))
                        .collect()
                }
            };
            for (first, cpg) in extents {
                inner.free_ext(parent, first, cpg)?;
            }
            Ok(())
        })
    }
}

impl PageAllocator for SpaceManager {
    fn allocate(&self, tree: &TreeInfo, near: u32, count: usize) -> Result<Vec<u32>> {
        let inner = &self.inner;
        let dbtime = || inner.env.dbtime.load(Ordering::Acquire);
        inner.locked_as(false, || {
            let mut out = Vec::with_capacity(count);
            let mut hint = near;
            for _ in 0..count {
                let before = dbtime();
                match inner.alloc_page(tree.root, hint) {
                    Ok(p) => hint = p,
                    // Failed after changing a page: the trees may not be whole.
                    Err(e) if dbtime() != before => {
                        return Err(crate::btree::change::broken(&inner.env, e));
                    }
                    Err(e) => {
                        // The pages got so far go back, not lost with the error
                        // (the error is the one to report); a page that cannot go
                        // back would be lost from every tree, so the step is
                        // dropped instead.
                        for &p in &out {
                            if let Err(f) = inner.free_ext(tree.root, p, 1) {
                                let _ = crate::btree::change::broken(&inner.env, f);
                                return Err(e);
                            }
                        }
                        return Err(e);
                    }
                }
                out.push(hint);
            }
            Ok(out)
        })
    }

    fn release(&self, tree: &TreeInfo, pages: &[u32]) -> Result<()> {
        let inner = &self.inner;
        inner.locked(|| {
            for &p in pages {
                inner.free_ext(tree.root, p, 1)?;
            }
            Ok(())
        })
    }
}

/// The bitmap of a new single-extent tree of `cpg` pages: every page after the FDP
/// free (`ErrSPICreateSingle`).
fn single_bitmap(cpg: u32) -> u32 {
    if cpg > 32 {
        u32::MAX
    } else {
        (1u32 << (cpg - 1)) - 1
    }
}

/// Creates the OE (FDP+1) and AE (FDP+2) roots of a new multiple-extent tree whose
/// primary extent ends at `last` and holds `cpg` pages (`SPICreateExtentTree`).
fn init_space_trees(
    env: &TreeEnv,
    fdp: u32,
    objid: u32,
    kind_flags: u32,
    last: u32,
    cpg: u32,
) -> Result<()> {
    let space_flags = kind_flags | flags::SPACE_TREE;
    let key = last.to_be_bytes();
    let empty = [0u8; 16];
    create_root(
        env,
        fdp + 1,
        objid,
        space_flags,
        &empty,
        &[(&key, &cpg.to_le_bytes())],
    )?;
    let avail = cpg.saturating_sub(3).to_le_bytes();
    let entries: &[(&[u8], &[u8])] = if cpg > 3 { &[(&key, &avail)] } else { &[] };
    create_root(env, fdp + 2, objid, space_flags, &empty, entries)
}

impl Inner {
    /// `JET_errSPAceCorrupted`-like damage: space that names pages past the
    /// database's last owned page (`last_pgno`), whose use would write far past
    /// the file's end. Checked where pages are taken: an available extent, a
    /// split buffer, a single-extent tree's bitmap.
    pub(super) fn check_owned(&self, last: u32, at: u32) -> Result<()> {
        let owned = self.last_pgno.load(Ordering::Relaxed);
        if last > owned {
            return Err(Error::with(
                ErrorCode::DatabaseCorrupted,
                format!("free space names page {last}, past the database's last page {owned}"),
            )
            .page(at));
        }
        Ok(())
    }

    /// Runs `body` under the space lock, then returns the pages space trees
    /// released meanwhile to their owners.
    ///
    /// A body that fails after it changed a page (a space operation spans pages of
    /// several trees: a free that reached the parent's available extents but not the
    /// child's deletes would leave an extent owned twice) drops the step instead
    /// (`change::broken`: the instance fails, recovery starts from the last whole
    /// step). Page changes are counted by the database's dbtime, which only the
    /// step holding the database's writer lock moves.
    fn locked<R>(self: &Arc<Self>, body: impl FnOnce() -> Result<R>) -> Result<R> {
        self.locked_as(true, body)
    }

    /// [`Inner::locked`]; with `whole` false a failing body is trusted to have left
    /// the trees whole itself (see `allocate`), and only the release of space-tree
    /// pages afterwards is held to the rule.
    fn locked_as<R>(self: &Arc<Self>, whole: bool, body: impl FnOnce() -> Result<R>) -> Result<R> {
        let _g = self.lock.lock();
        let before = self.env.dbtime.load(Ordering::Acquire);
        let fail = |e: Error| {
            if self.env.dbtime.load(Ordering::Acquire) == before {
                e
            } else {
                crate::btree::change::broken(&self.env, e)
            }
        };
        let r = match body() {
            Ok(r) => r,
            Err(e) if whole => return Err(fail(e)),
            Err(e) => return Err(e),
        };
        for _ in 0..100_000 {
            let next = self.pending.lock().pop();
            let Some((owner, pgno)) = next else {
                return Ok(r);
            };
            self.free_ext(owner, pgno, 1).map_err(fail)?;
        }
        Err(fail(Error::with(
            ErrorCode::InternalError,
            "releasing space-tree pages does not settle",
        )))
    }

    /// The space header of FDP `fdp`.
    fn read_sph(&self, fdp: u32) -> Result<SpaceHeader> {
        let buf = self.env.cache.read(fdp)?;
        // The FDP is the table's root, read at every split: only the tag read is
        // checked (as `Page::open` checks tags), not every tag of the page.
        let page = Page::open(&buf, fdp)?;
        if !page.is_root() || page.is_space_tree() {
            return Err(Error::with(
                ErrorCode::DatabaseCorrupted,
                format!("page {fdp} is not an FDP"),
            )
            .page(fdp));
        }
        SpaceHeader::decode(page.external_header()?).map_err(|e| e.page(fdp))
    }

    /// Stores the space header of FDP `fdp` (keeping its extended fields).
    fn write_sph(&self, fdp: u32, sph: &SpaceHeader) -> Result<()> {
        let bytes = sph.encode();
        let mut w = self.env.cache.write(fdp)?;
        crate::btree::apply(
            &self.env,
            &mut w,
            &crate::btree::PageOp::SetExternalHeader { bytes: &bytes },
        )?
        .map_err(|_| Error::with(ErrorCode::InternalError, "a space header grew its page"))
    }

    /// The object id and kind flags of FDP `fdp`'s pages.
    fn fdp_facts(&self, fdp: u32) -> Result<(u32, u32)> {
        let buf = self.env.cache.read(fdp)?;
        let page = Page::new(&buf, fdp)?;
        let kind = page.flags() & (flags::INDEX | flags::LONG_VALUE | flags::NON_UNIQUE_KEYS);
        Ok((page.objid_fdp(), kind))
    }
}
