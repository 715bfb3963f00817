//! Reading a log stream back: which generations exist, whether they belong
//! together, the records in order, and where the log ends.
//!
//! What must hold:
//! * the generations form one contiguous run of one stream: a gap gives
//!   `JET_errExistingLogFileIsNotContiguous`, another signature
//!   `JET_errBadLogSignature`, a file name that disagrees with its header
//!   `JET_errLogGenerationMismatch`, numbered files without `<base>.log`
//!   `JET_errMissingLogFile`;
//! * the end of the last file is found by the block rules: a zero header, or a
//!   valid block of another generation or sequence, is a clean end; a bad
//!   block with no valid later block of the same file is a torn end; a bad
//!   block followed by a valid later block is `JET_errLogFileCorrupt`, and so
//!   is any bad block in a finished (numbered) generation;
//! * a record is returned only when every byte of it passed a block checksum.

use super::{current_log_name, list_generations, numbered_log_name, tmp_log_name};
use crate::error::{Error, ErrorCode, Result};
use crate::format::log::{
    BlockCheck, BlockHeader, Lgpos, LogFileHeader, LogRecord, LogSignature, BLOCK_FLAG_RESUMED,
    LOG_HEADER_AREA, NO_RECORD_START,
};
use ese_os::{OpenOptions, SharedFs};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};

/// How the log ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadEnd {
    /// After the last block comes a zero or stale block (or the file's end).
    Clean,
    /// The block at `at` is torn (a write cut by a power loss); nothing valid
    /// follows it in its file.
    Torn {
        /// Where the torn block starts.
        at: Lgpos,
    },
}

/// Where a log stream ends and what a writer needs to continue it
/// ([`super::LogWriter::open_after`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEnd {
    /// Clean or torn.
    pub kind: ReadEnd,
    /// The stream's signature.
    pub signature: LogSignature,
    /// The generation of the current file.
    pub generation: u32,
    /// Just past the last complete record (the next record's position when
    /// nothing else is lost).
    pub end: Lgpos,
    /// Sector size of the stream's files.
    pub sector_size: u32,
    /// Size of the stream's files.
    pub file_size: u64,
    pub(super) next_offset: u64,
    pub(super) next_seq: u64,
    pub(super) last_crc: u32,
    /// The current generation is still named `<base>tmp.log` (a rollover was
    /// cut between its two renames).
    pub(super) current_is_tmp: bool,
}

impl LogEnd {
    /// Whether a generation with header `h` continues the one that ends here:
    /// it starts where this one's data ended, with the next block sequence
    /// number, and carries the checksum of this one's last block.
    pub(crate) fn continued_by(&self, h: &LogFileHeader) -> bool {
        h.prev_end == self.end && h.first_seq == self.next_seq && h.prev_last_crc == self.last_crc
    }
}

#[derive(Debug, Clone)]
struct LogFile {
    generation: u32,
    path: PathBuf,
    header: LogFileHeader,
}

/// An open log directory.
#[derive(Debug, Clone)]
pub struct LogReader {
    fs: SharedFs,
    files: Vec<LogFile>,
    current_is_tmp: bool,
}

/// What one file holds.
struct FileScan {
    records: Vec<(Lgpos, LogRecord)>,
    kind: ReadEnd,
    end: Lgpos,
    next_offset: u64,
    next_seq: u64,
    last_crc: u32,
}

/// The header of the log file at `path`: `JET_errLogFileCorrupt` when the file
/// is shorter than a header or the header does not decode.
pub fn read_header(fs: &SharedFs, path: &Path) -> Result<LogFileHeader> {
    let io = |e| Error::io(e).file(path);
    let f = fs.open(path, OpenOptions::read_only()).map_err(io)?;
    let mut b = vec![0u8; LogFileHeader::SIZE];
    f.read_at(0, &mut b).map_err(|e| match e.kind() {
        std::io::ErrorKind::UnexpectedEof => Error::with(
            ErrorCode::LogFileCorrupt,
            "log file shorter than its header",
        )
        .file(path),
        _ => io(e),
    })?;
    LogFileHeader::decode(&b).map_err(|e| e.file(path))
}

impl LogReader {
    /// Opens the log stream `base` in `dir` and checks that its files belong
    /// together (see the module rules).
    pub fn open(fs: SharedFs, dir: &Path, base: &str) -> Result<LogReader> {
        let gens = list_generations(fs.as_ref(), dir, base)?;
        let mut files = Vec::new();
        for &g in &gens {
            let path = ese_os::join(dir, &numbered_log_name(base, g));
            let header = read_header(&fs, &path)?;
            if header.generation != g {
                return Err(Error::with(
                    ErrorCode::LogGenerationMismatch,
                    format!(
                        "file name says generation {g}, header says {}",
                        header.generation
                    ),
                )
                .file(path));
            }
            files.push(LogFile {
                generation: g,
                path,
                header,
            });
        }
        for w in files.windows(2) {
            if w[1].generation != w[0].generation + 1 {
                return Err(not_contiguous(w[0].generation, w[1].generation));
            }
        }
        let cur = ese_os::join(dir, &current_log_name(base));
        let tmp = ese_os::join(dir, &tmp_log_name(base));
        let mut current_is_tmp = false;
        if fs.exists(&cur) {
            let header = read_header(&fs, &cur)?;
            files.push(LogFile {
                generation: header.generation,
                path: cur,
                header,
            });
        } else {
            let next = files.last().map(|f| f.generation + 1);
            let tmp_header = if fs.exists(&tmp) {
                read_header(&fs, &tmp).ok()
            } else {
                None
            };
            match (next, tmp_header) {
                (Some(n), Some(h)) if h.generation == n => {
                    current_is_tmp = true;
                    files.push(LogFile {
                        generation: n,
                        path: tmp,
                        header: h,
                    });
                }
                _ => {
                    return Err(Error::with(
                        ErrorCode::MissingLogFile,
                        format!("{} is missing", current_log_name(base)),
                    )
                    .file(cur))
                }
            }
        }
        let n = files.len();
        if n >= 2 && files[n - 1].generation != files[n - 2].generation + 1 {
            return Err(
                not_contiguous(files[n - 2].generation, files[n - 1].generation)
                    .file(files[n - 1].path.clone()),
            );
        }
        // `files` holds at least the current file: every path above that
        // found none returned `JET_errMissingLogFile`.
        let sig = files[0].header.signature;
        for f in &files {
            if f.header.signature != sig {
                return Err(Error::with(
                    ErrorCode::BadLogSignature,
                    format!("generation {} belongs to another log stream", f.generation),
                )
                .file(f.path.clone()));
            }
        }
        Ok(LogReader {
            fs,
            files,
            current_is_tmp,
        })
    }

    /// Opens the finished generations `lo..=hi` of `base` in `dir` (a backup
    /// set's logs), with no current file. Each header must read and name its
    /// generation (`JET_errLogGenerationMismatch`); a missing file is
    /// `JET_errFileNotFound`; another stream's file `JET_errBadLogSignature`.
    /// [`LogReader::check_finished`] then checks their bytes and links.
    pub fn open_finished(
        fs: SharedFs,
        dir: &Path,
        base: &str,
        lo: u32,
        hi: u32,
    ) -> Result<LogReader> {
        if lo == 0 || lo > hi {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                format!("no generations in {lo:08X}..{hi:08X}"),
            ));
        }
        let mut files: Vec<LogFile> = Vec::new();
        for g in lo..=hi {
            let path = ese_os::join(dir, &numbered_log_name(base, g));
            let header = read_header(&fs, &path)?;
            if header.generation != g {
                return Err(Error::with(
                    ErrorCode::LogGenerationMismatch,
                    format!(
                        "file name says generation {g}, header says {}",
                        header.generation
                    ),
                )
                .file(path));
            }
            if let Some(first) = files.first() {
                if first.header.signature != header.signature {
                    return Err(Error::with(
                        ErrorCode::BadLogSignature,
                        format!("generation {g} belongs to another log stream"),
                    )
                    .file(path));
                }
            }
            files.push(LogFile {
                generation: g,
                path,
                header,
            });
        }
        Ok(LogReader {
            fs,
            files,
            current_is_tmp: false,
        })
    }

    /// Reads every file as a finished generation: each must be whole (a torn
    /// or damaged block is `JET_errLogFileCorrupt`) and continue the one before
    /// it (`JET_errInvalidLogSequence`). Returns where the last one ends, for
    /// [`super::LogWriter::start_next`].
    pub fn check_finished(&self) -> Result<LogEnd> {
        let mut prev: Option<(Lgpos, u64, u32)> = None;
        let mut last = None;
        for (i, f) in self.files.iter().enumerate() {
            let scan = self.scan(i)?;
            if matches!(scan.kind, ReadEnd::Torn { .. }) {
                return Err(Error::with(
                    ErrorCode::LogFileCorrupt,
                    "a finished generation ends in a torn block",
                )
                .file(f.path.clone()));
            }
            if let Some((end, next_seq, last_crc)) = prev {
                let h = &f.header;
                if h.prev_end != end || h.first_seq != next_seq || h.prev_last_crc != last_crc {
                    return Err(Error::with(
                        ErrorCode::InvalidLogSequence,
                        format!(
                            "generation {:08X} does not continue the one before",
                            f.generation
                        ),
                    )
                    .file(f.path.clone()));
                }
            }
            prev = Some((scan.end, scan.next_seq, scan.last_crc));
            last = Some(self.end_of(i, &scan));
        }
        last.ok_or_else(|| Error::with(ErrorCode::InvalidParameter, "no log files"))
    }

    /// The generations present, lowest to highest (the last is the current).
    pub fn generations(&self) -> Vec<u32> {
        self.files.iter().map(|f| f.generation).collect()
    }

    /// The stream's signature.
    pub fn signature(&self) -> LogSignature {
        // `open` refuses a directory without files, so there is a first file.
        self.files
            .first()
            .map(|f| f.header.signature)
            .unwrap_or_default()
    }

    /// Checks that every generation from `from.generation` to the current one
    /// is present: `JET_errRequiredLogFilesMissing` names the missing range.
    pub fn required_from(&self, from: Lgpos) -> Result<()> {
        let lo = self.files.first().map_or(0, |f| f.generation);
        let hi = self.files.last().map_or(0, |f| f.generation);
        if from.generation < lo {
            return Err(Error::with(
                ErrorCode::RequiredLogFilesMissing,
                format!(
                    "generations {:08X} to {:08X} are missing",
                    from.generation,
                    lo - 1
                ),
            ));
        }
        if from.generation > hi {
            return Err(Error::with(
                ErrorCode::RequiredLogFilesMissing,
                format!(
                    "generations {:08X} to {:08X} are missing (log ends at {hi:08X})",
                    hi + 1,
                    from.generation
                ),
            ));
        }
        Ok(())
    }

    /// The records at or after `from`, in order, across generations.
    pub fn iter_from(&self, from: Lgpos) -> LogIter<'_> {
        let start = self
            .files
            .iter()
            .position(|f| f.generation >= from.generation)
            .unwrap_or(self.files.len());
        LogIter {
            reader: self,
            from,
            next_file: start,
            buf: VecDeque::new(),
            prev: None,
            end: None,
            failed: false,
        }
    }

    /// Reads every record from `from` to the end: the records and the end.
    pub fn read_all_from(&self, from: Lgpos) -> Result<(Vec<(Lgpos, LogRecord)>, LogEnd)> {
        let mut it = self.iter_from(from);
        let mut out = Vec::new();
        for r in it.by_ref() {
            out.push(r?);
        }
        match it.end() {
            Some(e) => Ok((out, e)),
            None => Err(Error::with(ErrorCode::LogFileCorrupt, "log end not found")),
        }
    }

    /// Where the log ends (scans the current file only).
    pub fn end(&self) -> Result<LogEnd> {
        // `open` never builds a reader without files (see there).
        let i = self.files.len() - 1;
        let scan = self.scan(i)?;
        Ok(self.end_of(i, &scan))
    }

    fn end_of(&self, i: usize, s: &FileScan) -> LogEnd {
        let f = &self.files[i];
        LogEnd {
            kind: s.kind,
            signature: f.header.signature,
            generation: f.generation,
            end: s.end,
            sector_size: f.header.sector_size,
            file_size: f.header.file_size,
            next_offset: s.next_offset,
            next_seq: s.next_seq,
            last_crc: s.last_crc,
            current_is_tmp: self.current_is_tmp,
        }
    }

    fn scan(&self, i: usize) -> Result<FileScan> {
        let f = &self.files[i];
        let last = i + 1 == self.files.len();
        let io = |e| Error::io(e).file(&f.path);
        let file = self
            .fs
            .open(&f.path, OpenOptions::read_only())
            .map_err(io)?;
        let len = file.len().map_err(io)?.min(f.header.file_size);
        let mut data = vec![0u8; usize::try_from(len).unwrap_or(0)];
        file.read_at(0, &mut data).map_err(io)?;
        let s = scan_bytes(&data, &f.header).map_err(|e| e.file(f.path.clone()))?;
        // A finished generation was synced whole before it was renamed, and a
        // writer that resumes after a torn tail zeroes it first, so a torn
        // block there is damage. A record cut at its end is not: it is the
        // unsynced start of a record a power cut lost before the writer
        // resumed (every record placed before a rollover is complete).
        if !last && matches!(s.kind, ReadEnd::Torn { .. }) {
            return Err(Error::with(
                ErrorCode::LogFileCorrupt,
                "a finished generation ends in a torn block",
            )
            .file(f.path.clone()));
        }
        Ok(s)
    }
}

fn not_contiguous(a: u32, b: u32) -> Error {
    Error::with(
        ErrorCode::ExistingLogFileIsNotContiguous,
        format!("generation {b:08X} follows {a:08X}"),
    )
}

fn corrupt_at(generation: u32, off: u64, ss: u32, what: &str) -> Error {
    let at = Lgpos::from_offset(generation, off, ss).unwrap_or(Lgpos::MAX);
    Error::with(ErrorCode::LogFileCorrupt, format!("{what} at {at}"))
}

/// Whether a valid block of generation `gen` with a sequence number of at
/// least `seq` starts at a sector boundary at or after `from`.
fn later_valid_block(data: &[u8], from: usize, ss: usize, gen: u32, seq: u64) -> bool {
    (from..data.len()).step_by(ss).any(|o| {
        matches!(BlockHeader::check(&data[o..]),
            BlockCheck::Valid(h, _) if h.generation == gen && h.seq >= seq)
    })
}

/// Scans one file's bytes (header included) block by block.
fn scan_bytes(data: &[u8], hdr: &LogFileHeader) -> Result<FileScan> {
    let gen = hdr.generation;
    let ss = hdr.sector_size;
    let pos = |off: u64| Lgpos::from_offset(gen, off, ss).unwrap_or(Lgpos::MAX);
    let mut off = LOG_HEADER_AREA;
    let mut seq = hdr.first_seq;
    let mut last_crc = hdr.prev_last_crc;
    let mut records = Vec::new();
    let mut end = pos(off);
    let mut partial: Option<(u64, Vec<u8>)> = None;
    let kind = loop {
        let Some(rest) = usize::try_from(off).ok().and_then(|o| data.get(o..)) else {
            break ReadEnd::Clean;
        };
        if rest.is_empty() {
            break ReadEnd::Clean;
        }
        let (h, crc) = match BlockHeader::check(rest) {
            BlockCheck::Zero => break ReadEnd::Clean,
            BlockCheck::Valid(h, crc) if h.generation == gen && h.seq == seq => (h, crc),
            BlockCheck::Valid(h, _) if h.generation == gen => {
                // Blocks of a generation are written in sequence into a file
                // zeroed before, and a torn tail is zeroed before the writer
                // goes on: a block of this generation out of sequence is damage.
                return Err(corrupt_at(
                    gen,
                    off,
                    ss,
                    &format!("block of sequence {} where {seq} was due", h.seq),
                ));
            }
            check => {
                // Not the next block: a stale one (another generation or
                // sequence) or a damaged one ends the log only when no block of
                // the log follows it; else the log is damaged in its middle.
                let o = off as usize;
                if later_valid_block(data, o + ss as usize, ss as usize, gen, seq) {
                    let what = if matches!(check, BlockCheck::Bad) {
                        "damaged block before valid blocks"
                    } else {
                        "block of another generation or sequence before valid blocks"
                    };
                    return Err(corrupt_at(gen, off, ss, what));
                }
                match check {
                    BlockCheck::Bad => break ReadEnd::Torn { at: pos(off) },
                    _ => break ReadEnd::Clean,
                }
            }
        };
        let payload = &rest[BlockHeader::SIZE..BlockHeader::SIZE + h.payload_len as usize];
        let payload_off = off + BlockHeader::SIZE as u64;
        if h.flags & BLOCK_FLAG_RESUMED != 0 {
            partial = None;
        }
        let cont_end = if h.first_record == NO_RECORD_START {
            payload.len()
        } else {
            h.first_record as usize
        };
        if cont_end > payload.len() {
            return Err(corrupt_at(gen, off, ss, "first record past the payload"));
        }
        if cont_end > 0 || partial.is_some() {
            let Some((start, mut bytes)) = partial.take() else {
                return Err(corrupt_at(gen, off, ss, "continuation without a record"));
            };
            bytes.extend_from_slice(&payload[..cont_end]);
            match LogRecord::framed_len(&bytes) {
                Some(n) if n == bytes.len() => {
                    records.push((pos(start), LogRecord::decode(&bytes)?));
                    end = pos(payload_off + cont_end as u64);
                }
                Some(n) if n > bytes.len() && h.first_record == NO_RECORD_START => {
                    partial = Some((start, bytes));
                }
                None if h.first_record == NO_RECORD_START => partial = Some((start, bytes)),
                _ => {
                    return Err(corrupt_at(
                        gen,
                        off,
                        ss,
                        "record does not end where the next starts",
                    ))
                }
            }
        }
        let mut i = cont_end;
        while i < payload.len() {
            let r = &payload[i..];
            match LogRecord::framed_len(r) {
                Some(n) if n <= r.len() => {
                    let rec = LogRecord::decode(&r[..n])
                        .map_err(|_| corrupt_at(gen, payload_off + i as u64, ss, "bad record"))?;
                    records.push((pos(payload_off + i as u64), rec));
                    i += n;
                    end = pos(payload_off + i as u64);
                }
                _ => {
                    partial = Some((payload_off + i as u64, r.to_vec()));
                    break;
                }
            }
        }
        last_crc = crc;
        seq += 1;
        let blen = (BlockHeader::SIZE + payload.len()) as u64;
        off += blen.div_ceil(u64::from(ss)) * u64::from(ss);
    };
    Ok(FileScan {
        records,
        kind,
        end,
        next_offset: off,
        next_seq: seq,
        last_crc,
    })
}

/// Checks a finished log file's bytes (header included): its header decodes and
/// checksums, the file is as long as the header says, every block up to the
/// zeros after the last one has its checksum, and
/// every record in them decodes. Returns the file's generation.
pub fn verify_finished_file(data: &[u8]) -> Result<u32> {
    let hdr = LogFileHeader::decode(data)?;
    // Every log file is made at its full size before its first record: a
    // shorter one lost its end (what it held past the cut reads as the log's
    // end), a longer one was added to.
    if data.len() as u64 != hdr.file_size {
        return Err(Error::with(
            ErrorCode::LogFileCorrupt,
            format!(
                "the file is {} bytes and its header gives {}: cut short or added to",
                data.len(),
                hdr.file_size
            ),
        ));
    }
    let scan = scan_bytes(data, &hdr)?;
    if let ReadEnd::Torn { at } = scan.kind {
        return Err(Error::with(
            ErrorCode::LogFileCorrupt,
            format!("damaged block at {at}"),
        ));
    }
    Ok(hdr.generation)
}

/// The records of a log stream from a position on; see
/// [`LogReader::iter_from`]. After it returns `None`, [`LogIter::end`] tells
/// where the log ended.
#[derive(Debug)]
pub struct LogIter<'a> {
    reader: &'a LogReader,
    from: Lgpos,
    next_file: usize,
    buf: VecDeque<(Lgpos, LogRecord)>,
    /// `(end, next_seq, last_crc)` of the file scanned before.
    prev: Option<(Lgpos, u64, u32)>,
    end: Option<LogEnd>,
    failed: bool,
}

impl LogIter<'_> {
    /// Where the log ends, once every record was returned.
    pub fn end(&self) -> Option<LogEnd> {
        self.end.clone()
    }

    fn load_next_file(&mut self) -> Result<()> {
        let i = self.next_file;
        self.next_file += 1;
        let scan = self.reader.scan(i)?;
        let f = &self.reader.files[i];
        if let Some((end, next_seq, last_crc)) = self.prev {
            let h = &f.header;
            if h.prev_end != end || h.first_seq != next_seq || h.prev_last_crc != last_crc {
                return Err(Error::with(
                    ErrorCode::InvalidLogSequence,
                    format!(
                        "generation {:08X} does not continue the one before",
                        f.generation
                    ),
                )
                .file(f.path.clone()));
            }
        }
        self.prev = Some((scan.end, scan.next_seq, scan.last_crc));
        if i + 1 == self.reader.files.len() {
            self.end = Some(self.reader.end_of(i, &scan));
        }
        let from = self.from;
        self.buf
            .extend(scan.records.into_iter().filter(|(p, _)| *p >= from));
        Ok(())
    }
}

impl Iterator for LogIter<'_> {
    type Item = Result<(Lgpos, LogRecord)>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.failed {
                return None;
            }
            if let Some(r) = self.buf.pop_front() {
                return Some(Ok(r));
            }
            if self.next_file >= self.reader.files.len() {
                return None;
            }
            if let Err(e) = self.load_next_file() {
                self.failed = true;
                return Some(Err(e));
            }
        }
    }
}
