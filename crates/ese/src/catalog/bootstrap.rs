//! The system trees of a new database: where ESE puts them and what their root pages say.
//!
//! Creation order and allocation, as `ErrDBCreateDatabase` (`db.cxx`) runs it:
//!
//! 1. `ErrDBInitDatabase` → `ErrSPCreate`: the database root, objid 1, FDP page 1, owned-extent
//!    (OE) tree root page 2, available-extent (AE) tree root page 3, multiple extents; it owns
//!    every page of the file (`cpgPrimary` = the database size in pages) and pages 4.. are
//!    available.
//! 2. `ErrCATCreate` → `ErrDIRCreateDirectory` twice from the root: `MSysObjects` (objid 2,
//!    `cpgMSOInitial` = 20 pages from page 4) and `MSysObjectsShadow` (objid 3, page 24,
//!    `CpgCATShadowInitial`: 6 pages on 2 KiB pages, 5 otherwise), both multiple-extent.
//! 3. `ErrCATICreateCatalogIndexes`: the `Name` (objid 4) and `RootObjects` (objid 5) indexes,
//!    each a multiple-extent tree of `cpgMultipleExtentMin` = 3 pages taken from the catalog's
//!    own available space (system FDPs search their own AE first, `ErrSPIGetExt`), at pages 7
//!    and 10.
//! 4. `ErrCATCreateMSObjids` and `ErrCATCreateMSLocales` → `ErrFILECreateTable`: `MSysObjids`
//!    (objid 6) and `MSysLocales` (objid 7), each a single-extent tree of one page taken from the
//!    root: pages 29 and 30 (30 and 31 on 2 KiB pages).
//!
//! Every allocation here takes exactly the pages asked for from the front of the parent's first
//! available extent: the root gives exact extents while the database is under
//! `cpgSmallDbSpaceSize` (254 pages) and the extent starts below page 128, or while the rest of
//! the extent is at least `cpgSmallGrow` (4) pages; other trees give exact extents for requests
//! under `JET_paramPageFragment` (8) pages (`FSPIAllocateAllAvail`).
//!
//! Root pages: an FDP root is a root leaf (`fPageRoot | fPageLeaf`) plus the tree's kind
//! (`fPageIndex` for indexes, `fPageLongValue` for long-value trees); the OE and AE roots of a
//! multiple-extent tree add `fPageSpaceTree` to the same flags and hold a zeroed
//! `SPLIT_BUFFER` as external header. Every page ESE writes also carries
//! `fPageNewRecordFormat` and `fPageNewChecksumFormat`; the flush-type bits (0x18000) are set
//! when a page is written (1 = the first write of a page, `PgftGetNextFlushType`), so they are
//! not part of the flags here.
//!
//! What must hold: the layout is the one every sample database (4 KiB and 32 KiB pages) holds
//! at these pages; trees only grow later (the catalog and shadow split into leaves taken from
//! their own available extents on small pages, indexes add secondary extents), which this
//! module does not model.

use super::{
    names, OBJID_MSO, OBJID_MSO_NAME_INDEX, OBJID_MSO_ROOT_OBJECTS_INDEX, OBJID_MSO_SHADOW,
    OBJID_MSYS_LOCALES, OBJID_MSYS_OBJIDS, OBJID_SYSTEM_ROOT, PGNO_FDP_MSO,
    PGNO_FDP_MSO_NAME_INDEX, PGNO_FDP_MSO_ROOT_OBJECTS_INDEX, PGNO_FDP_MSO_SHADOW,
    PGNO_SYSTEM_ROOT,
};
use crate::format::page::flags;
use crate::format::space::{ExtentEntry, SpaceExtents, SpaceHeader, SPH_MULTIPLE_EXTENT};
use crate::{Error, ErrorCode, Result};

/// The database size ESE creates with default parameters, in pages after the two header pages
/// (`CpgDBInitialUserDatabaseSize` with `JET_paramDbExtensionSize` 256: a 256-page file).
pub const DEFAULT_DATABASE_PAGES: u32 = 254;
/// Pages of a multiple-extent tree's smallest extent: FDP, OE root, AE root
/// (`cpgMultipleExtentMin`).
pub const CPG_MULTIPLE_EXTENT_MIN: u32 = 3;
/// Largest single extent tracked by the space header's bitmap, FDP excluded
/// (`cpgSmallSpaceAvailMost`).
pub const CPG_SMALL_SPACE_AVAIL_MOST: u32 = 32;
/// `cpgSmallGrow`: the root never leaves less than this behind an extent it carves.
const CPG_SMALL_GROW: u32 = 4;
/// `cpgSmallDbSpaceSize` and `pgnoSmallDbSpaceStart`: small-database allocation policy.
const CPG_SMALL_DB_SPACE_SIZE: u32 = 254;
const PGNO_SMALL_DB_SPACE_START: u32 = 128;
/// Default `JET_paramPageFragment`.
const PAGE_FRAGMENT: u32 = 8;
/// Flags on every page ESE writes at this version.
pub const WRITTEN_PAGE_FLAGS: u32 = flags::NEW_RECORD_FORMAT | flags::NEW_CHECKSUM_FORMAT;

/// Whether ESE supports `page_size` (2, 4, 8, 16 or 32 KiB).
pub fn is_supported_page_size(page_size: u32) -> bool {
    matches!(page_size, 2048 | 4096 | 8192 | 16384 | 32768)
}

fn check_page_size(page_size: u32) -> Result<()> {
    if is_supported_page_size(page_size) {
        Ok(())
    } else {
        Err(Error::with(
            ErrorCode::InvalidParameter,
            format!("page size {page_size} is not 2, 4, 8, 16 or 32 KiB"),
        ))
    }
}

/// Initial pages of `MSysObjectsShadow` (`CpgCATShadowInitial`): 6 on 2 KiB pages, else 5.
pub fn shadow_initial_pages(page_size: u32) -> u32 {
    if page_size == 2048 {
        6
    } else {
        5
    }
}

/// The smallest database ESE creates (`CpgDBDatabaseMinMin`): exactly the pages of the system
/// trees, 31 on 2 KiB pages and 30 otherwise.
pub fn min_database_pages(page_size: u32) -> Result<u32> {
    check_page_size(page_size)?;
    Ok(if page_size == 2048 { 31 } else { 30 })
}

/// The size `JetCreateDatabase` gives a database (`CpgDBInitialUserDatabaseSize`): the system
/// trees (at least 30 pages) plus `db_extension_size` pages (`JET_paramDbExtensionSize`) for
/// user data, at most so much that the file is 256 pages. With the default extension size
/// (256) this is [`DEFAULT_DATABASE_PAGES`].
pub fn initial_database_pages(page_size: u32, db_extension_size: u32) -> Result<u32> {
    let base = min_database_pages(page_size)?.max(30);
    Ok(base + db_extension_size.min(256 - 2 - base))
}

/// A run of pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Extent {
    /// First page.
    pub first: u32,
    /// Number of pages (at least 1).
    pub pages: u32,
}

impl Extent {
    /// The last page (the first page for an empty extent).
    pub fn last(&self) -> u32 {
        self.first.saturating_add(self.pages.saturating_sub(1))
    }

    /// Whether `pgno` lies in the extent.
    pub fn contains(&self, pgno: u32) -> bool {
        self.pages > 0 && (self.first..=self.last()).contains(&pgno)
    }

    /// The extent as an OE or (general-pool) AE node: key = last page, data = page count.
    pub fn entry(&self) -> ExtentEntry {
        ExtentEntry {
            last_pgno: self.last(),
            page_count: self.pages,
            pool: None,
        }
    }
}

/// The system trees of a new database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SystemTree {
    /// The database root: owns the whole file (objid 1, page 1).
    DatabaseRoot = 0,
    /// `MSysObjects` and its primary index `Id` (objid 2, page 4).
    Catalog = 1,
    /// `MSysObjectsShadow` (objid 3, page 24).
    CatalogShadow = 2,
    /// The catalog's `Name` index (objid 4, page 7).
    CatalogNameIndex = 3,
    /// The catalog's `RootObjects` index (objid 5, page 10).
    CatalogRootObjectsIndex = 4,
    /// `MSysObjids` (objid 6).
    Objids = 5,
    /// `MSysLocales` (objid 7).
    Locales = 6,
}

impl SystemTree {
    /// Every system tree, in creation (and object id) order.
    pub const ALL: [SystemTree; 7] = [
        SystemTree::DatabaseRoot,
        SystemTree::Catalog,
        SystemTree::CatalogShadow,
        SystemTree::CatalogNameIndex,
        SystemTree::CatalogRootObjectsIndex,
        SystemTree::Objids,
        SystemTree::Locales,
    ];
}

/// One system tree of a new database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeBootstrap {
    /// Which tree.
    pub tree: SystemTree,
    /// The table or index name (the database root has none: `""`).
    pub name: &'static str,
    /// Object id (`objidFDP` of its pages).
    pub objid: u32,
    /// Root page (FDP).
    pub pgno_fdp: u32,
    /// FDP of the tree it got its space from (0 for the database root).
    pub parent_fdp: u32,
    /// The primary extent: the pages it owns at creation, FDP first.
    pub primary: Extent,
    /// The space header in the FDP's external header (legacy 16-byte form).
    pub space_header: SpaceHeader,
    /// Flags of the FDP root page at creation, flush type excluded.
    pub root_page_flags: u32,
    /// Flags of the OE and AE root pages (multiple-extent trees), flush type excluded.
    pub space_tree_page_flags: Option<u32>,
    /// The owned extents after the whole database is created (OE leaf nodes).
    pub owned: Vec<Extent>,
    /// The available extents after the whole database is created: AE leaf nodes of a
    /// multiple-extent tree, free pages of the bitmap of a single-extent one.
    pub available: Vec<Extent>,
}

impl TreeBootstrap {
    /// Root of the owned-extent tree (FDP + 1) of a multiple-extent tree.
    pub fn pgno_oe(&self) -> Option<u32> {
        self.space_header.pgno_oe()
    }

    /// Root of the available-extent tree (FDP + 2) of a multiple-extent tree.
    pub fn pgno_ae(&self) -> Option<u32> {
        self.space_header.pgno_ae()
    }
}

/// What a page of a new database is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageRole {
    /// The tree's root (FDP).
    Root,
    /// Root of the tree's owned-extent tree.
    OwnedExtentRoot,
    /// Root of the tree's available-extent tree.
    AvailableExtentRoot,
    /// Owned by the tree and not used yet (zero on disk).
    Available,
}

/// The layout of every system tree of a new database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bootstrap {
    /// Page size in bytes.
    pub page_size: u32,
    /// Database size in pages (header pages excluded): the root's primary extent.
    pub database_pages: u32,
    trees: Vec<TreeBootstrap>,
}

/// Available extents of a tree during the simulated creation.
struct Avail {
    extents: Vec<Extent>,
}

impl Avail {
    /// Takes `req` pages for a new FDP from the first extent large enough, as `ErrSPIGetExt`
    /// does; returns the extent given.
    fn take(&mut self, req: u32, parent_is_root: bool, database_pages: u32) -> Result<Extent> {
        let i = self
            .extents
            .iter()
            .position(|e| e.pages >= req)
            .ok_or_else(|| {
                Error::with(
                    ErrorCode::DatabaseInvalidPages,
                    format!("no {req} free pages left for the system trees"),
                )
            })?;
        let e = self.extents[i];
        let all = if e.pages <= req {
            true
        } else if parent_is_root {
            let small_db =
                database_pages < CPG_SMALL_DB_SPACE_SIZE && e.first < PGNO_SMALL_DB_SPACE_START;
            !small_db && e.pages < req + CPG_SMALL_GROW
        } else {
            !(req < PAGE_FRAGMENT || e.pages >= req + PAGE_FRAGMENT)
        };
        if all {
            self.extents.remove(i);
            return Ok(e);
        }
        self.extents[i] = Extent {
            first: e.first + req,
            pages: e.pages - req,
        };
        Ok(Extent {
            first: e.first,
            pages: req,
        })
    }
}

fn multiple(
    tree: SystemTree,
    name: &'static str,
    objid: u32,
    parent: u32,
    ext: Extent,
    kind: u32,
) -> TreeBootstrap {
    let root_flags = flags::ROOT | flags::LEAF | kind | WRITTEN_PAGE_FLAGS;
    let avail = (ext.pages > CPG_MULTIPLE_EXTENT_MIN).then(|| Extent {
        first: ext.first + CPG_MULTIPLE_EXTENT_MIN,
        pages: ext.pages - CPG_MULTIPLE_EXTENT_MIN,
    });
    TreeBootstrap {
        tree,
        name,
        objid,
        pgno_fdp: ext.first,
        parent_fdp: parent,
        primary: ext,
        space_header: SpaceHeader {
            cpg_primary: ext.pages,
            pgno_parent: parent,
            flags: SPH_MULTIPLE_EXTENT,
            extents: SpaceExtents::Multiple {
                pgno_oe: ext.first + 1,
            },
            root_fields: None,
            auto_inc: None,
        },
        root_page_flags: root_flags,
        space_tree_page_flags: Some(root_flags | flags::SPACE_TREE),
        owned: vec![ext],
        available: avail.into_iter().collect(),
    }
}

fn single(
    tree: SystemTree,
    name: &'static str,
    objid: u32,
    parent: u32,
    ext: Extent,
) -> TreeBootstrap {
    // ErrSPICreateSingle: one bit per page after the FDP, all free; all ones past the bitmap.
    let avail_bitmap = if ext.pages > CPG_SMALL_SPACE_AVAIL_MOST {
        u32::MAX
    } else {
        (1u32 << (ext.pages - 1)) - 1
    };
    TreeBootstrap {
        tree,
        name,
        objid,
        pgno_fdp: ext.first,
        parent_fdp: parent,
        primary: ext,
        space_header: SpaceHeader {
            cpg_primary: ext.pages,
            pgno_parent: parent,
            flags: 0,
            extents: SpaceExtents::Single { avail_bitmap },
            root_fields: None,
            auto_inc: None,
        },
        root_page_flags: flags::ROOT | flags::LEAF | WRITTEN_PAGE_FLAGS,
        space_tree_page_flags: None,
        owned: vec![ext],
        available: (ext.pages > 1)
            .then(|| Extent {
                first: ext.first + 1,
                pages: ext.pages - 1,
            })
            .into_iter()
            .collect(),
    }
}

impl Bootstrap {
    /// The system trees of a new database of `database_pages` pages on pages of `page_size`
    /// bytes.
    ///
    /// Errors: `JET_errInvalidParameter` for an unsupported page size,
    /// `JET_errDatabaseInvalidPages` for a size below [`min_database_pages`] or above ESE's
    /// highest page number.
    pub fn new(page_size: u32, database_pages: u32) -> Result<Bootstrap> {
        let min = min_database_pages(page_size)?;
        if database_pages < min || database_pages > crate::format::space::PGNO_SYS_MAX {
            return Err(Error::with(
                ErrorCode::DatabaseInvalidPages,
                format!(
                    "a new database needs {min} to {} pages, not {database_pages}",
                    crate::format::space::PGNO_SYS_MAX
                ),
            ));
        }
        let db = Extent {
            first: PGNO_SYSTEM_ROOT,
            pages: database_pages,
        };
        let mut root = multiple(SystemTree::DatabaseRoot, "", OBJID_SYSTEM_ROOT, 0, db, 0);
        let mut root_avail = Avail {
            extents: root.available.clone(),
        };
        let n = database_pages;
        let mso_ext = root_avail.take(super::system::CPG_MSO_INITIAL, true, n)?;
        let shadow_ext = root_avail.take(shadow_initial_pages(page_size), true, n)?;
        let mut mso = multiple(
            SystemTree::Catalog,
            names::MSYS_OBJECTS,
            OBJID_MSO,
            PGNO_SYSTEM_ROOT,
            mso_ext,
            0,
        );
        let shadow = multiple(
            SystemTree::CatalogShadow,
            names::MSYS_OBJECTS_SHADOW,
            OBJID_MSO_SHADOW,
            PGNO_SYSTEM_ROOT,
            shadow_ext,
            0,
        );
        let mut mso_avail = Avail {
            extents: mso.available.clone(),
        };
        let name_ext = mso_avail.take(CPG_MULTIPLE_EXTENT_MIN, false, n)?;
        let root_objects_ext = mso_avail.take(CPG_MULTIPLE_EXTENT_MIN, false, n)?;
        mso.available = mso_avail.extents;
        let name = multiple(
            SystemTree::CatalogNameIndex,
            names::MSO_NAME_INDEX,
            OBJID_MSO_NAME_INDEX,
            mso.pgno_fdp,
            name_ext,
            flags::INDEX,
        );
        let root_objects = multiple(
            SystemTree::CatalogRootObjectsIndex,
            names::MSO_ROOT_OBJECTS_INDEX,
            OBJID_MSO_ROOT_OBJECTS_INDEX,
            mso.pgno_fdp,
            root_objects_ext,
            flags::INDEX,
        );
        let objids_ext = root_avail.take(1, true, n)?;
        let locales_ext = root_avail.take(1, true, n)?;
        root.available = root_avail.extents;
        let objids = single(
            SystemTree::Objids,
            names::MSYS_OBJIDS,
            OBJID_MSYS_OBJIDS,
            PGNO_SYSTEM_ROOT,
            objids_ext,
        );
        let locales = single(
            SystemTree::Locales,
            names::MSYS_LOCALES,
            OBJID_MSYS_LOCALES,
            PGNO_SYSTEM_ROOT,
            locales_ext,
        );
        let trees = vec![root, mso, shadow, name, root_objects, objids, locales];
        debug_assert_eq!(
            trees[SystemTree::CatalogShadow as usize].pgno_fdp,
            PGNO_FDP_MSO_SHADOW
        );
        debug_assert_eq!(trees[SystemTree::Catalog as usize].pgno_fdp, PGNO_FDP_MSO);
        debug_assert_eq!(
            trees[SystemTree::CatalogNameIndex as usize].pgno_fdp,
            PGNO_FDP_MSO_NAME_INDEX
        );
        debug_assert_eq!(
            trees[SystemTree::CatalogRootObjectsIndex as usize].pgno_fdp,
            PGNO_FDP_MSO_ROOT_OBJECTS_INDEX
        );
        Ok(Bootstrap {
            page_size,
            database_pages,
            trees,
        })
    }

    /// The layout of one system tree.
    pub fn tree(&self, tree: SystemTree) -> &TreeBootstrap {
        // `new` stores the trees in the order of SystemTree's discriminants.
        &self.trees[tree as usize]
    }

    /// Every system tree, in object id order.
    pub fn trees(&self) -> &[TreeBootstrap] {
        &self.trees
    }

    /// The highest object id in use (`objidLast` of the header).
    pub fn objid_last(&self) -> u32 {
        self.trees
            .iter()
            .map(|t| t.objid)
            .max()
            .unwrap_or(OBJID_SYSTEM_ROOT)
    }

    /// The first page no system tree owns (the start of the root's available space), if any.
    pub fn first_free_page(&self) -> Option<u32> {
        self.tree(SystemTree::DatabaseRoot)
            .available
            .first()
            .map(|e| e.first)
    }

    /// What page `pgno` is: the innermost tree owning it and its role there (free pages of the
    /// file are [`PageRole::Available`] of the database root); `None` outside the database.
    pub fn page_role(&self, pgno: u32) -> Option<(SystemTree, PageRole)> {
        // Later trees are carved out of earlier ones: look at the innermost owner first.
        for t in self
            .trees
            .iter()
            .rev()
            .filter(|t| t.tree != SystemTree::DatabaseRoot)
        {
            if !t.primary.contains(pgno) {
                continue;
            }
            let role = if pgno == t.pgno_fdp {
                PageRole::Root
            } else if Some(pgno) == t.pgno_oe() {
                PageRole::OwnedExtentRoot
            } else if Some(pgno) == t.pgno_ae() {
                PageRole::AvailableExtentRoot
            } else if t.available.iter().any(|e| e.contains(pgno)) {
                PageRole::Available
            } else {
                // Owned by a child tree carved from this one: the loop found the child first.
                continue;
            };
            return Some((t.tree, role));
        }
        let root = self.tree(SystemTree::DatabaseRoot);
        match pgno {
            1 => Some((SystemTree::DatabaseRoot, PageRole::Root)),
            2 => Some((SystemTree::DatabaseRoot, PageRole::OwnedExtentRoot)),
            3 => Some((SystemTree::DatabaseRoot, PageRole::AvailableExtentRoot)),
            _ if root.available.iter().any(|e| e.contains(pgno)) => {
                Some((SystemTree::DatabaseRoot, PageRole::Available))
            }
            _ => None,
        }
    }
}
