//! The trailer page of a streamed database copy (ESE's `PATCHHDR`).
//!
//! A streaming backup returns a database as its header twice, its pages 1 to the
//! last, and one more page: this one. It ties the copy to the backup (the mark and
//! the range of logs a restore must replay) and to the database and log sequence it
//! came from. A restore reads it from the last page of the copied file.
//!
//! What must hold: the page is checksummed as a database header page
//! ([`header_checksum`] of the whole page, stored in the first four bytes); decoding
//! never panics and gives `JET_errBadPatchPage` for a page whose checksum is wrong.
//!
//! | off | size | field |
//! | --- | --- | --- |
//! | 0 | 4 | checksum (the rest of the 40-byte page header is zero) |
//! | 40 | 24 | [`BackupInfo`]: mark, its time, lowest and highest log generation to restore |
//! | 64 | 28 | database [`Signature`] |
//! | 92 | 28 | log [`Signature`] |
//! | 120 / 124 / 128 | 4 each | lGenMinRequired, lGenMaxRequired, lGenMaxCommitted of the header |
//! | 132 / 140 | 8 each | their [`LogTime`]s (max required, max committed) |
//! | 256 | 8 | `ESERSPAT`: the ese-rs fields below are present |
//! | 264 | 8 | the checkpoint at the backup's begin: where a restore's replay starts |
//! | 272 | 1 | the database's id in the log at that checkpoint (0: attached after it) |
//! | 274 | 2 | length of the path in bytes |
//! | 276 | n | the database's path as attached (UTF-8) |
//!
//! The first 148 bytes follow ESE's layout; the ese-rs fields live in bytes ESE
//! leaves zero.

use super::checksum::header_checksum;
use super::header::{BackupInfo, LogTime, Signature};
use super::log::Lgpos;
use crate::{Error, ErrorCode, Result};

/// Where the ese-rs extension starts.
const EXT_OFFSET: usize = 256;
/// Marks the ese-rs extension.
const EXT_MAGIC: &[u8; 8] = b"ESERSPAT";
/// Where the path starts.
const PATH_OFFSET: usize = 276;

/// The fields of a trailer page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PatchPage {
    /// The backup: its mark, and the lowest and highest log generation a restore
    /// of this copy must replay.
    pub backup: BackupInfo,
    /// The database's signature (as in its header).
    pub db_signature: Signature,
    /// The signature of the log sequence the database belongs to.
    pub log_signature: Signature,
    /// The header's lGenMinRequired when the trailer was made.
    pub gen_min_required: i32,
    /// The header's lGenMaxRequired.
    pub gen_max_required: i32,
    /// The header's lGenMaxCommitted.
    pub gen_max_committed: i32,
    /// Creation time of the lGenMaxRequired log.
    pub time_gen_max_required: LogTime,
    /// Creation time of the lGenMaxCommitted log.
    pub time_gen_max_committed: LogTime,
    /// The checkpoint when the backup began: every change before it was in the
    /// database file, so a restore replays from here (ese-rs).
    pub checkpoint: Lgpos,
    /// The database's id in the log at that checkpoint, 0 when it was attached
    /// later (its attach record then lies in the logs replayed) (ese-rs).
    pub dbid: u8,
    /// The database's path as it was attached (ese-rs).
    pub path: String,
}

impl PatchPage {
    /// The page, `page_size` bytes, checksummed. A path too long for the page is
    /// cut at a character boundary (it only informs).
    pub fn encode(&self, page_size: usize) -> Vec<u8> {
        let mut p = vec![0u8; page_size.max(PATH_OFFSET + 2)];
        let mut put = |off: usize, bytes: &[u8]| p[off..off + bytes.len()].copy_from_slice(bytes);
        put(40, &self.backup.encode());
        put(64, &self.db_signature.encode());
        put(92, &self.log_signature.encode());
        put(120, &self.gen_min_required.to_le_bytes());
        put(124, &self.gen_max_required.to_le_bytes());
        put(128, &self.gen_max_committed.to_le_bytes());
        put(132, &self.time_gen_max_required.encode());
        put(140, &self.time_gen_max_committed.encode());
        put(EXT_OFFSET, EXT_MAGIC);
        put(264, &self.checkpoint.encode());
        put(272, &[self.dbid]);
        let room = page_size.saturating_sub(PATH_OFFSET);
        let mut n = self.path.len().min(room).min(usize::from(u16::MAX));
        while !self.path.is_char_boundary(n) {
            n -= 1;
        }
        put(274, &(n as u16).to_le_bytes());
        put(PATH_OFFSET, &self.path.as_bytes()[..n]);
        p.truncate(page_size);
        let c = header_checksum(&p);
        p[0..4].copy_from_slice(&c.to_le_bytes());
        p
    }

    /// Decodes a trailer page: `JET_errBadPatchPage` when its checksum is wrong or
    /// it is too short to be one.
    pub fn decode(page: &[u8]) -> Result<PatchPage> {
        let bad = |w: &str| Err(Error::with(ErrorCode::BadPatchPage, w.to_string()));
        if page.len() < 4096 || !page.len().is_power_of_two() {
            return bad("the trailer page has a size no database page has");
        }
        let stored = u32::from_le_bytes([page[0], page[1], page[2], page[3]]);
        if stored != header_checksum(page) {
            return bad("the trailer page's checksum does not match");
        }
        let arr = |off: usize| -> [u8; 8] {
            let mut a = [0u8; 8];
            a.copy_from_slice(&page[off..off + 8]);
            a
        };
        let i32_at = |off: usize| {
            i32::from_le_bytes([page[off], page[off + 1], page[off + 2], page[off + 3]])
        };
        let mut bk = [0u8; BackupInfo::SIZE];
        bk.copy_from_slice(&page[40..64]);
        let mut sdb = [0u8; Signature::SIZE];
        sdb.copy_from_slice(&page[64..92]);
        let mut slog = [0u8; Signature::SIZE];
        slog.copy_from_slice(&page[92..120]);
        let mut out = PatchPage {
            backup: BackupInfo::decode(&bk),
            db_signature: Signature::decode(&sdb),
            log_signature: Signature::decode(&slog),
            gen_min_required: i32_at(120),
            gen_max_required: i32_at(124),
            gen_max_committed: i32_at(128),
            time_gen_max_required: LogTime::decode(&arr(132)),
            time_gen_max_committed: LogTime::decode(&arr(140)),
            ..PatchPage::default()
        };
        if &page[EXT_OFFSET..EXT_OFFSET + 8] == EXT_MAGIC {
            out.checkpoint = Lgpos::decode(arr(264));
            out.dbid = page[272];
            let n = usize::from(u16::from_le_bytes([page[274], page[275]]));
            let end = PATH_OFFSET.saturating_add(n).min(page.len());
            out.path = String::from_utf8_lossy(&page[PATH_OFFSET..end]).into_owned();
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::header::Lgpos as HeaderLgpos;

    fn sample() -> PatchPage {
        PatchPage {
            backup: BackupInfo {
                lgpos_mark: HeaderLgpos {
                    lgen: 7,
                    isec: 3,
                    ib: 16,
                },
                gen_low: 5,
                gen_high: 9,
                ..BackupInfo::default()
            },
            db_signature: Signature {
                random: 0x1234,
                ..Signature::default()
            },
            log_signature: Signature {
                random: 0x5678,
                ..Signature::default()
            },
            gen_min_required: 5,
            gen_max_required: 8,
            gen_max_committed: 8,
            checkpoint: Lgpos {
                generation: 5,
                sector: 1,
                byte: 0,
            },
            dbid: 2,
            path: "/data/books.edb".into(),
            ..PatchPage::default()
        }
    }

    #[test]
    fn round_trips_and_checks_its_checksum() {
        for ps in [4096usize, 8192, 32768] {
            let p = sample();
            let mut page = p.encode(ps);
            assert_eq!(page.len(), ps);
            assert_eq!(PatchPage::decode(&page).unwrap(), p);
            page[300] ^= 1;
            assert_eq!(
                PatchPage::decode(&page).unwrap_err().code(),
                ErrorCode::BadPatchPage
            );
        }
        assert_eq!(
            PatchPage::decode(&[0u8; 100]).unwrap_err().code(),
            ErrorCode::BadPatchPage
        );
        // An all-zero page has a checksum (the seed) that does not match zero.
        assert!(PatchPage::decode(&[0u8; 4096]).is_err());
    }

    #[test]
    fn a_long_path_is_cut_at_a_character() {
        let mut p = sample();
        p.path = "é".repeat(5000);
        let page = p.encode(4096);
        let back = PatchPage::decode(&page).unwrap();
        assert!(back.path.len() <= 4096 - PATH_OFFSET);
        assert!(back.path.chars().all(|c| c == 'é'));
    }
}
