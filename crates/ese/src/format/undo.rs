//! The bytes of the undo information the log keeps for every change a transaction
//! makes, so that recovery can undo the changes of transactions that never
//! committed (see `docs/design/recovery.md`).
//!
//! Layout (little-endian), by its first byte:
//!
//! | code | change | fields |
//! |---|---|---|
//! | 1 | a node of a tree | root u32, unique u8, kind u8, key length u16, key, data length u32, data, then per kind: insert (1) nothing; replace (2) and delete (3) before-image length u32 and bytes; escrow delta (4) offset u16, width u8, delta i64 |
//! | 2 | a long value written | table objid u32, LID u64 |
//! | 3 | a schema change | table objid u32, large-page records u8, row count u16, each row: length u32 and its catalog record; count u16 of trees made, each u32 |
//!
//! What must hold: decode of encode gives the information back; any other bytes are
//! `JET_errLogCorrupted`, never a panic.

use crate::{Error, ErrorCode, Result};

/// What undoing one change of a node needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeUndo {
    /// The node was inserted: undo deletes it.
    Insert,
    /// The node's data was replaced: undo puts `before` back.
    Replace {
        /// The data before.
        before: Vec<u8>,
    },
    /// The node was flag-deleted: undo clears the flag and puts `before` back.
    Delete {
        /// The data before.
        before: Vec<u8>,
    },
    /// `delta` was added to the integer of `width` bytes at `offset`: undo subtracts it.
    Delta {
        /// Byte offset in the data.
        offset: u16,
        /// 4 or 8.
        width: u8,
        /// The amount added.
        delta: i64,
    },
}

/// The undo information of one change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UndoInfo {
    /// A change to one node.
    Node {
        /// The tree's root page.
        root: u32,
        /// Whether the tree's keys are unique (else the data is part of the bookmark).
        unique: bool,
        /// The node's key.
        key: Vec<u8>,
        /// The node's data (its bookmark part in a non-unique tree).
        data: Vec<u8>,
        /// What was done.
        kind: NodeUndo,
    },
    /// A long value was written: undo deletes it.
    LvAdded {
        /// The table's object id.
        objid: u32,
        /// The long value's id (its 64-bit value).
        lid: u64,
    },
    /// A table's definition changed: undo puts its catalog rows back and frees the
    /// trees the change made.
    Schema {
        /// The table's object id.
        objid: u32,
        /// Whether the rows are in the large-page record format.
        large: bool,
        /// The table's catalog records before the change (none: it was created).
        rows: Vec<Vec<u8>>,
        /// The root pages of the trees the change made.
        created: Vec<u32>,
    },
}

fn corrupt(what: &str) -> Error {
    Error::with(ErrorCode::LogCorrupted, format!("undo information: {what}"))
}

fn too_long(what: &str) -> Error {
    Error::with(
        ErrorCode::InvalidParameter,
        format!("undo information: {what} too long"),
    )
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.0.len() < n {
            return Err(corrupt("truncated"));
        }
        let (h, r) = self.0.split_at(n);
        self.0 = r;
        Ok(h)
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
    fn u64(&mut self) -> Result<u64> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    fn bytes32(&mut self) -> Result<Vec<u8>> {
        let n = self.u32()? as usize;
        Ok(self.take(n)?.to_vec())
    }
}

fn put_bytes32(out: &mut Vec<u8>, b: &[u8]) -> Result<()> {
    let n = u32::try_from(b.len()).map_err(|_| too_long("value"))?;
    out.extend_from_slice(&n.to_le_bytes());
    out.extend_from_slice(b);
    Ok(())
}

/// Appends the bytes of an [`UndoInfo::Node`] of `root`, `unique`, `key`, `data`
/// and `kind`, borrowed rather than owned (the same bytes as
/// [`UndoInfo::encode_into`]); on an error `out` is unchanged.
pub fn encode_node_into(
    out: &mut Vec<u8>,
    root: u32,
    unique: bool,
    key: &[u8],
    data: &[u8],
    kind: &NodeUndo,
) -> Result<()> {
    super::put_whole(out, |out| {
        out.push(1);
        out.extend_from_slice(&root.to_le_bytes());
        out.push(u8::from(unique));
        out.push(match kind {
            NodeUndo::Insert => 1,
            NodeUndo::Replace { .. } => 2,
            NodeUndo::Delete { .. } => 3,
            NodeUndo::Delta { .. } => 4,
        });
        let klen = u16::try_from(key.len()).map_err(|_| too_long("key"))?;
        out.extend_from_slice(&klen.to_le_bytes());
        out.extend_from_slice(key);
        put_bytes32(out, data)?;
        match kind {
            NodeUndo::Insert => {}
            NodeUndo::Replace { before } | NodeUndo::Delete { before } => put_bytes32(out, before)?,
            NodeUndo::Delta {
                offset,
                width,
                delta,
            } => {
                out.extend_from_slice(&offset.to_le_bytes());
                out.push(*width);
                out.extend_from_slice(&delta.to_le_bytes());
            }
        }
        Ok(())
    })
}

impl UndoInfo {
    /// The information's bytes (see the module header).
    pub fn encode(&self) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        self.encode_into(&mut out)?;
        Ok(out)
    }

    /// [`UndoInfo::encode`] appending to `out`; on an error `out` is unchanged.
    pub fn encode_into(&self, out: &mut Vec<u8>) -> Result<()> {
        super::put_whole(out, |out| self.put(out))
    }

    fn put(&self, out: &mut Vec<u8>) -> Result<()> {
        match self {
            UndoInfo::Node {
                root,
                unique,
                key,
                data,
                kind,
            } => encode_node_into(out, *root, *unique, key, data, kind)?,
            UndoInfo::LvAdded { objid, lid } => {
                out.push(2);
                out.extend_from_slice(&objid.to_le_bytes());
                out.extend_from_slice(&lid.to_le_bytes());
            }
            UndoInfo::Schema {
                objid,
                large,
                rows,
                created,
            } => {
                out.push(3);
                out.extend_from_slice(&objid.to_le_bytes());
                out.push(u8::from(*large));
                let n = u16::try_from(rows.len()).map_err(|_| too_long("row list"))?;
                out.extend_from_slice(&n.to_le_bytes());
                for r in rows {
                    put_bytes32(out, r)?;
                }
                let n = u16::try_from(created.len()).map_err(|_| too_long("tree list"))?;
                out.extend_from_slice(&n.to_le_bytes());
                for c in created {
                    out.extend_from_slice(&c.to_le_bytes());
                }
            }
        }
        Ok(())
    }

    /// Reads undo information from its bytes. Errors: `JET_errLogCorrupted`.
    pub fn decode(bytes: &[u8]) -> Result<UndoInfo> {
        let mut r = Reader(bytes);
        let info = match r.u8()? {
            1 => {
                let root = r.u32()?;
                let unique = match r.u8()? {
                    0 => false,
                    1 => true,
                    _ => return Err(corrupt("unique flag")),
                };
                let kind = r.u8()?;
                let klen = r.u16()? as usize;
                let key = r.take(klen)?.to_vec();
                let data = r.bytes32()?;
                let kind = match kind {
                    1 => NodeUndo::Insert,
                    2 => NodeUndo::Replace {
                        before: r.bytes32()?,
                    },
                    3 => NodeUndo::Delete {
                        before: r.bytes32()?,
                    },
                    4 => {
                        let offset = r.u16()?;
                        let width = r.u8()?;
                        if width != 4 && width != 8 {
                            return Err(corrupt("escrow width"));
                        }
                        NodeUndo::Delta {
                            offset,
                            width,
                            delta: r.u64()? as i64,
                        }
                    }
                    _ => return Err(corrupt("node change kind")),
                };
                UndoInfo::Node {
                    root,
                    unique,
                    key,
                    data,
                    kind,
                }
            }
            2 => UndoInfo::LvAdded {
                objid: r.u32()?,
                lid: r.u64()?,
            },
            3 => {
                let objid = r.u32()?;
                let large = r.u8()? != 0;
                let n = r.u16()?;
                let mut rows = Vec::with_capacity(n as usize);
                for _ in 0..n {
                    rows.push(r.bytes32()?);
                }
                let n = r.u16()?;
                let mut created = Vec::with_capacity(n as usize);
                for _ in 0..n {
                    created.push(r.u32()?);
                }
                UndoInfo::Schema {
                    objid,
                    large,
                    rows,
                    created,
                }
            }
            other => return Err(corrupt(&format!("unknown code {other}"))),
        };
        if !r.0.is_empty() {
            return Err(corrupt("bytes after the information"));
        }
        Ok(info)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_borrowed_node_encodes_as_its_owned_form() {
        for info in samples() {
            if let UndoInfo::Node {
                root,
                unique,
                key,
                data,
                kind,
            } = &info
            {
                let mut out = vec![0xAA];
                encode_node_into(&mut out, *root, *unique, key, data, kind).unwrap();
                let mut want = vec![0xAA];
                info.encode_into(&mut want).unwrap();
                assert_eq!(out, want);
            }
        }
        let mut out = vec![1, 2];
        let long = vec![0u8; 70_000];
        assert!(encode_node_into(&mut out, 1, true, &long, &[], &NodeUndo::Insert).is_err());
        assert_eq!(out, [1, 2], "a failed encoding leaves nothing");
    }

    fn samples() -> Vec<UndoInfo> {
        let node = |kind| UndoInfo::Node {
            root: 77,
            unique: true,
            key: b"key".to_vec(),
            data: vec![],
            kind,
        };
        vec![
            node(NodeUndo::Insert),
            node(NodeUndo::Replace {
                before: vec![1, 2, 3],
            }),
            node(NodeUndo::Delete {
                before: vec![9; 300],
            }),
            node(NodeUndo::Delta {
                offset: 4,
                width: 8,
                delta: -5,
            }),
            UndoInfo::Node {
                root: 9,
                unique: false,
                key: vec![1],
                data: vec![2, 3],
                kind: NodeUndo::Insert,
            },
            UndoInfo::LvAdded {
                objid: 5,
                lid: 0x8000_0000_0000_0001,
            },
            UndoInfo::Schema {
                objid: 12,
                large: false,
                rows: vec![vec![1, 2], vec![]],
                created: vec![40, 41],
            },
        ]
    }

    #[test]
    fn every_kind_reads_back_and_damage_is_refused() {
        for info in samples() {
            let b = info.encode().unwrap();
            assert_eq!(UndoInfo::decode(&b).unwrap(), info);
            for cut in 0..b.len() {
                let e = UndoInfo::decode(&b[..cut]).unwrap_err();
                assert_eq!(e.code(), ErrorCode::LogCorrupted);
            }
            let mut longer = b.clone();
            longer.push(0);
            assert!(UndoInfo::decode(&longer).is_err());
        }
        let mut seed = 7u64;
        for _ in 0..20_000 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = (seed >> 58) as usize;
            let b: Vec<u8> = (0..len).map(|i| (seed >> (i % 8 * 8)) as u8 % 5).collect();
            let _ = UndoInfo::decode(&b);
        }
    }
}
