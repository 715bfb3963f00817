//! The checkpoint file `<base>.chk`: two shadowed 4 KiB copies.
//!
//! What must hold: a write replaces only the older copy (the one a reader
//! would not pick) and syncs it before returning, so a power cut during a
//! write leaves the previous checkpoint readable; a read picks the valid copy
//! with the highest sequence number.

use super::checkpoint_name;
use crate::error::{Error, ErrorCode, Result};
use crate::format::log::{CheckpointData, CHECKPOINT_COPY};
use ese_os::{FileSystem, OpenOptions};
use std::io::ErrorKind;
use std::path::Path;

/// Reads and writes the checkpoint file.
#[derive(Debug, Clone, Copy)]
pub struct Checkpoint;

impl Checkpoint {
    /// Writes `data` as the newest checkpoint: into the copy slot that does not
    /// hold the newest valid copy, with the next sequence number, then syncs
    /// (and syncs the directory when the file was created). Returns the
    /// sequence number written. Any I/O failure is returned as it is.
    pub fn write(
        fs: &dyn FileSystem,
        dir: &Path,
        base: &str,
        data: &CheckpointData,
    ) -> Result<u64> {
        let path = ese_os::join(dir, &checkpoint_name(base));
        let existed = fs.exists(&path);
        let (slot, seq) = match Self::read_copies(fs, dir, base) {
            Ok(copies) => match copies.iter().flatten().max_by_key(|(_, s, _)| *s) {
                Some((slot, s, _)) => (1 - *slot, s + 1),
                None => (0, 1),
            },
            Err(e) if e.code() == ErrorCode::CheckpointFileNotFound => (0, 1),
            Err(e) => return Err(e),
        };
        let bytes = data.encode_copy(seq)?;
        let opts = if existed {
            OpenOptions::read_write()
        } else {
            OpenOptions::create_new()
        };
        let io = |e| Error::io(e).file(&path);
        let f = fs.open(&path, opts).map_err(io)?;
        if f.len().map_err(io)? < (2 * CHECKPOINT_COPY) as u64 {
            f.set_len((2 * CHECKPOINT_COPY) as u64).map_err(io)?;
        }
        f.write_at((slot * CHECKPOINT_COPY) as u64, &bytes)
            .map_err(io)?;
        f.sync_all().map_err(io)?;
        if !existed {
            fs.sync_dir(dir).map_err(|e| Error::io(e).file(dir))?;
        }
        Ok(seq)
    }

    /// Reads the newest valid checkpoint: `JET_errCheckpointFileNotFound`
    /// when there is no file, `JET_errCheckpointCorrupt` when neither copy is
    /// valid.
    pub fn read(fs: &dyn FileSystem, dir: &Path, base: &str) -> Result<CheckpointData> {
        let copies = Self::read_copies(fs, dir, base)?;
        copies
            .into_iter()
            .flatten()
            .max_by_key(|(_, s, _)| *s)
            .map(|(_, _, d)| d)
            .ok_or_else(|| {
                Error::with(ErrorCode::CheckpointCorrupt, "no valid checkpoint copy")
                    .file(ese_os::join(dir, &checkpoint_name(base)))
            })
    }

    /// Both copies: `(slot, sequence, data)` for each valid one.
    fn read_copies(
        fs: &dyn FileSystem,
        dir: &Path,
        base: &str,
    ) -> Result<[Option<(usize, u64, CheckpointData)>; 2]> {
        let path = ese_os::join(dir, &checkpoint_name(base));
        let f = match fs.open(&path, OpenOptions::read_only()) {
            Ok(f) => f,
            Err(e) if e.kind() == ErrorKind::NotFound => {
                return Err(Error::new(ErrorCode::CheckpointFileNotFound).file(&path))
            }
            Err(e) => return Err(Error::io(e).file(&path)),
        };
        let len = f.len().map_err(|e| Error::io(e).file(&path))?;
        let mut out = [None, None];
        for (slot, o) in out.iter_mut().enumerate() {
            let off = (slot * CHECKPOINT_COPY) as u64;
            if off + CHECKPOINT_COPY as u64 > len {
                continue;
            }
            let mut buf = vec![0u8; CHECKPOINT_COPY];
            f.read_at(off, &mut buf)
                .map_err(|e| Error::io(e).file(&path))?;
            if let Ok((seq, d)) = CheckpointData::decode_copy(&buf) {
                *o = Some((slot, seq, d));
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::log::{Lgpos, LogSignature};
    use ese_os::MemFs;

    fn data(g: u32) -> CheckpointData {
        CheckpointData {
            signature: LogSignature {
                random: [4; 16],
                created_micros: 1,
            },
            lgpos: Lgpos {
                generation: g,
                sector: 8,
                byte: 0,
            },
            gen_min: g,
            gen_max: g + 1,
            databases: vec![],
        }
    }

    #[test]
    fn shadow_copies_alternate_and_newest_wins() {
        let fs = MemFs::new();
        let dir = Path::new("/l");
        fs.create_dir_all(dir).unwrap();
        assert_eq!(
            Checkpoint::read(&fs, dir, "edb").unwrap_err().code(),
            ErrorCode::CheckpointFileNotFound
        );
        assert_eq!(Checkpoint::write(&fs, dir, "edb", &data(1)).unwrap(), 1);
        assert_eq!(Checkpoint::write(&fs, dir, "edb", &data(2)).unwrap(), 2);
        assert_eq!(Checkpoint::write(&fs, dir, "edb", &data(3)).unwrap(), 3);
        assert_eq!(Checkpoint::read(&fs, dir, "edb").unwrap(), data(3));
        // Seq 3 went to slot 0 (1 -> 0, 2 -> 1, 3 -> 0). Damage it: slot 1
        // (seq 2) is picked.
        let path = dir.join("edb.chk");
        let f = fs.open(&path, OpenOptions::read_write()).unwrap();
        f.write_at(100, &[0xFF]).unwrap();
        assert_eq!(Checkpoint::read(&fs, dir, "edb").unwrap(), data(2));
        // The next write replaces the damaged slot, not the good one.
        assert_eq!(Checkpoint::write(&fs, dir, "edb", &data(4)).unwrap(), 3);
        assert_eq!(Checkpoint::read(&fs, dir, "edb").unwrap(), data(4));
        f.write_at(100, &[0xFF]).unwrap();
        f.write_at(CHECKPOINT_COPY as u64 + 100, &[0xFF]).unwrap();
        assert_eq!(
            Checkpoint::read(&fs, dir, "edb").unwrap_err().code(),
            ErrorCode::CheckpointCorrupt
        );
    }
}
