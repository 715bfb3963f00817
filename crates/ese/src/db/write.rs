//! The write side of a database: creating a database file as ESE lays one out,
//! opening one for writing, creating tables, and inserting, replacing and deleting
//! records with their index entries and long values.
//!
//! Owns [`Writer`], the state a database open for writing shares between its
//! handles: the buffer cache, the dbtime counter, the space manager, the catalog's
//! trees and, per table, its open trees and counters (next LID, next DBK, next
//! autoincrement value).
//!
//! What must hold:
//! - Every page change goes through the B-tree and space layers (so through
//!   `btree::apply`, the one door a log will watch).
//! - A change that fails a check (duplicate key, record too big, bad column) is
//!   refused before any page is touched: keys are looked up and records encoded
//!   first.
//! - Shutdown state without a log: the header says *dirty shutdown* from the
//!   moment the database is opened for writing until [`Writer::close`] has
//!   flushed every page, set dbtime to the highest page dbtime and rewritten
//!   header and shadow as *clean shutdown*, then synced the file. A process that
//!   dies in between leaves a dirty database, which opens read-only with a warning
//!   (there is no log to recover it from).
//! - One writer mutex serialises all changes of one database.

use super::txn::TxnCtx;
use super::{Database, OpenOptions};
use crate::btree::{BTree, PageAllocator, SeekOp as TreeSeek, TreeEnv, TreeKind};
use crate::cache::{BufferCache, NoWal};
use crate::catalog::bootstrap::DEFAULT_DATABASE_PAGES;
use crate::catalog::header::{logtime_from_unix_millis, new_database_header};
use crate::catalog::locales::new_database_locales;
use crate::catalog::objids::{new_database_objids, ObjidRow};
use crate::catalog::system::CPG_MSO_INITIAL;
use crate::catalog::{
    self, column_flags, table_rows, Bootstrap, CatalogRow, LvTree, SystemTree, TableDef,
    TableExtras,
};
use crate::format::coltype::Value;
use crate::format::header::{DbHeader, DbState};
use crate::format::lv::{lv_root_key, Lid, LvRoot};
use crate::record::{encode_insert, index_keys, sequential_key, EncodeOptions, Row};
use crate::space::{SpaceManager, SpaceParams};
use crate::version::{TxnManager, VersionStore};
use crate::{Error, ErrorCode, Result};
use ese_os::File;
use hashbrown::HashMap;
use parking_lot::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Pages a user table asks for at creation (the samples' tables asked for 4).
pub const TABLE_INITIAL_PAGES: u32 = 4;

/// The fewest frames the cache of a database open for writing has; a smaller
/// `cache_pages` is raised to it, as ESE raises its cache to `JET_paramCacheSizeMin`.
/// The pages one change holds until its step reaches the log cannot be written
/// back meanwhile: creating a database holds 17 (a long change, such as a table's
/// creation with many indexes, ends its step at safe points once it holds a
/// quarter of the cache), and a cache with no other frame to reuse fails the change
/// with `JET_errOutOfBuffers` (16 frames could not create a database).
pub const MIN_CACHE_PAGES: usize = 64;

/// The sort version and sort id stored for indexes this engine builds over Unicode
/// text: those of its own normalization
/// ([`UNICODE_KEY_IDENTITY`](crate::format::key::UNICODE_KEY_IDENTITY)), never Windows'
/// NLS values, since the keys are not Windows sort keys.
pub const UNICODE_SORT_VERSION: (u64, [u8; 16]) = crate::format::key::UNICODE_KEY_IDENTITY;

/// What [`Database::check`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteCheck {
    /// Trees checked.
    pub trees: usize,
    /// Leaf entries in them.
    pub entries: u64,
    /// Pages of their B-trees.
    pub pages: u64,
    /// Pages the database owns (from `space::check`).
    pub owned: u64,
    /// Each tree's owned, used and available pages (from `space::check`).
    pub space: Vec<crate::space::TreeSpace>,
    /// What the index check compared.
    pub indexes: super::IndexCheck,
}

/// The trees of the catalog and the system tables.
pub(super) struct CatalogTrees {
    pub(super) mso: BTree,
    pub(super) name: BTree,
    pub(super) root_objects: BTree,
    pub(super) shadow: BTree,
    pub(super) objids: BTree,
    pub(super) locales: BTree,
}

/// The open trees and counters of one table.
pub(super) struct TableState {
    pub(super) tree: BTree,
    /// Secondary indexes: position in `TableDef::indexes` and tree.
    pub(super) secondaries: Vec<(usize, BTree)>,
    pub(super) lv: Option<BTree>,
    pub(super) next_lid: u32,
    pub(super) next_dbk: u32,
    pub(super) next_autoinc: Option<u64>,
}

impl TableState {
    /// The table's trees, cloned out (so that the state can be let go).
    fn trees(&self) -> TableTrees {
        TableTrees {
            tree: self.tree.clone(),
            secondaries: self.secondaries.clone(),
        }
    }
}

pub(super) struct State {
    pub(super) header: DbHeader,
    pub(super) closed: bool,
    pub(super) catalog: CatalogTrees,
    pub(super) tables: HashMap<u32, TableState>,
}

/// What a pass of online defragmentation did ([`Database::defragment`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DefragPass {
    /// Leaf pages looked at.
    pub leaves: u64,
    /// Leaf pages merged into their left sibling (and freed).
    pub merged: u64,
    /// The pass stopped before its end when asked to.
    pub stopped: bool,
}

impl DefragPass {
    /// Adds `other`'s counts to these.
    pub fn add(&mut self, other: DefragPass) {
        self.leaves += other.leaves;
        self.merged += other.merged;
        self.stopped |= other.stopped;
    }
}

/// The shared write state of a database open for writing.
pub(crate) struct Writer {
    pub(super) file: Arc<dyn File>,
    pub(super) cache: Arc<BufferCache>,
    pub(super) env: TreeEnv,
    pub(super) space: SpaceManager,
    pub(super) page_size: usize,
    pub(super) state: super::step::StateLock,
    /// Open tree handles by root page (its edit lock a leaf: taken alone or under
    /// `state`); a lookup writes nothing shared (see `open_trees.rs`).
    pub(super) trees: super::open_trees::OpenTrees,
    /// Long-value trees created since the catalog was read: table objid → root (a
    /// leaf lock, so readers under the writer lock may take it).
    pub(super) lv_roots: Mutex<HashMap<u32, u32>>,
    /// The versions of this database's nodes.
    pub(crate) versions: VersionStore,
    /// Wakes the cleanup thread.
    pub(super) cleanup: Arc<super::txn::CleanupSignal>,
    /// The catalog as each transaction sees it.
    pub(super) schema: Arc<super::schema::Schema>,
    /// Where the database's changes are logged.
    pub(super) log: Arc<super::logging::DbLog>,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer")
            .field("page_size", &self.page_size)
            .finish_non_exhaustive()
    }
}

/// How a database is created.
#[derive(Debug, Clone)]
pub struct CreateOptions {
    /// Page size in bytes: 4096, 8192, 16384 or 32768.
    pub page_size: usize,
    /// Frames of the buffer cache (`JET_paramCacheSizeMax`).
    pub cache_pages: usize,
    /// Initial size in pages (ESE's default: 254).
    pub initial_pages: u32,
    /// Overwrite an existing file (`JET_bitDbOverwriteExisting`).
    pub overwrite: bool,
}

impl Default for CreateOptions {
    fn default() -> Self {
        CreateOptions {
            page_size: 8192,
            cache_pages: 1024,
            initial_pages: DEFAULT_DATABASE_PAGES,
            overwrite: false,
        }
    }
}

pub(crate) fn now_logtime() -> Result<crate::format::header::LogTime> {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    logtime_from_unix_millis(millis)
}

fn signature_random() -> u32 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let mut z = (nanos as u64) ^ u64::from(std::process::id()).rotate_left(32);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31)) as u32
}

/// ESE's form of a log position in the database header.
pub(crate) fn header_lgpos(lg: crate::format::log::Lgpos) -> crate::format::header::Lgpos {
    crate::format::header::Lgpos {
        ib: lg.byte,
        isec: lg.sector,
        lgen: lg.generation as i32,
    }
}

/// A log stream's signature as ESE's headers hold it (`SIGNATURE`): a random number,
/// a time and a computer name (text; none here).
pub(crate) fn header_log_signature(
    sig: &crate::format::log::LogSignature,
) -> Result<crate::format::header::Signature> {
    Ok(crate::format::header::Signature {
        random: u32::from_le_bytes([sig.random[0], sig.random[1], sig.random[2], sig.random[3]]),
        create_time: logtime_from_unix_millis((sig.created_micros / 1000) as i64)?,
        computer_name: [0u8; 16],
    })
}

/// Fills the header fields ESE keeps about the log a database is attached to:
/// the log's signature, where it was attached and which generations it needs.
fn note_log_in_header(header: &mut DbHeader, log: &super::logging::DbLog) -> Result<()> {
    let Some(w) = log.writer() else { return Ok(()) };
    header.log_signature = header_log_signature(&w.signature())?;
    let at = w.appended_lgpos();
    header.lgpos_attach = header_lgpos(at);
    header.time_attach = now_logtime()?;
    header.lgen_min_required = at.generation as i32;
    header.lgen_max_required = at.generation as i32;
    Ok(())
}

/// Writes the header and its shadow copy, each synced before the other is written,
/// as ESE does: a power cut can then tear only the copy being written, and
/// `read_best` finds the other.
fn write_header(file: &dyn File, header: &DbHeader, page_size: usize) -> Result<()> {
    let mut buf = vec![0u8; page_size];
    header.encode(&mut buf);
    for at in [0, page_size as u64] {
        file.write_at(at, &buf).map_err(Error::io)?;
        file.sync_all().map_err(Error::io)?;
    }
    Ok(())
}

fn open_catalog(env: &TreeEnv, space: &SpaceManager, page_size: usize) -> Result<CatalogTrees> {
    let layout = Bootstrap::new(page_size as u32, DEFAULT_DATABASE_PAGES)?;
    let d = crate::btree::DEFAULT_DENSITY;
    let alloc: Arc<dyn PageAllocator> = Arc::new(space.clone());
    let open = |root: u32, density: u8| BTree::open(env, alloc.clone(), root, density);
    Ok(CatalogTrees {
        mso: open(catalog::PGNO_FDP_MSO, d)?,
        name: open(catalog::PGNO_FDP_MSO_NAME_INDEX, d)?,
        root_objects: open(catalog::PGNO_FDP_MSO_ROOT_OBJECTS_INDEX, d)?,
        shadow: open(catalog::PGNO_FDP_MSO_SHADOW, d)?,
        objids: open(layout.tree(SystemTree::Objids).pgno_fdp, 100)?,
        locales: open(layout.tree(SystemTree::Locales).pgno_fdp, 92)?,
    })
}

pub(super) fn bad_state(what: &str) -> Error {
    Error::with(ErrorCode::DatabaseCorrupted, what.to_string())
}

impl Writer {
    pub(super) fn alloc(&self) -> Arc<dyn PageAllocator> {
        Arc::new(self.space.clone())
    }

    /// The one handle on the tree at `root` (handles share the tree lock only
    /// when cloned from one `BTree::open`). Its density is the one the catalog gives
    /// the tree (a table's or a secondary index's), else `density`.
    pub(crate) fn open_tree(&self, root: u32, density: u8) -> Result<BTree> {
        if let Some(t) = self.trees.get(root) {
            return Ok(t);
        }
        self.trees.get_or_open(root, || {
            // A stored value ESE would not have stored (outside 20 to 100) is no density.
            let density = self
                .schema
                .tree_density(root)
                .filter(|d| (20..=100).contains(d))
                .and_then(|d| u8::try_from(d).ok())
                .unwrap_or(density);
            BTree::open(&self.env, self.alloc(), root, density)
        })
    }

    /// A cursor on the tree at `root` ([`Writer::open_tree`]'s handle).
    pub(crate) fn tree_cursor(&self, root: u32, density: u8) -> Result<crate::btree::Cursor> {
        Ok(crate::btree::Cursor::new(self.open_tree(root, density)?))
    }

    /// `f` on the handle on the tree at `root` ([`Writer::open_tree`]'s), without
    /// a reference of its own to it: every point read runs one, and a reference
    /// count would be written by every reader of the tree.
    pub(crate) fn with_tree<R>(
        &self,
        root: u32,
        density: u8,
        f: impl FnOnce(&BTree) -> R,
    ) -> Result<R> {
        match self.trees.with(root, f) {
            Ok(r) => Ok(r),
            Err(f) => Ok(f(&self.open_tree(root, density)?)),
        }
    }

    /// Creates a new database in `file` (empty) and returns its writer, header
    /// marked dirty on disk.
    pub(crate) fn create(
        file: Arc<dyn File>,
        opts: &CreateOptions,
        manager: Arc<TxnManager>,
        log: Arc<super::logging::DbLog>,
    ) -> Result<Writer> {
        let page_size = opts.page_size;
        let layout = Bootstrap::new(page_size as u32, opts.initial_pages)?;
        let mut header = new_database_header(page_size as u32, signature_random(), now_logtime()?)?;
        header.state = DbState::DirtyShutdown;
        note_log_in_header(&mut header, &log)?;
        file.set_len(2 * page_size as u64).map_err(Error::io)?;
        write_header(file.as_ref(), &header, page_size)?;
        if log.writer().is_some() {
            // Recovery finds the file by its header: durable before the log names it.
            file.sync_all().map_err(Error::io)?;
            log.note_attach(signature_bytes(&header));
        }
        let cache = Arc::new(BufferCache::new(
            file.clone(),
            page_size,
            opts.cache_pages.max(MIN_CACHE_PAGES),
            log.gate(),
        )?);
        log.set_cache(&cache);
        let mut env = TreeEnv::new(cache.clone(), Arc::new(AtomicU64::new(header.dbtime)));
        env.sink = log.clone();
        let space =
            SpaceManager::create_database(env.clone(), SpaceParams::default(), opts.initial_pages)?;
        // The system trees, in ESE's order, each checked against the layout.
        let make = |parent: u32, objid: u32, cpg: u32, multiple: bool, kind, tree| -> Result<()> {
            let got = space.create_fdp(parent, objid, cpg, multiple, kind)?;
            let want = layout.tree(tree).pgno_fdp;
            if got != want {
                return Err(bad_state(&format!(
                    "system tree {tree:?} got FDP {got}, ESE's layout says {want}"
                )));
            }
            Ok(())
        };
        let index = TreeKind::Index { unique: true };
        make(
            1,
            2,
            CPG_MSO_INITIAL,
            true,
            TreeKind::Table,
            SystemTree::Catalog,
        )?;
        make(4, 4, 3, true, index, SystemTree::CatalogNameIndex)?;
        make(4, 5, 3, true, index, SystemTree::CatalogRootObjectsIndex)?;
        let shadow_pages = catalog::bootstrap::shadow_initial_pages(page_size as u32);
        make(
            1,
            3,
            shadow_pages,
            true,
            TreeKind::Table,
            SystemTree::CatalogShadow,
        )?;
        make(1, 6, 1, false, TreeKind::Table, SystemTree::Objids)?;
        make(1, 7, 1, false, TreeKind::Table, SystemTree::Locales)?;
        let trees = open_catalog(&env, &space, page_size)?;
        let large = page_size > 8192;
        for row in catalog::new_database_rows(page_size as u32)? {
            add_catalog_row(&trees, &row, large)?;
        }
        for o in new_database_objids() {
            trees.objids.insert(&o.key()?, &o.encode(large)?)?;
        }
        for l in new_database_locales() {
            trees.locales.insert(&l.index_key()?, &l.encode(large)?)?;
        }
        Ok(Writer::assemble(
            file, cache, env, space, page_size, header, trees, manager, log,
        ))
    }

    /// A writer over its parts, with no table opened yet.
    #[allow(clippy::too_many_arguments)]
    fn assemble(
        file: Arc<dyn File>,
        cache: Arc<BufferCache>,
        env: TreeEnv,
        space: SpaceManager,
        page_size: usize,
        header: DbHeader,
        catalog: CatalogTrees,
        manager: Arc<TxnManager>,
        log: Arc<super::logging::DbLog>,
    ) -> Writer {
        Writer {
            file,
            cache,
            env,
            space,
            page_size,
            state: super::step::StateLock::new(
                State {
                    header,
                    closed: false,
                    catalog,
                    tables: HashMap::new(),
                },
                log.clone(),
            ),
            trees: Default::default(),
            lv_roots: Mutex::new(HashMap::new()),
            versions: VersionStore::new(manager),
            schema: Arc::new(super::schema::Schema::new(Vec::new())),
            cleanup: Arc::default(),
            log,
        }
    }

    /// Opens an existing, cleanly shut down database for writing and marks it dirty.
    /// `recovered`: the database was just redone from the log, whose newest page
    /// change had dbtime `recovered` (its header may lag behind its pages).
    pub(crate) fn open(
        file: Arc<dyn File>,
        mut header: DbHeader,
        cache_pages: usize,
        manager: Arc<TxnManager>,
        log: Arc<super::logging::DbLog>,
        recovered: Option<u64>,
    ) -> Result<Writer> {
        if let Some(dbtime) = recovered {
            header.dbtime = header.dbtime.max(dbtime);
        } else if header.state != DbState::CleanShutdown {
            return Err(Error::with(
                ErrorCode::DatabaseDirtyShutdown,
                format!(
                    "the database was not shut down cleanly: start the instance whose log holds generations {} to {} to recover it, or open it read-only",
                    header.lgen_min_required, header.lgen_max_required
                ),
            ));
        }
        let page_size = header.page_size() as usize;
        log.note_attach(signature_bytes(&header));
        // Without its attach record in the log, a dirty header could never be
        // recovered: the file stays as it is.
        log.check()?;
        let cache = Arc::new(BufferCache::new(
            file.clone(),
            page_size,
            cache_pages.max(MIN_CACHE_PAGES),
            log.gate(),
        )?);
        log.set_cache(&cache);
        let mut env = TreeEnv::new(cache.clone(), Arc::new(AtomicU64::new(header.dbtime)));
        env.sink = log.clone();
        let space = SpaceManager::open(env.clone(), SpaceParams::default())?;
        header.state = DbState::DirtyShutdown;
        note_log_in_header(&mut header, &log)?;
        let trees = open_catalog(&env, &space, page_size)?;
        if recovered.is_some() {
            // Objects created since the header was last written.
            let mut cur = trees.mso.cursor();
            let mut e = cur.first()?;
            while let Some(x) = e {
                let row = CatalogRow::decode(&x.data, page_size > 8192)?;
                header.objid_last = header.objid_last.max(highest_objid(&row));
                e = cur.next()?;
            }
        }
        // The attach record is durable: a header this write leaves dirty, whole
        // or in part, can only be recovered from the log.
        write_header(file.as_ref(), &header, page_size).inspect_err(|e| log.fail_instance(e))?;
        Ok(Writer::assemble(
            file, cache, env, space, page_size, header, trees, manager, log,
        ))
    }

    /// A failed write or sync of the file is final for the instance (see
    /// `DbLog::fail_instance`): a sync tried again could report success for
    /// pages the failed one dropped, and a header left dirty needs the log.
    fn fatal(&self, e: Error) -> Error {
        self.log.fail_instance(&e);
        e
    }

    /// Checkpoints this database. With no step running (the writer lock held for
    /// a moment), starts a new image epoch, notes the log's position and the pages
    /// dirty then; writes those pages back while writers go on (whatever each
    /// holds by then: a later change of it logged its image first); writes the few
    /// it could not take (changed by a running step) with the writer lock held;
    /// syncs the file, and writes the header with the dbtime and object ids so far.
    /// Every change logged before the returned position is then in the file, and
    /// every later change of a page logs its image first.
    pub(crate) fn checkpoint(&self) -> Result<Option<crate::format::log::Lgpos>> {
        let (at, dirty) = {
            let st = self.state.lock();
            if st.closed {
                return Ok(None);
            }
            self.log.new_epoch();
            let at = self.log.writer().map(|w| w.appended_lgpos());
            (at, self.cache.dirty_now())
        };
        let mut busy = self
            .cache
            .write_dirty(&dirty, false)
            .map_err(|e| self.fatal(e))?;
        // A page a step holds is free again when the step ends: a few rounds take
        // most of them without stopping the writers.
        for _ in 0..3 {
            if busy.is_empty() {
                break;
            }
            std::thread::yield_now();
            busy = self
                .cache
                .write_dirty(&busy, false)
                .map_err(|e| self.fatal(e))?;
        }
        self.cache.sync_file().map_err(|e| self.fatal(e))?;
        let st = self.state.lock();
        if st.closed {
            // Closed meanwhile: the close wrote and synced every page itself.
            return Ok(None);
        }
        if !busy.is_empty() {
            self.cache
                .write_dirty(&busy, true)
                .map_err(|e| self.fatal(e))?;
            self.cache.sync_file().map_err(|e| self.fatal(e))?;
        }
        let mut header = st.header.clone();
        header.dbtime = self.env.dbtime.load(Ordering::SeqCst);
        if let Some(w) = self.log.writer() {
            header.lgen_max_required = w.generation() as i32;
        }
        // Synced copy by copy: the header is durable when this returns.
        write_header(self.file.as_ref(), &header, self.page_size).map_err(|e| self.fatal(e))?;
        Ok(at)
    }

    /// Runs `btree::check` on every tree named in `tables` and the catalog, and
    /// `space::check` on the whole file.
    pub(crate) fn check(&self, tables: &[Arc<TableDef>]) -> Result<WriteCheck> {
        // Held throughout: no change (cleanup's included) runs while the trees and
        // the space are compared.
        let _st = self.state.lock();
        let mut out = WriteCheck::default();
        let lv_roots = self.lv_roots.lock().clone();
        let mut roots = vec![
            catalog::PGNO_FDP_MSO,
            catalog::PGNO_FDP_MSO_NAME_INDEX,
            catalog::PGNO_FDP_MSO_ROOT_OBJECTS_INDEX,
            catalog::PGNO_FDP_MSO_SHADOW,
        ];
        for t in tables {
            roots.push(t.root);
            roots.extend(t.indexes.iter().filter(|i| !i.is_primary()).map(|i| i.root));
            roots.extend(t.lv_root.or_else(|| lv_roots.get(&t.objid).copied()));
        }
        roots.sort_unstable();
        roots.dedup();
        for r in roots {
            let stats = crate::btree::check(&self.env, r).map_err(|e| e.page(r))?;
            out.trees += 1;
            out.entries += stats.entries;
            out.pages += stats.pages.len() as u64;
        }
        let report = crate::space::check(&self.env)?;
        out.owned = report.owned;
        out.space = report.by_tree;
        Ok(out)
    }

    /// The buffer cache.
    pub(crate) fn cache(&self) -> &Arc<BufferCache> {
        &self.cache
    }

    /// The file.
    pub(crate) fn file(&self) -> &Arc<dyn File> {
        &self.file
    }

    /// The header as a backup copies it: as it stands, with the dbtime so far.
    pub(crate) fn backup_header(&self) -> DbHeader {
        let st = self.state.lock();
        let mut h = st.header.clone();
        h.dbtime = self.env.dbtime.load(Ordering::SeqCst);
        h
    }

    /// Changes the header with `f` and writes it and its shadow, each synced (a
    /// backup's stamp). `JET_errDatabaseFileReadOnly` once closed.
    pub(crate) fn update_header(&self, f: impl FnOnce(&mut DbHeader)) -> Result<()> {
        let mut st = self.state.lock();
        self.check_open(&st)?;
        f(&mut st.header);
        let mut header = st.header.clone();
        header.dbtime = self.env.dbtime.load(Ordering::SeqCst);
        if let Some(w) = self.log.writer() {
            header.lgen_max_required = header.lgen_max_required.max(w.generation() as i32);
        }
        write_header(self.file.as_ref(), &header, self.page_size).map_err(|e| self.fatal(e))
    }

    /// The database's current header (dirty while open).
    pub(crate) fn header(&self) -> DbHeader {
        self.state.lock().header.clone()
    }

    /// The long-value tree created for table `objid` since the catalog was read.
    pub(crate) fn lv_root(&self, objid: u32) -> Option<u32> {
        self.lv_roots.lock().get(&objid).copied()
    }

    /// Flushes every page, writes a clean header and shadow, and syncs. Later
    /// changes fail with `JET_errDatabaseFileReadOnly`... closing twice is a no-op.
    pub(crate) fn close(&self) -> Result<()> {
        let mut st = self.state.lock();
        if st.closed {
            return Ok(());
        }
        if self.versions.has_uncommitted() {
            return Err(Error::with(
                ErrorCode::InTransaction,
                "a transaction still has uncommitted changes in this database: commit or roll it back first",
            ));
        }
        // Nothing reads a closed database: every committed leftover can go.
        self.cleanup_all_locked(&mut st)?;
        self.stop_cleanup();
        // The cleanup's step reaches the log first, or its pages could not be written.
        self.log.end_step();
        self.log.check()?;
        self.cache.flush_all().map_err(|e| self.fatal(e))?;
        self.file.sync_all().map_err(|e| self.fatal(Error::io(e)))?;
        let now = now_logtime()?;
        st.header.dbtime = self.env.dbtime.load(Ordering::SeqCst);
        st.header.state = DbState::CleanShutdown;
        st.header.time_detach = now;
        st.header.time_consistent = now;
        if let Some(w) = self.log.writer() {
            // Consistent: no log is needed to use the file.
            let at = header_lgpos(w.appended_lgpos());
            st.header.lgpos_consistent = at;
            st.header.lgpos_detach = at;
            st.header.lgen_min_required = 0;
            st.header.lgen_max_required = 0;
        }
        write_header(self.file.as_ref(), &st.header, self.page_size).map_err(|e| self.fatal(e))?;
        st.closed = true;
        Ok(())
    }

    pub(super) fn check_open(&self, st: &State) -> Result<()> {
        if st.closed {
            return Err(Error::with(
                ErrorCode::DatabaseFileReadOnly,
                "the database was closed",
            ));
        }
        // A step that could not reach the log is final for the database.
        self.log.check()
    }

    /// Creates the trees and catalog rows of table `def` (columns and indexes as
    /// `schema` gives them, object id and roots 0); returns the completed definition.
    pub(crate) fn create_table(
        self: &Arc<Self>,
        tx: &mut TxnCtx,
        mut def: TableDef,
    ) -> Result<TableDef> {
        tx.check_writable()?;
        let mut st = self.state.lock();
        self.check_open(&st)?;
        self.schema.check_name(&def.name, tx.snapshot(), None)?;
        crate::record::schema::check_name(&def.name, "table")?;
        let objid = st.header.objid_last + 1;
        // ESE's `ulPages`: the table's first extent, at least the default.
        def.pages = def.pages.max(TABLE_INITIAL_PAGES);
        let fdp = self.space.create_fdp_exact(
            crate::space::DB_ROOT,
            objid,
            def.pages,
            false,
            TreeKind::Table,
        )?;
        def.objid = objid;
        def.root = fdp;
        let mut undo = super::ddl::SchemaUndo::rows(objid, Vec::new());
        undo.created = vec![fdp];
        // Logged before the catalog rows: a creation that fails part way (a page
        // the cache cannot hold) is undone from it, here or by recovery.
        tx.log_schema_ahead(self, &mut undo);
        match self.create_table_rows(&mut st, def) {
            Ok((def, next)) => {
                st.header.objid_last = next - 1;
                self.ddl_end(st, tx, def.clone(), undo)?;
                Ok(def)
            }
            Err(e) => Err(self.abandon_schema(&mut st, tx, undo, e)),
        }
    }

    /// The index trees and catalog rows of table `def` (its object id and root
    /// set); returns the completed definition and the next free object id.
    fn create_table_rows(&self, st: &mut State, mut def: TableDef) -> Result<(TableDef, u32)> {
        let (objid, fdp) = (def.objid, def.root);
        let mut next = objid + 1;
        for ix in def.indexes.iter_mut() {
            if ix.is_primary() {
                ix.objid = objid;
                ix.root = fdp;
                continue;
            }
            let unique = ix.flags & catalog::index_flags::UNIQUE != 0;
            ix.objid = next;
            ix.root = self
                .space
                .create_fdp(fdp, next, 1, false, TreeKind::Index { unique })?;
            next += 1;
            // Each index's tree stands on its own: with many indexes the step may
            // end here, so that one creation never holds more of the cache than it
            // has (its undo, logged ahead, covers every step of it).
            crate::btree::PageChangeSink::safe_point(&*self.log);
        }
        for i in 0..def.indexes.len() {
            let unicode = def.has_unicode_text(&def.indexes[i]);
            def.indexes[i].sort_version = unicode.then_some(UNICODE_SORT_VERSION);
        }
        let indexes = def
            .indexes
            .iter()
            .map(|ix| index_extras(&def, ix))
            .collect();
        let extras = TableExtras {
            pages: def.pages,
            density: def.density,
            indexes,
            ..TableExtras::default()
        };
        let rows = table_rows(&def, &extras)?;
        let large = self.page_size > 8192;
        for row in &rows {
            add_catalog_row(&st.catalog, row, large)?;
            crate::btree::PageChangeSink::safe_point(&*self.log);
        }
        for o in catalog::objids::objids_for_rows(&rows) {
            st.catalog.objids.insert(&o.key()?, &o.encode(large)?)?;
        }
        self.add_locales(&st.catalog, &rows, large)?;
        Ok((def, next))
    }

    /// Counts the localized indexes of `rows` into `MSysLocales`.
    pub(super) fn add_locales(
        &self,
        trees: &CatalogTrees,
        rows: &[CatalogRow],
        large: bool,
    ) -> Result<()> {
        // Only the locale counters: the schema-version records and the consistency
        // marker of `locales_for_rows` exist since the database was created.
        let counters = catalog::locales::locales_for_rows(rows)?
            .into_iter()
            .filter(is_locale_counter);
        for mut l in counters {
            if let Some(e) = trees.locales.get(&l.index_key()?)? {
                let rec = crate::format::record::RawRecord::decode(&e.data, large)?;
                if let Some(b) = rec.fixed(2, 5, 4)? {
                    l.value += i32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                }
            }
            put_locale(trees, &l, large)?;
        }
        Ok(())
    }

    // The state is built with fallible reads between the lookup and the insert.
    #[allow(clippy::map_entry)]
    pub(super) fn table_state<'s>(
        &self,
        st: &'s mut State,
        def: &TableDef,
        read: &super::Table,
    ) -> Result<&'s mut TableState> {
        if !st.tables.contains_key(&def.objid) {
            let tree = self.open_tree(def.root, crate::btree::DEFAULT_DENSITY)?;
            let mut secondaries = Vec::new();
            for (i, ix) in def.indexes.iter().enumerate() {
                if !ix.is_primary() {
                    secondaries.push((i, self.open_tree(ix.root, crate::btree::DEFAULT_DENSITY)?));
                }
            }
            let lv_root = def
                .lv_root
                .or_else(|| self.lv_roots.lock().get(&def.objid).copied());
            let lv = match lv_root {
                Some(r) => Some(self.open_tree(r, 100)?),
                None => None,
            };
            let next_lid = match &lv {
                Some(t) => match t.cursor().last()? {
                    Some(e) if e.key.len() >= 4 => {
                        u32::from_be_bytes([e.key[0], e.key[1], e.key[2], e.key[3]]) + 1
                    }
                    _ => 1,
                },
                None => 1,
            };
            let next_dbk = if def.primary_index().is_none() {
                match tree.cursor().last()? {
                    Some(e) if e.key.len() == 4 => {
                        u32::from_be_bytes([e.key[0], e.key[1], e.key[2], e.key[3]]) + 1
                    }
                    _ => 1,
                }
            } else {
                1
            };
            let next_autoinc = autoinc_column(def)
                .map(|c| -> Result<u64> {
                    let mut max = 0u64;
                    for r in read.records()? {
                        let r = r?;
                        if let Some(v) = r.value(c)?.first() {
                            max = max.max(value_u64(v));
                        }
                    }
                    Ok(max + 1)
                })
                .transpose()?;
            st.tables.insert(
                def.objid,
                TableState {
                    tree,
                    secondaries,
                    lv,
                    next_lid,
                    next_dbk,
                    next_autoinc,
                },
            );
        }
        let ts = st
            .tables
            .get_mut(&def.objid)
            .ok_or_else(|| bad_state("table state vanished"))?;
        // A handle cloned before `create_index` names other indexes than the trees.
        let secondaries = def.indexes.iter().filter(|x| !x.is_primary()).count();
        if secondaries != ts.secondaries.len()
            || ts
                .secondaries
                .iter()
                .any(|(i, t)| def.indexes.get(*i).is_none_or(|x| x.root != t.info().root))
        {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                format!(
                    "the indexes of table {} changed: use the database handle create_index updated",
                    def.name
                ),
            ));
        }
        Ok(ts)
    }

    /// Creates table `def`'s long-value tree (ESE: with its first separated value).
    fn create_lv_tree(&self, st: &mut State, def: &TableDef) -> Result<BTree> {
        let objid = st.header.objid_last + 1;
        let root = self
            .space
            .create_fdp(def.root, objid, 1, false, TreeKind::LongValue)?;
        let large = self.page_size > 8192;
        let row = catalog::table::lv_row(
            def.objid,
            LvTree {
                objid,
                pgno_fdp: root,
            },
        );
        add_catalog_row(&st.catalog, &row, large)?;
        let o = ObjidRow::long_value(objid, def.objid);
        st.catalog.objids.insert(&o.key()?, &o.encode(large)?)?;
        st.header.objid_last = objid;
        self.lv_roots.lock().insert(def.objid, root);
        self.open_tree(root, 100)
    }

    /// The trees of table `def` (opened on first use), cloned out of the state.
    fn trees_of(&self, st: &mut State, def: &TableDef, read: &super::Table) -> Result<TableTrees> {
        Ok(self.table_state(st, def, read)?.trees())
    }

    /// Runs one record-layer change `f` for `tx` under the writer lock; when it
    /// fails, what it changed is undone before the error returns.
    fn atomic<R>(
        self: &Arc<Self>,
        tx: &mut TxnCtx,
        def: &TableDef,
        f: impl FnOnce(&Arc<Self>, &mut State, &mut TxnCtx) -> Result<R>,
    ) -> Result<R> {
        tx.check_writable()?;
        def.check_writable()?;
        self.log.check_space()?;
        self.schema.check_use(def, tx.snapshot())?;
        // The writer lock is let go before a failure is undone (undo takes it).
        tx.atomic(|tx| {
            let mut st = self.state.lock();
            self.check_open(&st)?;
            f(self, &mut st, tx)
        })
    }

    /// One pass of online defragmentation (`JetDefragment`) over table `def`'s trees
    /// (its records, its secondary indexes and its long values): each leaf below half
    /// full is merged into its left sibling where it fits, one logged step per leaf under
    /// the writer lock, so writers go on between them (see
    /// [`crate::btree`]'s `merge_sparse`). `stop` is asked before each leaf.
    pub(crate) fn defragment_table(
        self: &Arc<Self>,
        def: &TableDef,
        read: &super::Table,
        stop: &dyn Fn() -> bool,
    ) -> Result<DefragPass> {
        let trees: Vec<BTree> = {
            let mut st = self.state.lock();
            self.check_open(&st)?;
            let ts = self.table_state(&mut st, def, read)?;
            let mut trees = vec![ts.tree.clone()];
            trees.extend(ts.secondaries.iter().map(|(_, t)| t.clone()));
            trees.extend(ts.lv.clone());
            trees
        };
        let mut pass = DefragPass::default();
        for tree in trees {
            for leaf in tree.leaf_pages()? {
                if stop() {
                    pass.stopped = true;
                    return Ok(pass);
                }
                self.log.check_space()?;
                let st = self.state.lock();
                self.check_open(&st)?;
                let merged = tree.defragment_leaf(leaf)?;
                drop(st);
                pass.leaves += 1;
                pass.merged += u64::from(merged);
            }
        }
        Ok(pass)
    }

    /// Grows the file until the database owns at least `pages` pages, as one logged
    /// step (see [`SpaceManager::grow_to`]); returns the pages it owns.
    pub(crate) fn grow_to(self: &Arc<Self>, pages: u32) -> Result<u32> {
        self.log.check_space()?;
        let st = self.state.lock();
        self.check_open(&st)?;
        let owned = self.space.grow_to(pages)?;
        drop(st);
        Ok(owned)
    }

    /// Takes table `def`'s next autoincrement value (`None` when it has no
    /// autoincrement column), as ESE's `JetPrepareUpdate` does so that the copy buffer
    /// holds it: the counter moves whatever becomes of the insert (a cancelled or
    /// rolled-back one leaves a gap, as a rolled-back insert does).
    pub(crate) fn take_autoincrement(
        self: &Arc<Self>,
        def: &TableDef,
        read: &super::Table,
    ) -> Result<Option<u64>> {
        if autoinc_column(def).is_none() {
            return Ok(None);
        }
        def.check_writable()?;
        let mut st = self.state.lock();
        self.check_open(&st)?;
        let ts = self.table_state(&mut st, def, read)?;
        Ok(ts.next_autoinc.as_mut().map(|n| {
            let v = *n;
            *n += 1;
            v
        }))
    }

    /// Inserts `row` into table `def` for `tx`; returns the record's bookmark.
    pub(crate) fn insert(
        self: &Arc<Self>,
        tx: &mut TxnCtx,
        def: &TableDef,
        read: &super::Table,
        row: &Row,
    ) -> Result<Vec<u8>> {
        self.atomic(tx, def, |w, st, tx| w.insert_locked(st, tx, def, read, row))
    }

    /// Inserts `rows` into table `def` for `tx` as one change: every row or, when one
    /// fails, none (what the earlier rows changed is undone before the error returns).
    /// The rows share one hold of the writer lock and one logged step (closed early at
    /// a safe point between rows when it gathers too many pages), so a batch pays the
    /// lock, the checks and the log's append once instead of once per row.
    pub(crate) fn insert_many(
        self: &Arc<Self>,
        tx: &mut TxnCtx,
        def: &TableDef,
        read: &super::Table,
        rows: &[Row],
    ) -> Result<()> {
        self.atomic(tx, def, |w, st, tx| {
            for row in rows {
                w.insert_locked(st, tx, def, read, row)?;
                // Between rows the trees are whole: a step may end here.
                crate::btree::PageChangeSink::safe_point(&*w.log);
            }
            Ok(())
        })
    }

    fn insert_locked(
        self: &Arc<Self>,
        st: &mut State,
        tx: &mut TxnCtx,
        def: &TableDef,
        read: &super::Table,
        row: &Row,
    ) -> Result<Vec<u8>> {
        let mut row = std::borrow::Cow::Borrowed(row);
        let opts = EncodeOptions::new(self.page_size);
        let ts = self.table_state(st, def, read)?;
        let trees = ts.trees();
        let mut counter_used = false;
        if let (Some(col), Some(next)) = (autoinc_column(def), ts.next_autoinc) {
            if row.get(col.id).is_none() {
                row.to_mut().set_autoincrement(def, next)?;
                counter_used = true;
            }
        }
        for col in def
            .columns
            .iter()
            .filter(|c| c.flags & column_flags::ESCROW_UPDATE != 0)
        {
            // Escrow columns are stored in every record so that updates patch
            // them in place.
            if row.get(col.id).is_none() {
                if let Some(d) = &col.default_value {
                    let v = crate::record::RowValue::One(crate::record::Cell::Raw(d.clone()));
                    row.to_mut().set(col.id, v);
                }
            }
        }
        let mut next_lid = ts.next_lid;
        let (key, dbk) = match def.primary_index() {
            Some(p) => {
                let keys = index_keys(def, p, &row)?;
                let key = keys.keys.into_iter().next().ok_or_else(|| {
                    Error::with(ErrorCode::NullKeyDisallowed, "the primary key is NULL")
                })?;
                (key, None)
            }
            None => (sequential_key(ts.next_dbk), Some(ts.next_dbk)),
        };
        let enc = encode_insert(def, &row, &opts, &mut |_| {
            let lid = Lid::Lid32(next_lid);
            next_lid += 1;
            Ok(lid)
        })?;
        // Every allocation is taken now, whatever happens next: counters never go
        // back (a rolled-back insert leaves a gap, as in ESE).
        ts.next_lid = next_lid;
        if let Some(d) = dbk {
            ts.next_dbk = d + 1;
        }
        if let (Some(col), Some(next)) = (autoinc_column(def), ts.next_autoinc.as_mut()) {
            if counter_used {
                *next += 1;
            } else {
                // A value the caller set (or took at prepare) moves the counter past it.
                let set = match row.get(col.id).and_then(|v| v.cells().first()) {
                    Some(crate::record::Cell::Value(v)) => Some(value_u64(v)),
                    Some(crate::record::Cell::Raw(b)) => {
                        crate::format::coltype::decode_value(col.coltype, col.code_page, b)
                            .ok()
                            .map(|v| value_u64(&v))
                    }
                    _ => None,
                };
                if let Some(v) = set {
                    *next = (*next).max(v.saturating_add(1));
                }
            }
        }
        self.v_insert(st, tx, &trees.tree, &key, &enc.data)
            .map_err(|e| {
                if e.code() == ErrorCode::KeyDuplicate {
                    Error::with(
                        ErrorCode::KeyDuplicate,
                        format!("a record with this primary key exists in {}", def.name),
                    )
                } else {
                    e
                }
            })?;
        self.write_lvs(st, tx, def, &enc.long_values)?;
        for (i, tree) in &trees.secondaries {
            let ix = &def.indexes[*i];
            for k in index_keys(def, ix, &row)?.keys {
                self.check_optionally_unique(tx, ix, tree, &k)?;
                self.v_insert(st, tx, tree, &k, &key)
                    .map_err(|e| unique_violation(e, &ix.name))?;
            }
        }
        Ok(key)
    }

    /// For an update that enforces optionally unique indexes (ESE's
    /// `ErrRECIInsertIndexEntry` with `JET_bitUpdateEnforceOptionallyUniqueIndices`): key `key`
    /// may go into index `ix` only when no entry of another record has it.
    /// `JET_errKeyDuplicate` for a live entry; `JET_errWriteConflict` when another
    /// transaction has changed an entry of the key and not committed, or committed after this
    /// transaction began (where ESE's lock on the key stops the second writer).
    fn check_optionally_unique(
        &self,
        tx: &TxnCtx,
        ix: &catalog::IndexDef,
        tree: &BTree,
        key: &[u8],
    ) -> Result<()> {
        if !tx.enforce_optionally_unique || ix.flags & catalog::idb::OPTIONALLY_UNIQUE == 0 {
            return Ok(());
        }
        let mut cur = tree.cursor();
        let mut at = cur.seek(TreeSeek::Ge, key, Some(&[]))?;
        while let Some(e) = at.filter(|e| e.key == key) {
            let node = crate::version::NodeRef::new(tree.info().root, false, &e.key, &e.data);
            self.versions
                .check(node, &tx.info, crate::version::VersionKind::Replace)?;
            if !e.is_deleted() {
                return Err(Error::with(
                    ErrorCode::KeyDuplicate,
                    format!("optionally unique index {} already has this key", ix.name),
                ));
            }
            at = cur.next()?;
        }
        Ok(())
    }

    /// Writes a record's new long values (the tree is created on first use).
    fn write_lvs(
        self: &Arc<Self>,
        st: &mut State,
        tx: &mut TxnCtx,
        def: &TableDef,
        values: &[(Lid, crate::record::LongValueWrite)],
    ) -> Result<()> {
        if values.is_empty() {
            return Ok(());
        }
        self.ensure_lv(st, def, true)?;
        let lv = st
            .tables
            .get(&def.objid)
            .and_then(|t| t.lv.clone())
            .ok_or_else(|| bad_state("table state vanished"))?;
        for (lid, v) in values {
            self.lv_added(tx, def.objid, *lid);
            for (k, d) in v.nodes(*lid) {
                lv.insert(&k, &d)?;
                // Its undo (delete the whole value) is logged before its chunks.
                crate::btree::PageChangeSink::safe_point(&*self.log);
            }
        }
        Ok(())
    }

    /// The record `bookmark` as the page holds it now (after the caller's write
    /// conflict check this is what its transaction sees): its row and long values.
    fn current_row(
        &self,
        tree: &BTree,
        read: &super::Table,
        bookmark: &[u8],
    ) -> Result<(Vec<u8>, Row, Vec<Lid>)> {
        let e = tree
            .get(bookmark)?
            .filter(|e| !e.is_deleted())
            .ok_or_else(|| Error::with(ErrorCode::RecordNotFound, "no such record"))?;
        let (row, lids) = read.record_from(e.key, e.data.clone()).to_row()?;
        Ok((e.data, row, lids))
    }

    /// Replaces record `bookmark` of table `def` with `new` for `tx` (a complete
    /// row; an autoincrement value it leaves out is kept). In place when the primary
    /// key stays: the record is rewritten, index entries change only where the keys
    /// do, new long values are written and the old ones released at cleanup.
    /// Otherwise the record is deleted and the new one inserted. Returns the new
    /// bookmark. With `expect` (the record's bytes when an optimistic replace was
    /// prepared), a record that no longer holds them is `JET_errWriteConflict`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn replace(
        self: &Arc<Self>,
        tx: &mut TxnCtx,
        def: &TableDef,
        read: &super::Table,
        bookmark: &[u8],
        new: &Row,
        expect: Option<&[u8]>,
    ) -> Result<Vec<u8>> {
        self.atomic(tx, def, |w, st, tx| {
            w.replace_locked(st, tx, def, read, bookmark, new, expect)
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn replace_locked(
        self: &Arc<Self>,
        st: &mut State,
        tx: &mut TxnCtx,
        def: &TableDef,
        read: &super::Table,
        bookmark: &[u8],
        new: &Row,
        expect: Option<&[u8]>,
    ) -> Result<Vec<u8>> {
        let trees = self.trees_of(st, def, read)?;
        let node = crate::version::NodeRef::new(trees.tree.info().root, true, bookmark, &[]);
        self.versions
            .check(node, &tx.info, crate::version::VersionKind::Replace)?;
        let (data, old, old_lids) = self.current_row(&trees.tree, read, bookmark)?;
        if expect.is_some_and(|e| e != data.as_slice()) {
            return Err(Error::with(
                ErrorCode::WriteConflict,
                "the record changed since the update was prepared",
            ));
        }
        let mut new = std::borrow::Cow::Borrowed(new);
        if let Some(col) = autoinc_column(def) {
            if new.get(col.id).is_none() {
                if let Some(v) = old.get(col.id) {
                    new.to_mut().set(col.id, v.clone());
                }
            }
        }
        if let Some(p) = def.primary_index() {
            let key = index_keys(def, p, &new)?.keys.into_iter().next();
            if key.as_deref() != Some(bookmark) {
                // The primary key changes: delete and insert.
                self.delete_locked(st, tx, def, read, bookmark)?;
                return self.insert_locked(st, tx, def, read, &new);
            }
        }
        let opts = EncodeOptions::new(self.page_size);
        let ts = self.table_state(st, def, read)?;
        let mut next_lid = ts.next_lid;
        let enc = encode_insert(def, &new, &opts, &mut |_| {
            let lid = Lid::Lid32(next_lid);
            next_lid += 1;
            Ok(lid)
        })?;
        ts.next_lid = next_lid;
        self.v_replace(st, tx, &trees.tree, bookmark, &enc.data, &data)?;
        self.write_lvs(st, tx, def, &enc.long_values)?;
        for (i, tree) in &trees.secondaries {
            let ix = &def.indexes[*i];
            let old_keys = index_keys(def, ix, &old)?.keys;
            let new_keys = index_keys(def, ix, &new)?.keys;
            for k in old_keys.iter().filter(|k| !new_keys.contains(k)) {
                self.v_delete(st, tx, tree, k, bookmark)?;
            }
            for k in new_keys.iter().filter(|k| !old_keys.contains(k)) {
                self.check_optionally_unique(tx, ix, tree, k)?;
                self.v_insert(st, tx, tree, k, bookmark)
                    .map_err(|e| unique_violation(e, &ix.name))?;
            }
        }
        for lid in old_lids {
            self.lv_dropped(tx, def.objid, lid);
        }
        Ok(bookmark.to_vec())
    }

    /// Creates table `def`'s long-value tree when `needed` and it has none.
    fn ensure_lv(&self, st: &mut State, def: &TableDef, needed: bool) -> Result<()> {
        let has = st.tables.get(&def.objid).is_some_and(|t| t.lv.is_some());
        if needed && !has {
            let lv = self.create_lv_tree(st, def)?;
            let ts = st
                .tables
                .get_mut(&def.objid)
                .ok_or_else(|| bad_state("table state vanished"))?;
            ts.lv = Some(lv);
        }
        Ok(())
    }

    /// Deletes the record `bookmark` of table `def` for `tx`: the record and its
    /// index entries are flag-deleted; its long values go at cleanup.
    pub(crate) fn delete(
        self: &Arc<Self>,
        tx: &mut TxnCtx,
        def: &TableDef,
        read: &super::Table,
        bookmark: &[u8],
    ) -> Result<()> {
        self.atomic(tx, def, |w, st, tx| {
            w.delete_locked(st, tx, def, read, bookmark)
        })
    }

    fn delete_locked(
        self: &Arc<Self>,
        st: &mut State,
        tx: &mut TxnCtx,
        def: &TableDef,
        read: &super::Table,
        bookmark: &[u8],
    ) -> Result<()> {
        let trees = self.trees_of(st, def, read)?;
        let node = crate::version::NodeRef::new(trees.tree.info().root, true, bookmark, &[]);
        self.versions
            .check(node, &tx.info, crate::version::VersionKind::Delete)?;
        let (_, old, lids) = self.current_row(&trees.tree, read, bookmark)?;
        self.v_delete(st, tx, &trees.tree, bookmark, &[])?;
        for (i, tree) in &trees.secondaries {
            let ix = &def.indexes[*i];
            for k in index_keys(def, ix, &old)?.keys {
                self.v_delete(st, tx, tree, &k, bookmark)?;
            }
        }
        for lid in lids {
            self.lv_dropped(tx, def.objid, lid);
        }
        Ok(())
    }

    /// Adds `delta` to escrow column `column_id` of record `bookmark` for `tx`;
    /// returns the value before. `no_rollback`: `JET_bitEscrowNoRollback`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn escrow_update(
        self: &Arc<Self>,
        tx: &mut TxnCtx,
        def: &TableDef,
        read: &super::Table,
        bookmark: &[u8],
        column_id: u32,
        delta: i64,
        no_rollback: bool,
    ) -> Result<i64> {
        let col = def
            .column_by_id(column_id)
            .ok_or_else(|| Error::with(ErrorCode::ColumnNotFound, "no such column"))?
            .clone();
        let width: u8 = match col.coltype {
            crate::format::coltype::ColumnType::Long => 4,
            crate::format::coltype::ColumnType::LongLong => 8,
            _ => 0,
        };
        if col.flags & column_flags::ESCROW_UPDATE == 0 || width == 0 || col.is_tagged() {
            return Err(Error::with(
                ErrorCode::InvalidOperation,
                format!("column {} was not created for escrow updates", col.name),
            ));
        }
        self.atomic(tx, def, |w, st, tx| {
            let trees = w.trees_of(st, def, read)?;
            // Conflicts first: a record another transaction deleted is flag-deleted
            // in the page but still exists in this snapshot, so that is a write
            // conflict, not a missing record.
            let node = crate::version::NodeRef::new(trees.tree.info().root, true, bookmark, &[]);
            let kind = crate::version::VersionKind::Delta {
                offset: col.record_offset,
                width,
                delta,
            };
            w.versions.check(node, &tx.info, kind)?;
            let e = trees
                .tree
                .get(bookmark)?
                .filter(|e| !e.is_deleted())
                .ok_or_else(|| Error::with(ErrorCode::RecordNotFound, "no such record"))?;
            let large = w.page_size > 8192;
            let rec = crate::format::record::RawRecord::decode(&e.data, large)?;
            let offset = usize::from(col.record_offset);
            let present = rec.fixed(col.fid(), offset, usize::from(width))?.is_some();
            if !present {
                // The value is not stored (NULL or past the record's fixed
                // columns): store it, then apply the delta.
                let (_, mut row, _) = w.current_row(&trees.tree, read, bookmark)?;
                let base = match &col.default_value {
                    Some(d) => d.clone(),
                    None => vec![0; usize::from(width)],
                };
                row.set(
                    col.id,
                    crate::record::RowValue::One(crate::record::Cell::Raw(base)),
                );
                w.replace_locked(st, tx, def, read, bookmark, &row, None)?;
            }
            let old = w.v_delta(
                st,
                tx,
                &trees.tree,
                bookmark,
                offset as u16,
                width,
                delta,
                no_rollback,
            )?;
            let mut b = [0u8; 8];
            b[..usize::from(width)].copy_from_slice(&old[offset..offset + usize::from(width)]);
            Ok(if width == 4 {
                i64::from(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            } else {
                i64::from_le_bytes(b)
            })
        })
    }

    /// Locks record `bookmark` of table `def` for `tx` (`JetGetLock`).
    pub(crate) fn lock_record(
        self: &Arc<Self>,
        tx: &mut TxnCtx,
        def: &TableDef,
        read: &super::Table,
        bookmark: &[u8],
        write: bool,
    ) -> Result<()> {
        self.schema.check_use(def, tx.snapshot())?;
        let mut st = self.state.lock();
        self.check_open(&st)?;
        let trees = self.trees_of(&mut st, def, read)?;
        self.v_lock(&mut st, tx, &trees.tree, bookmark, write)
    }
}

/// The trees of one table, cloned out of the writer state.
struct TableTrees {
    tree: BTree,
    secondaries: Vec<(usize, BTree)>,
}

/// A duplicate key in a unique secondary index, with the index's name.
fn unique_violation(e: Error, index: &str) -> Error {
    if e.code() == ErrorCode::KeyDuplicate {
        Error::with(
            ErrorCode::KeyDuplicate,
            format!("unique index {index} already has this key"),
        )
    } else {
        e
    }
}

/// The allocator of trees of a read-only database: refuses.
#[derive(Debug)]
struct NoAlloc;

impl PageAllocator for NoAlloc {
    fn allocate(&self, _: &crate::btree::TreeInfo, _: u32, _: usize) -> Result<Vec<u32>> {
        Err(Error::with(
            ErrorCode::PermissionDenied,
            "the database is open read-only",
        ))
    }
    fn release(&self, _: &crate::btree::TreeInfo, _: &[u32]) -> Result<()> {
        Err(Error::with(
            ErrorCode::PermissionDenied,
            "the database is open read-only",
        ))
    }
}

/// Drops one reference to long value `lid`; at zero its root and chunks go.
pub(super) fn delete_lv(lv: &BTree, lid: Lid) -> Result<()> {
    let root_key = lv_root_key(lid);
    let Some(e) = lv.get(&root_key)? else {
        return Ok(());
    };
    let mut root = LvRoot::decode(&e.data)?;
    if root.refcount > 1 {
        root.refcount -= 1;
        return lv.replace(&root_key, &root.encode());
    }
    let mut cur = lv.cursor();
    let mut doomed = Vec::new();
    let mut e = cur.seek(TreeSeek::Ge, &root_key, None)?;
    while let Some(x) = e {
        if !x.key.starts_with(&root_key) {
            break;
        }
        doomed.push(x.key);
        e = cur.next()?;
    }
    for k in doomed {
        lv.delete(&k, None)?;
    }
    Ok(())
}

/// The catalog extras of index `ix` of table `def` as this engine writes them: the
/// default density, and the sort version for an index over Unicode text.
pub(super) fn index_extras(def: &TableDef, ix: &catalog::IndexDef) -> catalog::IndexExtras {
    catalog::IndexExtras {
        density: ix.density,
        sort_version: ix
            .sort_version
            .or_else(|| def.has_unicode_text(ix).then_some(UNICODE_SORT_VERSION)),
        ..Default::default()
    }
}

/// Inserts one catalog row into `MSysObjects`, its two indexes and the shadow.
pub(super) fn add_catalog_row(trees: &CatalogTrees, row: &CatalogRow, large: bool) -> Result<()> {
    let key = row.primary_key()?;
    let data = row.encode(large)?;
    trees.mso.insert(&key, &data)?;
    trees.shadow.insert(&key, &data)?;
    trees.name.insert(&row.name_key()?, &key)?;
    if let Some(k) = row.root_objects_key()? {
        trees.root_objects.insert(&k, &key)?;
    }
    Ok(())
}

pub(super) fn autoinc_column(def: &TableDef) -> Option<&catalog::ColumnDef> {
    def.columns
        .iter()
        .find(|c| c.flags & column_flags::AUTOINCREMENT != 0)
}

/// An autoincrement column's value as the counter counts it (a negative value, which
/// only a caller can have set, as 0: the counter never wraps past it).
fn value_u64(v: &Value) -> u64 {
    match v {
        Value::Long(x) => (*x).max(0) as u64,
        Value::LongLong(x) | Value::Currency(x) => (*x).max(0) as u64,
        Value::UnsignedLong(x) => u64::from(*x),
        Value::UnsignedLongLong(x) => *x,
        _ => 0,
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // Best effort: a writer dropped without close() still leaves a clean
        // file when nothing fails; errors cannot be reported from here.
        let _ = self.close();
    }
}

/// The writer as the database's handles hold it: when the last handle goes, the
/// database is closed there and then, whatever else (the cleanup thread, an
/// unfinished transaction's undo list) still refers to the writer.
pub(crate) struct WriterHandle(pub(crate) Arc<Writer>);

impl std::ops::Deref for WriterHandle {
    type Target = Arc<Writer>;
    fn deref(&self) -> &Arc<Writer> {
        &self.0
    }
}

impl Drop for WriterHandle {
    fn drop(&mut self) {
        // As `Writer`'s drop: errors cannot be reported from here; a database
        // left with uncommitted changes stays marked dirty.
        let _ = self.0.close();
    }
}

impl Database {
    /// The writer, or `JET_errPermissionDenied` for a read-only database.
    pub(crate) fn writer(&self) -> Result<&Arc<Writer>> {
        self.inner.writer.as_ref().map(|h| &h.0).ok_or_else(|| {
            Error::with(
                ErrorCode::PermissionDenied,
                "the database is open read-only",
            )
        })
    }

    /// A handle on the B-tree at `root`: the writer's, or one over a read-only
    /// cache of the file for a database open read-only.
    pub(crate) fn open_btree(&self, root: u32) -> Result<BTree> {
        let density = crate::btree::DEFAULT_DENSITY;
        if let Some(w) = &self.inner.writer {
            return w.open_tree(root, density);
        }
        let mut env = self.inner.ro_env.lock();
        if env.is_none() {
            let cache = BufferCache::new(
                self.inner.pager.file().clone(),
                self.page_size(),
                1024,
                Arc::new(NoWal),
            )?
            .into_read_only();
            *env = Some(TreeEnv::new(
                Arc::new(cache),
                Arc::new(AtomicU64::new(self.inner.header.dbtime)),
            ));
        }
        let env = env
            .as_ref()
            .ok_or_else(|| bad_state("no read-only cache"))?;
        BTree::open(env, Arc::new(NoAlloc), root, density)
    }

    /// The transaction manager of a database open for writing.
    pub(crate) fn txn_manager(&self) -> Option<&Arc<TxnManager>> {
        self.inner.writer.as_ref().map(|w| w.versions.manager())
    }

    /// Whether the database is open for writing.
    pub fn is_writable(&self) -> bool {
        self.inner.writer.is_some()
    }

    /// Creates a table with its columns and indexes in one call (the
    /// `JetCreateTableColumnIndex` shape). `def` is what
    /// [`TableSpec::table_def`](crate::record::schema::TableSpec::table_def) gives:
    /// object id and roots are assigned here. Errors: `JET_errTableDuplicate`,
    /// `JET_errInvalidName`, `JET_errPermissionDenied` on a read-only database.
    pub fn create_table(&mut self, def: TableDef) -> Result<TableDef> {
        self.create_table_in(None, def)
    }

    /// [`Database::create_table`] in `session`'s transaction (or one of its own):
    /// the table is seen by that transaction only until it commits.
    pub(crate) fn create_table_in(
        &self,
        session: Option<&Arc<super::SessionCore>>,
        def: TableDef,
    ) -> Result<TableDef> {
        self.write_in(session.map(|s| &**s), |w, tx| w.create_table(tx, def))
    }

    /// Creates a table from a schema table spec (see `record::schema`).
    pub fn create_table_spec(
        &mut self,
        spec: &crate::record::schema::TableSpec,
    ) -> Result<TableDef> {
        let def = spec.table_def(self.page_size(), &spec.name)?;
        self.create_table(def)
    }

    /// Runs change `f` in `session`'s transaction (or, outside one, in a
    /// transaction of its own), or with no session in a transaction of its own.
    pub(crate) fn write_in<R>(
        &self,
        session: Option<&super::SessionCore>,
        f: impl FnOnce(&Arc<Writer>, &mut TxnCtx) -> Result<R>,
    ) -> Result<R> {
        let w = self.writer()?.clone();
        match session {
            Some(s) => s.write(|tx| f(&w, tx)),
            None => super::txn::autocommit(w.versions.manager(), 0, |tx| f(&w, tx)),
        }
    }

    /// Inserts `row` into table `table` in a transaction of its own; returns the
    /// new record's bookmark (its primary key). Errors: `JET_errKeyDuplicate`, the
    /// record's encoding errors (`JET_errColumnNotFound`, `JET_errInvalidBufferSize`,
    /// `JET_errRecordTooBig`, `JET_errNullInvalid` …), `JET_errWriteConflict` when
    /// a transaction holds the key, `JET_errPermissionDenied` when read-only.
    pub fn insert(&self, table: &str, row: &Row) -> Result<Vec<u8>> {
        let t = self.table(table)?;
        self.write_in(None, |w, tx| w.insert(tx, t.def(), &t, row))
    }

    /// Deletes the record with primary bookmark `bookmark` from `table` in a
    /// transaction of its own.
    pub fn delete(&self, table: &str, bookmark: &[u8]) -> Result<()> {
        let t = self.table(table)?;
        self.write_in(None, |w, tx| w.delete(tx, t.def(), &t, bookmark))
    }

    /// Replaces the record `bookmark` of `table` with `row` (a complete row: columns
    /// it leaves out take their defaults; an autoincrement value is kept) in a
    /// transaction of its own. Returns the new bookmark, which differs when the
    /// primary key changed (the record is then deleted and inserted). Otherwise the
    /// record is rewritten in place and only the index entries whose keys changed
    /// are touched. Long values are written anew and the old ones released once no
    /// transaction can read them (no sharing by reference count yet).
    pub fn replace(&self, table: &str, bookmark: &[u8], row: &Row) -> Result<Vec<u8>> {
        let t = self.table(table)?;
        self.write_in(None, |w, tx| {
            w.replace(tx, t.def(), &t, bookmark, row, None)
        })
    }

    /// One pass of online defragmentation (`JetDefragment`) over every user table:
    /// each leaf page of their trees below half full is merged into its left sibling
    /// where it fits (as a delete's clean-up merges pages), one logged step per page,
    /// while the database stays in use. `stop` is asked before each page. The pass
    /// begins with the version clean-up ([`Database::clean_up`]), so that nodes whose
    /// deletes are final are gone from the pages it weighs. Errors:
    /// `JET_errPermissionDenied` for a database open read-only, the write path's.
    pub fn defragment(&self, stop: &dyn Fn() -> bool) -> Result<DefragPass> {
        let w = self.writer()?;
        w.cleanup()?;
        let mut pass = DefragPass::default();
        for name in self.table_names() {
            if name
                .get(..4)
                .is_some_and(|p| p.eq_ignore_ascii_case("MSys"))
            {
                continue;
            }
            let t = match self.table(&name) {
                Ok(t) => t,
                // Deleted since the names were read.
                Err(e) if e.code() == ErrorCode::ObjectNotFound => continue,
                Err(e) => return Err(e),
            };
            pass.add(w.defragment_table(t.def(), &t, stop)?);
            if pass.stopped {
                break;
            }
        }
        Ok(pass)
    }

    /// [`Database::defragment`] of one table's trees.
    pub fn defragment_table(
        &self,
        table: &super::Table,
        stop: &dyn Fn() -> bool,
    ) -> Result<DefragPass> {
        let w = self.writer()?;
        w.cleanup()?;
        w.defragment_table(table.def(), table, stop)
    }

    /// Flushes everything and marks the database cleanly shut down. A database
    /// open read-only has nothing to do. Later changes fail.
    pub fn close(&self) -> Result<()> {
        match &self.inner.writer {
            Some(w) => w.close(),
            None => Ok(()),
        }
    }

    /// Does now, in the calling thread, what the background cleanup does
    /// (ESE's `JetIdle` with `JET_bitIdleCompact`): drops the versions no
    /// snapshot needs any more, removes the nodes whose deletes are final,
    /// deletes long values no record references and gives the space of deleted
    /// tables and indexes back. What a live snapshot still needs stays.
    /// `JET_errPermissionDenied` when read-only.
    pub fn clean_up(&self) -> Result<()> {
        self.writer()?.cleanup()
    }

    /// The integrity check of a database open for writing: every tree
    /// (`btree::check`), the space (`space::check`) and every index against the
    /// records ([`Database::check_indexes`]); `JET_errPermissionDenied` when
    /// read-only.
    pub fn check(&self) -> Result<WriteCheck> {
        let mut out = self.writer()?.check(&self.table_defs())?;
        out.indexes = self.check_indexes()?;
        Ok(out)
    }

    /// Checkpoints this database (see `Writer::checkpoint`): returns the log
    /// position before which every change is in the file.
    pub(crate) fn checkpoint(&self) -> Result<Option<crate::format::log::Lgpos>> {
        match &self.inner.writer {
            Some(w) => w.checkpoint(),
            None => Ok(None),
        }
    }

    /// The header a streaming backup copies (databases open for writing).
    pub(crate) fn backup_header(&self) -> Option<DbHeader> {
        self.writer().ok().map(|w| w.backup_header())
    }

    /// Reads whole pages from `first` on into `buf` for a streaming backup (see
    /// `BufferCache::read_for_backup`).
    pub(crate) fn read_for_backup(&self, first: u32, buf: &mut [u8]) -> Result<()> {
        self.writer()?.cache().read_for_backup(first, buf)
    }

    /// Changes and writes the header of a database open for writing.
    pub(crate) fn update_header(&self, f: impl FnOnce(&mut DbHeader)) -> Result<()> {
        self.writer()?.update_header(f)
    }

    /// The buffer cache of a database open for writing.
    pub fn cache(&self) -> Option<&Arc<BufferCache>> {
        self.inner.writer.as_ref().map(|w| w.cache())
    }

    /// The header as it stands now (for a writable database: dirty until closed).
    pub fn current_header(&self) -> DbHeader {
        match &self.inner.writer {
            Some(w) => w.header(),
            None => self.inner.header.clone(),
        }
    }

    pub(crate) fn open_writer(
        file: Arc<dyn File>,
        header: DbHeader,
        opts: &OpenOptions,
        manager: Arc<TxnManager>,
        log: Arc<super::logging::DbLog>,
        recovered: Option<u64>,
    ) -> Result<Arc<Writer>> {
        let w = Arc::new(Writer::open(
            file,
            header,
            opts.cache_pages,
            manager,
            log,
            recovered,
        )?);
        w.log.end_step();
        super::txn::spawn_cleanup(&w);
        Ok(w)
    }

    pub(crate) fn create_writer(
        file: Arc<dyn File>,
        opts: &CreateOptions,
        manager: Arc<TxnManager>,
        log: Arc<super::logging::DbLog>,
    ) -> Result<Arc<Writer>> {
        let w = Arc::new(Writer::create(file, opts, manager, log)?);
        w.log.end_step();
        super::txn::spawn_cleanup(&w);
        Ok(w)
    }
}

/// The 28 bytes of the header's signature, as the log's attach record holds them.
pub(crate) fn signature_bytes(header: &DbHeader) -> [u8; crate::format::log::DB_SIGNATURE_SIZE] {
    let mut out = [0u8; crate::format::log::DB_SIGNATURE_SIZE];
    let sig = header.signature.encode();
    let n = sig.len().min(out.len());
    out[..n].copy_from_slice(&sig[..n]);
    out
}

/// The highest object id catalog row `row` names: its table's, and its own for a
/// table, an index or a long-value tree. No object id at or below it may be handed
/// out again while the row exists.
pub(super) fn highest_objid(row: &CatalogRow) -> u32 {
    if matches!(
        row.row_type,
        catalog::sysobj::INDEX | catalog::sysobj::LONG_VALUE | catalog::sysobj::TABLE
    ) {
        row.objid_table.max(row.id)
    } else {
        row.objid_table
    }
}

/// Whether `l` is one of `MSysLocales`' counters of indexes over Unicode text
/// (not a schema-version record or the consistency marker).
pub(super) fn is_locale_counter(l: &catalog::locales::LocaleRow) -> bool {
    l.key.starts_with("LocaleName=")
}

/// Writes `l` into `MSysLocales`, over the record with its key if there is one.
pub(super) fn put_locale(
    trees: &CatalogTrees,
    l: &catalog::locales::LocaleRow,
    large: bool,
) -> Result<()> {
    let key = l.index_key()?;
    if trees.locales.get(&key)?.is_some() {
        trees.locales.replace(&key, &l.encode(large)?)
    } else {
        trees.locales.insert(&key, &l.encode(large)?)
    }
}
