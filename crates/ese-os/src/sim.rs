//! [`SimFs`]: a simulated disk that keeps only what was made durable, loses or
//! tears the rest at a power cut, and fails calls on a fault plan.
//!
//! Model. Each file has a *volatile* image (what reads see) and a *durable*
//! image (what survives a power cut), plus the writes and length changes made
//! since its last sync, in order. The directory tree exists twice too: the
//! volatile tree that calls see, and the durable tree. Creates, renames and
//! removes change the volatile tree and are appended to a journal; `sync_dir(d)`
//! moves every journalled change touching `d` into the durable tree.
//!
//! What must hold:
//!
//! - `sync_data`/`sync_all` make a file's volatile image its durable image
//!   (for `sync_data`, see [`SimConfig::sync_data_persists_len`] about the
//!   length); a power cut never changes bytes that were synced and not written
//!   since.
//! - A power cut (see [`SimFs::power_cut`]) decides, from its seed alone, the
//!   fate of every unsynced write (keep, drop, or tear at sector boundaries
//!   inside the written range) and of every journalled directory change; the
//!   result becomes both images, and every handle opened before fails with
//!   [`SimError::StaleHandle`], and so does every call through a
//!   [`SimFs::process`] view made before it: the process was killed, and none
//!   of its threads reaches the disk again.
//! - Every counted call (see [`FaultOp`]) gets the next number of
//!   [`SimFs::io_count`]; a failing call (fault or crash) has no effect.
//! - The same calls with the same seeds give the same bytes, always.

mod crash;
mod fault;

pub use crash::{DirPolicy, PowerCutReport, TearPolicy};
pub use fault::{Fault, FaultKind, FaultOp, Persistence, SimError};

use crate::ns::{is_a_dir, normalize, not_found, Entry, Namespace};
use crate::{
    check_open_options, lock, past_end, read_span, span, EntryKind, File, FileSystem, OpenOptions,
};
use fault::ActiveFault;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

/// How a [`SimFs`] behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimConfig {
    /// The unit a power cut tears writes into, in bytes (default 512; values
    /// below 1 are taken as 1).
    pub sector_size: u32,
    /// What [`SimFs::power_cut`] does with unsynced writes.
    pub tear_policy: TearPolicy,
    /// What [`SimFs::power_cut`] does with unsynced directory changes.
    pub dir_policy: DirPolicy,
    /// Whether `sync_data` also makes the file's length durable (as Linux
    /// `fdatasync` does for growth). When `false`, only `sync_all` does: after
    /// `sync_data` the durable image keeps its old length and the difference
    /// stays unsynced (growth as a write of the new tail, a shrink as a length
    /// change), so a power cut may lose it.
    pub sync_data_persists_len: bool,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            sector_size: 512,
            tear_policy: TearPolicy::Default,
            dir_policy: DirPolicy::Strict,
            sync_data_persists_len: true,
        }
    }
}

type FileId = u64;

/// One change to a file since its last sync.
#[derive(Debug, Clone)]
enum PendingOp {
    /// Offsets and lengths were checked by [`span`] when the call was made.
    Write {
        offset: usize,
        data: Vec<u8>,
    },
    SetLen(usize),
}

/// A pending change with its global sequence number (the order of all writes
/// across files).
#[derive(Debug, Clone)]
struct Pending {
    seq: u64,
    op: PendingOp,
}

#[derive(Debug, Default)]
struct SimFile {
    volatile: Vec<u8>,
    durable: Vec<u8>,
    pending: Vec<Pending>,
    open_handles: usize,
}

/// A directory change not yet durable.
#[derive(Debug, Clone)]
enum DirOp {
    Create {
        path: PathBuf,
        id: FileId,
    },
    Mkdir {
        path: PathBuf,
    },
    Remove {
        path: PathBuf,
        id: FileId,
    },
    Rmdir {
        path: PathBuf,
    },
    Rename {
        from: PathBuf,
        to: PathBuf,
        id: FileId,
    },
}

impl DirOp {
    /// Whether syncing directory `dir` makes this change durable.
    fn touches(&self, dir: &Path) -> bool {
        let in_dir = |p: &Path| p.parent().unwrap_or(Path::new("")) == dir;
        match self {
            DirOp::Create { path, .. }
            | DirOp::Mkdir { path }
            | DirOp::Remove { path, .. }
            | DirOp::Rmdir { path } => in_dir(path),
            DirOp::Rename { from, to, .. } => in_dir(from) || in_dir(to),
        }
    }

    fn file(&self) -> Option<FileId> {
        match self {
            DirOp::Create { id, .. } | DirOp::Remove { id, .. } | DirOp::Rename { id, .. } => {
                Some(*id)
            }
            DirOp::Mkdir { .. } | DirOp::Rmdir { .. } => None,
        }
    }

    /// Applies the change to a durable tree. Each change applies even when an
    /// earlier one it followed was lost (a kept rename carries its file to the
    /// new name); entries left without a parent are pruned at the power cut.
    fn apply(&self, tree: &mut Namespace<FileId>) {
        match self {
            DirOp::Create { path, id } => tree.insert(path.clone(), Entry::File(*id)),
            DirOp::Mkdir { path } => tree.insert(path.clone(), Entry::Dir),
            DirOp::Remove { path, id } => {
                if tree.file(path) == Some(*id) {
                    tree.remove(path);
                }
            }
            DirOp::Rmdir { path } => {
                if tree.get(path) == Some(Entry::Dir) {
                    tree.remove(path);
                }
            }
            DirOp::Rename { from, to, id } => {
                if tree.file(from) == Some(*id) {
                    tree.remove(from);
                }
                tree.insert(to.clone(), Entry::File(*id));
            }
        }
    }
}

#[derive(Debug)]
struct State {
    config: SimConfig,
    tree: Namespace<FileId>,
    durable_tree: Namespace<FileId>,
    journal: Vec<DirOp>,
    files: BTreeMap<FileId, SimFile>,
    next_id: FileId,
    next_seq: u64,
    epoch: u64,
    io_count: u64,
    crash_at: Option<u64>,
    crashed: bool,
    faults: Vec<ActiveFault>,
    faults_fired: u64,
}

impl State {
    /// Numbers a counted call and fails it when the process has crashed, the
    /// crash point is reached, or a fault fires.
    fn begin(&mut self, call: FaultOp, paths: &[&Path]) -> io::Result<()> {
        self.io_count = self.io_count.saturating_add(1);
        if self.crashed || self.crash_at.is_some_and(|at| self.io_count >= at) {
            self.crashed = true;
            return Err(SimError::Crash.into_io());
        }
        let mut fired = None;
        for fault in &mut self.faults {
            if let Some(kind) = fault.check(call, paths) {
                fired.get_or_insert(kind);
            }
        }
        match fired {
            Some(kind) => {
                self.faults_fired = self.faults_fired.saturating_add(1);
                Err(kind.error())
            }
            None => Ok(()),
        }
    }

    /// Gate for uncounted queries: they only fail after a crash.
    fn query(&self) -> io::Result<()> {
        if self.crashed {
            return Err(SimError::Crash.into_io());
        }
        Ok(())
    }

    fn next_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    fn file_mut(&mut self, id: FileId) -> io::Result<&mut SimFile> {
        self.files
            .get_mut(&id)
            .ok_or_else(|| io::Error::other("simulated file vanished"))
    }

    /// Records a change to file `id`.
    fn push_pending(&mut self, id: FileId, op: PendingOp) -> io::Result<()> {
        let seq = self.next_seq();
        self.file_mut(id)?.pending.push(Pending { seq, op });
        Ok(())
    }

    /// Forgets files that no tree, journal entry or open handle can reach.
    fn collect_garbage(&mut self) {
        let mut live: BTreeSet<FileId> = self.tree.files().copied().collect();
        live.extend(self.durable_tree.files().copied());
        live.extend(self.journal.iter().filter_map(DirOp::file));
        self.files
            .retain(|id, f| f.open_handles > 0 || live.contains(id));
    }

    /// Makes every journalled change touching `dir` durable, in order.
    fn commit_dir(&mut self, dir: &Path) {
        let (now, later): (Vec<DirOp>, Vec<DirOp>) = std::mem::take(&mut self.journal)
            .into_iter()
            .partition(|op| op.touches(dir));
        for op in &now {
            op.apply(&mut self.durable_tree);
        }
        self.journal = later;
    }

    /// The file id at `path` in the volatile tree.
    fn file_at(&self, path: &Path) -> Option<FileId> {
        self.tree.file(&normalize(path))
    }
}

/// A simulated disk. Cheap to clone; clones (and every handle) share one disk,
/// so a test can keep a clone to cut power or inspect images while the engine
/// holds another.
#[derive(Clone)]
pub struct SimFs {
    state: Arc<Mutex<State>>,
    /// For a [`SimFs::process`] view: the power cuts counted when it was made.
    process: Option<u64>,
}

impl fmt::Debug for SimFs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A summary: the images can be megabytes.
        let state = self.state();
        f.debug_struct("SimFs")
            .field("config", &state.config)
            .field("files", &state.files.len())
            .field("unsynced_dir_ops", &state.journal.len())
            .field("io_count", &state.io_count)
            .field("power_cuts", &state.epoch)
            .field("crashed", &state.crashed)
            .finish_non_exhaustive()
    }
}

impl Default for SimFs {
    fn default() -> Self {
        SimFs::new()
    }
}

impl SimFs {
    /// An empty disk with [`SimConfig::default`].
    pub fn new() -> Self {
        SimFs::with_config(SimConfig::default())
    }

    /// An empty disk with `config`.
    pub fn with_config(mut config: SimConfig) -> Self {
        config.sector_size = config.sector_size.max(1);
        SimFs {
            state: Arc::new(Mutex::new(State {
                config,
                tree: Namespace::new(),
                durable_tree: Namespace::new(),
                journal: Vec::new(),
                files: BTreeMap::new(),
                next_id: 0,
                next_seq: 0,
                epoch: 0,
                io_count: 0,
                crash_at: None,
                crashed: false,
                faults: Vec::new(),
                faults_fired: 0,
            })),
            process: None,
        }
    }

    /// A view of this disk for one simulated process: the same disk, but every
    /// call through it (and through the handles it opens) fails with
    /// [`SimError::DeadProcess`] once a power cut follows, as the calls of a
    /// killed process's threads would. Give each process started between
    /// power cuts its own view, so that a thread of an earlier one still
    /// running cannot touch the disk the next one recovers.
    pub fn process(&self) -> SimFs {
        SimFs {
            state: self.state.clone(),
            process: Some(self.state().epoch),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    /// Locks the disk for a file-system call; fails when the call comes from
    /// a process that a power cut ended.
    fn enter(&self) -> io::Result<MutexGuard<'_, State>> {
        let state = self.state();
        if self.process.is_some_and(|epoch| epoch != state.epoch) {
            return Err(SimError::DeadProcess.into_io());
        }
        Ok(state)
    }

    /// The disk's configuration.
    pub fn config(&self) -> SimConfig {
        self.state().config
    }

    /// Cuts the power with the configured [`TearPolicy`]; see
    /// [`SimFs::power_cut_with`].
    pub fn power_cut(&self, seed: u64) -> PowerCutReport {
        let policy = self.state().config.tear_policy;
        self.power_cut_with(seed, policy)
    }

    /// Cuts the power. For every unsynced write and length change, in the order
    /// they were made, `policy` and `seed` decide whether it is kept, dropped
    /// or torn per sector; every journalled directory change is kept or undone
    /// by the configured [`DirPolicy`] (all kept under [`TearPolicy::KeepAll`],
    /// all undone under [`TearPolicy::DropAll`]). The outcome becomes both the
    /// volatile and the durable state; handles opened before now fail with
    /// [`SimError::StaleHandle`]; a crash set by [`SimFs::crash_at`] is
    /// cleared. The fault plan and the call counter are kept.
    pub fn power_cut_with(&self, seed: u64, policy: TearPolicy) -> PowerCutReport {
        let mut state = self.state();
        let report = crash::power_cut(&mut state, seed, policy);
        state.epoch += 1;
        state.crashed = false;
        state.crash_at = None;
        for file in state.files.values_mut() {
            file.open_handles = 0;
        }
        state.collect_garbage();
        report
    }

    /// Adds a fault to the plan; it counts matching calls from now on.
    pub fn inject(&self, fault: Fault) {
        self.state().faults.push(ActiveFault::new(fault));
    }

    /// Removes every fault from the plan.
    pub fn clear_faults(&self) {
        self.state().faults.clear();
    }

    /// How many calls faults have failed so far.
    pub fn faults_fired(&self) -> u64 {
        self.state().faults_fired
    }

    /// How many counted calls (every [`FaultOp`] kind) were made so far. The
    /// next call gets number `io_count() + 1`.
    pub fn io_count(&self) -> u64 {
        self.state().io_count
    }

    /// Simulates the process dying at counted call number `n` (1-based since
    /// the disk was made): that call and every later call, counted or not, fail
    /// with [`SimError::Crash`] until [`SimFs::power_cut`]. A number already
    /// passed crashes the next call.
    pub fn crash_at(&self, n: u64) {
        self.state().crash_at = Some(n);
    }

    /// Whether the simulated process has crashed (and no power cut followed).
    pub fn is_crashed(&self) -> bool {
        self.state().crashed
    }

    /// The durable image of the file `path` names now: its bytes after a power
    /// cut, provided its directory entry survives (see [`SimFs::durable_kind`]).
    pub fn durable_image(&self, path: &Path) -> Option<Vec<u8>> {
        let state = self.state();
        let id = state.file_at(path)?;
        state.files.get(&id).map(|f| f.durable.clone())
    }

    /// The volatile image of the file `path` names now: what reads see.
    pub fn volatile_image(&self, path: &Path) -> Option<Vec<u8>> {
        let state = self.state();
        let id = state.file_at(path)?;
        state.files.get(&id).map(|f| f.volatile.clone())
    }

    /// How many writes and length changes of the file `path` names are not yet
    /// durable.
    pub fn unsynced_ops(&self, path: &Path) -> Option<usize> {
        let state = self.state();
        let id = state.file_at(path)?;
        state.files.get(&id).map(|f| f.pending.len())
    }

    /// What `path` names in the durable tree (reachable through durable
    /// directories): what certainly survives a power cut.
    pub fn durable_kind(&self, path: &Path) -> Option<EntryKind> {
        let state = self.state();
        let path = normalize(path);
        let parents_durable = path
            .ancestors()
            .skip(1)
            .all(|dir| state.durable_tree.get(dir) == Some(Entry::Dir));
        if !parents_durable {
            return None;
        }
        state.durable_tree.kind(&path)
    }
}

/// An open file of a [`SimFs`].
struct SimHandle {
    state: Arc<Mutex<State>>,
    id: FileId,
    epoch: u64,
    path: PathBuf,
    writable: bool,
}

impl fmt::Debug for SimHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimHandle")
            .field("path", &self.path)
            .field("id", &self.id)
            .field("epoch", &self.epoch)
            .field("writable", &self.writable)
            .finish_non_exhaustive()
    }
}

impl SimHandle {
    /// Locks the disk for a counted call on this handle.
    fn enter(&self, call: FaultOp) -> io::Result<MutexGuard<'_, State>> {
        let mut state = self.enter_query()?;
        state.begin(call, &[&self.path])?;
        Ok(state)
    }

    /// Locks the disk for an uncounted query on this handle.
    fn enter_query(&self) -> io::Result<MutexGuard<'_, State>> {
        let state = lock(&self.state);
        if state.epoch != self.epoch {
            return Err(SimError::StaleHandle.into_io());
        }
        state.query()?;
        Ok(state)
    }

    fn check_writable(&self) -> io::Result<()> {
        if self.writable {
            Ok(())
        } else {
            Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "file not opened for writing",
            ))
        }
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        let mut state = lock(&self.state);
        if state.epoch == self.epoch {
            if let Some(file) = state.files.get_mut(&self.id) {
                file.open_handles = file.open_handles.saturating_sub(1);
            }
            state.collect_garbage();
        }
    }
}

/// Writes `data` at `start` into `image`, zero-filling any gap.
fn write_image(image: &mut Vec<u8>, start: usize, data: &[u8]) {
    if data.is_empty() {
        return;
    }
    let end = start + data.len();
    if end > image.len() {
        image.resize(end, 0);
    }
    image[start..end].copy_from_slice(data);
}

impl File for SimHandle {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        let mut state = self.enter(FaultOp::Read)?;
        let file = state.file_mut(self.id)?;
        let (start, end) = read_span(offset, buf.len())?;
        if end > file.volatile.len() {
            return Err(past_end());
        }
        buf.copy_from_slice(&file.volatile[start..end]);
        Ok(())
    }

    fn write_at(&self, offset: u64, buf: &[u8]) -> io::Result<()> {
        let mut state = self.enter(FaultOp::Write)?;
        self.check_writable()?;
        let (start, _) = span(offset, buf.len())?;
        if buf.is_empty() {
            return Ok(());
        }
        write_image(&mut state.file_mut(self.id)?.volatile, start, buf);
        state.push_pending(
            self.id,
            PendingOp::Write {
                offset: start,
                data: buf.to_vec(),
            },
        )
    }

    fn len(&self) -> io::Result<u64> {
        let mut state = self.enter_query()?;
        Ok(state.file_mut(self.id)?.volatile.len() as u64)
    }

    fn set_len(&self, len: u64) -> io::Result<()> {
        let mut state = self.enter(FaultOp::SetLen)?;
        self.check_writable()?;
        let (_, new_len) = span(len, 0)?;
        state.file_mut(self.id)?.volatile.resize(new_len, 0);
        state.push_pending(self.id, PendingOp::SetLen(new_len))
    }

    fn sync_data(&self) -> io::Result<()> {
        let mut state = self.enter(FaultOp::Sync)?;
        let persists_len = state.config.sync_data_persists_len;
        let file = state.file_mut(self.id)?;
        let mut image = file.volatile.clone();
        file.pending.clear();
        if persists_len {
            file.durable = image;
            return Ok(());
        }
        // The length stays as it was: growth remains an unsynced write of the
        // new tail, a shrink an unsynced length change.
        let durable_len = file.durable.len();
        let volatile_len = image.len();
        let rest = if volatile_len > durable_len {
            let tail = image.split_off(durable_len);
            Some(PendingOp::Write {
                offset: durable_len,
                data: tail,
            })
        } else if volatile_len < durable_len {
            image.extend_from_slice(&file.durable[volatile_len..]);
            Some(PendingOp::SetLen(volatile_len))
        } else {
            None
        };
        file.durable = image;
        match rest {
            Some(op) => state.push_pending(self.id, op),
            None => Ok(()),
        }
    }

    fn sync_all(&self) -> io::Result<()> {
        let mut state = self.enter(FaultOp::Sync)?;
        let file = state.file_mut(self.id)?;
        file.durable = file.volatile.clone();
        file.pending.clear();
        Ok(())
    }

    fn sector_size(&self) -> u32 {
        lock(&self.state).config.sector_size
    }
}

impl FileSystem for SimFs {
    fn open(&self, path: &Path, opts: OpenOptions) -> io::Result<Box<dyn File>> {
        let path = normalize(path);
        let creating = opts.create || opts.create_new;
        let mut state = self.enter()?;
        state.begin(
            if creating {
                FaultOp::Create
            } else {
                FaultOp::Open
            },
            &[&path],
        )?;
        check_open_options(opts)?;
        let id = match state.tree.get(&path) {
            Some(Entry::Dir) => return Err(is_a_dir(&path)),
            Some(Entry::File(_)) if opts.create_new => {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!("{}: file exists", path.display()),
                ))
            }
            Some(Entry::File(id)) => {
                if opts.truncate {
                    state.file_mut(id)?.volatile.clear();
                    state.push_pending(id, PendingOp::SetLen(0))?;
                }
                id
            }
            None if creating => {
                state.tree.check_parent(&path)?;
                state.next_id += 1;
                let id = state.next_id;
                state.files.insert(id, SimFile::default());
                state.tree.insert(path.clone(), Entry::File(id));
                state.journal.push(DirOp::Create {
                    path: path.clone(),
                    id,
                });
                id
            }
            None => return Err(not_found(&path)),
        };
        state.file_mut(id)?.open_handles += 1;
        Ok(Box::new(SimHandle {
            state: self.state.clone(),
            id,
            epoch: state.epoch,
            path,
            writable: opts.write,
        }))
    }

    fn remove_file(&self, path: &Path) -> io::Result<()> {
        let path = normalize(path);
        let mut state = self.enter()?;
        state.begin(FaultOp::Remove, &[&path])?;
        let id = match state.tree.get(&path) {
            Some(Entry::File(id)) => id,
            Some(Entry::Dir) => return Err(is_a_dir(&path)),
            None => return Err(not_found(&path)),
        };
        state.tree.remove(&path);
        state.journal.push(DirOp::Remove { path, id });
        state.collect_garbage();
        Ok(())
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        let (from, to) = (normalize(from), normalize(to));
        let mut state = self.enter()?;
        state.begin(FaultOp::Rename, &[&from, &to])?;
        let id = state.tree.check_rename(&from, &to)?;
        if from != to {
            state.tree.remove(&from);
            state.tree.insert(to.clone(), Entry::File(id));
            state.journal.push(DirOp::Rename { from, to, id });
            state.collect_garbage();
        }
        Ok(())
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
        let state = self.enter()?;
        state.query()?;
        state.tree.children(&normalize(path))
    }

    fn create_dir_all(&self, path: &Path) -> io::Result<()> {
        let path = normalize(path);
        let mut state = self.enter()?;
        state.begin(FaultOp::Create, &[&path])?;
        for dir in state.tree.missing_dirs(&path)? {
            state.tree.insert(dir.clone(), Entry::Dir);
            state.journal.push(DirOp::Mkdir { path: dir });
        }
        Ok(())
    }

    fn remove_dir(&self, path: &Path) -> io::Result<()> {
        let path = normalize(path);
        let mut state = self.enter()?;
        state.begin(FaultOp::Remove, &[&path])?;
        state.tree.check_remove_dir(&path)?;
        state.tree.remove(&path);
        state.journal.push(DirOp::Rmdir { path });
        Ok(())
    }

    fn kind(&self, path: &Path) -> io::Result<Option<EntryKind>> {
        let state = self.enter()?;
        state.query()?;
        Ok(state.tree.kind(&normalize(path)))
    }

    fn sync_dir(&self, path: &Path) -> io::Result<()> {
        let path = normalize(path);
        let mut state = self.enter()?;
        state.begin(FaultOp::SyncDir, &[&path])?;
        match state.tree.kind(&path) {
            Some(EntryKind::Dir) => {}
            Some(EntryKind::File) => {
                return Err(io::Error::new(
                    io::ErrorKind::NotADirectory,
                    format!("{}: not a directory", path.display()),
                ))
            }
            None => return Err(not_found(&path)),
        }
        state.commit_dir(&path);
        state.collect_garbage();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> &Path {
        Path::new(s)
    }

    #[test]
    fn a_process_view_is_dead_after_the_next_power_cut() {
        let fs = SimFs::new();
        let old = fs.process();
        let f = old.open(p("/a"), OpenOptions::create_new()).unwrap();
        f.write_at(0, b"one").unwrap();
        f.sync_data().unwrap();
        old.sync_dir(p("/")).unwrap();
        fs.power_cut(1);
        let dead = |e: io::Error| SimError::of(&e);
        assert_eq!(
            old.open(p("/b"), OpenOptions::create_new())
                .map(|_| ())
                .map_err(dead),
            Err(Some(SimError::DeadProcess))
        );
        assert_eq!(
            old.remove_file(p("/a")).map_err(dead),
            Err(Some(SimError::DeadProcess))
        );
        assert_eq!(
            old.kind(p("/a")).map_err(dead),
            Err(Some(SimError::DeadProcess))
        );
        // Nothing it tried changed the disk; a new process and the disk itself work.
        assert_eq!(fs.kind(p("/b")).unwrap(), None);
        let new = fs.process();
        let g = new.open(p("/a"), OpenOptions::read_write()).unwrap();
        let mut buf = [0u8; 3];
        g.read_at(0, &mut buf).unwrap();
        assert_eq!(&buf, b"one");
        assert!(fs.open(p("/c"), OpenOptions::create_new()).is_ok());
    }

    #[test]
    fn sync_makes_volatile_durable() {
        let fs = SimFs::new();
        let f = fs.open(p("/a"), OpenOptions::create_new()).unwrap();
        f.write_at(0, b"hello").unwrap();
        assert_eq!(fs.durable_image(p("/a")).unwrap(), b"");
        assert_eq!(fs.volatile_image(p("/a")).unwrap(), b"hello");
        assert_eq!(fs.unsynced_ops(p("/a")), Some(1));
        f.sync_data().unwrap();
        assert_eq!(fs.durable_image(p("/a")).unwrap(), b"hello");
        assert_eq!(fs.unsynced_ops(p("/a")), Some(0));
    }

    #[test]
    fn lazy_length_keeps_old_durable_length_until_sync_all() {
        let config = SimConfig {
            sync_data_persists_len: false,
            ..SimConfig::default()
        };
        let fs = SimFs::with_config(config);
        let f = fs.open(p("/a"), OpenOptions::create_new()).unwrap();
        f.write_at(0, b"abcd").unwrap();
        f.sync_data().unwrap();
        assert_eq!(fs.durable_image(p("/a")).unwrap(), b"");
        assert_eq!(
            fs.unsynced_ops(p("/a")),
            Some(1),
            "the growth is still unsynced"
        );
        f.sync_all().unwrap();
        assert_eq!(fs.durable_image(p("/a")).unwrap(), b"abcd");
        f.set_len(2).unwrap();
        f.write_at(0, b"x").unwrap();
        f.sync_data().unwrap();
        assert_eq!(fs.durable_image(p("/a")).unwrap(), b"xbcd");
        assert_eq!(
            fs.unsynced_ops(p("/a")),
            Some(1),
            "the shrink is still unsynced"
        );
        f.write_at(2, b"yz").unwrap();
        f.sync_data().unwrap();
        assert_eq!(fs.durable_image(p("/a")).unwrap(), b"xbyz");
        assert_eq!(fs.unsynced_ops(p("/a")), Some(0));
    }

    #[test]
    fn files_are_collected_when_unreachable() {
        let fs = SimFs::new();
        let f = fs.open(p("/a"), OpenOptions::create_new()).unwrap();
        fs.sync_dir(p("/")).unwrap();
        fs.remove_file(p("/a")).unwrap();
        assert_eq!(
            fs.state().files.len(),
            1,
            "open handle and durable entry keep it"
        );
        drop(f);
        fs.sync_dir(p("/")).unwrap();
        assert!(fs.state().files.is_empty());
    }

    #[test]
    fn handle_keeps_reading_after_remove() {
        let fs = SimFs::new();
        let f = fs.open(p("/a"), OpenOptions::create_new()).unwrap();
        f.write_at(0, b"xy").unwrap();
        fs.remove_file(p("/a")).unwrap();
        let mut buf = [0u8; 2];
        f.read_at(0, &mut buf).unwrap();
        assert_eq!(&buf, b"xy");
    }

    #[test]
    fn debug_output_is_a_summary() {
        let fs = SimFs::new();
        let f = fs.open(p("/big"), OpenOptions::create_new()).unwrap();
        f.write_at(0, &vec![0xAB; 100_000]).unwrap();
        assert!(format!("{fs:?}").len() < 300);
        assert!(format!("{f:?}").contains("/big"));
    }

    #[test]
    fn sector_size_is_configurable_and_at_least_one() {
        let fs = SimFs::with_config(SimConfig {
            sector_size: 0,
            ..SimConfig::default()
        });
        assert_eq!(fs.config().sector_size, 1);
        let fs = SimFs::with_config(SimConfig {
            sector_size: 4096,
            ..SimConfig::default()
        });
        let f = fs.open(p("x"), OpenOptions::create_new()).unwrap();
        assert_eq!(f.sector_size(), 4096);
    }

    #[test]
    fn durable_kind_needs_durable_parents() {
        let fs = SimFs::new();
        fs.create_dir_all(p("/d/e")).unwrap();
        fs.open(p("/d/e/f"), OpenOptions::create_new()).unwrap();
        fs.sync_dir(p("/d/e")).unwrap();
        assert_eq!(fs.durable_kind(p("/d/e/f")), None);
        fs.sync_dir(p("/")).unwrap();
        fs.sync_dir(p("/d")).unwrap();
        assert_eq!(fs.durable_kind(p("/d/e/f")), Some(EntryKind::File));
        assert_eq!(fs.durable_kind(p("/d")), Some(EntryKind::Dir));
    }
}
