//! The damaged-writes harness shared by the fuzz target `damaged_writes` and
//! the test `crates/ese/tests/damaged_writes.rs`: a clean database with pages
//! changed behind valid checksums (so the damage reaches the structure
//! decoders), opened for writing and given inserts, replacements, deletions,
//! seeks, scans, cursor walks backward through either index, seeks on the
//! secondary index and the integrity check. Every call must end in its result or a
//! `JET_err` of [`ALLOWED`], never a panic.

use ese::db::{CreateOptions, Cursor, Database, KeyLimit, OpenOptions, SeekGrbit};
use ese::format::checksum::compute_page_checksums;
use ese::format::coltype::Value;
use ese::format::log::{
    crc32c, BlockCheck, BlockHeader, LogFileHeader, LOG_FILE_MAGIC, LOG_HEADER_AREA,
};
use ese::record::schema::parse_schema;
use ese::record::{Cell, Row, RowValue};
use ese::ErrorCode;
use ese::{Instance, InstanceOptions};
use ese_os::{EntryKind, FileSystem, MemFs, OpenOptions as FileOptions, SimFs, TearPolicy};
use std::path::Path;
use std::sync::Arc;

/// The page size of the clean database.
pub const PAGE: usize = 4096;

const SCHEMA: &str = r#"{"page_size": 4096, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "txt", "type": "Text", "cp": 1252},
              {"name": "bin", "type": "LongBinary"},
              {"name": "mv", "type": "Long", "flags": ["Tagged", "MultiValued"]}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
              {"name": "bytxt", "key": ["+txt", "-id"]}]}]}"#;

/// Where a round's choices come from: a seed's random numbers, or a fuzzer's
/// bytes (which run out).
pub trait Choices {
    /// The next number; `None` once the choices ran out.
    fn next(&mut self) -> Option<u64>;

    /// A number below `n` (0 once the choices ran out).
    fn below(&mut self, n: usize) -> usize {
        (self.next().unwrap_or(0) % n.max(1) as u64) as usize
    }
}

/// xorshift64: a round's choices, replayable from a seed.
pub struct Seeded(pub u64);

impl Choices for Seeded {
    fn next(&mut self) -> Option<u64> {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        Some(self.0)
    }
}

/// A fuzzer's input as choices, two bytes each.
pub struct Bytes<'a>(pub &'a [u8]);

impl Choices for Bytes<'_> {
    fn next(&mut self) -> Option<u64> {
        let (c, rest) = self.0.split_first_chunk::<2>()?;
        self.0 = rest;
        Some(u64::from(u16::from_le_bytes(*c)))
    }
}

/// The table's column ids: id, txt, bin, mv.
#[derive(Clone, Copy)]
struct Cols([u32; 4]);

impl Cols {
    /// The ids of `db`'s table `t` (`JET_errColumnNotFound` when damage to the
    /// catalog renamed one).
    fn of(db: &Database) -> ese::Result<Cols> {
        let t = db.table("t")?;
        let id = |n: &str| {
            t.def().column(n).map(|c| c.id).ok_or_else(|| {
                ese::Error::with(ErrorCode::ColumnNotFound, format!("no column {n}"))
            })
        };
        Ok(Cols([id("id")?, id("txt")?, id("bin")?, id("mv")?]))
    }

    /// Row `id` of the table: a text that sorts apart from the id, a value of
    /// `len` bytes (long values past a page) and a few tagged values.
    fn row(self, id: i32, len: usize) -> Row {
        let [c_id, c_txt, c_bin, c_mv] = self.0;
        let mut r = Row::new();
        r.set_value(c_id, Value::Long(id));
        r.set_value(
            c_txt,
            Value::Text(format!("text {:05}", (id * 7919) % 10007)),
        );
        r.set_value(c_bin, Value::Binary(vec![(id % 251) as u8; len]));
        let tagged: Vec<Cell> = (0..id % 3)
            .map(|k| Cell::Value(Value::Long(id + k)))
            .collect();
        if !tagged.is_empty() {
            r.set(c_mv, RowValue::Many(tagged));
        }
        r
    }
}

/// A clean database of a few hundred rows (several tree levels, long values,
/// a secondary index) as bytes, with the bookmarks of its rows.
pub fn clean_database() -> (Vec<u8>, Vec<Vec<u8>>) {
    let fs = MemFs::new();
    let path = Path::new("/clean.edb");
    let opts = CreateOptions {
        page_size: PAGE,
        cache_pages: 256,
        ..Default::default()
    };
    let mut db = Database::create_with(&fs, path, &opts).expect("create");
    let spec = parse_schema(SCHEMA).expect("schema");
    db.create_table_spec(&spec.tables[0]).expect("table");
    let cols = Cols::of(&db).expect("the clean table's columns");
    let mut bookmarks = Vec::new();
    for id in 0..400 {
        let len = if id % 37 == 0 {
            6000
        } else {
            20 + (id as usize % 200)
        };
        bookmarks.push(db.insert("t", &cols.row(id, len)).expect("insert"));
    }
    db.close().expect("close");
    drop(db);
    let f = fs.open(path, FileOptions::read_only()).expect("reopen");
    let len = f.len().expect("len") as usize;
    let mut bytes = vec![0u8; len];
    f.read_at(0, &mut bytes).expect("read");
    (bytes, bookmarks)
}

/// Codes a call may answer with on a damaged database (or for the call itself:
/// a duplicate key, a record another call deleted).
pub const ALLOWED: &[ErrorCode] = &[
    ErrorCode::ReadVerifyFailure,
    ErrorCode::DatabaseCorrupted,
    ErrorCode::InvalidDatabase,
    ErrorCode::FileInvalidType,
    ErrorCode::PageNotInitialized,
    ErrorCode::BadPageLink,
    ErrorCode::BadParentPageLink,
    ErrorCode::BadEmptyPage,
    ErrorCode::BadLineCount,
    ErrorCode::CatalogCorrupted,
    ErrorCode::LVCorrupted,
    ErrorCode::SecondaryIndexCorrupted,
    ErrorCode::PrimaryIndexCorrupted,
    ErrorCode::DbTimeCorrupted,
    ErrorCode::FileIOBeyondEOF,
    ErrorCode::InvalidDatabaseVersion,
    ErrorCode::PageSizeMismatch,
    ErrorCode::DatabaseCorruptedNoRepair,
    ErrorCode::DecompressionFailed,
    ErrorCode::ObjectNotFound,
    // Damage inside the catalog's rows (behind a valid checksum) changes the
    // schema the calls meet: a name, a type, a flag.
    ErrorCode::IndexNotFound,
    ErrorCode::ColumnNotFound,
    ErrorCode::InvalidParameter,
    ErrorCode::NullKeyDisallowed,
    ErrorCode::NullInvalid,
    ErrorCode::InvalidColumnType,
    ErrorCode::ColumnTooBig,
    // A long-value column made an ordinary one: a long value no longer fits.
    ErrorCode::ColumnDoesNotFit,
    // A column flagged encrypted (or an index given features this engine does not
    // write): the write is refused as ESE refuses what it cannot do.
    ErrorCode::FeatureNotAvailable,
    ErrorCode::RecordTooBig,
    ErrorCode::InvalidBufferSize,
    ErrorCode::KeyDuplicate,
    ErrorCode::RecordNotFound,
    ErrorCode::RecordDeleted,
    ErrorCode::NoCurrentRecord,
    ErrorCode::DiskFull,
    ErrorCode::OutOfDatabaseSpace,
    ErrorCode::InstanceUnavailable,
    // A change that met damage after it had changed pages fails the instance
    // (only recovery brings back what it changed): later calls meet that.
    ErrorCode::LogWriteFail,
];

/// Changes `pages_hit` pages of `bytes` (a database of [`PAGE`]-byte pages) at
/// a few bytes each, as `rng` chooses (half the changes in the header's fields,
/// after its checksum), and makes their checksums valid again.
fn damage(bytes: &mut [u8], rng: &mut dyn Choices, pages_hit: usize) {
    let pages = bytes.len() / PAGE;
    for _ in 0..pages_hit {
        // A page that is in use (page 0 and 1 of the file are the header's copies).
        let p = loop {
            let p = 2 + rng.below(pages - 2);
            if bytes[p * PAGE..(p + 1) * PAGE].iter().any(|&b| b != 0) {
                break p;
            }
        };
        let page = &mut bytes[p * PAGE..(p + 1) * PAGE];
        for _ in 0..1 + rng.below(3) {
            let off = if rng.below(2) == 0 {
                8 + rng.below(32)
            } else {
                40 + rng.below(PAGE - 40)
            };
            page[off] = match rng.below(3) {
                0 => page[off] ^ (1 << rng.below(8)),
                1 => rng.below(256) as u8,
                _ => [0x00, 0xFF, 0x7F, 0x80][rng.below(4)],
            };
        }
        compute_page_checksums(page, (p - 1) as u32);
    }
}

/// Notes the error of `r`, if any.
fn note(r: ese::Result<()>, errors: &mut Vec<ese::Error>) {
    if let Err(e) = r {
        errors.push(e);
    }
}

/// Up to `ops` calls on table `t` of `db`, as `rng` chooses, then the
/// integrity check; their errors go to `errors`.
fn calls(
    db: &Database,
    bookmarks: &[Vec<u8>],
    rng: &mut dyn Choices,
    ops: usize,
    errors: &mut Vec<ese::Error>,
) {
    let cols = match Cols::of(db) {
        Ok(c) => c,
        Err(e) => return errors.push(e),
    };
    let mut next_id = 10_000;
    for _ in 0..ops {
        let Some(op) = rng.next() else { break };
        let r = match op % 8 {
            0 | 1 => {
                next_id += 1 + rng.below(50) as i32;
                let len = if rng.below(10) == 0 {
                    5000
                } else {
                    rng.below(300)
                };
                db.insert("t", &cols.row(next_id, len)).map(|_| ())
            }
            2 => db.delete("t", &bookmarks[rng.below(bookmarks.len())]),
            3 => {
                let i = rng.below(bookmarks.len());
                let len = rng.below(400);
                db.replace("t", &bookmarks[i], &cols.row(i as i32, len))
                    .map(|_| ())
            }
            4 => db.table("t").and_then(|t| {
                let id = rng.below(500) as i32;
                t.seek("primary", &[Some(Value::Long(id))], ese::db::SeekOp::Ge)
                    .map(|_| ())
            }),
            5 => db.table("t").and_then(|t| {
                for r in t.records()?.take(50) {
                    r?.values()?;
                }
                Ok(())
            }),
            6 => {
                // Backward through either index, from its end.
                let index = ["primary", "bytxt"][rng.below(2)];
                walk_back(db, index, cols)
            }
            _ => {
                // A seek on the secondary index, then a few steps forward.
                let text = format!("text {:05}", rng.below(10007));
                seek_text(db, &text, cols)
            }
        };
        note(r, errors);
    }
    note(db.check().map(|_| ()), errors);
}

/// A cursor on `index` of table `t`, moved to its last entry and then back
/// up to 50 entries, reading each one's value.
fn walk_back(db: &Database, index: &str, cols: Cols) -> ese::Result<()> {
    let session = db.begin_session()?;
    let mut c = session.open_table(db, "t")?;
    c.set_index(Some(index))?;
    if c.move_last().is_err() {
        return Ok(());
    }
    read_steps(&mut c, cols, 50, Cursor::move_prev)
}

/// A seek at or after `text` on the secondary index, then up to 20 steps
/// forward, reading each entry's value.
fn seek_text(db: &Database, text: &str, cols: Cols) -> ese::Result<()> {
    let session = db.begin_session()?;
    let mut c = session.open_table(db, "t")?;
    c.set_index(Some("bytxt"))?;
    c.make_key(&[Some(Value::Text(text.into()))], KeyLimit::None)?;
    match c.seek(SeekGrbit::Ge) {
        Ok(_) => {}
        Err(e) if e.code() == ErrorCode::RecordNotFound => return Ok(()),
        Err(e) => return Err(e),
    }
    read_steps(&mut c, cols, 20, Cursor::move_next)
}

/// Reads the current entry's value, then takes `step`, up to `most` times or
/// until the index ends.
fn read_steps(
    c: &mut Cursor,
    cols: Cols,
    most: usize,
    step: fn(&mut Cursor) -> ese::Result<()>,
) -> ese::Result<()> {
    for _ in 0..most {
        c.retrieve_column(cols.0[2], 1)?;
        match step(c) {
            Ok(()) => {}
            Err(e) if e.code() == ErrorCode::NoCurrentRecord => break,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// The fuzz target's round: the input's first byte chooses how many pages are
/// damaged (1 to 3), the rest every other choice; `None` for an empty input.
pub fn fuzz_round(clean: &[u8], bookmarks: &[Vec<u8>], data: &[u8]) -> Option<Vec<ese::Error>> {
    let (&pages, rest) = data.split_first()?;
    Some(round(
        clean,
        bookmarks,
        &mut Bytes(rest),
        1 + usize::from(pages % 3),
        40,
    ))
}

/// The errors of `errors` that are not in [`ALLOWED`].
pub fn unexpected(errors: &[ese::Error]) -> impl Iterator<Item = &ese::Error> {
    errors.iter().filter(|e| !ALLOWED.contains(&e.code()))
}

/// One round: `pages_hit` pages of `clean` changed at a few bytes each (the
/// header's fields included), their checksums made valid, then the database
/// opened for writing and given up to `ops` calls, as `rng` chooses. Returns
/// every error met, in order; panics where the engine does.
pub fn round(
    clean: &[u8],
    bookmarks: &[Vec<u8>],
    rng: &mut dyn Choices,
    pages_hit: usize,
    ops: usize,
) -> Vec<ese::Error> {
    let mut bytes = clean.to_vec();
    damage(&mut bytes, rng, pages_hit);
    let mut errors = Vec::new();
    let fs = MemFs::new();
    let path = Path::new("/d.edb");
    let f = fs.open(path, FileOptions::create_new()).expect("create");
    f.write_at(0, &bytes).expect("write");
    let opts = OpenOptions {
        cache_pages: 64,
        read_catalog: true,
        read_only: false,
    };
    match Database::open_with(&fs, path, &opts) {
        Ok(db) => {
            calls(&db, bookmarks, rng, ops, &mut errors);
            let _ = db.close();
        }
        Err(e) => errors.push(e),
    }
    errors
}

/// The instance's folder on the simulated disk, and its database.
const DIR: &str = "/d";
const DB_PATH: &str = "/d/x.edb";

/// Small log files, the smallest cache.
fn instance_options() -> InstanceOptions {
    InstanceOptions {
        log_file_size: 256 * 1024,
        cache_pages: ese::db::MIN_CACHE_PAGES,
        ..InstanceOptions::in_dir(DIR)
    }
}

/// The files of an instance shut down cleanly (database, logs, checkpoint):
/// names and bytes.
pub type Files = Vec<(String, Vec<u8>)>;

/// The clean database of [`clean_database`] made through an instance (its log
/// beside it), shut down cleanly: its folder's files and the rows' bookmarks.
pub fn clean_instance() -> (Files, Vec<Vec<u8>>) {
    let sim = SimFs::new();
    let fs: Arc<dyn FileSystem> = Arc::new(sim.clone());
    let inst = Instance::with_fs(fs.clone(), instance_options()).expect("instance");
    let opts = CreateOptions {
        page_size: PAGE,
        ..Default::default()
    };
    let mut db = inst.create_database(DB_PATH, opts).expect("create");
    let spec = parse_schema(SCHEMA).expect("schema");
    db.create_table_spec(&spec.tables[0]).expect("table");
    let cols = Cols::of(&db).expect("the clean table's columns");
    let bookmarks = (0..400)
        .map(|id| {
            let len = if id % 37 == 0 {
                6000
            } else {
                20 + (id as usize % 200)
            };
            db.insert("t", &cols.row(id, len)).expect("insert")
        })
        .collect();
    drop(db);
    inst.term().expect("term");
    (read_files(&*fs), bookmarks)
}

/// The files of the instance's folder on `fs`: names and bytes.
fn read_files(fs: &dyn FileSystem) -> Files {
    let mut files = Vec::new();
    for name in fs.read_dir(Path::new(DIR)).expect("the folder") {
        let path = Path::new(DIR).join(&name);
        if fs.kind(&path).ok().flatten() != Some(EntryKind::File) {
            continue;
        }
        let f = fs.open(&path, FileOptions::read_only()).expect("open");
        let mut bytes = vec![0u8; f.len().expect("len") as usize];
        f.read_at(0, &mut bytes).expect("read");
        files.push((name, bytes));
    }
    files
}

/// A new simulated disk holding `files` in the instance's folder, durable.
fn disk_with(files: &Files) -> SimFs {
    let sim = SimFs::new();
    let disk: Arc<dyn FileSystem> = Arc::new(sim.clone());
    disk.create_dir_all(Path::new(DIR)).expect("folder");
    for (name, bytes) in files {
        let f = disk
            .open(&Path::new(DIR).join(name), FileOptions::create_new())
            .expect("create");
        f.write_at(0, bytes).expect("write");
        f.sync_all().expect("sync");
    }
    disk.sync_dir(Path::new(DIR)).expect("sync the folder");
    disk.sync_dir(Path::new("/")).expect("sync the root");
    sim
}

/// [`round`] through an instance: the files of [`clean_instance`] on a
/// simulated disk, the database damaged, the instance started and the database
/// attached, the calls made; then either a clean shutdown or a power cut (as
/// `rng` chooses), and a second instance that recovers, attaches and checks.
pub fn logged_round(
    files: &Files,
    bookmarks: &[Vec<u8>],
    rng: &mut dyn Choices,
    pages_hit: usize,
    ops: usize,
) -> Vec<ese::Error> {
    let mut files = files.clone();
    for (name, bytes) in &mut files {
        if Path::new(DIR).join(name) == Path::new(DB_PATH) {
            damage(bytes, rng, pages_hit);
        }
    }
    let sim = disk_with(&files);
    let mut errors = Vec::new();
    let cut = rng.below(2) == 0;
    let seed = rng.next().unwrap_or(0);
    {
        // The process a power cut kills.
        let fs: Arc<dyn FileSystem> = Arc::new(sim.process());
        let inst = match Instance::with_fs(fs, instance_options()) {
            Ok(i) => i,
            Err(e) => {
                errors.push(e);
                return errors;
            }
        };
        match inst.attach_database(DB_PATH, false) {
            Ok((db, _)) => {
                calls(&db, bookmarks, rng, ops, &mut errors);
                if cut {
                    sim.power_cut_with(seed, TearPolicy::Default);
                }
                drop(db);
            }
            Err(e) => errors.push(e),
        }
        if cut {
            // The instance's files are gone with its process: its end fails.
            let _ = inst.term();
        } else {
            note(inst.term(), &mut errors);
        }
    }
    recover(&sim, &mut errors, |db, errors| {
        note(db.check().map(|_| ()), errors)
    });
    errors
}

/// A new process's instance on `sim` (recovery runs as it starts), the
/// database attached and given to `then`, the instance ended; every error goes
/// to `errors`. Returns whether the instance started.
fn recover(
    sim: &SimFs,
    errors: &mut Vec<ese::Error>,
    then: impl FnOnce(&Database, &mut Vec<ese::Error>),
) -> bool {
    let fs: Arc<dyn FileSystem> = Arc::new(sim.process());
    match Instance::with_fs(fs, instance_options()) {
        Ok(inst) => {
            match inst.attach_database(DB_PATH, false) {
                Ok((db, _)) => {
                    then(&db, errors);
                    drop(db);
                }
                Err(e) => errors.push(e),
            }
            note(inst.term(), errors);
            true
        }
        Err(e) => {
            errors.push(e);
            false
        }
    }
}

/// The files of [`clean_instance`] after the instance attached the database,
/// made `ops` calls (the same every time) and lost its process with every
/// write it made kept: a folder whose database needs its log replayed.
pub fn crashed_instance(files: &Files, bookmarks: &[Vec<u8>], ops: usize) -> Files {
    let sim = disk_with(files);
    let fs: Arc<dyn FileSystem> = Arc::new(sim.process());
    let inst = Instance::with_fs(fs, instance_options()).expect("instance");
    let (db, _) = inst.attach_database(DB_PATH, false).expect("attach");
    let mut errors = Vec::new();
    calls(&db, bookmarks, &mut Seeded(0x5EED_1065), ops, &mut errors);
    assert!(
        errors.iter().all(|e| matches!(
            e.code(),
            ErrorCode::KeyDuplicate | ErrorCode::RecordNotFound | ErrorCode::RecordDeleted
        )),
        "the undamaged calls failed: {errors:?}"
    );
    sim.power_cut_with(1, TearPolicy::KeepAll);
    drop(db);
    let _ = inst.term();
    read_files(&sim.process())
}

/// Codes recovery may answer with on a damaged log, besides [`ALLOWED`].
pub const LOG_ALLOWED: &[ErrorCode] = &[
    ErrorCode::LogFileCorrupt,
    ErrorCode::LogCorrupted,
    ErrorCode::InvalidLogSequence,
    ErrorCode::BadLogSignature,
    ErrorCode::BadLogVersion,
    ErrorCode::MissingLogFile,
    ErrorCode::LogGenerationMismatch,
    ErrorCode::ExistingLogFileIsNotContiguous,
    // A changed attach record names another file or another database.
    ErrorCode::AttachedDatabaseMismatch,
    ErrorCode::BadDbSignature,
    // A changed checkpoint: another stream, generations not there, a position
    // past the log's end.
    ErrorCode::BadCheckpointSignature,
    ErrorCode::RequiredLogFilesMissing,
    ErrorCode::CheckpointCorrupt,
];

/// The errors of `errors` in neither [`ALLOWED`] nor [`LOG_ALLOWED`].
pub fn unexpected_in_log_round(errors: &[ese::Error]) -> impl Iterator<Item = &ese::Error> {
    unexpected(errors).filter(|e| !LOG_ALLOWED.contains(&e.code()))
}

/// Where the blocks of log file `bytes` lie: offset and length (header and
/// payload) of each valid block from the first on, in order.
fn log_blocks(bytes: &[u8]) -> Vec<(usize, usize)> {
    let sector = bytes
        .get(12..16)
        .map_or(512, |b| {
            u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize
        })
        .max(1);
    let mut blocks = Vec::new();
    let mut at = LOG_HEADER_AREA as usize;
    while let Some(BlockCheck::Valid(h, _)) = bytes.get(at..).map(BlockHeader::check) {
        let len = BlockHeader::SIZE + h.payload_len as usize;
        blocks.push((at, len));
        at += len.div_ceil(sector) * sector;
    }
    blocks
}

/// Changes one to three bytes of `b`, each at an offset `pick` chooses.
fn change_bytes(b: &mut [u8], rng: &mut dyn Choices, pick: &dyn Fn(&mut dyn Choices) -> usize) {
    for _ in 0..1 + rng.below(3) {
        let off = pick(rng);
        b[off] = match rng.below(3) {
            0 => b[off] ^ (1 << rng.below(8)),
            1 => rng.below(256) as u8,
            _ => [0x00, 0xFF, 0x7F, 0x80][rng.below(4)],
        };
    }
}

/// Changes a few bytes of one of the log files in `files`, as `rng` chooses:
/// of one block (its header's fields after the magic, or its records; about
/// four times in five), of a log file's header, or of the checkpoint file's
/// newer copy (its fields before the databases' entries, or anywhere), and
/// makes that checksum valid again, so that the damage reaches the decoders
/// and recovery.
fn damage_log(files: &mut Files, rng: &mut dyn Choices) {
    if rng.below(10) == 0 {
        if let Some((_, chk)) = files.iter_mut().find(|(n, _)| n.ends_with(".chk")) {
            // The copy with the higher sequence number is the one read.
            let seq = |c: &[u8]| u64::from_le_bytes(c[16..24].try_into().expect("8 bytes"));
            let at = if seq(&chk[4096..]) > seq(&chk[..4096]) {
                4096
            } else {
                0
            };
            let copy = &mut chk[at..at + 4096];
            change_bytes(copy, rng, &|r| {
                if r.below(2) == 0 {
                    8 + r.below(60)
                } else {
                    8 + r.below(4084)
                }
            });
            copy[4092..].fill(0);
            let crc = crc32c(&copy[..4092]);
            copy[4092..].copy_from_slice(&crc.to_le_bytes());
            return;
        }
    }
    let logs: Vec<usize> = (0..files.len())
        .filter(|&i| files[i].0.ends_with(".log") && !log_blocks(&files[i].1).is_empty())
        .collect();
    assert!(!logs.is_empty(), "no log file holds a block");
    let bytes = &mut files[logs[rng.below(logs.len())]].1;
    let blocks = log_blocks(bytes);
    if rng.below(10) == 0 {
        let head = &mut bytes[..LogFileHeader::SIZE];
        change_bytes(head, rng, &|r| 8 + r.below(84));
        head[92..96].fill(0);
        let crc = crc32c(head);
        head[92..96].copy_from_slice(&crc.to_le_bytes());
        return;
    }
    let (at, len) = blocks[rng.below(blocks.len())];
    let block = &mut bytes[at..];
    change_bytes(&mut block[..len], rng, &|r| {
        if r.below(5) == 0 {
            4 + r.below(24)
        } else {
            BlockHeader::SIZE + r.below(len - BlockHeader::SIZE)
        }
    });
    // The checksum of the block as its (maybe changed) length now says, when
    // that length stays in the file.
    let payload = u32::from_le_bytes([block[16], block[17], block[18], block[19]]) as usize;
    let end = BlockHeader::SIZE.saturating_add(payload);
    if end <= block.len() {
        block[28..32].fill(0);
        let crc = crc32c(&block[..end]);
        block[28..32].copy_from_slice(&crc.to_le_bytes());
    }
}

/// One round on a damaged log: the files of [`crashed_instance`] with a few
/// bytes of a log block or log file header changed behind a valid checksum,
/// then an instance that recovers, attaches the database, makes up to `ops`
/// calls and checks it. Returns every error met; panics where the engine does.
pub fn damaged_log_round(
    crashed: &Files,
    bookmarks: &[Vec<u8>],
    rng: &mut dyn Choices,
    ops: usize,
) -> Vec<ese::Error> {
    let mut files = crashed.clone();
    damage_log(&mut files, rng);
    let sim = disk_with(&files);
    let mut errors = Vec::new();
    let started = recover(&sim, &mut errors, |db, errors| {
        calls(db, bookmarks, rng, ops, errors)
    });
    if !started {
        // A recovery that fails leaves every file as it found it: what the
        // log holds is still there for a repair.
        let now = read_files(&sim.process());
        let changed: Vec<&str> = now
            .iter()
            .filter(|(n, b)| !files.iter().any(|(m, c)| m == n && c == b))
            .map(|(n, _)| n.as_str())
            .chain(
                files
                    .iter()
                    .filter(|(n, _)| !now.iter().any(|(m, _)| m == n))
                    .map(|(n, _)| n.as_str()),
            )
            .collect();
        // A log file with a header holds log; the next generation made ahead
        // of time holds none yet.
        let holds_log = |name: &str| {
            files
                .iter()
                .any(|(n, b)| n == name && b.starts_with(&LOG_FILE_MAGIC))
        };
        assert!(
            !changed.iter().any(|n| holds_log(n)),
            "a failed recovery changed {changed:?} ({:?})",
            errors.last()
        );
    }
    errors
}

/// One repair round: `pages_hit` pages of `clean` changed behind valid checksums as
/// in [`round`], and, when `rng` chooses, one more page zeroed or given random bytes
/// without (a checksum that fails), then the file repaired into a new one. The
/// repair ends in a report or a `JET_err`, never a panic; a repair that ends in an
/// error leaves no new file, and one that ends in a report leaves a database that
/// opens for writing, passes the integrity check and reads whole: every record of
/// every table decodes with its long values, as many as the report counts. Returns
/// the repair's report or its error (the caller checks its code with
/// [`unexpected`]); panics where the engine does or the new file is not what the
/// report says.
pub fn repair_round(
    clean: &[u8],
    rng: &mut dyn Choices,
    pages_hit: usize,
) -> ese::Result<ese::db::RepairReport> {
    let mut bytes = clean.to_vec();
    damage(&mut bytes, rng, pages_hit);
    if rng.below(2) == 1 {
        let p = 2 + rng.below(bytes.len() / PAGE - 2);
        let page = &mut bytes[p * PAGE..(p + 1) * PAGE];
        if rng.below(3) == 0 {
            page.fill(0);
        } else {
            let at = rng.below(PAGE - 64);
            for i in 0..1 + rng.below(63) {
                page[at + i] = rng.below(256) as u8;
            }
        }
    }
    let fs = MemFs::new();
    let (src, dst) = (Path::new("/d.edb"), Path::new("/repaired.edb"));
    let f = fs.open(src, FileOptions::create_new()).expect("create");
    f.write_at(0, &bytes).expect("write");
    drop(f);
    let opts = ese::db::RepairOptions {
        cache_pages: 64,
        batch: 50,
        ..ese::db::RepairOptions::default()
    };
    let report = match ese::db::repair(&fs, src, dst, &opts, &mut |_| Ok(())) {
        Ok(report) => report,
        Err(e) => {
            assert!(!fs.exists(dst), "a refused repair ({e}) left its new file");
            return Err(e);
        }
    };
    let open = OpenOptions {
        cache_pages: 64,
        read_catalog: true,
        read_only: false,
    };
    let db = Database::open_with(&fs, dst, &open)
        .unwrap_or_else(|e| panic!("the repaired file does not open: {e} ({report:?})"));
    db.check()
        .unwrap_or_else(|e| panic!("the repaired file fails its check: {e} ({report:?})"));
    let mut records = 0u64;
    // The engine's own tables (`MSys…`) are made new, not repaired.
    let user = |n: &String| !n.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("msys"));
    for name in db.table_names().into_iter().filter(user) {
        let t = db
            .table(&name)
            .unwrap_or_else(|e| panic!("table {name} of the repaired file: {e}"));
        for r in t
            .records()
            .unwrap_or_else(|e| panic!("records of {name} in the repaired file: {e}"))
        {
            let r = r.unwrap_or_else(|e| panic!("a record of {name} in the repaired file: {e}"));
            r.values()
                .and(r.stored_row())
                .unwrap_or_else(|e| panic!("a record of {name} in the repaired file: {e}"));
            records += 1;
        }
    }
    assert_eq!(
        records, report.records,
        "the repaired file's records against its report ({report:?})"
    );
    db.close().expect("close the repaired file");
    Ok(report)
}

/// The fuzz target `damaged_repair`'s round: the input's first byte chooses how
/// many pages are damaged behind valid checksums (1 to 3), the rest every other
/// choice of [`repair_round`]; `None` for an empty input.
pub fn fuzz_repair_round(clean: &[u8], data: &[u8]) -> Option<ese::Result<ese::db::RepairReport>> {
    let (&pages, rest) = data.split_first()?;
    Some(repair_round(
        clean,
        &mut Bytes(rest),
        1 + usize::from(pages % 3),
    ))
}
