//! The bytes of one logged page operation: what a page record of the log says was
//! done to its page (see `btree::PageOp`, which this mirrors, and
//! `docs/design/log-format.md`).
//!
//! Layout: one operation code byte, then the operation's fields, little-endian:
//!
//! | code | operation | fields after the code |
//! |---|---|---|
//! | 1 | insert node | index u16, flags u8, prefix length u16, suffix length u16, suffix, data |
//! | 2 | replace node data | index u16, data |
//! | 3 | replace node | index u16, flags u8, prefix length u16, suffix length u16, suffix, data |
//! | 4 | delete node | index u16 |
//! | 5 | set node flags | index u16, flags u8 |
//! | 6 | set external header | bytes |
//! | 7 | set links | prev u32, next u32 |
//! | 8 | page image | the whole page |
//! | 9 | page image without its zero gap | page length u32, gap offset u32, gap length u32, the page without the gap |
//!
//! Data, external header and image run to the end of the payload. An image whose
//! page has a free gap of zeros (`format::page::zero_gap`) is written with code 9
//! and reads back as the whole image (code 8's operation).
//!
//! What must hold: [`LoggedOp::decode`] of [`LoggedOp::encode`] gives the operation
//! back; any other bytes are `JET_errLogCorrupted`, never a panic.

use crate::{Error, ErrorCode, Result};

/// The code of an image written without its page's zero gap.
const IMAGE_ELIDED: u8 = 9;

/// One page operation as logged, its bytes held as `B`: owned (`Vec<u8>`, what
/// [`LoggedOp::decode`] gives) or borrowed ([`LoggedOpRef`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoggedOp<B = Vec<u8>> {
    /// Insert a node at `index`.
    Insert {
        /// Node index.
        index: u16,
        /// Node flags.
        flags: u8,
        /// Bytes of the page's key prefix the key starts with.
        prefix_len: u16,
        /// The rest of the key.
        suffix: B,
        /// The node's data.
        data: B,
    },
    /// Replace the data of node `index`.
    ReplaceData {
        /// Node index.
        index: u16,
        /// The new data.
        data: B,
    },
    /// Replace node `index` as a whole.
    Replace {
        /// Node index.
        index: u16,
        /// Node flags.
        flags: u8,
        /// Bytes of the page's key prefix the key starts with.
        prefix_len: u16,
        /// The rest of the key.
        suffix: B,
        /// The node's data.
        data: B,
    },
    /// Delete node `index`.
    Delete {
        /// Node index.
        index: u16,
    },
    /// Set the flags of node `index`.
    SetNodeFlags {
        /// Node index.
        index: u16,
        /// The new flags.
        flags: u8,
    },
    /// Replace the external header.
    SetExternalHeader {
        /// The new header bytes.
        bytes: B,
    },
    /// Set the sibling links.
    SetLinks {
        /// Previous page (0: none).
        prev: u32,
        /// Next page (0: none).
        next: u32,
    },
    /// The whole page.
    Image {
        /// The page image.
        image: B,
    },
}

/// A [`LoggedOp`] whose bytes are borrowed: what the log writes for a change made
/// just now, without copying its node or image first. It encodes exactly as the
/// owned operation does (the same code).
pub type LoggedOpRef<'a> = LoggedOp<&'a [u8]>;

fn corrupt(what: &str) -> Error {
    Error::with(
        ErrorCode::LogCorrupted,
        format!("logged page operation: {what}"),
    )
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.bytes.len() < n {
            return Err(corrupt("truncated"));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }
    fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn rest(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.bytes).to_vec()
    }
    fn end(&self) -> Result<()> {
        if self.bytes.is_empty() {
            Ok(())
        } else {
            Err(corrupt("bytes after the operation"))
        }
    }
}

fn u16_of(n: usize, what: &str) -> Result<u16> {
    u16::try_from(n).map_err(|_| {
        Error::with(
            ErrorCode::InvalidParameter,
            format!("a page operation's {what} of {n} does not fit 16 bits"),
        )
    })
}

impl<B: AsRef<[u8]>> LoggedOp<B> {
    /// The operation code.
    pub fn code(&self) -> u8 {
        match self {
            LoggedOp::Insert { .. } => 1,
            LoggedOp::ReplaceData { .. } => 2,
            LoggedOp::Replace { .. } => 3,
            LoggedOp::Delete { .. } => 4,
            LoggedOp::SetNodeFlags { .. } => 5,
            LoggedOp::SetExternalHeader { .. } => 6,
            LoggedOp::SetLinks { .. } => 7,
            LoggedOp::Image { .. } => 8,
        }
    }

    /// The operation's bytes (see the module header).
    pub fn encode(&self) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        self.encode_into(&mut out)?;
        Ok(out)
    }

    /// [`LoggedOp::encode`] appending to `out`; on an error `out` is unchanged.
    pub fn encode_into(&self, out: &mut Vec<u8>) -> Result<()> {
        super::put_whole(out, |out| self.put(out))
    }

    fn put(&self, out: &mut Vec<u8>) -> Result<()> {
        let start = out.len();
        out.push(self.code());
        match self {
            LoggedOp::Insert {
                index,
                flags,
                prefix_len,
                suffix,
                data,
            }
            | LoggedOp::Replace {
                index,
                flags,
                prefix_len,
                suffix,
                data,
            } => {
                let suffix = suffix.as_ref();
                out.extend_from_slice(&index.to_le_bytes());
                out.push(*flags);
                out.extend_from_slice(&prefix_len.to_le_bytes());
                out.extend_from_slice(&u16_of(suffix.len(), "key suffix")?.to_le_bytes());
                out.extend_from_slice(suffix);
                out.extend_from_slice(data.as_ref());
            }
            LoggedOp::ReplaceData { index, data } => {
                out.extend_from_slice(&index.to_le_bytes());
                out.extend_from_slice(data.as_ref());
            }
            LoggedOp::Delete { index } => out.extend_from_slice(&index.to_le_bytes()),
            LoggedOp::SetNodeFlags { index, flags } => {
                out.extend_from_slice(&index.to_le_bytes());
                out.push(*flags);
            }
            LoggedOp::SetExternalHeader { bytes } => out.extend_from_slice(bytes.as_ref()),
            LoggedOp::SetLinks { prev, next } => {
                out.extend_from_slice(&prev.to_le_bytes());
                out.extend_from_slice(&next.to_le_bytes());
            }
            LoggedOp::Image { image } => {
                let image = image.as_ref();
                match crate::format::page::zero_gap(image) {
                    Some(gap) => {
                        out[start] = IMAGE_ELIDED;
                        out.extend_from_slice(&(image.len() as u32).to_le_bytes());
                        crate::format::page::put_without_gap(out, image, gap);
                    }
                    None => out.extend_from_slice(image),
                }
            }
        }
        Ok(())
    }

    /// The operation with its bytes copied.
    pub fn to_owned_op(&self) -> LoggedOp {
        match self {
            LoggedOp::Insert {
                index,
                flags,
                prefix_len,
                suffix,
                data,
            } => LoggedOp::Insert {
                index: *index,
                flags: *flags,
                prefix_len: *prefix_len,
                suffix: suffix.as_ref().to_vec(),
                data: data.as_ref().to_vec(),
            },
            LoggedOp::ReplaceData { index, data } => LoggedOp::ReplaceData {
                index: *index,
                data: data.as_ref().to_vec(),
            },
            LoggedOp::Replace {
                index,
                flags,
                prefix_len,
                suffix,
                data,
            } => LoggedOp::Replace {
                index: *index,
                flags: *flags,
                prefix_len: *prefix_len,
                suffix: suffix.as_ref().to_vec(),
                data: data.as_ref().to_vec(),
            },
            LoggedOp::Delete { index } => LoggedOp::Delete { index: *index },
            LoggedOp::SetNodeFlags { index, flags } => LoggedOp::SetNodeFlags {
                index: *index,
                flags: *flags,
            },
            LoggedOp::SetExternalHeader { bytes } => LoggedOp::SetExternalHeader {
                bytes: bytes.as_ref().to_vec(),
            },
            LoggedOp::SetLinks { prev, next } => LoggedOp::SetLinks {
                prev: *prev,
                next: *next,
            },
            LoggedOp::Image { image } => LoggedOp::Image {
                image: image.as_ref().to_vec(),
            },
        }
    }
}

impl LoggedOp {
    /// Reads an operation from its bytes. Errors: `JET_errLogCorrupted`.
    pub fn decode(bytes: &[u8]) -> Result<LoggedOp> {
        let mut r = Reader { bytes };
        let code = r.u8()?;
        let op = match code {
            1 | 3 => {
                let index = r.u16()?;
                let flags = r.u8()?;
                let prefix_len = r.u16()?;
                let n = r.u16()? as usize;
                let suffix = r.take(n)?.to_vec();
                let data = r.rest();
                if code == 1 {
                    LoggedOp::Insert {
                        index,
                        flags,
                        prefix_len,
                        suffix,
                        data,
                    }
                } else {
                    LoggedOp::Replace {
                        index,
                        flags,
                        prefix_len,
                        suffix,
                        data,
                    }
                }
            }
            2 => LoggedOp::ReplaceData {
                index: r.u16()?,
                data: r.rest(),
            },
            4 => LoggedOp::Delete { index: r.u16()? },
            5 => LoggedOp::SetNodeFlags {
                index: r.u16()?,
                flags: r.u8()?,
            },
            6 => LoggedOp::SetExternalHeader { bytes: r.rest() },
            7 => LoggedOp::SetLinks {
                prev: r.u32()?,
                next: r.u32()?,
            },
            8 => LoggedOp::Image { image: r.rest() },
            IMAGE_ELIDED => {
                let n = r.u32()? as usize;
                let at = r.u32()? as usize;
                let gap = r.u32()? as usize;
                let kept = r.rest();
                LoggedOp::Image {
                    image: crate::format::page::fill_gap(&kept, n, at, gap)
                        .ok_or_else(|| corrupt("a page image whose gap does not fit"))?,
                }
            }
            other => return Err(corrupt(&format!("unknown operation code {other}"))),
        };
        r.end()?;
        Ok(op)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Vec<LoggedOp> {
        vec![
            LoggedOp::Insert {
                index: 3,
                flags: 2,
                prefix_len: 7,
                suffix: b"abc".to_vec(),
                data: b"data".to_vec(),
            },
            LoggedOp::ReplaceData {
                index: 1,
                data: vec![9; 40],
            },
            LoggedOp::Replace {
                index: 0,
                flags: 0,
                prefix_len: 0,
                suffix: vec![],
                data: vec![1],
            },
            LoggedOp::Delete { index: 65535 },
            LoggedOp::SetNodeFlags { index: 4, flags: 1 },
            LoggedOp::SetExternalHeader { bytes: vec![] },
            LoggedOp::SetLinks { prev: 1, next: 2 },
            LoggedOp::Image {
                image: vec![7; 4096],
            },
        ]
    }

    #[test]
    fn every_operation_reads_back() {
        for op in all() {
            let bytes = op.encode().unwrap();
            assert_eq!(bytes[0], op.code());
            assert_eq!(LoggedOp::decode(&bytes).unwrap(), op);
        }
    }

    #[test]
    fn damaged_bytes_are_log_corruption() {
        for op in all() {
            let bytes = op.encode().unwrap();
            for cut in 0..bytes.len().min(12) {
                if let Err(e) = LoggedOp::decode(&bytes[..cut]) {
                    assert_eq!(e.code(), ErrorCode::LogCorrupted);
                }
            }
        }
        assert!(LoggedOp::decode(&[0]).is_err());
        assert!(LoggedOp::decode(&[9, 1, 2]).is_err());
        assert!(
            LoggedOp::decode(&[4, 1, 0, 0]).is_err(),
            "bytes after a delete"
        );
        let mut seed = 1u64;
        for _ in 0..20_000 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            let len = (seed >> 59) as usize;
            let bytes: Vec<u8> = (0..len).map(|i| (seed >> (i % 8 * 8)) as u8).collect();
            let _ = LoggedOp::decode(&bytes);
        }
    }

    #[test]
    fn an_image_leaves_its_zero_gap_out_and_reads_back_whole() {
        let mut image = crate::page::test_leaf(4096, 8, 50);
        let op = LoggedOp::Image {
            image: image.clone(),
        };
        let bytes = op.encode().unwrap();
        assert_eq!(bytes[0], IMAGE_ELIDED);
        assert!(bytes.len() < 1000, "{} bytes", bytes.len());
        assert_eq!(LoggedOp::decode(&bytes).unwrap(), op);
        for cut in 0..bytes.len() {
            assert_eq!(
                LoggedOp::decode(&bytes[..cut]).unwrap_err().code(),
                ErrorCode::LogCorrupted
            );
        }
        // Old bytes in the gap: the whole image is written.
        image[3000] = 1;
        let op = LoggedOp::Image { image };
        let bytes = op.encode().unwrap();
        assert_eq!((bytes[0], bytes.len()), (8, 4097));
        assert_eq!(LoggedOp::decode(&bytes).unwrap(), op);
    }

    #[test]
    fn a_suffix_too_long_for_16_bits_is_refused() {
        let op = LoggedOp::Insert {
            index: 0,
            flags: 0,
            prefix_len: 0,
            suffix: vec![0; 70_000],
            data: vec![1],
        };
        assert_eq!(op.encode().unwrap_err().code(), ErrorCode::InvalidParameter);
    }
}
