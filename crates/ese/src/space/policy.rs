//! Where pages come from and where they go: ESE's allocation policies
//! (`ErrSPGetPage`, `ErrSPIGetExt`, `ErrSPIGetSe`, `ErrSPIGetFsSe`,
//! `ErrSPIConvertToMultipleExtent`, `ErrSPIAEFreeExt`, `ErrSPIReserveSPBufPages`).
//!
//! Owns the policy functions of [`Inner`]; all run under the space lock. What must
//! hold: an extent given away leaves the giver's AE (or bitmap) before it enters the
//! receiver's OE; sizes follow ESE's rules as documented on each function; space
//! trees are given split-buffer pages before every insert that might split them.
//! Simplified against ESE: no space hints (growth percentages, minimum and maximum
//! extents), no continuous or shelved pools, and a tree with multiple extents
//! serves a child's new FDP or extent from its own AE before asking its parent.

use super::extents::{add_pages, preferred_refill};
use super::{Inner, DB_ROOT};
use crate::format::space::{ExtentEntry, SpaceExtents, SpaceHeader, SPH_V2};
use crate::{Error, ErrorCode, Result};
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// `cpgSmallSpaceAvailMost`: pages a single-extent bitmap covers.
const SMALL_SPACE_MOST: u32 = 32;
/// `cpgSmallFDP`: a tree owning at most this many pages grows in small steps.
const SMALL_FDP: u32 = 16;
/// `cpgSmallGrow`: the smallest step.
const SMALL_GROW: u32 = 4;
/// `cpageSEDefault`: the usual secondary extent.
const SE_DEFAULT: u32 = 16;
/// `cpgSmallDbSpaceSize` and `pgnoSmallDbSpaceStart`: small databases keep tight
/// allocations for new trees near the start of the file.
const SMALL_DB: u32 = 254;
const SMALL_DB_START: u32 = 128;

impl Inner {
    /// One page for the B-tree of FDP `t`, near `hint` (`ErrSPGetPage`).
    pub(super) fn alloc_page(self: &Arc<Self>, t: u32, hint: u32) -> Result<u32> {
        let mut sph = self.read_sph(t)?;
        if let SpaceExtents::Single { avail_bitmap } = sph.extents {
            let usable = sph.cpg_primary.min(SMALL_SPACE_MOST + 1).saturating_sub(1);
            if let Some(i) = (0..usable).find(|i| avail_bitmap & (1 << i) != 0) {
                self.check_owned(t.saturating_add(1 + i), t)?;
                sph.extents = SpaceExtents::Single {
                    avail_bitmap: avail_bitmap & !(1 << i),
                };
                self.write_sph(t, &sph)?;
                return Ok(t + 1 + i);
            }
            self.convert(t, 1, 1)?;
            sph = self.read_sph(t)?;
        }
        let ae = self.space_tree(t, ae_of(&sph)?)?;
        for _ in 0..4 {
            let found = match self.find_ge(&ae, hint)? {
                Some(e) => Some(e),
                None => self.find_ge(&ae, 0)?,
            };
            if let Some(e) = found {
                return self.consume_front(&ae, &e, 1);
            }
            self.get_se(t, 1, 1, true)?;
        }
        Err(Error::with(
            ErrorCode::InternalError,
            "a new extent did not reach the AE",
        ))
    }

    /// An extent of `req` pages (at least `min`) carved from FDP `p`'s free space for
    /// a child (`ErrSPIGetExt`); `new_fdp` when it becomes a new tree's FDP.
    pub(super) fn get_ext(
        self: &Arc<Self>,
        p: u32,
        req: u32,
        min: u32,
        new_fdp: bool,
    ) -> Result<(u32, u32)> {
        let mut sph = self.read_sph(p)?;
        if let SpaceExtents::Single { avail_bitmap } = sph.extents {
            if let Some(first) = small_fit(p, &sph, avail_bitmap, min) {
                let mask = run_mask(first - p - 1, min);
                sph.extents = SpaceExtents::Single {
                    avail_bitmap: avail_bitmap & !mask,
                };
                self.write_sph(p, &sph)?;
                return Ok((first, min));
            }
            self.convert(p, req, min)?;
            sph = self.read_sph(p)?;
        }
        let ae = self.space_tree(p, ae_of(&sph)?)?;
        for _ in 0..4 {
            let mut fit = None;
            self.scan(&ae, 0, |e| {
                if e.page_count >= min {
                    fit = Some(e);
                }
                fit.is_some()
            })?;
            if let Some(e) = fit {
                let cpg = self.take_size(p, &e, req, new_fdp);
                let first = self.consume_front(&ae, &e, cpg)?;
                return Ok((first, cpg));
            }
            self.get_se(p, req, min, false)?;
        }
        Err(Error::with(
            ErrorCode::InternalError,
            "a new extent did not reach the AE",
        ))
    }

    /// How much of extent `e` a request of `req` takes (`FSPIAllocateAllAvail`).
    fn take_size(&self, p: u32, e: &ExtentEntry, req: u32, new_fdp: bool) -> u32 {
        let avail = e.page_count;
        if avail <= req {
            return avail;
        }
        let first = e.first_pgno().unwrap_or(e.last_pgno);
        let all = if p == DB_ROOT {
            let small = new_fdp
                && self.last_pgno.load(Ordering::Relaxed) < SMALL_DB
                && first < SMALL_DB_START;
            !small && avail < req + SMALL_GROW
        } else {
            let frag = self.params.page_fragment;
            !(req < frag || avail >= req + frag)
        };
        if all {
            avail
        } else {
            req
        }
    }

    /// A new secondary extent for FDP `t`, recorded in its OE and AE (`ErrSPIGetSe`
    /// for a child of a tree, `ErrSPIGetFsSe` for the root). `own` marks a request for
    /// the tree's own pages, which grows by ESE's secondary-extent sizes.
    pub(super) fn get_se(self: &Arc<Self>, t: u32, req: u32, min: u32, own: bool) -> Result<()> {
        self.reserve(t)?;
        let mut sph = self.read_sph(t)?;
        let (first, cpg) = if t == DB_ROOT {
            self.grow_file(req, min, &sph)?
        } else {
            let size = if own {
                self.se_size(t, &sph, req)?
            } else {
                req
            };
            if own && size != last_alloc(&sph) && sph.is_multiple_extent() {
                // ErrSPIImproveLastAlloc: v2 headers keep the last allocation size.
                sph.cpg_primary = size;
                sph.flags |= SPH_V2;
                self.write_sph(t, &sph)?;
            }
            self.get_ext(sph.pgno_parent, size, min, false)?
        };
        let last = first + cpg - 1;
        let sph = self.read_sph(t)?;
        let oe = self.space_tree(t, oe_of(&sph)?)?;
        self.add(&oe, last, cpg)?;
        let ae = self.space_tree(t, ae_of(&sph)?)?;
        self.add(&ae, last, cpg)
    }

    /// ESE's secondary extent size for a tree's own growth (`ErrSPIGetSe` with
    /// `fSPOriginatingRequest`, no space hints).
    fn se_size(self: &Arc<Self>, t: u32, sph: &SpaceHeader, req: u32) -> Result<u32> {
        let last = last_alloc(sph);
        let small = !sph.is_v2() && sph.cpg_primary < SMALL_FDP && {
            let oe = self.space_tree(t, oe_of(sph)?)?;
            let owned: u32 = self.all(&oe)?.iter().map(|e| e.page_count).sum();
            owned <= SMALL_FDP
        };
        let size = if small {
            req.max(SMALL_GROW)
        } else {
            let next = if sph.is_v2() {
                last
            } else {
                sph.cpg_primary / 4
            };
            req.max(next).max(SE_DEFAULT)
        };
        Ok(size.max(last))
    }

    /// Grows the file for the root (`ErrSPIGetFsSe`): at least `db_extension_pages`,
    /// rounded to them, and aligned so the file length stays a multiple of them.
    fn grow_file(&self, req: u32, min: u32, sph: &SpaceHeader) -> Result<(u32, u32)> {
        // In 64 bits: a request near 2^32 pages must not wrap around.
        let ext = u64::from(self.extension_pages.load(Ordering::Relaxed).max(1));
        let (req, min) = (u64::from(req), u64::from(min));
        let mut cpg = req.max(ext).max(u64::from(sph.cpg_primary / 4));
        cpg = cpg.div_ceil(ext) * ext;
        let last = self.last_pgno.load(Ordering::Relaxed);
        let overage = (u64::from(last) + 2) % ext;
        if overage != 0 {
            if cpg - overage >= min.max(req) {
                cpg -= overage;
            } else {
                cpg += ext - overage;
            }
        }
        // Cut to the size limit when the least the request takes still fits
        // (`ErrSPIGetFsSe`: between its minimum and what is left).
        let room = u64::from(self.max_pages.load(Ordering::Relaxed).saturating_sub(last));
        if cpg > room && room >= min.max(1) {
            cpg = room;
        }
        self.extend(u32::try_from(cpg).unwrap_or(u32::MAX))
    }

    /// Adds exactly `cpg` pages at the end of the file.
    fn extend(&self, cpg: u32) -> Result<(u32, u32)> {
        let last = self.last_pgno.load(Ordering::Relaxed);
        let max = self.max_pages.load(Ordering::Relaxed);
        let new_last = last.checked_add(cpg).filter(|&l| l <= max);
        let Some(new_last) = new_last else {
            return Err(Error::with(
                ErrorCode::OutOfDatabaseSpace,
                format!("growing the database by {cpg} pages passes its limit of {max} pages"),
            ));
        };
        self.env.cache.ensure_size(new_last)?;
        self.env.sink.grew(new_last)?;
        self.last_pgno.store(new_last, Ordering::Relaxed);
        Ok((last + 1, cpg))
    }

    /// Converts single-extent FDP `t` to multiple extents with a new extent of at
    /// least `req` pages (`ErrSPIConvertToMultipleExtent`): its first two pages become
    /// the OE and AE roots.
    fn convert(self: &Arc<Self>, t: u32, req: u32, min: u32) -> Result<()> {
        let mut sph = self.read_sph(t)?;
        let SpaceExtents::Single { avail_bitmap } = sph.extents else {
            return Ok(());
        };
        let min = min + 2;
        let req = req.max(min).max(sph.cpg_primary);
        let (first, cpg) = self.get_ext(sph.pgno_parent, req, min, false)?;
        let last = first + cpg - 1;
        let primary_last = t + sph.cpg_primary - 1;
        let mut owned = vec![(last, cpg), (primary_last, sph.cpg_primary)];
        owned.sort_unstable();
        let mut avail = bitmap_extents(t, &sph, avail_bitmap);
        if cpg > 2 {
            avail.push((last, cpg - 2));
        }
        avail.sort_unstable();
        let (objid, kind) = self.fdp_facts(t)?;
        let space = kind | crate::format::page::flags::SPACE_TREE;
        let (o, a) = (encode_extents(&owned), encode_extents(&avail));
        let o: Vec<(&[u8], &[u8])> = o.iter().map(|(k, d)| (&k[..], &d[..])).collect();
        let a: Vec<(&[u8], &[u8])> = a.iter().map(|(k, d)| (&k[..], &d[..])).collect();
        crate::btree::create_root(&self.env, first, objid, space, &[0; 16], &o)?;
        crate::btree::create_root(&self.env, first + 1, objid, space, &[0; 16], &a)?;
        sph.extents = SpaceExtents::Multiple { pgno_oe: first };
        sph.flags |= crate::format::space::SPH_MULTIPLE_EXTENT;
        self.write_sph(t, &sph)
    }

    /// Returns pages `first..first+cpg` to FDP `p` (bitmap or AE).
    pub(super) fn free_ext(self: &Arc<Self>, p: u32, first: u32, cpg: u32) -> Result<()> {
        let mut sph = self.read_sph(p)?;
        if let SpaceExtents::Single { avail_bitmap } = sph.extents {
            let off = first
                .checked_sub(p + 1)
                .filter(|o| o + cpg <= SMALL_SPACE_MOST);
            let Some(off) = off else {
                return Err(Error::with(
                    ErrorCode::DatabaseCorrupted,
                    format!("pages {first}+{cpg} freed to single-extent tree {p} lie outside it"),
                )
                .page(p));
            };
            sph.extents = SpaceExtents::Single {
                avail_bitmap: avail_bitmap | run_mask(off, cpg),
            };
            return self.write_sph(p, &sph);
        }
        self.ae_free(p, first, cpg, true)
    }

    /// `ErrSPIAEFreeExt`: adds pages to FDP `t`'s AE, coalescing with neighbours in
    /// the same owned extent, and gives a wholly free secondary extent back to the
    /// parent.
    fn ae_free(self: &Arc<Self>, t: u32, first: u32, cpg: u32, reserve: bool) -> Result<()> {
        let sph = self.read_sph(t)?;
        let oe = self.space_tree(t, oe_of(&sph)?)?;
        let owner = self.find_ge(&oe, first)?;
        let owner = owner.filter(|o| o.contains(first) && o.contains(first + cpg - 1));
        let Some(owner) = owner else {
            return Err(Error::with(
                ErrorCode::DatabaseCorrupted,
                format!(
                    "pages {first}+{cpg} freed to tree {t} are not in one of its owned extents"
                ),
            )
            .page(t));
        };
        if reserve {
            self.reserve(t)?;
        }
        let ae = self.space_tree(t, ae_of(&sph)?)?;
        let (mut first, mut cpg) = (first, cpg);
        let owner_first = owner.first_pgno().unwrap_or(owner.last_pgno);
        if first > owner_first {
            if let Some(left) = self.find_ge(&ae, first - 1)? {
                if left.last_pgno == first - 1 {
                    ae.delete(&left.last_pgno.to_be_bytes(), None)?;
                    first -= left.page_count;
                    cpg += left.page_count;
                }
            }
        }
        let last = first + cpg - 1;
        let right = self.find_ge(&ae, last + 1)?;
        let merged = match right {
            Some(r) if r.first_pgno() == Some(last + 1) && r.last_pgno <= owner.last_pgno => {
                ae.replace(
                    &r.last_pgno.to_be_bytes(),
                    &(r.page_count + cpg).to_le_bytes(),
                )?;
                (first, r.last_pgno)
            }
            _ => {
                self.add(&ae, last, cpg)?;
                (first, last)
            }
        };
        let whole = merged == (owner_first, owner.last_pgno);
        if whole && t != DB_ROOT && sph.pgno_parent != 0 {
            let key = owner.last_pgno.to_be_bytes();
            // The parent takes the extent first: should that fail (a page of its
            // space trees unreadable, no room for its split buffers), the extent
            // stays with this tree, whole and available, instead of leaving both.
            self.free_ext(sph.pgno_parent, owner_first, owner.page_count)?;
            ae.delete(&key, None)?;
            oe.delete(&key, None)?;
        }
        Ok(())
    }

    /// `ErrSPIReserveSPBufPages`: fills FDP `t`'s OE and AE split buffers so the next
    /// change to either tree can split it, returning buffers that were replaced.
    fn reserve(self: &Arc<Self>, t: u32) -> Result<()> {
        let sph = self.read_sph(t)?;
        let (Ok(oe), Ok(ae)) = (oe_of(&sph), ae_of(&sph)) else {
            return Ok(());
        };
        let mut released: Vec<(u32, u32)> = Vec::new();
        for _ in 0..32 {
            let mut changed = self.refill(t, &sph, oe, true, &mut released)?;
            changed |= self.refill(t, &sph, ae, false, &mut released)?;
            if let Some((last, cpg)) = released.pop() {
                self.ae_free(t, last + 1 - cpg, cpg, false)?;
                changed = true;
            }
            if !changed {
                return Ok(());
            }
        }
        Err(Error::with(
            ErrorCode::InternalError,
            "split buffers do not settle",
        ))
    }

    /// Refills the split buffer of space tree `root` of FDP `t` if it holds less than
    /// one split needs (twice that for the OE). Returns whether it changed anything.
    fn refill(
        self: &Arc<Self>,
        t: u32,
        sph: &SpaceHeader,
        root: u32,
        is_oe: bool,
        released: &mut Vec<(u32, u32)>,
    ) -> Result<bool> {
        let need = self.split_need(root)?;
        let required = if is_oe { 2 * need } else { need };
        let (mut buf, _) = self.split_buffer(root)?;
        let have: u32 = buf.extents.iter().map(|e| e.1).sum();
        if have >= required {
            return Ok(false);
        }
        let request = preferred_refill(required, need);
        let (first, cpg) = if t == DB_ROOT {
            self.extend(request.max(required))?
        } else {
            self.get_ext(sph.pgno_parent, request, required, false)?
        };
        let last = first + cpg - 1;
        let old = add_pages(&mut buf, last, cpg);
        self.set_split_buffer(root, &buf)?;
        if old.1 > 0 {
            released.push(old);
        }
        let oe = self.space_tree(t, oe_of(sph)?)?;
        self.add(&oe, last, cpg)?;
        Ok(true)
    }
}

/// The OE root of a multiple-extent header.
fn oe_of(sph: &SpaceHeader) -> Result<u32> {
    sph.pgno_oe()
        .ok_or_else(|| Error::with(ErrorCode::InternalError, "single-extent tree has no OE"))
}

/// The AE root of a multiple-extent header.
fn ae_of(sph: &SpaceHeader) -> Result<u32> {
    sph.pgno_ae()
        .ok_or_else(|| Error::with(ErrorCode::InternalError, "single-extent tree has no AE"))
}

/// The size of the tree's last allocation: `cpgPrimary` in v1 headers, the recorded
/// last allocation in v2.
fn last_alloc(sph: &SpaceHeader) -> u32 {
    sph.cpg_primary
}

/// Extents `(last, count)` as OE/AE node keys and data.
fn encode_extents(v: &[(u32, u32)]) -> Vec<([u8; 4], [u8; 4])> {
    v.iter()
        .map(|&(l, c)| (l.to_be_bytes(), c.to_le_bytes()))
        .collect()
}

/// `count` bits from bit `off`.
fn run_mask(off: u32, count: u32) -> u32 {
    let ones = if count >= 32 {
        u32::MAX
    } else {
        (1u32 << count) - 1
    };
    ones.checked_shl(off).unwrap_or(0)
}

/// First fit of `min` free pages in a single-extent bitmap (`ErrSPISmallGetExt`).
fn small_fit(fdp: u32, sph: &SpaceHeader, bitmap: u32, min: u32) -> Option<u32> {
    if min == 0 || min > SMALL_SPACE_MOST {
        return None;
    }
    let single = sph.cpg_primary.min(SMALL_SPACE_MOST + 1);
    let mask = run_mask(0, min);
    (0..single.saturating_sub(min))
        .find(|&i| bitmap & (mask << i) == mask << i)
        .map(|i| fdp + 1 + i)
}

/// The free extents of a single-extent tree, as `(last, count)`
/// (`SPIConvertCalcExtents`).
fn bitmap_extents(fdp: u32, sph: &SpaceHeader, bitmap: u32) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    let primary = sph.cpg_primary;
    if primary > SMALL_SPACE_MOST + 1 {
        out.push((fdp + primary - 1, primary - SMALL_SPACE_MOST - 1));
    }
    let usable = primary.min(SMALL_SPACE_MOST + 1).saturating_sub(1);
    let mut run: Option<(u32, u32)> = None;
    for i in 0..usable {
        let page = fdp + 1 + i;
        if bitmap & (1 << i) != 0 {
            run = Some(match run {
                Some((f, c)) => (f, c + 1),
                None => (page, 1),
            });
        } else if let Some((f, c)) = run.take() {
            out.push((f + c - 1, c));
        }
    }
    if let Some((f, c)) = run {
        // A run reaching the end of the bitmap joins the extent beyond it.
        match out.first_mut() {
            Some(beyond)
                if primary > SMALL_SPACE_MOST + 1 && f + c == fdp + SMALL_SPACE_MOST + 1 =>
            {
                beyond.1 += c;
            }
            _ => out.push((f + c - 1, c)),
        }
    }
    out
}
