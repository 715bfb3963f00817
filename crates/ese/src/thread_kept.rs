//! Copies of rarely changing shared values (a database's open tree handles, a
//! tree's leaf directory) kept by each thread, so that a read reaches them with
//! one plain load of a shared counter instead of a load through an `ArcSwap`
//! (whose debt slots cost an exchange and a release per read).
//!
//! A shared value's owner holds a [`Source`]: an id no other source has, and a
//! generation it raises after every change of the value. A thread keeps what it
//! read in a [`Kept`] of its own, under a key naming the source (and, for a map,
//! the entry), with the generation it read first; the copy serves while the
//! generation is unchanged.
//!
//! What must hold: the owner raises the generation after it stores a new value, and
//! a reader loads the generation before it reads the value; a copy is then never
//! kept under a generation newer than the value it copies, so the first read after
//! a change misses and reads the value again. A copy read just before a change may
//! serve after it, as a value loaded just before a change does: callers take the
//! values as guesses checked where they lead (a directory) or as handles that stay
//! usable while a read that began before their removal ends (a tree handle). A
//! thread keeps at most [`SLOTS`] copies of a type: a value kept after its owner
//! is gone is dropped when its slot is taken again or the thread ends.

use std::sync::atomic::{AtomicU64, Ordering};

/// Copies a thread keeps of one type.
pub(crate) const SLOTS: usize = 8;

/// The next [`Source`]'s id (0 is never given: an empty slot's).
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// The id and generation of a shared value (see the module header).
#[derive(Debug)]
pub(crate) struct Source {
    id: u64,
    generation: AtomicU64,
}

impl Default for Source {
    fn default() -> Self {
        Source {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            generation: AtomicU64::new(0),
        }
    }
}

impl Source {
    /// The source's id.
    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    /// The current generation: load it before reading the value.
    pub(crate) fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Notes a change: call it after the new value is stored.
    pub(crate) fn changed(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }
}

/// One thread's copies of values of type `T` (see the module header), each under
/// its key and generation; a key's copy lives in slot `key % SLOTS`.
pub(crate) struct Kept<T> {
    slots: [Option<(u64, u64, T)>; SLOTS],
}

impl<T> Kept<T> {
    /// No copies.
    pub(crate) const fn new() -> Kept<T> {
        Kept {
            slots: [const { None }; SLOTS],
        }
    }

    /// The copy kept under `key` if it was read at `generation`, else `load`'s value,
    /// kept in its place (in place of what its slot held).
    #[inline]
    pub(crate) fn get_or(&mut self, key: u64, generation: u64, load: impl FnOnce() -> T) -> &T {
        let slot = &mut self.slots[(key % SLOTS as u64) as usize];
        if !matches!(slot, Some((k, g, _)) if *k == key && *g == generation) {
            *slot = Some((key, generation, load()));
        }
        match slot {
            Some((_, _, value)) => value,
            None => unreachable!("the slot was filled above"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_serves_its_key_until_the_generation_moves() {
        let source = Source::default();
        let other = Source::default();
        assert_ne!(source.id(), other.id());
        let mut kept: Kept<String> = Kept::new();
        let g = source.generation();
        let load = |s: &str| {
            let s = s.to_string();
            move || s
        };
        assert_eq!(kept.get_or(source.id(), g, load("first")), "first");
        assert_eq!(kept.get_or(source.id(), g, load("second")), "first");
        // A key sharing the slot loads its own value and takes the slot.
        let sharing = source.id() + SLOTS as u64;
        assert_eq!(kept.get_or(sharing, g, load("shared")), "shared");
        assert_eq!(kept.get_or(source.id(), g, load("again")), "again");
        source.changed();
        assert_ne!(source.generation(), g);
        assert_eq!(
            kept.get_or(source.id(), source.generation(), load("changed")),
            "changed"
        );
        assert_eq!(kept.get_or(other.id(), g, load("other")), "other");
    }
}
