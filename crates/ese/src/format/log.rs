//! The persisted bytes of the write-ahead log and the checkpoint file.
//!
//! This module owns the layout of `<base>.log` / `<base>XXXXXXXX.log` files
//! (file header, blocks, records) and of `<base>.chk`. Pure functions over
//! byte slices; every decoder takes untrusted input and returns a `JET_err`
//! (`JET_errLogFileCorrupt`, `JET_errCheckpointCorrupt`) instead of panicking.
//! `docs/design/log-format.md` describes the same bytes with the rules the
//! writer and the reader follow.
//!
//! What must hold:
//! * all integers are little-endian and fixed width; every struct below has a
//!   size constant checked by an assertion;
//! * every persisted unit carries a crc32c (Castagnoli) computed with its own
//!   checksum field zeroed, so a torn or flipped byte is detected;
//! * `decode(encode(x)) == x` for every value this module can encode.
//!
//! Log file layout: the header occupies the first [`LOG_HEADER_AREA`] bytes
//! (one 4 KiB unit, i.e. 8 sectors of 512 bytes or 1 of 4096); blocks follow,
//! each starting at a sector boundary and padded with zeros to whole sectors.
//!
//! Log file header ([`LogFileHeader`], [`LogFileHeader::SIZE`] = 96 bytes,
//! the rest of the header area is zero):
//!
//! | off | size | field |
//! | --- | --- | --- |
//! | 0 | 8 | magic `ESERSLOG` |
//! | 8 | 4 | format version ([`LOG_VERSION`]) |
//! | 12 | 4 | sector size |
//! | 16 | 4 | generation |
//! | 20 | 4 | flags (bit 0: circular logging) |
//! | 24 | 8 | file size in bytes |
//! | 32 | 24 | [`LogSignature`] of the log stream |
//! | 56 | 8 | creation time of this file (Unix microseconds) |
//! | 64 | 8 | previous generation's end [`Lgpos`] (zero for generation 1) |
//! | 72 | 4 | crc32c of the previous generation's last block (0 when none) |
//! | 76 | 8 | sequence number of this file's first block |
//! | 84 | 8 | reserved, zero |
//! | 92 | 4 | crc32c of bytes 0..96 with this field zero |
//!
//! Block header ([`BlockHeader`], [`BlockHeader::SIZE`] = 32 bytes), followed
//! by `payload_len` payload bytes and zero padding to the next sector:
//!
//! | off | size | field |
//! | --- | --- | --- |
//! | 0 | 4 | magic `0x4B4C4245` (`EBLK`) |
//! | 4 | 4 | generation |
//! | 8 | 8 | block sequence number (counts up across the whole stream) |
//! | 16 | 4 | payload length |
//! | 20 | 4 | offset in the payload of the first record starting there, `u32::MAX` when none |
//! | 24 | 4 | flags ([`BLOCK_FLAG_RESUMED`]) |
//! | 28 | 4 | crc32c of header (this field zero) and payload |
//!
//! Record frame: `u32` length of what follows, `u8` type, body ([`LogRecord`]).
//! The payloads of one file's blocks form one byte stream of frames; a frame
//! may continue in the next block of the same file, never in the next file.

use crate::error::{Error, ErrorCode, Result};
use std::fmt;

/// The size of the log file header area: blocks start at this offset.
pub const LOG_HEADER_AREA: u64 = 4096;
/// The log file format version this engine writes and reads.
pub const LOG_VERSION: u32 = 1;
/// Magic of a log file header.
pub const LOG_FILE_MAGIC: [u8; 8] = *b"ESERSLOG";
/// Magic of a block header (`EBLK` in little-endian byte order).
pub const BLOCK_MAGIC: u32 = 0x4B4C_4245;
/// Block flag: the writer resumed after a torn tail with this block; a record
/// left incomplete by the blocks before it is discarded, not continued.
pub const BLOCK_FLAG_RESUMED: u32 = 1;
/// The `first_record` value of a block in which no record starts.
pub const NO_RECORD_START: u32 = u32::MAX;
/// Size of the frame prefix of a record: `u32` length and `u8` type.
pub const RECORD_FRAME: usize = 5;

/// The smallest log file, in bytes.
pub const MIN_FILE_SIZE: u64 = 64 * 1024;

/// Whether a log file of `file_size` bytes is one a writer makes with sectors of
/// `sector_size` bytes: at least [`MIN_FILE_SIZE`], whole sectors, at most
/// 65535 of them (an `Lgpos` sector fits 16 bits).
pub fn file_size_fits(file_size: u64, sector_size: u32) -> bool {
    let ss = u64::from(sector_size.max(1));
    file_size >= MIN_FILE_SIZE
        && file_size.is_multiple_of(ss)
        && file_size / ss <= u64::from(u16::MAX)
}

/// The crc32c (Castagnoli) of `bytes`.
pub fn crc32c(bytes: &[u8]) -> u32 {
    crc32c::crc32c(bytes)
}

fn corrupt(what: impl Into<String>) -> Error {
    Error::with(ErrorCode::LogFileCorrupt, what)
}

/// A little-endian cursor over untrusted bytes; every read is bounds-checked.
struct Rd<'a> {
    buf: &'a [u8],
    pos: usize,
    code: ErrorCode,
}

impl<'a> Rd<'a> {
    fn new(buf: &'a [u8], code: ErrorCode) -> Self {
        Rd { buf, pos: 0, code }
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.buf.len());
        match end {
            Some(end) => {
                let s = &self.buf[self.pos..end];
                self.pos = end;
                Ok(s)
            }
            None => Err(Error::with(self.code, "truncated field")),
        }
    }
    fn arr<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16> {
        Ok(u16::from_le_bytes(self.arr()?))
    }
    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.arr()?))
    }
    fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(self.arr()?))
    }
    fn lgpos(&mut self) -> Result<Lgpos> {
        Ok(Lgpos::decode(self.arr()?))
    }
    fn done(&self) -> Result<()> {
        if self.pos == self.buf.len() {
            Ok(())
        } else {
            Err(Error::with(self.code, "trailing bytes"))
        }
    }
}

/// A log position (ESE's `LGPOS`): generation, sector in the file, byte in
/// the sector. Ordered by generation, then sector, then byte.
///
/// | off | size | field |
/// | --- | --- | --- |
/// | 0 | 4 | generation |
/// | 4 | 2 | sector |
/// | 6 | 2 | byte |
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Lgpos {
    /// The log generation (file number).
    pub generation: u32,
    /// The sector within the file.
    pub sector: u16,
    /// The byte within the sector.
    pub byte: u16,
}

const _: () = assert!(Lgpos::SIZE == 8);

impl Lgpos {
    /// Size of the persisted form in bytes.
    pub const SIZE: usize = 8;
    /// The smallest position.
    pub const MIN: Lgpos = Lgpos {
        generation: 0,
        sector: 0,
        byte: 0,
    };
    /// The largest position.
    pub const MAX: Lgpos = Lgpos {
        generation: u32::MAX,
        sector: u16::MAX,
        byte: u16::MAX,
    };

    /// The position of byte `offset` of generation `generation`'s file, or
    /// `None` when the sector number does not fit 16 bits.
    pub fn from_offset(generation: u32, offset: u64, sector_size: u32) -> Option<Lgpos> {
        let ss = u64::from(sector_size.max(1));
        Some(Lgpos {
            generation,
            sector: u16::try_from(offset / ss).ok()?,
            byte: u16::try_from(offset % ss).ok()?,
        })
    }

    /// The byte offset in its file this position names.
    pub fn offset(self, sector_size: u32) -> u64 {
        u64::from(self.sector) * u64::from(sector_size) + u64::from(self.byte)
    }

    /// The persisted form.
    pub fn encode(self) -> [u8; 8] {
        let mut b = [0u8; 8];
        b[0..4].copy_from_slice(&self.generation.to_le_bytes());
        b[4..6].copy_from_slice(&self.sector.to_le_bytes());
        b[6..8].copy_from_slice(&self.byte.to_le_bytes());
        b
    }

    /// Reads the persisted form (every bit pattern is a position).
    pub fn decode(b: [u8; 8]) -> Lgpos {
        Lgpos {
            generation: u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
            sector: u16::from_le_bytes([b[4], b[5]]),
            byte: u16::from_le_bytes([b[6], b[7]]),
        }
    }
}

impl fmt::Display for Lgpos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:08X}:{:04X}:{:04X}",
            self.generation, self.sector, self.byte
        )
    }
}

/// The identity of one log stream: every generation of the stream and its
/// checkpoint carry the same signature.
///
/// | off | size | field |
/// | --- | --- | --- |
/// | 0 | 16 | random bytes |
/// | 16 | 8 | creation time of the stream (Unix microseconds) |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct LogSignature {
    /// Random bytes chosen when the stream was created.
    pub random: [u8; 16],
    /// When the stream was created (Unix microseconds).
    pub created_micros: u64,
}

const _: () = assert!(LogSignature::SIZE == 24);

impl LogSignature {
    /// Size of the persisted form in bytes.
    pub const SIZE: usize = 24;

    /// The persisted form.
    pub fn encode(&self) -> [u8; 24] {
        let mut b = [0u8; 24];
        b[..16].copy_from_slice(&self.random);
        b[16..].copy_from_slice(&self.created_micros.to_le_bytes());
        b
    }

    fn read(rd: &mut Rd<'_>) -> Result<LogSignature> {
        Ok(LogSignature {
            random: rd.arr()?,
            created_micros: rd.u64()?,
        })
    }
}

/// The header of one log file (see the module table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogFileHeader {
    /// Sector size the file was written with (512 or 4096).
    pub sector_size: u32,
    /// The generation this file holds.
    pub generation: u32,
    /// Whether the stream uses circular logging.
    pub circular: bool,
    /// The file's size in bytes (it is pre-allocated to this).
    pub file_size: u64,
    /// The stream's signature.
    pub signature: LogSignature,
    /// When this file was created (Unix microseconds).
    pub created_micros: u64,
    /// Where the previous generation's data ended.
    pub prev_end: Lgpos,
    /// The crc32c of the previous generation's last block.
    pub prev_last_crc: u32,
    /// The sequence number of this file's first block.
    pub first_seq: u64,
}

const _: () = assert!(LogFileHeader::SIZE == 96 && LogFileHeader::SIZE as u64 <= LOG_HEADER_AREA);

impl LogFileHeader {
    /// Size of the persisted header in bytes.
    pub const SIZE: usize = 96;

    /// The persisted header (96 bytes).
    pub fn encode(&self) -> [u8; Self::SIZE] {
        let mut b = [0u8; Self::SIZE];
        b[0..8].copy_from_slice(&LOG_FILE_MAGIC);
        b[8..12].copy_from_slice(&LOG_VERSION.to_le_bytes());
        b[12..16].copy_from_slice(&self.sector_size.to_le_bytes());
        b[16..20].copy_from_slice(&self.generation.to_le_bytes());
        b[20..24].copy_from_slice(&u32::from(self.circular).to_le_bytes());
        b[24..32].copy_from_slice(&self.file_size.to_le_bytes());
        b[32..56].copy_from_slice(&self.signature.encode());
        b[56..64].copy_from_slice(&self.created_micros.to_le_bytes());
        b[64..72].copy_from_slice(&self.prev_end.encode());
        b[72..76].copy_from_slice(&self.prev_last_crc.to_le_bytes());
        b[76..84].copy_from_slice(&self.first_seq.to_le_bytes());
        let crc = crc32c(&b);
        b[92..96].copy_from_slice(&crc.to_le_bytes());
        b
    }

    /// Reads a header from the start of `bytes`: `JET_errBadLogSignature` when
    /// the magic is wrong, `JET_errBadLogVersion` for another version,
    /// `JET_errLogFileCorrupt` when the checksum or a field is bad.
    pub fn decode(bytes: &[u8]) -> Result<LogFileHeader> {
        let b = bytes
            .get(..Self::SIZE)
            .ok_or_else(|| corrupt("log file header truncated"))?;
        if b[0..8] != LOG_FILE_MAGIC {
            return Err(Error::with(
                ErrorCode::BadLogSignature,
                "not a log file (bad magic)",
            ));
        }
        let mut z = [0u8; Self::SIZE];
        z.copy_from_slice(b);
        z[92..96].fill(0);
        let stored = u32::from_le_bytes([b[92], b[93], b[94], b[95]]);
        if crc32c(&z) != stored {
            return Err(corrupt("log file header checksum mismatch"));
        }
        let mut rd = Rd::new(&b[8..92], ErrorCode::LogFileCorrupt);
        let version = rd.u32()?;
        if version != LOG_VERSION {
            return Err(Error::with(
                ErrorCode::BadLogVersion,
                format!("log format version {version}, expected {LOG_VERSION}"),
            ));
        }
        let sector_size = rd.u32()?;
        let generation = rd.u32()?;
        let flags = rd.u32()?;
        let file_size = rd.u64()?;
        let signature = LogSignature::read(&mut rd)?;
        let created_micros = rd.u64()?;
        let prev_end = rd.lgpos()?;
        let prev_last_crc = rd.u32()?;
        let first_seq = rd.u64()?;
        if !matches!(sector_size, 512 | 4096) || !file_size_fits(file_size, sector_size) {
            return Err(corrupt("log file header has a bad sector or file size"));
        }
        Ok(LogFileHeader {
            sector_size,
            generation,
            circular: flags & 1 != 0,
            file_size,
            signature,
            created_micros,
            prev_end,
            prev_last_crc,
            first_seq,
        })
    }
}

/// The header of one block (see the module table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockHeader {
    /// The generation of the file the block belongs to.
    pub generation: u32,
    /// The block's sequence number in the stream.
    pub seq: u64,
    /// Payload bytes following the header.
    pub payload_len: u32,
    /// Offset in the payload of the first record starting in this block, or
    /// [`NO_RECORD_START`].
    pub first_record: u32,
    /// Flags ([`BLOCK_FLAG_RESUMED`]).
    pub flags: u32,
}

const _: () = assert!(BlockHeader::SIZE == 32);

/// What a block's bytes turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockCheck {
    /// The header area is all zeros: nothing was ever written here.
    Zero,
    /// A block whose magic and checksum are right.
    Valid(BlockHeader, u32),
    /// Anything else: a torn or damaged block.
    Bad,
}

impl BlockHeader {
    /// Size of the persisted header in bytes.
    pub const SIZE: usize = 32;

    /// The whole block: header, `payload`, zero padding to a multiple of
    /// `sector_size`; and its crc32c.
    pub fn encode_block(&self, payload: &[u8], sector_size: u32) -> (Vec<u8>, u32) {
        let mut b = Vec::new();
        let crc = self.encode_block_into(payload, sector_size, &mut b);
        (b, crc)
    }

    /// [`BlockHeader::encode_block`] into `out` (its bytes replaced, its capacity
    /// kept for the next block); returns the crc32c.
    pub fn encode_block_into(&self, payload: &[u8], sector_size: u32, out: &mut Vec<u8>) -> u32 {
        let len = Self::SIZE + payload.len();
        let padded = Self::block_len(payload.len(), sector_size);
        out.clear();
        out.reserve(padded);
        out.extend_from_slice(&BLOCK_MAGIC.to_le_bytes());
        out.extend_from_slice(&self.generation.to_le_bytes());
        out.extend_from_slice(&self.seq.to_le_bytes());
        out.extend_from_slice(&self.payload_len.to_le_bytes());
        out.extend_from_slice(&self.first_record.to_le_bytes());
        out.extend_from_slice(&self.flags.to_le_bytes());
        // The crc's own field counts as zeros.
        out.extend_from_slice(&[0u8; 4]);
        out.extend_from_slice(payload);
        let crc = crc32c(&out[..len]);
        out[28..32].copy_from_slice(&crc.to_le_bytes());
        out.resize(padded, 0);
        crc
    }

    /// The size of a block with `payload_len` bytes of payload: header and
    /// payload padded to a multiple of `sector_size`.
    pub fn block_len(payload_len: usize, sector_size: u32) -> usize {
        let ss = sector_size.max(1) as usize;
        (Self::SIZE + payload_len).div_ceil(ss) * ss
    }

    /// Examines the block starting at `bytes[0]` (`bytes` runs to the end of
    /// the file). A valid block's payload is `bytes[32..32 + payload_len]`;
    /// the crc32c is returned with it.
    pub fn check(bytes: &[u8]) -> BlockCheck {
        let Some(h) = bytes.get(..Self::SIZE) else {
            return BlockCheck::Bad;
        };
        if h.iter().all(|&x| x == 0) {
            return BlockCheck::Zero;
        }
        let word = |i: usize| u32::from_le_bytes([h[i], h[i + 1], h[i + 2], h[i + 3]]);
        if word(0) != BLOCK_MAGIC {
            return BlockCheck::Bad;
        }
        let payload_len = word(16);
        let Some(end) = Self::SIZE.checked_add(payload_len as usize) else {
            return BlockCheck::Bad;
        };
        let Some(body) = bytes.get(..end) else {
            return BlockCheck::Bad;
        };
        let mut c = crc32c::crc32c(&h[..28]);
        c = crc32c::crc32c_append(c, &[0u8; 4]);
        c = crc32c::crc32c_append(c, &body[Self::SIZE..]);
        if c != word(28) {
            return BlockCheck::Bad;
        }
        let mut seq = [0u8; 8];
        seq.copy_from_slice(&h[8..16]);
        let hdr = BlockHeader {
            generation: word(4),
            seq: u64::from_le_bytes(seq),
            payload_len,
            first_record: word(20),
            flags: word(24),
        };
        BlockCheck::Valid(hdr, c)
    }
}

/// Size of the ESE database signature carried by [`LogRecord::Attach`]: the
/// 28-byte `SIGNATURE` of the database header (random `u32`, creation
/// `LOGTIME`, computer name), copied verbatim.
pub const DB_SIGNATURE_SIZE: usize = 28;

/// The type byte of a [`LogRecord::PageImage`] written without the page's free
/// gap, which holds only zeros (`format::page::zero_gap`); it reads back as the
/// whole image.
const PAGE_IMAGE_ELIDED: u8 = 14;

/// The type byte of [`LogRecord::PageOp`].
const PAGE_OP_TYPE: u8 = 6;
/// The type byte of [`LogRecord::PageImage`] with its whole image.
const PAGE_IMAGE_TYPE: u8 = 7;
/// The type byte of [`LogRecord::Undo`].
const UNDO_TYPE: u8 = 12;

/// One log record. Bodies (after the frame's length and type byte):
///
/// | type | record | body |
/// | --- | --- | --- |
/// | 1 | `Init` | empty |
/// | 2 | `Term` | `u8` clean (0/1) |
/// | 3 | `Begin` | `u64` txn, `u32` session |
/// | 4 | `Commit` | `u64` txn, `u64` commit_ts |
/// | 5 | `Rollback` | `u64` txn |
/// | 6 | `PageOp` | `u8` dbid, `u32` pgno, `u32` objid, `u64` dbtime_before, `u64` dbtime_after, `u64` txn, `u8` op, `u32` len, payload |
/// | 7 | `PageImage` | `u8` dbid, `u32` pgno, `u64` dbtime, `u32` len, image |
/// | 14 | `PageImage` without its gap | `u8` dbid, `u32` pgno, `u64` dbtime, `u32` len (the page's), `u32` gap offset, `u32` gap length, the image without the gap (len − gap bytes) |
/// | 8 | `Attach` | `u8` dbid, 28-byte db signature, `u16` len, UTF-8 path |
/// | 9 | `Detach` | `u8` dbid |
/// | 10 | `Checkpoint` | 8-byte [`Lgpos`] |
/// | 15 | `ExtendDb` | `u8` dbid, `u32` last page number |
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogRecord {
    /// The instance started logging.
    Init,
    /// The instance stopped logging; `clean` when every page was flushed.
    Term {
        /// Whether the shutdown was clean.
        clean: bool,
    },
    /// A transaction began.
    Begin {
        /// Transaction id.
        txn: u64,
        /// Session the transaction runs in.
        session: u32,
    },
    /// A transaction committed.
    Commit {
        /// Transaction id.
        txn: u64,
        /// Commit timestamp.
        commit_ts: u64,
    },
    /// A transaction rolled back.
    Rollback {
        /// Transaction id.
        txn: u64,
    },
    /// A physiological change to one page; the payload is opaque here.
    PageOp {
        /// Database id.
        dbid: u8,
        /// Page number.
        pgno: u32,
        /// Object (tree) id.
        objid: u32,
        /// Page dbtime before the change.
        dbtime_before: u64,
        /// Page dbtime after the change.
        dbtime_after: u64,
        /// Transaction id.
        txn: u64,
        /// Operation code (defined by the layer that logs it).
        op: u8,
        /// Operation data.
        payload: Vec<u8>,
    },
    /// A whole page image.
    PageImage {
        /// Database id.
        dbid: u8,
        /// Page number.
        pgno: u32,
        /// Page dbtime.
        dbtime: u64,
        /// The page bytes.
        image: Vec<u8>,
    },
    /// A database was attached.
    Attach {
        /// Database id.
        dbid: u8,
        /// Path of the database file.
        path: String,
        /// The database header's 28-byte signature ([`DB_SIGNATURE_SIZE`]).
        db_signature: [u8; DB_SIGNATURE_SIZE],
    },
    /// A database was detached.
    Detach {
        /// Database id.
        dbid: u8,
    },
    /// A checkpoint marker.
    Checkpoint {
        /// The checkpoint position.
        lgpos: Lgpos,
    },
    /// The end of a step: the records since the previous step end are one unit
    /// that redo applies whole or not at all.
    StepEnd,
    /// What undoing change `id` of transaction `txn` in database `dbid` needs
    /// (bytes of `format::undo::UndoInfo`).
    Undo {
        /// Database id.
        dbid: u8,
        /// Transaction id.
        txn: u64,
        /// The change's id, unique in its database while the instance runs.
        id: u64,
        /// The undo information.
        info: Vec<u8>,
    },
    /// Change `id` of transaction `txn` in database `dbid` was undone.
    Undone {
        /// Database id.
        dbid: u8,
        /// Transaction id.
        txn: u64,
        /// The change's id.
        id: u64,
    },
    /// The file of database `dbid` grew to hold pages up to `last_pgno` (ESE's
    /// extend-database record): redo writes no page past the file's end and
    /// the growths it read.
    ExtendDb {
        /// Database id.
        dbid: u8,
        /// The last page the file holds now.
        last_pgno: u32,
    },
}

impl LogRecord {
    fn type_byte(&self) -> u8 {
        match self {
            LogRecord::Init => 1,
            LogRecord::Term { .. } => 2,
            LogRecord::Begin { .. } => 3,
            LogRecord::Commit { .. } => 4,
            LogRecord::Rollback { .. } => 5,
            LogRecord::PageOp { .. } => PAGE_OP_TYPE,
            LogRecord::PageImage { .. } => PAGE_IMAGE_TYPE,
            LogRecord::Attach { .. } => 8,
            LogRecord::Detach { .. } => 9,
            LogRecord::Checkpoint { .. } => 10,
            LogRecord::StepEnd => 11,
            LogRecord::Undo { .. } => UNDO_TYPE,
            LogRecord::Undone { .. } => 13,
            LogRecord::ExtendDb { .. } => 15,
        }
    }

    /// Appends the framed record (length, type, body) to `out`. Fails with
    /// `JET_errLogBufferTooSmall` when a variable part is too long for its
    /// length field.
    pub fn encode_into(&self, out: &mut Vec<u8>) -> Result<()> {
        match self {
            LogRecord::PageOp {
                dbid,
                pgno,
                objid,
                dbtime_before,
                dbtime_after,
                txn,
                op,
                payload,
            } => {
                let head = PageOpHead {
                    dbid: *dbid,
                    pgno: *pgno,
                    objid: *objid,
                    dbtime_before: *dbtime_before,
                    dbtime_after: *dbtime_after,
                    txn: *txn,
                    op: *op,
                };
                return encode_page_op_into(out, &head, |o| {
                    o.extend_from_slice(payload);
                    Ok(())
                });
            }
            LogRecord::PageImage {
                dbid,
                pgno,
                dbtime,
                image,
            } => return encode_page_image_into(out, *dbid, *pgno, *dbtime, image),
            LogRecord::Undo {
                dbid,
                txn,
                id,
                info,
            } => {
                return encode_undo_into(out, *dbid, *txn, *id, |o| {
                    o.extend_from_slice(info);
                    Ok(())
                })
            }
            _ => {}
        }
        frame(out, self.type_byte(), |out| {
            self.put_body(out).map(|()| None)
        })
    }

    /// The body of every record but the two page records, which
    /// [`LogRecord::encode_into`] writes with their own encoders.
    fn put_body(&self, out: &mut Vec<u8>) -> Result<()> {
        let too_big = too_long;
        match self {
            LogRecord::Init => {}
            LogRecord::Term { clean } => out.push(u8::from(*clean)),
            LogRecord::Begin { txn, session } => {
                out.extend_from_slice(&txn.to_le_bytes());
                out.extend_from_slice(&session.to_le_bytes());
            }
            LogRecord::Commit { txn, commit_ts } => {
                out.extend_from_slice(&txn.to_le_bytes());
                out.extend_from_slice(&commit_ts.to_le_bytes());
            }
            LogRecord::Rollback { txn } => out.extend_from_slice(&txn.to_le_bytes()),
            LogRecord::PageOp { .. } | LogRecord::PageImage { .. } => {
                return Err(Error::with(
                    ErrorCode::InternalError,
                    "page records have their own encoders",
                ))
            }
            LogRecord::Attach {
                dbid,
                path,
                db_signature,
            } => {
                out.push(*dbid);
                out.extend_from_slice(db_signature);
                let n = u16::try_from(path.len()).map_err(|_| too_big())?;
                out.extend_from_slice(&n.to_le_bytes());
                out.extend_from_slice(path.as_bytes());
            }
            LogRecord::Detach { dbid } => out.push(*dbid),
            LogRecord::Checkpoint { lgpos } => out.extend_from_slice(&lgpos.encode()),
            LogRecord::StepEnd => {}
            LogRecord::Undo { .. } => {
                return Err(Error::with(
                    ErrorCode::InternalError,
                    "undo records have their own encoder",
                ))
            }
            LogRecord::Undone { dbid, txn, id } => {
                out.push(*dbid);
                out.extend_from_slice(&txn.to_le_bytes());
                out.extend_from_slice(&id.to_le_bytes());
            }
            LogRecord::ExtendDb { dbid, last_pgno } => {
                out.push(*dbid);
                out.extend_from_slice(&last_pgno.to_le_bytes());
            }
        }
        Ok(())
    }

    /// The framed record as a new vector.
    pub fn encode(&self) -> Result<Vec<u8>> {
        let mut v = Vec::new();
        self.encode_into(&mut v)?;
        Ok(v)
    }

    /// The total framed length of the record that starts at `bytes[0]`, when
    /// its length prefix is there.
    pub fn framed_len(bytes: &[u8]) -> Option<usize> {
        let b = bytes.get(..4)?;
        let n = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
        n.checked_add(4)
    }

    /// Decodes exactly one framed record (`bytes` is the whole frame).
    pub fn decode(bytes: &[u8]) -> Result<LogRecord> {
        let mut rd = Rd::new(bytes, ErrorCode::LogFileCorrupt);
        let len = rd.u32()? as usize;
        if len != bytes.len().saturating_sub(4) || len == 0 {
            return Err(corrupt("log record length does not match its frame"));
        }
        let ty = rd.u8()?;
        let rec = match ty {
            1 => LogRecord::Init,
            2 => LogRecord::Term {
                clean: match rd.u8()? {
                    0 => false,
                    1 => true,
                    _ => return Err(corrupt("bad Term flag")),
                },
            },
            3 => LogRecord::Begin {
                txn: rd.u64()?,
                session: rd.u32()?,
            },
            4 => LogRecord::Commit {
                txn: rd.u64()?,
                commit_ts: rd.u64()?,
            },
            5 => LogRecord::Rollback { txn: rd.u64()? },
            6 => {
                let dbid = rd.u8()?;
                let pgno = rd.u32()?;
                let objid = rd.u32()?;
                let dbtime_before = rd.u64()?;
                let dbtime_after = rd.u64()?;
                let txn = rd.u64()?;
                let op = rd.u8()?;
                let n = rd.u32()? as usize;
                LogRecord::PageOp {
                    dbid,
                    pgno,
                    objid,
                    dbtime_before,
                    dbtime_after,
                    txn,
                    op,
                    payload: rd.take(n)?.to_vec(),
                }
            }
            7 => {
                let dbid = rd.u8()?;
                let pgno = rd.u32()?;
                let dbtime = rd.u64()?;
                let n = rd.u32()? as usize;
                LogRecord::PageImage {
                    dbid,
                    pgno,
                    dbtime,
                    image: rd.take(n)?.to_vec(),
                }
            }
            8 => {
                let dbid = rd.u8()?;
                let db_signature = rd.arr()?;
                let n = rd.u16()? as usize;
                let path = String::from_utf8(rd.take(n)?.to_vec())
                    .map_err(|_| corrupt("attach path is not UTF-8"))?;
                LogRecord::Attach {
                    dbid,
                    path,
                    db_signature,
                }
            }
            9 => LogRecord::Detach { dbid: rd.u8()? },
            10 => LogRecord::Checkpoint { lgpos: rd.lgpos()? },
            11 => LogRecord::StepEnd,
            12 => {
                let dbid = rd.u8()?;
                let txn = rd.u64()?;
                let id = rd.u64()?;
                let n = rd.u32()? as usize;
                LogRecord::Undo {
                    dbid,
                    txn,
                    id,
                    info: rd.take(n)?.to_vec(),
                }
            }
            13 => LogRecord::Undone {
                dbid: rd.u8()?,
                txn: rd.u64()?,
                id: rd.u64()?,
            },
            15 => LogRecord::ExtendDb {
                dbid: rd.u8()?,
                last_pgno: rd.u32()?,
            },
            PAGE_IMAGE_ELIDED => {
                let dbid = rd.u8()?;
                let pgno = rd.u32()?;
                let dbtime = rd.u64()?;
                let n = rd.u32()? as usize;
                let at = rd.u32()? as usize;
                let gap = rd.u32()? as usize;
                let kept = rd.take(n.saturating_sub(gap))?;
                LogRecord::PageImage {
                    dbid,
                    pgno,
                    dbtime,
                    image: crate::format::page::fill_gap(kept, n, at, gap).ok_or_else(|| {
                        corrupt(format!(
                            "page image of page {pgno} with a gap that does not fit"
                        ))
                    })?,
                }
            }
            t => return Err(corrupt(format!("unknown log record type {t}"))),
        };
        rd.done()?;
        Ok(rec)
    }
}

fn too_long() -> Error {
    Error::with(ErrorCode::LogBufferTooSmall, "log record field too long")
}

/// Appends a frame of type `ty` whose body `body` writes (it may return another
/// type byte to put in place of `ty`). On an error `out` is left as it was.
fn frame(
    out: &mut Vec<u8>,
    ty: u8,
    body: impl FnOnce(&mut Vec<u8>) -> Result<Option<u8>>,
) -> Result<()> {
    let start = out.len();
    super::put_whole(out, |out| {
        let retyped = put_len32(out, |out| {
            out.push(ty);
            body(out)
        })?;
        if let Some(t) = retyped {
            out[start + 4] = t;
        }
        Ok(())
    })
}

/// Appends a `u32` length and then what `body` writes, the length counting it.
fn put_len32<T>(out: &mut Vec<u8>, body: impl FnOnce(&mut Vec<u8>) -> Result<T>) -> Result<T> {
    let at = out.len();
    out.extend_from_slice(&[0u8; 4]);
    let r = body(out)?;
    let n = u32::try_from(out.len() - at - 4).map_err(|_| too_long())?;
    out[at..at + 4].copy_from_slice(&n.to_le_bytes());
    Ok(r)
}

/// Appends the frame of a record made of the fixed bytes `head` (its type byte
/// first) and then a `u32` length and what `body` writes: as [`frame`] with
/// [`put_len32`] inside it lays such a record out, with the fixed part written
/// at once. On an error `out` is left as it was.
fn frame_len32<const N: usize>(
    out: &mut Vec<u8>,
    head: [u8; N],
    body: impl FnOnce(&mut Vec<u8>) -> Result<()>,
) -> Result<()> {
    let start = out.len();
    out.reserve(N + 8);
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&head);
    out.extend_from_slice(&[0; 4]);
    let fixed = out.len();
    let lens = body(out).and_then(|()| {
        let inner = u32::try_from(out.len() - fixed).map_err(|_| too_long())?;
        let whole = u32::try_from(out.len() - start - 4).map_err(|_| too_long())?;
        Ok((inner, whole))
    });
    match lens {
        Ok((inner, whole)) => {
            out[start..start + 4].copy_from_slice(&whole.to_le_bytes());
            out[fixed - 4..fixed].copy_from_slice(&inner.to_le_bytes());
            Ok(())
        }
        Err(e) => {
            out.truncate(start);
            Err(e)
        }
    }
}

/// The fixed fields of a [`LogRecord::PageOp`], for [`encode_page_op_into`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageOpHead {
    /// Database id.
    pub dbid: u8,
    /// Page number.
    pub pgno: u32,
    /// Object (tree) id.
    pub objid: u32,
    /// Page dbtime before the change.
    pub dbtime_before: u64,
    /// Page dbtime after the change.
    pub dbtime_after: u64,
    /// Transaction id.
    pub txn: u64,
    /// Operation code.
    pub op: u8,
}

/// Appends the frame of a [`LogRecord::PageOp`] with `head`, whose payload
/// `payload` writes straight into `out` (no payload vector of its own). The bytes
/// are those of `LogRecord::PageOp::encode_into`; on an error `out` is unchanged.
pub fn encode_page_op_into(
    out: &mut Vec<u8>,
    head: &PageOpHead,
    payload: impl FnOnce(&mut Vec<u8>) -> Result<()>,
) -> Result<()> {
    let mut fixed = [0u8; 35];
    fixed[0] = PAGE_OP_TYPE;
    fixed[1] = head.dbid;
    fixed[2..6].copy_from_slice(&head.pgno.to_le_bytes());
    fixed[6..10].copy_from_slice(&head.objid.to_le_bytes());
    fixed[10..18].copy_from_slice(&head.dbtime_before.to_le_bytes());
    fixed[18..26].copy_from_slice(&head.dbtime_after.to_le_bytes());
    fixed[26..34].copy_from_slice(&head.txn.to_le_bytes());
    fixed[34] = head.op;
    frame_len32(out, fixed, payload)
}

/// Appends the frame of a [`LogRecord::PageImage`] of `image` (borrowed: no copy
/// of the page is made first). A zero free gap is left out (type 14).
pub fn encode_page_image_into(
    out: &mut Vec<u8>,
    dbid: u8,
    pgno: u32,
    dbtime: u64,
    image: &[u8],
) -> Result<()> {
    frame(out, PAGE_IMAGE_TYPE, |out| {
        out.push(dbid);
        out.extend_from_slice(&pgno.to_le_bytes());
        out.extend_from_slice(&dbtime.to_le_bytes());
        let n = u32::try_from(image.len()).map_err(|_| too_long())?;
        out.extend_from_slice(&n.to_le_bytes());
        Ok(match crate::format::page::zero_gap(image) {
            Some(gap) => {
                crate::format::page::put_without_gap(out, image, gap);
                Some(PAGE_IMAGE_ELIDED)
            }
            None => {
                out.extend_from_slice(image);
                None
            }
        })
    })
}

/// Appends the frame of a [`LogRecord::Undo`] of change `id` of `txn` in
/// database `dbid`, whose information `info` writes straight into `out`.
pub fn encode_undo_into(
    out: &mut Vec<u8>,
    dbid: u8,
    txn: u64,
    id: u64,
    info: impl FnOnce(&mut Vec<u8>) -> Result<()>,
) -> Result<()> {
    let mut fixed = [0u8; 18];
    fixed[0] = UNDO_TYPE;
    fixed[1] = dbid;
    fixed[2..10].copy_from_slice(&txn.to_le_bytes());
    fixed[10..18].copy_from_slice(&id.to_le_bytes());
    frame_len32(out, fixed, info)
}

/// A run of framed records back to back, as the log writer places them: the
/// bytes and where each frame ends. Kept and cleared between runs, its buffers
/// are reused.
#[derive(Debug, Default, Clone)]
pub struct Frames {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl Frames {
    /// An empty run.
    pub fn new() -> Frames {
        Frames::default()
    }

    /// Appends `record`'s frame. On an error the run is unchanged.
    pub fn push(&mut self, record: &LogRecord) -> Result<()> {
        self.push_with(|out| record.encode_into(out))
    }

    /// Appends the frame `encode` writes (one frame: one of this module's
    /// encoders). On an error the run is unchanged.
    pub fn push_with(&mut self, encode: impl FnOnce(&mut Vec<u8>) -> Result<()>) -> Result<()> {
        super::put_whole(&mut self.bytes, encode)?;
        self.ends.push(self.bytes.len());
        Ok(())
    }

    /// The number of frames.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the run has no frame.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The frames in order.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter())
            .map(|(a, &b)| &self.bytes[a..b])
    }

    /// Empties the run, keeping its buffers.
    pub fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
    }
}

/// Size of one copy of the checkpoint file; the file holds two.
pub const CHECKPOINT_COPY: usize = 4096;
/// Magic of a checkpoint copy.
pub const CHECKPOINT_MAGIC: [u8; 8] = *b"ESERSCHK";
/// The checkpoint format version.
pub const CHECKPOINT_VERSION: u32 = 1;

/// One attached database as the checkpoint remembers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointDb {
    /// Database id.
    pub dbid: u8,
    /// Path of the database file (UTF-8, at most 1024 bytes).
    pub path: String,
    /// The database header's 28-byte signature.
    pub db_signature: [u8; DB_SIGNATURE_SIZE],
}

/// The content of the checkpoint file. Each of the two 4 KiB copies:
///
/// | off | size | field |
/// | --- | --- | --- |
/// | 0 | 8 | magic `ESERSCHK` |
/// | 8 | 4 | version ([`CHECKPOINT_VERSION`]) |
/// | 12 | 4 | reserved, zero |
/// | 16 | 8 | sequence number (the copy with the higher one is newer) |
/// | 24 | 24 | [`LogSignature`] |
/// | 48 | 8 | checkpoint [`Lgpos`] |
/// | 56 | 4 | lowest generation needed |
/// | 60 | 4 | highest generation needed |
/// | 64 | 4 | number of databases `n` |
/// | 68 | … | `n` entries: `u8` dbid, 28-byte signature, `u16` path length, path |
/// | … | … | zeros |
/// | 4092 | 4 | crc32c of bytes 0..4092 |
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointData {
    /// The log stream's signature.
    pub signature: LogSignature,
    /// Where recovery starts.
    pub lgpos: Lgpos,
    /// The lowest generation recovery needs.
    pub gen_min: u32,
    /// The highest generation recovery needs.
    pub gen_max: u32,
    /// The attached databases.
    pub databases: Vec<CheckpointDb>,
}

impl CheckpointData {
    /// One 4 KiB copy with sequence number `seq`. Fails with
    /// `JET_errInvalidParameter` when the databases do not fit.
    pub fn encode_copy(&self, seq: u64) -> Result<Vec<u8>> {
        let mut b = Vec::with_capacity(CHECKPOINT_COPY);
        b.extend_from_slice(&CHECKPOINT_MAGIC);
        b.extend_from_slice(&CHECKPOINT_VERSION.to_le_bytes());
        b.extend_from_slice(&0u32.to_le_bytes());
        b.extend_from_slice(&seq.to_le_bytes());
        b.extend_from_slice(&self.signature.encode());
        b.extend_from_slice(&self.lgpos.encode());
        b.extend_from_slice(&self.gen_min.to_le_bytes());
        b.extend_from_slice(&self.gen_max.to_le_bytes());
        let too_big = || {
            Error::with(
                ErrorCode::InvalidParameter,
                "attached databases do not fit the checkpoint",
            )
        };
        let n = u32::try_from(self.databases.len()).map_err(|_| too_big())?;
        b.extend_from_slice(&n.to_le_bytes());
        for db in &self.databases {
            b.push(db.dbid);
            b.extend_from_slice(&db.db_signature);
            let len = u16::try_from(db.path.len())
                .ok()
                .filter(|&l| l <= 1024)
                .ok_or_else(too_big)?;
            b.extend_from_slice(&len.to_le_bytes());
            b.extend_from_slice(db.path.as_bytes());
        }
        if b.len() > CHECKPOINT_COPY - 4 {
            return Err(too_big());
        }
        b.resize(CHECKPOINT_COPY - 4, 0);
        let crc = crc32c(&b);
        b.extend_from_slice(&crc.to_le_bytes());
        Ok(b)
    }

    /// Reads one copy; returns its sequence number and content, or
    /// `JET_errCheckpointCorrupt`.
    pub fn decode_copy(bytes: &[u8]) -> Result<(u64, CheckpointData)> {
        let bad = |w: &str| Error::with(ErrorCode::CheckpointCorrupt, w.to_string());
        let b = bytes
            .get(..CHECKPOINT_COPY)
            .ok_or_else(|| bad("checkpoint copy truncated"))?;
        let (body, tail) = b.split_at(CHECKPOINT_COPY - 4);
        if crc32c(body) != u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]) {
            return Err(bad("checkpoint copy checksum mismatch"));
        }
        let mut rd = Rd::new(body, ErrorCode::CheckpointCorrupt);
        if rd.arr::<8>()? != CHECKPOINT_MAGIC {
            return Err(bad("checkpoint copy has a bad magic"));
        }
        if rd.u32()? != CHECKPOINT_VERSION {
            return Err(bad("checkpoint copy has an unknown version"));
        }
        rd.u32()?;
        let seq = rd.u64()?;
        let signature = LogSignature::read(&mut rd)?;
        let lgpos = rd.lgpos()?;
        let gen_min = rd.u32()?;
        let gen_max = rd.u32()?;
        let n = rd.u32()?;
        let mut databases = Vec::new();
        for _ in 0..n {
            let dbid = rd.u8()?;
            let db_signature = rd.arr()?;
            let len = rd.u16()? as usize;
            let path = String::from_utf8(rd.take(len)?.to_vec())
                .map_err(|_| bad("checkpoint path is not UTF-8"))?;
            databases.push(CheckpointDb {
                dbid,
                path,
                db_signature,
            });
        }
        Ok((
            seq,
            CheckpointData {
                signature,
                lgpos,
                gen_min,
                gen_max,
                databases,
            },
        ))
    }
}

#[cfg(test)]
#[path = "log_tests.rs"]
mod tests;
