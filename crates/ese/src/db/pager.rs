//! Reads database pages from a file, verifies their checksums, and keeps a
//! bounded set of recently used pages in memory. A pager either reads the file
//! itself (read-only databases) or serves pages from the write path's
//! [`BufferCache`], so that the read path sees every change made through it.
//!
//! What must hold: every page handed out has passed its checksum (or had a single
//! flipped bit corrected in memory, as ESE does); a page that fails is reported
//! as `JET_errReadVerifyFailure` with its number, and an all-zero page as
//! `JET_errPageNotInitialized`. Memory stays bounded by `max_pages` frames.

use crate::cache::BufferCache;
use crate::format::checksum::{correct_page, verify_page, PageCheck};
use crate::{Error, ErrorCode, Result};
use ese_os::File;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// One verified page image.
pub(crate) type PageBuf = Arc<Vec<u8>>;

/// Page reader with a small verified-page cache.
#[derive(Debug)]
pub(crate) struct Pager {
    file: Arc<dyn File>,
    /// When set, pages come from the write path's cache (a copy per page read).
    shared: Option<Arc<BufferCache>>,
    page_size: usize,
    /// Logical pages in the file (file length / page size - 2 header pages).
    page_count: u32,
    cache: Mutex<Cache>,
    corrected: AtomicU64,
}

#[derive(Debug)]
struct Cache {
    map: HashMap<u32, (PageBuf, u64)>,
    tick: u64,
    max_pages: usize,
}

impl Pager {
    /// A pager over `file` whose pages are `page_size` bytes.
    pub(crate) fn new(file: Arc<dyn File>, page_size: usize, max_pages: usize) -> Result<Pager> {
        let len = file.len().map_err(Error::io)?;
        let pages = crate::format::header::file_pages(len, page_size);
        let page_count = u32::try_from(pages).map_err(|_| {
            Error::with(
                ErrorCode::DatabaseCorrupted,
                "database file larger than 2^32 pages",
            )
        })?;
        Ok(Pager {
            file,
            shared: None,
            page_size,
            page_count,
            cache: Mutex::new(Cache {
                map: HashMap::new(),
                tick: 0,
                max_pages: max_pages.max(16),
            }),
            corrected: AtomicU64::new(0),
        })
    }

    /// A pager serving pages from `cache` (a database open for writing), so that
    /// readers see every change made through the cache.
    pub(crate) fn over_cache(file: Arc<dyn File>, cache: Arc<BufferCache>) -> Result<Pager> {
        let page_size = cache.page_size();
        let mut pager = Pager::new(file, page_size, 16)?;
        pager.shared = Some(cache);
        Ok(pager)
    }

    /// The file the pages come from.
    pub(crate) fn file(&self) -> &Arc<dyn File> {
        &self.file
    }

    /// The page size in bytes.
    pub(crate) fn page_size(&self) -> usize {
        self.page_size
    }

    /// Logical pages the file holds (for a shared cache: including pages not yet
    /// written back).
    pub(crate) fn page_count(&self) -> u32 {
        match &self.shared {
            Some(cache) => cache.file_pages().unwrap_or(self.page_count),
            None => self.page_count,
        }
    }

    /// How many single-bit errors were corrected in memory so far.
    pub(crate) fn corrected_count(&self) -> u64 {
        self.corrected.load(Ordering::Relaxed)
    }

    /// Reads the raw bytes of logical page `pgno` without verifying them.
    pub(crate) fn read_raw(&self, pgno: u32, buf: &mut [u8]) -> Result<()> {
        if let Some(cache) = &self.shared {
            let guard = cache.read(pgno)?;
            let n = buf.len().min(guard.len());
            buf[..n].copy_from_slice(&guard[..n]);
            return Ok(());
        }
        if pgno == 0 || pgno > self.page_count {
            return Err(Error::with(
                ErrorCode::FileIOBeyondEOF,
                format!(
                    "page {pgno} lies beyond the end of the file ({} pages)",
                    self.page_count
                ),
            )
            .page(pgno));
        }
        let offset = (u64::from(pgno) + 1) * self.page_size as u64;
        self.file
            .read_at(offset, buf)
            .map_err(|e| Error::io(e).page(pgno))
    }

    /// Calls `f` with the bytes of logical page `pgno`, verified as [`Pager::page`]
    /// verifies them. Over a shared cache the page is read under its latch,
    /// without a copy: `f` must not reach the cache again.
    pub(crate) fn with_page<R>(&self, pgno: u32, f: impl FnOnce(&[u8]) -> Result<R>) -> Result<R> {
        if let Some(cache) = &self.shared {
            let guard = cache.read(pgno)?;
            return f(&guard);
        }
        let buf = self.page(pgno)?;
        f(&buf)
    }

    /// Reads and verifies logical page `pgno`.
    pub(crate) fn page(&self, pgno: u32) -> Result<PageBuf> {
        if let Some(cache) = &self.shared {
            let guard = cache.read(pgno)?;
            return Ok(Arc::new(guard.to_vec()));
        }
        {
            let mut cache = self.lock();
            cache.tick += 1;
            let tick = cache.tick;
            if let Some((buf, used)) = cache.map.get_mut(&pgno) {
                *used = tick;
                return Ok(buf.clone());
            }
        }
        let mut buf = vec![0u8; self.page_size];
        self.read_raw(pgno, &mut buf)?;
        match verify_page(&buf, pgno) {
            PageCheck::Ok => {}
            PageCheck::AllZero => {
                return Err(Error::with(
                    ErrorCode::PageNotInitialized,
                    format!("page {pgno} is not initialized (all zeros)"),
                )
                .page(pgno))
            }
            _ => match correct_page(&mut buf, pgno) {
                PageCheck::Corrected { .. } => {
                    self.corrected.fetch_add(1, Ordering::Relaxed);
                }
                _ => {
                    return Err(Error::with(
                        ErrorCode::ReadVerifyFailure,
                        format!("checksum mismatch on page {pgno}"),
                    )
                    .page(pgno))
                }
            },
        }
        let buf = Arc::new(buf);
        let mut cache = self.lock();
        if cache.map.len() >= cache.max_pages {
            cache.evict();
        }
        let tick = cache.tick;
        cache.map.insert(pgno, (buf.clone(), tick));
        Ok(buf)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Cache> {
        // A poisoned cache only means another reader panicked mid-insert; the map
        // itself is still a valid set of verified pages.
        self.cache.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Cache {
    /// Drops the least recently used half of the frames (amortised O(1) per insert).
    fn evict(&mut self) {
        let mut ticks: Vec<u64> = self.map.values().map(|(_, t)| *t).collect();
        ticks.sort_unstable();
        let cut = ticks[ticks.len() / 2];
        self.map.retain(|_, (_, t)| *t > cut);
    }
}
