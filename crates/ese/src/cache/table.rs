//! The page table: which frame holds which page, and the clock that picks victims.
//!
//! Owns: [`Table`] — the map from page number to frame, each frame's slot (its page
//! and usage count), the clock hand and the list of never-used frames. It lives under
//! the cache's table lock (rank `Table`), which is never held across I/O or while
//! waiting for a latch.
//!
//! Eviction policy: a generalised clock (the "clock sweep" of PostgreSQL's buffer
//! manager). A hit raises the frame's usage count, up to [`MAX_USAGE`]; a new page
//! starts at 1. The hand walks the frames, skips pinned ones, lowers the count of
//! each unpinned one it passes, and takes the first unpinned frame whose count is 0.
//! A page touched once (a scan) leaves after one lap of the hand; a page touched
//! often survives several laps without being touched again, which is what keeps hot
//! pages resident. Clean victims are preferred: a dirty one is chosen only after the
//! hand went a full lap past it without finding a clean frame, and is then written
//! back before its frame is reused. The choice over LRU-K(2), which ESE uses, is for
//! the hit path: it only bumps a small counter on the frame, with no ordered
//! structure to maintain (and no lock, on the cache's hint path).
//!
//! What must hold: `map[pgno] == i` exactly when `slots[i].pgno == Some(pgno)`; only an
//! unpinned, clean frame whose latch could be taken without waiting is handed out for
//! reuse.

use super::frame::{Frame, Pin, WriteLatch};
use hashbrown::HashMap;
use std::sync::Arc;

/// The highest usage count a frame can reach (laps it survives untouched, minus one).
pub(super) const MAX_USAGE: u8 = 5;

/// Per-frame state kept under the table lock (the usage count lives in the frame,
/// where hits on the hint path raise it without this lock).
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    pgno: Option<u32>,
}

/// What the clock found for a page that is not resident.
pub(super) enum Victim {
    /// An unpinned, clean frame, latched exclusive (without waiting). It may still be
    /// mapped to its old page; [`Table::assign`] moves it.
    Clean(usize, WriteLatch),
    /// An unpinned frame with unwritten changes, now pinned by the caller, who must
    /// write it back (without the table lock) before it can be reused.
    Dirty(Pin),
    /// Every frame is pinned.
    None,
}

/// The page map and the clock.
#[derive(Debug)]
pub(super) struct Table {
    map: HashMap<u32, usize>,
    slots: Vec<Slot>,
    hand: usize,
    /// Frames holding no page, to be used before the clock runs.
    free: Vec<usize>,
}

impl Table {
    /// A table for `frames` frames, all free.
    pub(super) fn new(frames: usize) -> Table {
        Table {
            map: HashMap::with_capacity(frames),
            slots: vec![Slot::default(); frames],
            hand: 0,
            // Popped from the end: frame 0 is used first.
            free: (0..frames).rev().collect(),
        }
    }

    /// The frame holding `pgno`, if resident (the caller counts the use on the
    /// frame).
    pub(super) fn lookup(&self, pgno: u32) -> Option<usize> {
        self.map.get(&pgno).copied()
    }

    /// How many pages are resident.
    pub(super) fn resident(&self) -> usize {
        self.map.len()
    }

    /// The page frame `index` holds, if any.
    pub(super) fn page_of(&self, index: usize) -> Option<u32> {
        self.slots.get(index).and_then(|s| s.pgno)
    }

    /// Finds a frame to reuse (see the module's eviction policy).
    pub(super) fn choose_victim(&mut self, frames: &[Arc<Frame>]) -> Victim {
        while let Some(index) = self.free.pop() {
            // A free-list entry may be stale (the frame was pinned or reused since).
            if let Some(latch) = self.take_if_reusable(frames, index) {
                return Victim::Clean(index, latch);
            }
        }
        let n = self.slots.len();
        if n == 0 {
            return Victim::None;
        }
        // Enough steps for every count to reach 0, plus a lap past a dirty candidate.
        let limit = n * (usize::from(MAX_USAGE) + 2);
        let mut dirty: Option<(usize, usize)> = None;
        for step in 0..limit {
            if dirty.is_some_and(|(_, at)| step - at >= n) {
                break;
            }
            let index = self.hand;
            self.hand = (self.hand + 1) % n;
            let Some(frame) = frames.get(index) else {
                continue;
            };
            if frame.pins() > 0 {
                continue;
            }
            let usage = frame.usage();
            if self.slots[index].pgno.is_some() && usage > 0 {
                frame.set_usage(usage - 1);
                continue;
            }
            if frame.is_dirty() {
                dirty.get_or_insert((index, step));
                continue;
            }
            if let Some(latch) = self.take_if_reusable(frames, index) {
                return Victim::Clean(index, latch);
            }
        }
        match dirty.and_then(|(index, _)| frames.get(index)) {
            // Still unpinned: the table lock was held since it was seen. The hand
            // moves past it: if its write-back cannot be made now (its page is
            // latched, or changed by a step not yet in the log), the next search
            // begins with the frames after it instead of choosing it again.
            Some(frame) => {
                self.hand = (frame.index + 1) % n;
                Victim::Dirty(Pin::new(frame))
            }
            None => Victim::None,
        }
    }

    /// The exclusive latch of frame `index` if it may be reused now: unpinned, clean,
    /// and its latch free.
    pub(super) fn take_if_reusable(
        &self,
        frames: &[Arc<Frame>],
        index: usize,
    ) -> Option<WriteLatch> {
        let frame = frames.get(index)?;
        if frame.pins() > 0 || frame.is_dirty() {
            return None;
        }
        frame.latch.try_write_arc()
    }

    /// Gives frame `index` to `pgno`, unmapping its old page; returns the old page.
    /// The caller sets the frame's usage count to 1.
    pub(super) fn assign(&mut self, index: usize, pgno: u32) -> Option<u32> {
        let slot = self.slots.get_mut(index)?;
        let old = slot.pgno.replace(pgno);
        if let Some(old) = old {
            self.map.remove(&old);
        }
        self.map.insert(pgno, index);
        old
    }

    /// Takes frame `index` off its page (after a failed load). `unpinned_after` says
    /// whether the caller's pin is the last one, in which case the frame is free.
    pub(super) fn release(&mut self, index: usize, unpinned_after: bool) {
        if let Some(slot) = self.slots.get_mut(index) {
            if let Some(old) = slot.pgno.take() {
                if self.map.get(&old) == Some(&index) {
                    self.map.remove(&old);
                }
            }
        }
        if unpinned_after {
            self.free.push(index);
        }
    }

    /// Up to `max` resident dirty frames as `(pgno, frame index)`, walking from frame
    /// `start`. Nothing is pinned: the caller pins each in turn with
    /// [`Table::pin_if_holds`], so a long flush never keeps many frames from eviction.
    pub(super) fn dirty(
        &self,
        frames: &[Arc<Frame>],
        start: usize,
        max: usize,
    ) -> Vec<(u32, usize)> {
        let n = self.slots.len();
        let mut out = Vec::new();
        for k in 0..n {
            if out.len() >= max {
                break;
            }
            let index = (start + k) % n;
            if let (Some(pgno), Some(frame)) = (self.slots[index].pgno, frames.get(index)) {
                if frame.is_dirty() {
                    out.push((pgno, index));
                }
            }
        }
        out
    }

    /// Pins frame `index` if it still holds `pgno` (without counting a use).
    pub(super) fn pin_if_holds(
        &self,
        frames: &[Arc<Frame>],
        index: usize,
        pgno: u32,
    ) -> Option<Pin> {
        if self.page_of(index) != Some(pgno) {
            return None;
        }
        frames.get(index).map(Pin::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(n: usize) -> Vec<Arc<Frame>> {
        (0..n)
            .map(|i| Arc::new(Frame::new(i, 4096).expect("test frame")))
            .collect()
    }

    /// Fills every frame with a page and returns the table.
    fn full(frames: &[Arc<Frame>]) -> Table {
        let mut t = Table::new(frames.len());
        for pgno in 1..=frames.len() as u32 {
            match t.choose_victim(frames) {
                Victim::Clean(i, _latch) => {
                    assert_eq!(t.assign(i, pgno), None);
                    frames[i].set_usage(1);
                }
                _ => panic!("a free frame was expected"),
            }
        }
        t
    }

    #[test]
    fn free_frames_are_used_first_in_order() {
        let f = frames(3);
        let t = full(&f);
        assert_eq!(t.resident(), 3);
        assert_eq!((t.page_of(0), t.page_of(2)), (Some(1), Some(3)));
    }

    #[test]
    fn hot_pages_survive_a_scan() {
        let f = frames(4);
        let mut t = full(&f);
        // Page 1 is hot.
        for _ in 0..4 {
            let i = t.lookup(1).expect("page 1 is resident");
            f[i].touch(MAX_USAGE);
        }
        // A scan of 6 new pages goes through the other three frames.
        for pgno in 10..16 {
            match t.choose_victim(&f) {
                Victim::Clean(i, _latch) => {
                    t.assign(i, pgno);
                    f[i].set_usage(1);
                }
                _ => panic!("a clean victim was expected"),
            }
        }
        assert_eq!(t.lookup(1), Some(0), "the hot page stayed resident");
        assert_eq!(t.lookup(2), None, "a page used once was evicted");
    }

    #[test]
    fn pinned_frames_are_never_chosen() {
        let f = frames(2);
        let mut t = full(&f);
        let _p0 = Pin::new(&f[0]);
        let _p1 = Pin::new(&f[1]);
        assert!(matches!(t.choose_victim(&f), Victim::None));
    }

    #[test]
    fn latched_frames_are_never_chosen() {
        let f = frames(2);
        let mut t = full(&f);
        let _l0 = f[0].latch.read_arc();
        let _l1 = f[1].latch.read_arc();
        assert!(matches!(t.choose_victim(&f), Victim::None));
    }

    #[test]
    fn clean_frames_are_preferred_to_dirty_ones() {
        let f = frames(3);
        let mut t = full(&f);
        f[0].mark_dirty();
        f[1].mark_dirty();
        match t.choose_victim(&f) {
            Victim::Clean(i, _latch) => assert_eq!(i, 2),
            _ => panic!("the clean frame was expected"),
        }
    }

    #[test]
    fn a_dirty_frame_is_chosen_when_nothing_is_clean() {
        let f = frames(2);
        let mut t = full(&f);
        f[0].mark_dirty();
        f[1].mark_dirty();
        match t.choose_victim(&f) {
            Victim::Dirty(pin) => assert_eq!(pin.frame().pins(), 1),
            _ => panic!("a dirty victim was expected"),
        }
        // The pin was dropped with the victim.
        assert_eq!(f[0].pins() + f[1].pins(), 0);
    }

    #[test]
    fn release_frees_the_frame_and_unmaps_the_page() {
        let f = frames(1);
        let mut t = full(&f);
        t.release(0, true);
        assert_eq!(t.lookup(1), None);
        assert!(matches!(t.choose_victim(&f), Victim::Clean(0, _)));
    }
}
