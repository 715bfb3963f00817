//! The power cut of [`crate::SimFs`]: what happens to everything that was not
//! made durable.
//!
//! What must hold:
//!
//! - Only unsynced changes are touched; a synced image is the starting point and
//!   stays as it is unless an unsynced change on top of it is kept or torn.
//! - A torn write changes only bytes inside its own range, and decides each
//!   sector's piece as a whole: all new, all old, or (only under
//!   [`TearPolicy::Default`]) all garbage.
//! - Every decision comes from one [`SplitMix64`] seeded with the power cut's
//!   seed and is drawn in a fixed order (file changes by global sequence, then
//!   directory changes in journal order), so a seed replays exactly.

use super::{write_image, DirOp, FileId, PendingOp, State};
use crate::{Rng, SplitMix64};

/// What a power cut does with each unsynced write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TearPolicy {
    /// Each write is kept (40 %), dropped (30 %) or torn (30 %); each sector of
    /// a torn write is new (45 %), old (45 %) or garbage (10 %). Length changes
    /// are kept or dropped, half and half.
    #[default]
    Default,
    /// Like [`TearPolicy::Default`], but each sector of a torn write is new or
    /// old (half and half), never garbage: a device with atomic sectors.
    AtomicSector,
    /// Everything unsynced survives, directory changes included: the machine
    /// stayed up and only the process died.
    KeepAll,
    /// Nothing unsynced survives, and every unsynced directory change is
    /// undone.
    DropAll,
    /// A random prefix of all unsynced changes (across files, in the order they
    /// were made) survives; the first change past the cut keeps a prefix of its
    /// sectors; later ones are lost. A disk that writes in order.
    SequentialPrefix,
}

/// What a power cut does with unsynced directory changes (under every
/// [`TearPolicy`] except `KeepAll` and `DropAll`, which keep or undo them all).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DirPolicy {
    /// An unsynced create (of a file or directory) disappears; each unsynced
    /// rename and remove is independently kept or undone, half and half. A
    /// kept rename carries its file to the new name even when the file's
    /// create was lost.
    #[default]
    Strict,
    /// A random prefix of the unsynced changes, in the order they were made,
    /// survives: a file system with an ordered metadata journal (renames are
    /// atomic but not durable).
    OrderedJournal,
}

/// What one power cut did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PowerCutReport {
    /// Unsynced writes and length changes that survived whole.
    pub kept: u64,
    /// Unsynced writes and length changes that were lost whole.
    pub dropped: u64,
    /// Unsynced writes that were torn into sector pieces.
    pub torn: u64,
    /// Sector pieces of torn writes filled with garbage.
    pub garbage_sectors: u64,
    /// Unsynced directory changes that survived.
    pub dir_kept: u64,
    /// Unsynced directory changes that were undone.
    pub dir_dropped: u64,
}

/// The fate of one unsynced change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Keep,
    Drop,
    /// Each sector piece decided on its own.
    Tear,
    /// A prefix of the sector pieces is new, the rest old.
    TearPrefix,
}

/// What one sector piece of a torn write becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    New,
    Old,
    Garbage,
}

/// Runs the power cut on `state`: settles every unsynced file change and
/// directory change, then makes the result both volatile and durable.
pub(super) fn power_cut(state: &mut State, seed: u64, policy: TearPolicy) -> PowerCutReport {
    let mut rng = SplitMix64::new(seed);
    let mut report = PowerCutReport::default();
    let sector = state.config.sector_size.max(1) as usize;

    let mut changes: Vec<(u64, FileId, PendingOp)> = Vec::new();
    for (&id, file) in &mut state.files {
        changes.extend(
            std::mem::take(&mut file.pending)
                .into_iter()
                .map(|p| (p.seq, id, p.op)),
        );
    }
    changes.sort_by_key(|&(seq, id, _)| (seq, id));
    let cut = match policy {
        TearPolicy::SequentialPrefix => rng.gen_range(0..changes.len() as u64 + 1) as usize,
        _ => changes.len(),
    };
    for (index, (_, id, op)) in changes.into_iter().enumerate() {
        let fate = match policy {
            TearPolicy::KeepAll => Fate::Keep,
            TearPolicy::DropAll => Fate::Drop,
            TearPolicy::SequentialPrefix if index < cut => Fate::Keep,
            TearPolicy::SequentialPrefix if index == cut => Fate::TearPrefix,
            TearPolicy::SequentialPrefix => Fate::Drop,
            TearPolicy::Default | TearPolicy::AtomicSector => match &op {
                PendingOp::SetLen(_) if rng.chance(0.5) => Fate::Keep,
                PendingOp::SetLen(_) => Fate::Drop,
                PendingOp::Write { .. } => match rng.gen_range(0..10) {
                    0..=3 => Fate::Keep,
                    4..=6 => Fate::Drop,
                    _ => Fate::Tear,
                },
            },
        };
        let Some(file) = state.files.get_mut(&id) else {
            continue;
        };
        let image = &mut file.durable;
        match (op, fate) {
            (_, Fate::Drop) | (PendingOp::SetLen(_), Fate::Tear | Fate::TearPrefix) => {
                report.dropped += 1
            }
            (PendingOp::SetLen(len), Fate::Keep) => {
                image.resize(len, 0);
                report.kept += 1;
            }
            (PendingOp::Write { offset, data }, Fate::Keep) => {
                write_image(image, offset, &data);
                report.kept += 1;
            }
            (PendingOp::Write { offset, data }, tear) => {
                report.torn += 1;
                report.garbage_sectors +=
                    tear_write(image, offset, &data, sector, tear, policy, &mut rng);
            }
        }
    }

    let journal = std::mem::take(&mut state.journal);
    let prefix = match (policy, state.config.dir_policy) {
        (TearPolicy::KeepAll | TearPolicy::DropAll, _) | (_, DirPolicy::Strict) => 0,
        (_, DirPolicy::OrderedJournal) => rng.gen_range(0..journal.len() as u64 + 1) as usize,
    };
    for (index, op) in journal.iter().enumerate() {
        let keep = match (policy, state.config.dir_policy) {
            (TearPolicy::KeepAll, _) => true,
            (TearPolicy::DropAll, _) => false,
            (_, DirPolicy::OrderedJournal) => index < prefix,
            (_, DirPolicy::Strict) => match op {
                DirOp::Create { .. } | DirOp::Mkdir { .. } => false,
                DirOp::Remove { .. } | DirOp::Rmdir { .. } | DirOp::Rename { .. } => {
                    rng.chance(0.5)
                }
            },
        };
        if keep {
            op.apply(&mut state.durable_tree);
            report.dir_kept += 1;
        } else {
            report.dir_dropped += 1;
        }
    }
    state.durable_tree.prune_orphans();
    state.tree = state.durable_tree.clone();

    for file in state.files.values_mut() {
        file.volatile = file.durable.clone();
    }
    report
}

/// Applies a torn write to `image` sector piece by sector piece and returns how
/// many pieces became garbage. Pieces are the write's range cut at multiples of
/// `sector`; "old" leaves a piece as it is (zeros past the end if a later piece
/// extends the file).
fn tear_write(
    image: &mut Vec<u8>,
    offset: usize,
    data: &[u8],
    sector: usize,
    fate: Fate,
    policy: TearPolicy,
    rng: &mut SplitMix64,
) -> u64 {
    let mut pieces = Vec::new();
    let end = offset + data.len();
    let mut start = offset;
    while start < end {
        let piece_end = ((start / sector + 1) * sector).min(end);
        pieces.push((start, piece_end));
        start = piece_end;
    }
    let new_prefix = match fate {
        Fate::TearPrefix => rng.gen_range(0..pieces.len() as u64 + 1) as usize,
        _ => 0,
    };
    let mut garbage = 0;
    for (index, (start, end)) in pieces.into_iter().enumerate() {
        let piece = match fate {
            Fate::TearPrefix if index < new_prefix => Piece::New,
            Fate::TearPrefix => Piece::Old,
            _ if policy == TearPolicy::Default => match rng.gen_range(0..20) {
                0..=8 => Piece::New,
                9..=17 => Piece::Old,
                _ => Piece::Garbage,
            },
            _ if rng.chance(0.5) => Piece::New,
            _ => Piece::Old,
        };
        match piece {
            Piece::New => write_image(image, start, &data[start - offset..end - offset]),
            Piece::Old => {}
            Piece::Garbage => {
                let mut noise = vec![0u8; end - start];
                rng.fill_bytes(&mut noise);
                write_image(image, start, &noise);
                garbage += 1;
            }
        }
    }
    garbage
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_follow_sector_boundaries() {
        // A write of 10 bytes at offset 3 with 4-byte sectors: pieces 3..4,
        // 4..8, 8..12, 12..13. With a prefix tear every outcome is a prefix of
        // whole pieces.
        let data: Vec<u8> = (1..=10).collect();
        let allowed = [3usize, 4, 8, 12, 13];
        for seed in 0..64 {
            let mut image = vec![0u8; 16];
            let mut rng = SplitMix64::new(seed);
            let policy = TearPolicy::SequentialPrefix;
            tear_write(&mut image, 3, &data, 4, Fate::TearPrefix, policy, &mut rng);
            let new_end = (3..13).find(|&i| image[i] == 0).unwrap_or(13);
            assert!(allowed.contains(&new_end), "seed {seed}: {image:?}");
            assert!(image[new_end..].iter().all(|&b| b == 0));
            assert_eq!(&image[3..new_end], &data[..new_end - 3]);
        }
    }

    #[test]
    fn old_pieces_past_the_end_stay_short() {
        // Tearing a write that extends an empty image: the length ends at the
        // last new piece, never beyond the write.
        for seed in 0..64 {
            let mut image = Vec::new();
            let mut rng = SplitMix64::new(seed);
            let policy = TearPolicy::AtomicSector;
            tear_write(&mut image, 0, &[7u8; 40], 8, Fate::Tear, policy, &mut rng);
            assert!(image.len() <= 40 && image.len().is_multiple_of(8));
            assert!(image.chunks(8).all(|c| c == [0u8; 8] || c == [7u8; 8]));
        }
    }
}
