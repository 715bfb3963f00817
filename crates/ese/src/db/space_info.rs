//! What a tree owns and has free, counted as ESE's `ErrSPGetInfo` counts it, and the
//! allocation facts the catalog keeps of a table and its indexes: the answers of
//! `JetGetDatabaseInfo(JET_DbInfoSpaceOwned / SpaceAvailable)`, `JetGetTableInfo`'s space
//! levels and `JetGetIndexInfo(JET_IdxInfoSpaceAlloc)`.
//!
//! Owns [`TreeSpaceInfo`], [`TableSpaceInfo`], [`Database::space_info`],
//! [`Table::space_info`] and [`Table::catalog_extras`]. What holds: a single-extent tree
//! owns its primary extent and has free the pages its bitmap marks, plus the pages past
//! the 32 the bitmap covers (`ErrSPGetInfo`'s small-space case); a multiple-extent tree
//! owns the extents of its owned-extent tree and has free those of the general pool of
//! its available-extent tree (pages set aside in other pools, and split buffers, are not
//! counted, as ESE does not count them). A tree's owned space includes what it gave its
//! children (a table's owns its indexes' and long values'); its available space is its
//! own. Read under the space lock when the database is open for writing, so that no
//! allocation is seen half made.

use super::tree::TreeCursor;
use super::{Database, Pager, Table};
use crate::catalog::{sysobj, CatalogRow, TableExtras};
use crate::format::page::Page;
use crate::format::space::{ExtentEntry, SpaceExtents, SpaceHeader};
use crate::{Error, ErrorCode, Result};

/// One extent: its last page and its number of pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extent {
    /// The extent's last page.
    pub last_pgno: u32,
    /// Its pages (the extent is `last_pgno - pages + 1 ..= last_pgno`).
    pub pages: u32,
}

/// The space of one tree (see the module header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeSpaceInfo {
    /// The tree's FDP (its root page).
    pub fdp: u32,
    /// Whether the tree keeps owned- and available-extent trees (else its space is one
    /// primary extent with a bitmap of free pages).
    pub multiple_extents: bool,
    /// The extents it owns, by last page.
    pub owned: Vec<Extent>,
    /// The extents it has free, by last page (runs of free pages of a single-extent
    /// tree).
    pub available: Vec<Extent>,
}

impl TreeSpaceInfo {
    /// Pages owned (`ErrSPGetInfo`'s `fSPOwnedExtent`).
    pub fn owned_pages(&self) -> u64 {
        self.owned.iter().map(|e| u64::from(e.pages)).sum()
    }

    /// Pages free (`ErrSPGetInfo`'s `fSPAvailExtent`).
    pub fn available_pages(&self) -> u64 {
        self.available.iter().map(|e| u64::from(e.pages)).sum()
    }
}

/// The space of a table: its own tree (which holds the primary index), each secondary
/// index's tree and the long-value tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSpaceInfo {
    /// The table's tree: `JET_TblInfoSpaceOwned` is its owned pages (its children's
    /// included), `JET_TblInfoSpaceUsage` its owned and available pages.
    pub table: TreeSpaceInfo,
    /// Each secondary index's tree, by index name, in catalog order.
    pub indexes: Vec<(String, TreeSpaceInfo)>,
    /// The long-value tree, once the table has one.
    pub long_values: Option<TreeSpaceInfo>,
}

impl TableSpaceInfo {
    /// `JET_TblInfoSpaceAvailable`: the free pages of the table's tree, of its secondary
    /// indexes' and of its long-value tree (`ErrINFOIGetCalculatedSpace`).
    pub fn available_pages(&self) -> u64 {
        self.table.available_pages()
            + self
                .indexes
                .iter()
                .map(|(_, t)| t.available_pages())
                .sum::<u64>()
            + self
                .long_values
                .as_ref()
                .map_or(0, TreeSpaceInfo::available_pages)
    }
}

fn corrupt(pgno: u32, msg: String) -> Error {
    Error::with(ErrorCode::DatabaseCorrupted, msg).page(pgno)
}

/// The space header of FDP `fdp`.
fn space_header(pager: &Pager, fdp: u32) -> Result<SpaceHeader> {
    let buf = pager.page(fdp)?;
    let page = Page::new(&buf, fdp)?;
    if !page.is_root() {
        return Err(corrupt(fdp, format!("page {fdp} is not a tree's root")));
    }
    SpaceHeader::decode(page.external_header()?).map_err(|e| e.page(fdp))
}

/// The live extents of the space tree at `root` in key order; `general_only` keeps the
/// available extents of the general pool only.
fn space_tree_extents(pager: &Pager, root: u32, general_only: bool) -> Result<Vec<Extent>> {
    let mut cur = TreeCursor::first(pager, root)?;
    let mut out = Vec::new();
    while let Some(e) = cur.next_entry(pager)? {
        if e.is_deleted() {
            continue;
        }
        let x = ExtentEntry::decode(&e.key, &e.data).map_err(|e| e.page(root))?;
        if x.is_empty() || general_only && x.pool.is_some() {
            continue;
        }
        if x.first_pgno().is_none() {
            return Err(corrupt(
                root,
                format!(
                    "extent ending at page {} claims {} pages",
                    x.last_pgno, x.page_count
                ),
            ));
        }
        out.push(Extent {
            last_pgno: x.last_pgno,
            pages: x.page_count,
        });
    }
    Ok(out)
}

/// The free pages of a single-extent tree at `fdp` as runs: the pages its bitmap marks
/// (inside its primary extent), then the pages past the 32 the bitmap covers.
fn single_extent_free(fdp: u32, sph: &SpaceHeader) -> Vec<Extent> {
    let cpg = sph.cpg_primary.max(1);
    let end = fdp.saturating_add(cpg); // one past the extent
    let mut pages: Vec<u32> = sph
        .avail_pages(fdp)
        .into_iter()
        .filter(|&p| p < end)
        .collect();
    pages.extend(fdp.saturating_add(33)..end);
    let mut out: Vec<Extent> = Vec::new();
    for p in pages {
        match out.last_mut() {
            Some(e) if e.last_pgno.checked_add(1) == Some(p) => {
                e.last_pgno = p;
                e.pages += 1;
            }
            _ => out.push(Extent {
                last_pgno: p,
                pages: 1,
            }),
        }
    }
    out
}

/// The space of the tree at `fdp`, read through `pager`.
fn tree_space(pager: &Pager, fdp: u32) -> Result<TreeSpaceInfo> {
    let sph = space_header(pager, fdp)?;
    Ok(match sph.extents {
        SpaceExtents::Single { .. } => TreeSpaceInfo {
            fdp,
            multiple_extents: false,
            owned: vec![Extent {
                last_pgno: fdp.saturating_add(sph.cpg_primary.max(1) - 1),
                pages: sph.cpg_primary.max(1),
            }],
            available: single_extent_free(fdp, &sph),
        },
        SpaceExtents::Multiple { pgno_oe } => TreeSpaceInfo {
            fdp,
            multiple_extents: true,
            owned: space_tree_extents(pager, pgno_oe, false)?,
            available: space_tree_extents(pager, pgno_oe + 1, true)?,
        },
    })
}

impl Database {
    /// The space of the database root (`JET_DbInfoSpaceOwned`: the pages it owns, the
    /// whole database; `JET_DbInfoSpaceAvailable`: the pages no tree has).
    pub fn space_info(&self) -> Result<TreeSpaceInfo> {
        let inner = &self.inner;
        let read = || tree_space(&inner.pager, crate::space::DB_ROOT);
        match &inner.writer {
            Some(w) => w.space.with_lock(read),
            None => read(),
        }
    }
}

impl Table {
    /// The space of this table's trees (see [`TableSpaceInfo`]), as they are now.
    pub fn space_info(&self) -> Result<TableSpaceInfo> {
        let db = self.db_inner();
        let def = self.def();
        let lv_root = def.lv_root.or_else(|| self.writer_lv_root());
        let read = || -> Result<TableSpaceInfo> {
            let pager = &db.pager;
            let mut indexes = Vec::new();
            for ix in def.indexes.iter().filter(|ix| ix.root != def.root) {
                indexes.push((ix.name.clone(), tree_space(pager, ix.root)?));
            }
            Ok(TableSpaceInfo {
                table: tree_space(pager, def.root)?,
                indexes,
                long_values: lv_root.map(|r| tree_space(pager, r)).transpose()?,
            })
        };
        match &db.writer {
            Some(w) => w.space.with_lock(read),
            None => read(),
        }
    }

    /// The largest chunk a long value of this table is stored in, in bytes
    /// (`JET_TblInfoLVChunkMax`): the catalog's `LVChunkMax`, else the page size's default.
    pub fn lv_chunk_size(&self) -> Result<usize> {
        crate::record::lv_chunk_size(self.def(), self.db_inner().pager.page_size())
    }

    /// The catalog's facts of this table that its definition does not keep: its initial
    /// pages and density, each index's density and sort version, long-value and space
    /// hints, as the catalog holds them now (`JET_TblInfoSpaceAlloc`,
    /// `JET_IdxInfoSpaceAlloc`). `JET_errObjectNotFound` once the table is deleted.
    pub fn catalog_extras(&self) -> Result<TableExtras> {
        let def = self.def();
        let pager = &self.db_inner().pager;
        let large = pager.page_size() > 8192;
        let objid = def.objid;
        // Rows are keyed by the table's object id first: its rows are one run, under
        // the part its lowest and highest possible keys share.
        let key = |row_type, id| {
            CatalogRow {
                objid_table: objid,
                row_type,
                id,
                ..CatalogRow::default()
            }
            .primary_key()
        };
        let (lo, hi) = (key(i16::MIN, 0)?, key(i16::MAX, u32::MAX)?);
        let common = lo.iter().zip(&hi).take_while(|(a, b)| a == b).count();
        let prefix = &lo[..common];
        let mut cur = TreeCursor::seek(pager, crate::catalog::PGNO_FDP_MSO, prefix)?;
        let mut rows = Vec::new();
        while let Some(e) = cur.next_entry(pager)? {
            if !e.key.starts_with(prefix) {
                break;
            }
            if e.is_deleted() {
                continue;
            }
            let row = CatalogRow::decode(&e.data, large)?;
            if row.objid_table != objid {
                break;
            }
            rows.push(row);
        }
        if !rows.iter().any(|r| r.row_type == sysobj::TABLE) {
            return Err(Error::with(
                ErrorCode::ObjectNotFound,
                format!("no catalog row for table {:?}", def.name),
            ));
        }
        TableExtras::from_rows(def, &rows)
    }
}
