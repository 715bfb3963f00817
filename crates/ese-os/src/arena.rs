//! Page buffers carved from one allocation.
//!
//! A buffer cache of a few hundred megabytes made of separate heap blocks spreads
//! over tens of thousands of 4 KiB memory pages, and a random read that reaches a
//! page buffer, its frame and its latch misses the processor's address
//! translation cache at each of them; under a hypervisor each miss walks two sets
//! of page tables. [`page_buffers`] hands out `count` buffers of `size` bytes that
//! lie side by side in one zeroed mapping aligned to 2 MiB, which on Linux is
//! offered to the kernel's transparent huge pages (`madvise(MADV_HUGEPAGE)`), so
//! that one translation covers 2 MiB of buffers instead of 4 KiB. Elsewhere, or
//! when the mapping cannot be made, the buffers come from the global allocator,
//! still in one block.
//!
//! When the last buffer of a block is dropped, the block is kept for the next call
//! asking for as many bytes (at most [`SPARE_MOST`] blocks are kept, zeroed again
//! when reused): a process that closes a database and opens another, or recovers
//! one, gets memory the kernel has already backed, as a heap allocator gives back
//! what was freed, instead of a fresh mapping to fault in again.
//!
//! What must hold: every [`PageBuf`] covers its own range of the block, no two
//! overlap, and the block lives until the last buffer is dropped (each holds a
//! reference to it); a kept block is referred to by no buffer. A `PageBuf` is then
//! used as a `Box<[u8]>` would be.

use std::alloc::Layout;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::ptr::NonNull;
use std::sync::{Arc, Mutex, PoisonError};

/// The alignment of the block: a transparent huge page.
const HUGE_PAGE: usize = 2 << 20;

/// How many blocks whose buffers are all dropped are kept for reuse.
const SPARE_MOST: usize = 2;

/// Blocks whose buffers are all dropped, newest last.
static SPARE: Mutex<Vec<Block>> = Mutex::new(Vec::new());

/// One block of memory holding every buffer of a [`page_buffers`] call.
struct Block {
    ptr: NonNull<u8>,
    len: usize,
    /// How the block was had, and so how it is given back.
    source: Source,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// An anonymous private mapping (Linux); `len` bytes at `ptr`, which is where
    /// the mapping starts.
    #[cfg(target_os = "linux")]
    Mapping,
    /// The global allocator, with this layout.
    Heap(Layout),
}

// SAFETY: the block is plain memory owned by no thread in particular; the buffers
// carved from it give out disjoint ranges, and access to each range follows
// `PageBuf`'s borrows (as with `Box<[u8]>`).
unsafe impl Send for Block {}
// SAFETY: as above: `Block` itself hands out no access to its bytes.
unsafe impl Sync for Block {}

impl Block {
    /// A zeroed block of `len` bytes (> 0), or `None` when the memory cannot be had.
    fn new(len: usize) -> Option<Block> {
        #[cfg(target_os = "linux")]
        if let Some(b) = Block::mapped(len) {
            return Some(b);
        }
        let layout = Layout::from_size_align(len, 4096).ok()?;
        // SAFETY: `layout` has a non-zero size (the caller's `len > 0`).
        let ptr = NonNull::new(unsafe { std::alloc::alloc_zeroed(layout) })?;
        Some(Block {
            ptr,
            len,
            source: Source::Heap(layout),
        })
    }

    /// A private anonymous mapping of `len` bytes starting on a 2 MiB boundary,
    /// offered to transparent huge pages. The kernel zeroes it and backs it only as
    /// it is touched.
    #[cfg(target_os = "linux")]
    fn mapped(len: usize) -> Option<Block> {
        let padded = len.checked_add(HUGE_PAGE)?;
        // SAFETY: a new anonymous private mapping at an address the kernel picks
        // aliases no memory of this process; the result is checked below.
        let raw = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                padded,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if raw == libc::MAP_FAILED {
            return None;
        }
        let start = raw as usize;
        let aligned = start.next_multiple_of(HUGE_PAGE);
        let head = aligned - start;
        let tail = padded - head - len;
        // The unaligned head and the tail beyond `len` go back at once; if that
        // fails, the whole mapping goes and the heap serves instead.
        // SAFETY: both ranges lie inside the mapping made above, which nothing
        // else refers to yet; page-aligned since `start`, `aligned` and `len`'s
        // rounding keep them so (mmap returns page-aligned addresses, `HUGE_PAGE`
        // is a multiple of the page size, and `len` is rounded by the caller).
        unsafe {
            if head > 0 && libc::munmap(raw, head) != 0 {
                libc::munmap(raw, padded);
                return None;
            }
            if tail > 0 && libc::munmap((aligned + len) as *mut libc::c_void, tail) != 0 {
                libc::munmap(aligned as *mut libc::c_void, padded - head);
                return None;
            }
            // Advice only: a kernel without transparent huge pages refuses it and
            // the block works as it is.
            libc::madvise(aligned as *mut libc::c_void, len, libc::MADV_HUGEPAGE);
        }
        // The memory is backed now, as a block from the heap would be once zeroed,
        // and not a page fault at a time under the first reads of the cache.
        let p = aligned as *mut u8;
        for off in (0..len).step_by(4096) {
            // SAFETY: `off < len`, inside the mapping made above, which nobody
            // else refers to yet; writing the zero it holds changes nothing but
            // makes the kernel back the page.
            unsafe { p.add(off).write_volatile(0) };
        }
        Some(Block {
            ptr: NonNull::new(aligned as *mut u8)?,
            len,
            source: Source::Mapping,
        })
    }

    /// Gives the memory back to where it came from.
    fn release(self) {
        match self.source {
            #[cfg(target_os = "linux")]
            // SAFETY: the block is exactly what `mapped` left mapped, and no
            // `PageBuf` refers to it any more (each held a reference to the block).
            Source::Mapping => unsafe {
                libc::munmap(self.ptr.as_ptr().cast(), self.len);
            },
            // SAFETY: allocated in `new` with this layout; no `PageBuf` is left.
            Source::Heap(layout) => unsafe { std::alloc::dealloc(self.ptr.as_ptr(), layout) },
        }
    }

    /// A kept block of exactly `len` bytes, zeroed, if there is one.
    fn spare(len: usize) -> Option<Block> {
        let block = {
            let mut spare = SPARE.lock().unwrap_or_else(PoisonError::into_inner);
            let i = spare.iter().rposition(|b| b.len == len)?;
            spare.swap_remove(i)
        };
        // SAFETY: the block is `len` bytes of this process's memory, and no buffer
        // refers to it (it was kept only once its last buffer was dropped).
        unsafe { block.ptr.as_ptr().write_bytes(0, len) };
        Some(block)
    }
}

/// The block of a set of buffers; once the last buffer lets it go, it is kept
/// for reuse or released.
struct Held(Option<Block>);

impl Drop for Held {
    fn drop(&mut self) {
        let Some(block) = self.0.take() else {
            return;
        };
        let mut spare = SPARE.lock().unwrap_or_else(PoisonError::into_inner);
        spare.push(block);
        if spare.len() > SPARE_MOST {
            let oldest = spare.remove(0);
            drop(spare);
            oldest.release();
        }
    }
}

/// One buffer of [`page_buffers`]: `len` zeroed bytes of its own, used as a
/// `Box<[u8]>` is (it dereferences to a slice).
pub struct PageBuf {
    /// Keeps the block while the buffer lives.
    _block: Arc<Held>,
    /// The buffer's first byte, inside the block.
    ptr: NonNull<u8>,
    len: usize,
}

// SAFETY: a `PageBuf` is the only handle to its bytes (as a `Box<[u8]>` is), and
// the block it keeps alive is `Send` and `Sync`.
unsafe impl Send for PageBuf {}
// SAFETY: as above: shared references give shared views only.
unsafe impl Sync for PageBuf {}

impl fmt::Debug for PageBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageBuf")
            .field("len", &self.len)
            .finish_non_exhaustive()
    }
}

impl Deref for PageBuf {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        // SAFETY: `ptr..ptr + len` lies inside the block (made so by
        // `page_buffers`), the block lives while `self` holds it, and no other
        // `PageBuf` covers these bytes; a shared borrow of `self` gives a shared
        // view, as for a `Box<[u8]>`.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }
}

impl DerefMut for PageBuf {
    fn deref_mut(&mut self) -> &mut [u8] {
        // SAFETY: as in `deref`; the unique borrow of `self`, the only handle to
        // these bytes, makes the view unique.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

/// `count` zeroed buffers of `size` bytes each, side by side in one block (see
/// the module header); `None` when the memory cannot be had or `count` or `size`
/// is 0. Buffers whose size is a multiple of 4 KiB start on 4 KiB boundaries.
pub fn page_buffers(count: usize, size: usize) -> Option<Vec<PageBuf>> {
    if count == 0 || size == 0 {
        return None;
    }
    let len = count.checked_mul(size)?.checked_next_multiple_of(4096)?;
    let mut bufs = Vec::new();
    bufs.try_reserve_exact(count).ok()?;
    let block = Block::spare(len).or_else(|| Block::new(len))?;
    let base = block.ptr;
    let held = Arc::new(Held(Some(block)));
    for i in 0..count {
        // SAFETY: `i * size + size <= count * size <= len`: inside the block.
        let ptr = unsafe { base.add(i * size) };
        bufs.push(PageBuf {
            _block: Arc::clone(&held),
            ptr,
            len: size,
        });
    }
    Some(bufs)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Held by every test here: they give blocks back to the one set kept for
    /// reuse, and one test looks at that set.
    static SERIAL: Mutex<()> = Mutex::new(());

    fn serial() -> std::sync::MutexGuard<'static, ()> {
        SERIAL.lock().unwrap_or_else(PoisonError::into_inner)
    }

    #[test]
    fn buffers_are_zeroed_apart_and_writable() {
        let _serial = serial();
        let mut bufs = page_buffers(5, 8192).expect("buffers");
        assert_eq!(bufs.len(), 5);
        for b in &bufs {
            assert_eq!(b.len(), 8192);
            assert!(b.iter().all(|&x| x == 0));
            assert_eq!(b.as_ptr() as usize % 4096, 0);
        }
        for (i, b) in bufs.iter_mut().enumerate() {
            b.fill(i as u8 + 1);
        }
        for (i, b) in bufs.iter().enumerate() {
            assert!(b.iter().all(|&x| x == i as u8 + 1), "buffer {i}");
        }
        // Neighbours touch but do not overlap.
        assert_eq!(bufs[1].as_ptr() as usize - bufs[0].as_ptr() as usize, 8192);
        // The block outlives the buffers dropped before others.
        let last = bufs.pop().expect("a buffer");
        drop(bufs);
        assert!(last.iter().all(|&x| x == 5));
    }

    #[test]
    fn a_block_let_go_is_reused_zeroed() {
        let _serial = serial();
        // A length no other test asks for, so that the kept block is this one's.
        let (count, size) = (3, 12_288);
        let mut bufs = page_buffers(count, size).expect("buffers");
        let first = bufs[0].as_ptr() as usize;
        for b in &mut bufs {
            b.fill(0xA5);
        }
        let kept = |len: usize| {
            let spare = SPARE.lock().unwrap_or_else(PoisonError::into_inner);
            spare.iter().filter(|b| b.len == len).count()
        };
        let len = count * size;
        assert_eq!(kept(len), 0);
        drop(bufs);
        assert_eq!(kept(len), 1, "the block is kept once its buffers are gone");
        let again = page_buffers(count, size).expect("buffers");
        assert_eq!(kept(len), 0, "and taken again");
        assert_eq!(
            again[0].as_ptr() as usize,
            first,
            "the kept block is reused"
        );
        assert!(
            again.iter().all(|b| b.iter().all(|&x| x == 0)),
            "and zeroed"
        );
        // While its buffers live, the same request gets another block.
        let other = page_buffers(count, size).expect("buffers");
        assert_ne!(other[0].as_ptr() as usize, first);
    }

    #[test]
    fn odd_sizes_and_nothing() {
        let _serial = serial();
        assert!(page_buffers(0, 8192).is_none());
        assert!(page_buffers(3, 0).is_none());
        assert!(page_buffers(usize::MAX, 2).is_none());
        let bufs = page_buffers(3, 1000).expect("buffers");
        assert_eq!(bufs.iter().map(|b| b.len()).sum::<usize>(), 3000);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_large_block_starts_on_a_huge_page() {
        let _serial = serial();
        let bufs = page_buffers(512, 8192).expect("buffers");
        assert_eq!(bufs[0].as_ptr() as usize % HUGE_PAGE, 0);
    }

    /// Where the kernel offers transparent huge pages to regions that ask for them,
    /// a block of 64 MiB is backed by some (the mapping's `AnonHugePages` in
    /// `/proc/self/smaps`); where it does not, the block is still usable.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_block_is_backed_by_huge_pages_where_the_kernel_has_them() {
        let _serial = serial();
        let bufs = page_buffers(8192, 8192).expect("buffers");
        assert!(bufs.iter().all(|b| b[0] == 0 && b[8191] == 0));
        let setting = std::fs::read_to_string("/sys/kernel/mm/transparent_hugepage/enabled")
            .unwrap_or_default();
        let offered = setting.contains("[always]") || setting.contains("[madvise]");
        let start = bufs[0].as_ptr() as usize;
        let smaps = std::fs::read_to_string("/proc/self/smaps").expect("smaps");
        let mut in_block = false;
        let mut huge_kib = None;
        for line in smaps.lines() {
            let first = line.split_whitespace().next().unwrap_or("");
            if let Some((a, b)) = first.split_once('-') {
                if let (Ok(a), Ok(b)) = (usize::from_str_radix(a, 16), usize::from_str_radix(b, 16))
                {
                    in_block = a <= start && start < b;
                    continue;
                }
            }
            if in_block {
                if let Some(v) = line.strip_prefix("AnonHugePages:") {
                    huge_kib = v.trim().trim_end_matches("kB").trim().parse::<u64>().ok();
                }
            }
        }
        let huge_kib = huge_kib.expect("the block's mapping in smaps");
        println!("transparent huge pages: {setting:?}; the block has {huge_kib} KiB of them");
        if offered {
            assert!(huge_kib > 0, "no huge page backs the 64 MiB block");
        }
    }
}
