//! Repair of a damaged database (what `esentutl /p` does), at the cost of what
//! the damage took: every user table is copied into a new database file from
//! what can still be read of the old one.
//!
//! Owns: [`repair`], its options, progress and report.
//!
//! How the records are found: each table's record tree is walked from its root
//! as a reader walks it, but a page that cannot be read (a checksum that fails,
//! zeros, a page past the end, a structure that does not hold, a page of
//! another tree) is noted and passed over instead of ending the walk, and the
//! leaves' links to their neighbours are followed too: the leaves below a
//! damaged branch page are still reached from the leaves beside them. When the
//! walk met a page it could not read (a root that cannot be read leaves it
//! nothing else), the file is scanned once, as ESE's repair scans it, for the
//! leaves of each tree by the object id in their headers, and the leaves of the
//! tree that the walk did not reach are read too: those below a damaged root,
//! or between two damaged leaves under a damaged branch page. A page a tree
//! gives back is emptied first (no nodes, flag `EMPTY`, as ESE's merges leave
//! it) and an object id is never given twice, so a free page holds no records
//! and nothing deleted comes back. A key found on two leaves (a database that
//! crashed with a split half written) is taken from the leaf changed last;
//! flag-deleted nodes are left out. The records are then read again leaf by leaf in
//! key order, holding at once only the leaves whose keys overlap, so a table is
//! copied without holding its records in memory. A table's long-value tree is
//! walked the same way; when its walk lost pages, the places of the live nodes of
//! the leaves that it and the scan found are kept, and the records read their
//! values from those pages instead of from the tree. Each record is then written
//! again with its
//! values as stored (as a compaction copies them); a long value that cannot be
//! read whole is left out of its record (NULL, even over a default) and counted,
//! and a record whose bytes do not
//! decode, or that the new table refuses, is counted and left out. Secondary
//! indexes are built again from the records; an index that cannot be built (a
//! unique index over records that a half-written crash left with equal keys) is
//! named in the report and left out.
//!
//! What must hold: the source is only read, whatever its state (a database shut
//! down dirty without its logs is the usual case), and held for the repair: one
//! that an instance or another process holds is refused
//! (`JET_errFileAccessDenied`); a destination that exists is
//! refused (`JET_errDatabaseDuplicate`); a catalog (`MSysObjects`) that cannot
//! be read is read from its shadow (`MSysObjectsShadow`, which holds the same
//! rows, as ESE's repair rebuilds the one from the other), as is a table's name
//! that a damaged row holds but no table may have; a table whose definition the
//! new database refuses is left out and named; and when neither catalog can be
//! read the repair stops before anything is written (`JET_errCatalogCorrupted`:
//! the tables cannot be known). The new database is shut down cleanly, its
//! header counts one repair more than the source's and carries the time of this
//! one. When anything fails, the partly written destination is removed.

use super::compact::{definition_for_copy, into_new_file, is_system_table};
use super::table::{LvNodes, Record, Table};
use super::{Database, OpenOptions, TableDef};
use crate::btree::read::{child, key_parts};
use crate::catalog::{PGNO_FDP_MSO, PGNO_FDP_MSO_SHADOW};
use crate::format::page::{flags as page_flags, node_flags, Page};
use crate::page::PageMut;
use crate::{Error, ErrorCode, Result};
use ese_os::FileSystem;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

/// How [`repair`] runs.
#[derive(Debug, Clone)]
pub struct RepairOptions {
    /// Pages each of the two databases keeps in memory at most.
    pub cache_pages: usize,
    /// Records written per transaction of the destination.
    pub batch: usize,
    /// The folder where the indexes' rebuilds put their sorted runs when they outgrow
    /// memory (see [`Database::set_temp_dir`]); `None`: the system's temporary folder.
    pub temp_dir: Option<std::path::PathBuf>,
    /// Bytes each index's rebuild sorts in memory (see [`Database::set_sort_memory`]);
    /// `None`: the default, 64 MiB.
    pub sort_memory: Option<usize>,
}

impl Default for RepairOptions {
    fn default() -> Self {
        RepairOptions {
            cache_pages: 8192,
            batch: 1000,
            temp_dir: None,
            sort_memory: None,
        }
    }
}

/// Where a repair is, given to its status callback after each table's records
/// are read and after each batch written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepairStatus {
    /// The table being repaired.
    pub table: String,
    /// Tables done so far.
    pub tables_done: usize,
    /// Tables to repair.
    pub tables: usize,
    /// Records written so far, all tables.
    pub records: u64,
}

/// What a repair did and what the damage cost.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RepairReport {
    /// User tables in the new database.
    pub tables: usize,
    /// Records written to the new database.
    pub records: u64,
    /// Records read but left out: their bytes did not decode, or the new table
    /// refused them.
    pub records_dropped: u64,
    /// Values of long or tagged columns left out of their records because they
    /// could not be read.
    pub values_dropped: u64,
    /// Pages of the tables' record and long-value trees that could not be read, in
    /// the order the walks met them: what the leaves among them held is lost (their
    /// records, or the values counted in `values_dropped`).
    pub bad_pages: Vec<u32>,
    /// Pages that could not be read and that no walk reached, found by the scan of
    /// the file that a walk's lost pages start (none without one), in file order:
    /// whose they were cannot be told, and what the leaves among them held is lost.
    /// Pages of zeros (never written, or zeroed) are not counted.
    pub other_bad_pages: Vec<u32>,
    /// Leaf pages whose records were read.
    pub leaves: u64,
    /// Of those, the leaves that the tree's walk did not reach (below a page it
    /// could not read) and that a scan of the file found by their object id.
    pub orphan_leaves: u64,
    /// Leaves of the tables' long-value trees that the trees' walks did not reach
    /// (below a page they could not read) and that a scan of the file found by their
    /// object id: the values they hold were read from them.
    pub long_value_orphan_leaves: u64,
    /// Secondary indexes not built again, as (table, index).
    pub indexes_dropped: Vec<(String, String)>,
    /// Tables whose definition the new database refuses (a damaged catalog row that
    /// still reads: a name no table may have, two tables of one name, a column or
    /// index that cannot be), left out with their records, as (name, why).
    pub tables_dropped: Vec<(String, String)>,
    /// Tables whose name in the catalog no table may have (a damaged row) and that
    /// take the name of the same object's row in the shadow catalog.
    pub names_from_shadow: usize,
    /// Whether the source was shut down cleanly.
    pub source_clean: bool,
    /// Whether the source's catalog (`MSysObjects`) could not be read and its
    /// shadow (`MSysObjectsShadow`) was read instead.
    pub catalog_from_shadow: bool,
    /// Pages of the source file (header pages not counted).
    pub source_pages: u32,
    /// Pages of the new file (header pages not counted).
    pub dest_pages: u32,
    /// The new file's repair count.
    pub repair_count: u32,
}

impl RepairReport {
    /// Whether the repair met damage and lost anything for it (ESE's
    /// `JET_wrnDatabaseRepaired`).
    pub fn lost_anything(&self) -> bool {
        !self.bad_pages.is_empty()
            || !self.other_bad_pages.is_empty()
            || self.catalog_from_shadow
            || self.records_dropped > 0
            || self.values_dropped > 0
            || !self.indexes_dropped.is_empty()
            || !self.tables_dropped.is_empty()
            || self.names_from_shadow > 0
    }
}

/// The two kinds of a table's trees a repair reads: its records and its long values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Kind {
    Records,
    LongValues,
}

/// A table's tree as its pages' headers name it: its kind and object id.
type TreeId = (Kind, u32);

/// The tree `page` belongs to by its header; `None` for a page of a space tree or of a
/// secondary index (neither is read: both are built again).
fn tree_of(page: &Page<'_>) -> Option<TreeId> {
    if page.is_space_tree() || page.is_index() {
        return None;
    }
    let kind = if page.is_long_value() {
        Kind::LongValues
    } else {
        Kind::Records
    };
    Some((kind, page.objid_fdp()))
}

/// What [`salvage`] found in one tree.
struct Salvage {
    /// Pages of the tree that could not be read.
    bad_pages: Vec<u32>,
    /// The leaves read, in the order they were met.
    leaves: Vec<u32>,
    /// Of those, the ones that hold a live node, in the same order: what
    /// [`SalvagedNodes`] reads again.
    live: Vec<LeafRef>,
    /// Of the leaves, the ones found by the scan of the file.
    orphans: u64,
}

/// A leaf a walk read that holds live nodes: where to read them again, and what orders
/// them against the other leaves' (see [`SalvagedNodes`]).
struct LeafRef {
    pgno: u32,
    /// The leaf's dbtime: of two leaves with the same key, the one changed last wins.
    dbtime: u64,
    /// Its lowest live key.
    first: Vec<u8>,
    /// When the walk met it (between leaves of one dbtime, the first met wins).
    order: usize,
}

impl LeafRef {
    /// The leaf `page` as the `order`-th the walk met, `None` without a live node.
    fn of(page: &Page<'_>, order: usize) -> Option<LeafRef> {
        // Keys are joined into one buffer; the lowest is copied out (once, in a leaf
        // whose keys are in order).
        let mut first: Option<Vec<u8>> = None;
        let mut key = Vec::new();
        for (k, _) in live_parts(page) {
            key.clear();
            key.extend_from_slice(k[0]);
            key.extend_from_slice(k[1]);
            if first.as_ref().is_none_or(|f| key < *f) {
                first = Some(key.clone());
            }
        }
        let first = first?;
        Some(LeafRef {
            pgno: page.pgno(),
            dbtime: page.dbtime(),
            first,
            order,
        })
    }
}

/// The key parts (prefix and suffix) of the nodes of leaf `page` that are not
/// flag-deleted, with their indexes.
fn live_parts<'p>(page: &'p Page<'_>) -> impl Iterator<Item = ([&'p [u8]; 2], usize)> + 'p {
    (0..page.node_count()).filter_map(move |i| {
        // The page passed its structure check: every node reads.
        let (k, _, flags) = key_parts(page, i).ok()?;
        (flags & node_flags::DELETED == 0).then_some(([k[0], k[1]], i))
    })
}

/// [`live_parts`] with each key joined.
fn live_keys<'p>(page: &'p Page<'_>) -> impl Iterator<Item = (Vec<u8>, usize)> + 'p {
    live_parts(page).map(|(k, i)| (k.concat(), i))
}

/// One leaf of [`SalvagedNodes`] being read: its page and its live keys in key order.
struct LeafCursor {
    page: Vec<u8>,
    pgno: u32,
    dbtime: u64,
    order: usize,
    /// (key, node index), sorted by key (equal keys in node order).
    nodes: Vec<(Vec<u8>, usize)>,
    at: usize,
}

impl LeafCursor {
    /// Reads `leaf` of `tree` again; `None` when it no longer reads or holds nothing.
    fn open(table: &Table, tree: TreeId, leaf: &LeafRef) -> Option<LeafCursor> {
        let page = tree_page(table, leaf.pgno, tree)?;
        let mut nodes: Vec<(Vec<u8>, usize)> =
            live_keys(&Page::new(&page, leaf.pgno).ok()?).collect();
        nodes.sort_by(|a, b| a.0.cmp(&b.0));
        (!nodes.is_empty()).then_some(LeafCursor {
            page,
            pgno: leaf.pgno,
            dbtime: leaf.dbtime,
            order: leaf.order,
            nodes,
            at: 0,
        })
    }

    fn key(&self) -> &[u8] {
        &self.nodes[self.at].0
    }

    /// The data of the current node.
    fn data(&self) -> Option<Vec<u8>> {
        let page = Page::new(&self.page, self.pgno).ok()?;
        let (_, d, _) = key_parts(&page, self.nodes[self.at].1).ok()?;
        Some(d.to_vec())
    }

    /// Moves past every node with key `key`; false when no node is left.
    fn skip(&mut self, key: &[u8]) -> bool {
        while self.at < self.nodes.len() && self.nodes[self.at].0 == key {
            self.at += 1;
        }
        self.at < self.nodes.len()
    }
}

impl PartialEq for LeafCursor {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for LeafCursor {}

impl PartialOrd for LeafCursor {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for LeafCursor {
    /// The node that wins first: the lowest key; of equal keys the leaf changed last,
    /// then the leaf the walk met first.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key()
            .cmp(other.key())
            .then(other.dbtime.cmp(&self.dbtime))
            .then(self.order.cmp(&other.order))
    }
}

/// The live nodes of a salvaged tree's leaves as (key, data), in key order and one per
/// key: of a key found on several leaves (a database that crashed with a split half
/// written) the one of the leaf changed last, and between leaves of one dbtime the one
/// the walk met first. The leaves are read again one by one in the order of their
/// lowest keys, and only those whose keys overlap the current one are held at once,
/// so a table is copied without holding its records in memory.
struct SalvagedNodes<'t> {
    table: &'t Table,
    tree: TreeId,
    /// The leaves by lowest key (then walk order).
    leaves: Vec<LeafRef>,
    next: usize,
    open: std::collections::BinaryHeap<std::cmp::Reverse<LeafCursor>>,
}

impl<'t> SalvagedNodes<'t> {
    fn new(table: &'t Table, tree: TreeId, mut leaves: Vec<LeafRef>) -> SalvagedNodes<'t> {
        leaves.sort_by(|a, b| a.first.cmp(&b.first).then(a.order.cmp(&b.order)));
        SalvagedNodes {
            table,
            tree,
            leaves,
            next: 0,
            open: std::collections::BinaryHeap::new(),
        }
    }
}

/// A node [`SalvagedNodes`] gives: its key, where it is, and its data.
struct SalvagedNode {
    key: Vec<u8>,
    pgno: u32,
    index: usize,
    data: Vec<u8>,
}

impl Iterator for SalvagedNodes<'_> {
    type Item = SalvagedNode;

    fn next(&mut self) -> Option<SalvagedNode> {
        use std::cmp::Reverse;
        loop {
            // Every leaf that may hold the lowest key left is open before it is taken.
            while let Some(leaf) = self.leaves.get(self.next) {
                if let Some(Reverse(lowest)) = self.open.peek() {
                    if leaf.first.as_slice() > lowest.key() {
                        break;
                    }
                }
                self.next += 1;
                if let Some(c) = LeafCursor::open(self.table, self.tree, leaf) {
                    self.open.push(Reverse(c));
                }
            }
            let Reverse(mut top) = self.open.pop()?;
            let key = top.key().to_vec();
            let (pgno, index) = (top.pgno, top.nodes[top.at].1);
            let data = top.data();
            if top.skip(&key) {
                self.open.push(Reverse(top));
            }
            // The key's other copies lose.
            while self
                .open
                .peek()
                .is_some_and(|Reverse(c)| c.key() == key.as_slice())
            {
                if let Some(Reverse(mut c)) = self.open.pop() {
                    if c.skip(&key) {
                        self.open.push(Reverse(c));
                    }
                }
            }
            // A node that read when the walk met it reads again (the source is held);
            // one that does not is passed over as its leaf would be.
            if let Some(data) = data {
                return Some(SalvagedNode {
                    key,
                    pgno,
                    index,
                    data,
                });
            }
        }
    }
}

/// What [`scan_leaves`] found in the file.
#[derive(Default)]
struct LeafScan {
    /// The leaves of every record and long-value tree, by tree (pgnos in file order).
    leaves: HashMap<TreeId, Vec<u32>>,
    /// The pages that could not be read (a checksum that fails, a structure that
    /// does not hold), in file order; pages of zeros (never written) not counted.
    unreadable: Vec<u32>,
}

/// Scans every page of `table`'s file for leaves that hold nodes and belong to a
/// table's record or long-value tree ([`tree_of`]): the candidates of [`salvage`]
/// when a walk lost pages. A page that cannot be read is passed over; [`tree_page`]
/// checks each candidate again when it is taken.
fn scan_leaves(table: &Table) -> LeafScan {
    let pager = table.pager();
    let mut out = LeafScan::default();
    for pgno in 1..=pager.page_count() {
        let bytes = match pager.page(pgno) {
            Ok(b) => b,
            Err(e) if e.code() == ErrorCode::PageNotInitialized => continue,
            Err(_) => {
                out.unreadable.push(pgno);
                continue;
            }
        };
        let Ok(page) = Page::new(&bytes, pgno) else {
            out.unreadable.push(pgno);
            continue;
        };
        if !page.is_leaf() || page.node_count() == 0 || page.flags() & page_flags::EMPTY != 0 {
            continue;
        }
        if let Some(tree) = tree_of(&page) {
            out.leaves.entry(tree).or_default().push(pgno);
        }
    }
    out
}

/// Reads page `pgno` of `table`'s file as one of `tree` (see the module header):
/// `None` when it cannot be read, fails its structure check, or belongs to another
/// tree.
fn tree_page(table: &Table, pgno: u32, tree: TreeId) -> Option<Vec<u8>> {
    let mut copy = table.pager().page(pgno).ok()?.to_vec();
    PageMut::open(&mut copy, pgno).ok()?.check().ok()?;
    let page = Page::new(&copy, pgno).ok()?;
    (tree_of(&page) == Some(tree)).then_some(copy)
}

/// What can still be read of `tree`, whose root is `root`, in `table`'s file (see the
/// module header): its leaves, and which of them hold live nodes ([`SalvagedNodes`]
/// reads those); `scan` holds the file's [`scan_leaves`] once a walk needed it.
fn salvage(table: &Table, root: u32, tree: TreeId, scan: &mut Option<LeafScan>) -> Salvage {
    let limit = table.pager().page_count() as usize + 1;
    let mut out = Salvage {
        bad_pages: Vec::new(),
        leaves: Vec::new(),
        live: Vec::new(),
        orphans: 0,
    };
    let mut seen = HashSet::new();
    // (page, reached through a leaf's link to its neighbour)
    let mut stack = vec![(root, false)];
    while let Some((pgno, sibling)) = stack.pop() {
        if pgno == 0 || seen.len() >= limit || !seen.insert(pgno) {
            continue;
        }
        let Some(buf) = tree_page(table, pgno, tree) else {
            out.bad_pages.push(pgno);
            continue;
        };
        let Ok(page) = Page::new(&buf, pgno) else {
            out.bad_pages.push(pgno);
            continue;
        };
        if !page.is_leaf() {
            if sibling {
                // A leaf's neighbour that is not a leaf: not a page of this level.
                out.bad_pages.push(pgno);
                continue;
            }
            // Pushed last first, so the leftmost child is read first.
            for i in (0..page.node_count()).rev() {
                if let Ok(c) = child(&page, i) {
                    stack.push((c, false));
                }
            }
            continue;
        }
        out.live.extend(LeafRef::of(&page, out.leaves.len()));
        out.leaves.push(pgno);
        stack.push((page.next(), true));
        stack.push((page.prev(), true));
    }
    if !out.bad_pages.is_empty() {
        // Leaves the walk could not reach: the file's leaves of this tree.
        let scan = scan.get_or_insert_with(|| scan_leaves(table));
        for &pgno in scan.leaves.get(&tree).map_or(&[][..], Vec::as_slice) {
            if seen.contains(&pgno) {
                continue;
            }
            let Some(buf) = tree_page(table, pgno, tree) else {
                continue;
            };
            let Ok(page) = Page::new(&buf, pgno) else {
                continue;
            };
            if page.is_leaf() {
                out.live.extend(LeafRef::of(&page, out.leaves.len()));
                out.leaves.push(pgno);
                out.orphans += 1;
            }
        }
    }
    out
}

/// Repairs the database at `src` into a new database at `dst` with the same page
/// size, on `fs` (see the module header). `status` is called as the repair goes;
/// an error it returns stops the repair with that error. On any failure the
/// destination is removed. Errors: `JET_errDatabaseDuplicate` when `dst` exists,
/// `JET_errFileAccessDenied` when another instance or process holds `src`,
/// `JET_errCatalogCorrupted` when neither the source's catalog nor its shadow
/// can be read, the source's header errors, and whatever writing the
/// destination meets.
pub fn repair(
    fs: &dyn FileSystem,
    src: &Path,
    dst: &Path,
    opts: &RepairOptions,
    status: &mut dyn FnMut(&RepairStatus) -> Result<()>,
) -> Result<RepairReport> {
    if fs.exists(dst) {
        return Err(Error::with(
            ErrorCode::DatabaseDuplicate,
            format!("{} exists", dst.display()),
        ));
    }
    // Held for the repair: a database an instance has attached is refused.
    let _held = crate::instance::hold(fs, src)?;
    let mut read = OpenOptions {
        cache_pages: opts.cache_pages,
        read_catalog: false,
        read_only: true,
    };
    // The header first: its errors are its own, not the catalog's.
    Database::open_read_only(fs, src, &read, PGNO_FDP_MSO, false)?;
    read.read_catalog = true;
    let mut catalog_from_shadow = false;
    let source = match Database::open_read_only(fs, src, &read, PGNO_FDP_MSO, false) {
        Ok(db) => db,
        Err(e) if is_damage(e.code()) => {
            match Database::open_read_only(fs, src, &read, PGNO_FDP_MSO_SHADOW, false) {
                Ok(db) => {
                    catalog_from_shadow = true;
                    db
                }
                Err(shadow) if is_damage(shadow.code()) => {
                    return Err(Error::with(
                        ErrorCode::CatalogCorrupted,
                        format!(
                            "the catalog of {} cannot be read ({e}), nor its shadow \
                             ({shadow}): its tables are unknown, nothing can be repaired",
                            src.display()
                        ),
                    ));
                }
                Err(shadow) => return Err(shadow),
            }
        }
        Err(e) => return Err(e),
    };
    let src_header = source.header().clone();
    let mut report = RepairReport {
        catalog_from_shadow,
        source_clean: src_header.state == crate::format::header::DbState::CleanShutdown,
        source_pages: source.page_count(),
        repair_count: src_header.repair_count.saturating_add(1),
        ..RepairReport::default()
    };
    // The shadow's rows stand in for rows of the catalog that read but hold a name
    // no table may have.
    let shadow = if catalog_from_shadow {
        Vec::new()
    } else {
        source.catalog_at(PGNO_FDP_MSO_SHADOW).unwrap_or_default()
    };
    let sorts = (opts.temp_dir.as_deref(), opts.sort_memory);
    let (_, dest_pages) = into_new_file(fs, &source, dst, opts.cache_pages, sorts, |dest| {
        repair_tables(&source, &shadow, dest, opts, &mut report, status)?;
        let when = super::write::now_logtime()?;
        let count = report.repair_count;
        dest.update_header(|h| {
            h.repair_count = count;
            h.time_repair = when;
        })
    })?;
    report.dest_pages = dest_pages;
    Ok(report)
}

/// The codes a read of damaged pages gives.
fn is_damage(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::ReadVerifyFailure
            | ErrorCode::PageNotInitialized
            | ErrorCode::DatabaseCorrupted
            | ErrorCode::CatalogCorrupted
            | ErrorCode::BadPageLink
            | ErrorCode::FileIOBeyondEOF
            | ErrorCode::BadEmptyPage
            | ErrorCode::LVCorrupted
    )
}

/// Whether `name` is one a table may have.
fn valid_name(name: &str) -> bool {
    crate::record::schema::check_name(name, "table").is_ok()
}

/// The codes with which a new database refuses a table's definition that a damaged
/// catalog row left unfit.
fn definition_refused(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::InvalidName
            | ErrorCode::TableDuplicate
            | ErrorCode::ColumnDuplicate
            | ErrorCode::IndexDuplicate
            | ErrorCode::IndexHasPrimary
            | ErrorCode::InvalidColumnType
            | ErrorCode::IndexInvalidDef
            | ErrorCode::InvalidCodePage
            | ErrorCode::InvalidLanguageId
            | ErrorCode::InvalidLCMapStringFlags
            | ErrorCode::TooManyColumns
            | ErrorCode::ColumnRedundant
            | ErrorCode::InvalidGrbit
            | ErrorCode::DefaultValueTooBig
            | ErrorCode::DensityInvalid
            | ErrorCode::BadColumnId
            | ErrorCode::ColumnNotFound
            | ErrorCode::ObjectNotFound
            | ErrorCode::InvalidParameter
    )
}

/// Creates every user table of `source` in `dest` and writes what can be read of
/// its records there; `shadow` holds the shadow catalog's tables (empty when the
/// catalog was read from its shadow).
fn repair_tables(
    source: &Database,
    shadow: &[TableDef],
    dest: &Database,
    opts: &RepairOptions,
    report: &mut RepairReport,
    status: &mut dyn FnMut(&RepairStatus) -> Result<()>,
) -> Result<()> {
    // (the table's name in the source's catalog, the definition to create)
    let mut defs: Vec<(String, TableDef)> = Vec::new();
    for def in source.table_defs() {
        let mut create = (*def).clone();
        // A first extent larger than the whole source is a damaged row's: the new
        // file is not grown to it.
        create.pages = create.pages.min(source.page_count());
        if !valid_name(&def.name) {
            // A damaged name: the shadow's row of the same object, if its name is one
            // (a system table's included: it is then known for one).
            if let Some(s) = shadow
                .iter()
                .find(|s| s.objid == def.objid && valid_name(&s.name))
            {
                create.name = s.name.clone();
                report.names_from_shadow += usize::from(!is_system_table(&s.name));
            }
        }
        // The catalog's own trees are known by their pages too.
        let system =
            is_system_table(&create.name) || matches!(def.root, PGNO_FDP_MSO | PGNO_FDP_MSO_SHADOW);
        if !system {
            defs.push((def.name.clone(), create));
        }
    }
    // Template tables before the tables derived from them.
    defs.sort_by_key(|(_, t)| !t.is_template());
    let mut at = RepairStatus {
        table: String::new(),
        tables_done: 0,
        tables: defs.len(),
        records: 0,
    };
    let session = dest.begin_session()?;
    let batch = opts.batch.max(1);
    let mut scan = None;
    for (name, def) in &defs {
        at.table = def.name.clone();
        match dest.create_table_in(None, definition_for_copy(def)) {
            Ok(_) => {}
            Err(e) if definition_refused(e.code()) => {
                report
                    .tables_dropped
                    .push((def.name.clone(), e.to_string()));
                at.tables_done += 1;
                status(&at)?;
                continue;
            }
            Err(e) => return Err(e),
        }
        let table = source.table(name)?;
        let tree = (Kind::Records, table.def().objid);
        let found = salvage(&table, table.def().root, tree, &mut scan);
        report.bad_pages.extend(&found.bad_pages);
        report.leaves += found.leaves.len() as u64;
        report.orphan_leaves += found.orphans;
        let lvs = salvage_long_values(&table, &mut scan, report);
        status(&at)?;
        let mut cursor = session.open_table(dest, &def.name)?;
        let mut in_txn = 0usize;
        for SalvagedNode { key, data, .. } in SalvagedNodes::new(&table, tree, found.live) {
            let rec = Record::salvaged(&table, key, data, lvs.clone());
            let row = match rec.salvaged_row() {
                Ok((row, lost)) => {
                    report.values_dropped += u64::from(lost);
                    row
                }
                Err(_) => {
                    report.records_dropped += 1;
                    continue;
                }
            };
            if in_txn == 0 {
                session.begin_transaction()?;
            }
            in_txn += 1;
            match cursor.insert_row(&row) {
                Ok(_) => {
                    report.records += 1;
                    at.records += 1;
                }
                // The record's values or key do not suit the table (the failed
                // insert changed nothing): left out.
                Err(e) if refused(e.code()) => report.records_dropped += 1,
                Err(e) => {
                    let _ = session.rollback_all();
                    return Err(e.detail(format!("writing a record of table {}", def.name)));
                }
            }
            if in_txn == batch {
                session.commit_transaction()?;
                in_txn = 0;
                status(&at)?;
            }
        }
        if in_txn > 0 {
            session.commit_transaction()?;
        }
        for ix in def.indexes.iter().filter(|ix| !ix.is_primary()) {
            match dest.create_index_copy(&def.name, ix.clone()) {
                Ok(_) => {}
                Err(e) if refused(e.code()) => {
                    report
                        .indexes_dropped
                        .push((def.name.clone(), ix.name.clone()));
                }
                Err(e) => return Err(e),
            }
        }
        at.tables_done += 1;
        status(&at)?;
    }
    report.tables = defs.len() - report.tables_dropped.len();
    if let Some(scan) = scan {
        // A set: a badly damaged file has many of both.
        let walked: HashSet<u32> = report.bad_pages.iter().copied().collect();
        report.other_bad_pages = scan
            .unreadable
            .into_iter()
            .filter(|p| !walked.contains(p))
            .collect();
    }
    Ok(())
}

/// Walks `table`'s long-value tree (when it has one) as [`salvage`] walks a record
/// tree. When the walk lost pages, the live nodes of the leaves it and the scan of
/// the file found are given back, for the table's records to read their values from
/// in place of the tree: a value then is lost only when a page holding part of it
/// cannot be read. `None` when the tree reads whole (it is read as usual).
fn salvage_long_values(
    table: &Table,
    scan: &mut Option<LeafScan>,
    report: &mut RepairReport,
) -> Option<Arc<LvNodes>> {
    let def = table.def();
    let tree = (Kind::LongValues, def.lv_objid?);
    let walked = salvage(table, def.lv_root?, tree, scan);
    if walked.bad_pages.is_empty() {
        return None;
    }
    report.bad_pages.extend(&walked.bad_pages);
    report.long_value_orphan_leaves += walked.orphans;
    let places = SalvagedNodes::new(table, tree, walked.live)
        .map(|n| (n.key, (n.pgno, n.index)))
        .collect();
    let table = table.clone();
    Some(Arc::new(LvNodes {
        places,
        page: Box::new(move |pgno| tree_page(&table, pgno, tree)),
    }))
}

/// The codes with which a table refuses a record (or an index its records)
/// whose values a damaged or half-written source left unfit.
fn refused(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::KeyDuplicate
            | ErrorCode::NullKeyDisallowed
            | ErrorCode::KeyTruncated
            | ErrorCode::RecordTooBig
            | ErrorCode::ColumnTooBig
            | ErrorCode::ColumnDoesNotFit
            | ErrorCode::NullInvalid
            | ErrorCode::MultiValuedDuplicate
            | ErrorCode::InvalidBufferSize
            | ErrorCode::BadColumnId
            | ErrorCode::DatabaseCorrupted
            | ErrorCode::LVCorrupted
            | ErrorCode::InvalidParameter
    )
}
