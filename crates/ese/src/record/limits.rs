//! Size limits of records and long values per page size, as ESE computes them.
//!
//! Sources: `CPAGE::CbPageDataMax` (`cpage.hxx`: page less its header, less one reserved tag and
//! the tag of the node itself), `REC::CbRecordMost` (`rec.hxx`), `CbLVIntrinsicTableMost`
//! (`lv.hxx`), `cbLVIntrinsicMost` (`rec.hxx`), `JET_paramLVChunkSizeMost` (`jetapi.cxx`,
//! `InitVariablesWithPageSize`) and `JET_paramMinDataForXpress` (`sysparamtable.g.cxx`). Page header
//! and tag sizes come from `format::page`; the page writer (not merged yet) computes the same
//! node and record limits for its own use, and one of the two should give way at the merge.
//!
//! What must hold: the figures equal ESE's for 4, 8, 16 and 32 KiB pages (the unit tests list
//! them); an unsupported page size is `JET_errInvalidParameter`, never a wrong figure.

use crate::catalog::TableDef;
use crate::format::page::PageHeader;
use crate::{Error, ErrorCode, Result};

/// Long values up to this many bytes stay in the record unless the table sets another limit
/// (`cbLVIntrinsicMost`).
pub const LV_INTRINSIC_MOST_DEFAULT: usize = 1023;
/// Data shorter than this is never XPRESS-compressed (`JET_paramMinDataForXpress` default).
pub const MIN_DATA_FOR_XPRESS: usize = 1024;

/// Small pages reserve room for at least this key (`JET_cbKeyMostMin`).
const KEY_MOST_MIN: usize = 255;
/// `sizeof(DBK)`: the key of a table without a primary index.
const DBK_SIZE: usize = 4;
/// Per-chunk overhead in the long-value tree besides the page header (`LVChunkOverheadCommon`).
const LV_CHUNK_OVERHEAD: usize = 42;
/// Record header, `TAGFLD` and `TAGFLD_HEADER` as `CbLVIntrinsicTableMost` subtracts them.
const INTRINSIC_OVERHEAD: usize = 4 + 4 + 1;

/// Whether `page_size` is one this engine writes databases with (4, 8, 16 or 32 KiB; ESE's
/// legacy 2 KiB pages are read but not written).
pub fn is_valid_page_size(page_size: usize) -> bool {
    matches!(page_size, 4096 | 8192 | 16384 | 32768)
}

fn check_page_size(page_size: usize) -> Result<()> {
    if is_valid_page_size(page_size) {
        Ok(())
    } else {
        Err(Error::with(
            ErrorCode::InvalidParameter,
            format!("page size {page_size}: 4096, 8192, 16384 or 32768 expected"),
        ))
    }
}

/// The key size ESE reserves in a table's records: its primary index's `KeyMost` (255 when the
/// catalog stores none), or 4 for a table clustered on the hidden sequential key.
pub fn table_key_most(table: &TableDef) -> usize {
    match table.primary_index() {
        Some(ix) if ix.key_most != 0 => ix.key_most as usize,
        Some(_) => KEY_MOST_MIN,
        None => DBK_SIZE,
    }
}

/// The largest record (`REC::CbRecordMost`) on pages of `page_size` bytes when the primary key
/// may have `key_most` bytes: the largest node (`CbPageDataMax`) less the key-length field and
/// the key. Small pages keep ESE's older reserve of at least 255 key bytes; large pages reserve
/// two more bytes for a prefix-compressed key. 4 KiB → 3789 (key 255) or 3791 (key ≤ 253).
pub fn record_size_most(page_size: usize, key_most: usize) -> Result<usize> {
    check_page_size(page_size)?;
    match crate::page::max_record_size(page_size, key_most) {
        0 => Err(Error::with(
            ErrorCode::InvalidParameter,
            format!("a key of {key_most} bytes leaves no room for records"),
        )),
        n => Ok(n),
    }
}

/// The longest long value that could stay in a record (`CbLVIntrinsicTableMost`): the record
/// limit less the record header, one tagged-field entry and its header byte.
pub fn lv_intrinsic_table_most(page_size: usize, key_most: usize) -> Result<usize> {
    Ok(record_size_most(page_size, key_most)?.saturating_sub(INTRINSIC_OVERHEAD))
}

/// The long-value chunk size of `table`: its `LVChunkMax` when the catalog sets one, else
/// `JET_paramLVChunkSizeMost` for the page size (small pages: the page less 82 bytes; 16 KiB:
/// 4050; 32 KiB: 8150). The read path splits long values by the same rule.
pub fn lv_chunk_size(table: &TableDef, page_size: usize) -> Result<usize> {
    check_page_size(page_size)?;
    if table.lv_chunk_max != 0 {
        return Ok(table.lv_chunk_max as usize);
    }
    Ok(match page_size {
        32768 => 8150,
        16384 => 4050,
        small => small - (LV_CHUNK_OVERHEAD + PageHeader::size_for(small)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_per_page_size() {
        assert_eq!(record_size_most(4096, 255).unwrap(), 3789);
        assert_eq!(record_size_most(4096, 5).unwrap(), 3791);
        assert_eq!(record_size_most(8192, 4).unwrap(), 7887);
        assert_eq!(record_size_most(16384, 4).unwrap(), 16288);
        assert_eq!(record_size_most(32768, 4).unwrap(), 32672);
        assert_eq!(record_size_most(32768, 255).unwrap(), 32421);
        assert_eq!(lv_intrinsic_table_most(4096, 255).unwrap(), 3780);
        assert!(record_size_most(2048, 255).is_err());
        assert!(record_size_most(4096, 5000).is_err());
    }
}
