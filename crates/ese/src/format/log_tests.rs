use super::*;
use proptest::prelude::*;

fn samples() -> Vec<LogRecord> {
    vec![
        LogRecord::Init,
        LogRecord::Term { clean: true },
        LogRecord::Term { clean: false },
        LogRecord::Begin { txn: 7, session: 3 },
        LogRecord::Commit {
            txn: 7,
            commit_ts: 99,
        },
        LogRecord::Rollback { txn: u64::MAX },
        LogRecord::PageOp {
            dbid: 1,
            pgno: 42,
            objid: 5,
            dbtime_before: 10,
            dbtime_after: 11,
            txn: 7,
            op: 3,
            payload: vec![1, 2, 3, 4, 5],
        },
        LogRecord::PageImage {
            dbid: 2,
            pgno: 9,
            dbtime: 77,
            image: vec![0xAB; 300],
        },
        LogRecord::Attach {
            dbid: 1,
            path: "C:\\db\\x.edb".into(),
            db_signature: [9; 28],
        },
        LogRecord::Detach { dbid: 1 },
        LogRecord::Checkpoint {
            lgpos: Lgpos {
                generation: 3,
                sector: 8,
                byte: 16,
            },
        },
        LogRecord::StepEnd,
        LogRecord::Undo {
            dbid: 2,
            txn: 9,
            id: 77,
            info: vec![1, 2, 3],
        },
        LogRecord::Undone {
            dbid: 2,
            txn: 9,
            id: 77,
        },
        LogRecord::ExtendDb {
            dbid: 2,
            last_pgno: 0x0012_3456,
        },
    ]
}

#[test]
fn records_round_trip() {
    for r in samples() {
        let bytes = r.encode().unwrap();
        assert_eq!(LogRecord::framed_len(&bytes), Some(bytes.len()));
        assert_eq!(LogRecord::decode(&bytes).unwrap(), r);
        // Any truncation or extension is rejected.
        assert!(LogRecord::decode(&bytes[..bytes.len() - 1]).is_err());
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(LogRecord::decode(&longer).is_err());
    }
}

#[test]
fn lgpos_orders_and_displays_like_ese() {
    let a = Lgpos {
        generation: 1,
        sector: 2,
        byte: 0x10,
    };
    assert_eq!(a.to_string(), "00000001:0002:0010");
    assert!(
        a < Lgpos {
            generation: 1,
            sector: 3,
            byte: 0
        }
    );
    assert!(
        a < Lgpos {
            generation: 2,
            sector: 0,
            byte: 0
        }
    );
    assert!(Lgpos::MIN < a && a < Lgpos::MAX);
    assert_eq!(Lgpos::decode(a.encode()), a);
    assert_eq!(Lgpos::from_offset(1, 2 * 512 + 16, 512), Some(a));
    assert_eq!(a.offset(512), 1040);
    assert_eq!(Lgpos::from_offset(1, 65536 * 512, 512), None);
}

fn header() -> LogFileHeader {
    LogFileHeader {
        sector_size: 512,
        generation: 5,
        circular: true,
        file_size: 1 << 20,
        signature: LogSignature {
            random: [3; 16],
            created_micros: 12345,
        },
        created_micros: 777,
        prev_end: Lgpos {
            generation: 4,
            sector: 100,
            byte: 3,
        },
        prev_last_crc: 0xDEAD_BEEF,
        first_seq: 88,
    }
}

#[test]
fn header_round_trips_and_detects_damage() {
    let h = header();
    let b = h.encode();
    assert_eq!(LogFileHeader::decode(&b).unwrap(), h);
    for i in 8..b.len() {
        let mut d = b;
        d[i] ^= 0x40;
        assert!(LogFileHeader::decode(&d).is_err(), "flip at {i} undetected");
    }
    let mut d = b;
    d[0] = b'X';
    assert_eq!(
        LogFileHeader::decode(&d).unwrap_err().code(),
        ErrorCode::BadLogSignature
    );
}

#[test]
fn header_sizes_a_writer_never_makes_are_corruption() {
    // Behind a valid checksum: below 64 KiB, not whole sectors, more than
    // 65535 sectors.
    for (sector_size, file_size) in [(512, 32 * 1024), (512, (1 << 20) + 100), (512, 512 * 65536)] {
        let h = LogFileHeader {
            sector_size,
            file_size,
            ..header()
        };
        assert_eq!(
            LogFileHeader::decode(&h.encode()).unwrap_err().code(),
            ErrorCode::LogFileCorrupt,
            "{file_size}"
        );
    }
    let h = LogFileHeader {
        file_size: 512 * 65535,
        ..header()
    };
    assert_eq!(LogFileHeader::decode(&h.encode()).unwrap(), h);
}

#[test]
fn block_round_trips_and_detects_damage() {
    let h = BlockHeader {
        generation: 2,
        seq: 9,
        payload_len: 5,
        first_record: 0,
        flags: 0,
    };
    let (b, crc) = h.encode_block(&[1, 2, 3, 4, 5], 512);
    assert_eq!(b.len(), 512);
    assert_eq!(BlockHeader::check(&b), BlockCheck::Valid(h, crc));
    for i in 0..37 {
        let mut d = b.clone();
        d[i] ^= 1;
        assert!(
            !matches!(BlockHeader::check(&d), BlockCheck::Valid(..)),
            "flip at {i}"
        );
    }
    assert_eq!(BlockHeader::check(&[0u8; 512]), BlockCheck::Zero);
    assert_eq!(BlockHeader::check(&b[..20]), BlockCheck::Bad);
}

#[test]
fn a_block_encoded_into_a_used_buffer_is_the_same_block() {
    let h = BlockHeader {
        generation: 4,
        seq: 77,
        payload_len: 600,
        first_record: 3,
        flags: 0,
    };
    let payload: Vec<u8> = (0..600u32).map(|i| (i * 7 + 1) as u8).collect();
    let (fresh, crc) = h.encode_block(&payload, 512);
    assert_eq!(fresh.len(), BlockHeader::block_len(600, 512));
    assert_eq!(fresh.len(), 1024);
    // A buffer that held a longer block before, every byte set.
    let mut used = vec![0xA5u8; 4096];
    assert_eq!(h.encode_block_into(&payload, 512, &mut used), crc);
    assert_eq!(used, fresh);
    assert!(used[32 + 600..].iter().all(|&b| b == 0), "padding is zeros");
    assert_eq!(BlockHeader::check(&used), BlockCheck::Valid(h, crc));
    assert_eq!(BlockHeader::block_len(480, 512), 512);
    assert_eq!(BlockHeader::block_len(481, 512), 1024);
    assert_eq!(BlockHeader::block_len(5, 0), 37);
}

#[test]
fn checkpoint_copy_round_trips() {
    let c = CheckpointData {
        signature: LogSignature {
            random: [1; 16],
            created_micros: 5,
        },
        lgpos: Lgpos {
            generation: 3,
            sector: 9,
            byte: 1,
        },
        gen_min: 2,
        gen_max: 4,
        databases: vec![CheckpointDb {
            dbid: 1,
            path: "a.edb".into(),
            db_signature: [7; 28],
        }],
    };
    let b = c.encode_copy(17).unwrap();
    assert_eq!(b.len(), CHECKPOINT_COPY);
    assert_eq!(CheckpointData::decode_copy(&b).unwrap(), (17, c.clone()));
    let mut d = b.clone();
    d[50] ^= 1;
    assert_eq!(
        CheckpointData::decode_copy(&d).unwrap_err().code(),
        ErrorCode::CheckpointCorrupt
    );
    let mut big = c;
    big.databases = (0..10)
        .map(|i| CheckpointDb {
            dbid: i,
            path: "p".repeat(1000),
            db_signature: [0; 28],
        })
        .collect();
    assert!(big.encode_copy(1).is_err());
}

proptest! {
    #[test]
    fn decoders_never_panic_on_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = LogRecord::decode(&bytes);
        let _ = LogRecord::framed_len(&bytes);
        let _ = LogFileHeader::decode(&bytes);
        let _ = BlockHeader::check(&bytes);
        let _ = CheckpointData::decode_copy(&bytes);
    }

    #[test]
    fn damaged_records_decode_to_error_or_a_record(idx in 0usize..11, pos in any::<usize>(), val in any::<u8>(), cut in any::<usize>()) {
        let r = samples()[idx].clone();
        let mut bytes = r.encode().unwrap();
        let p = pos % bytes.len();
        bytes[p] = val;
        let _ = LogRecord::decode(&bytes);
        let c = cut % (bytes.len() + 1);
        let _ = LogRecord::decode(&bytes[..c]);
        // Framing bytes that still say the original length decode to the
        // original record or to an error, never to something longer.
        if let Ok(d) = LogRecord::decode(&bytes) {
            prop_assert_eq!(d.encode().unwrap().len(), bytes.len());
        }
    }
}

/// A formatted 8 KiB leaf page holding `nodes` nodes of 100 bytes of data.
fn leaf_page(nodes: usize) -> Vec<u8> {
    crate::page::test_leaf(8192, nodes, 100)
}

#[test]
fn a_page_image_leaves_its_zero_gap_out_and_reads_back_whole() {
    for nodes in [0, 1, 30, 70] {
        let image = leaf_page(nodes);
        let (at, gap) = crate::format::page::zero_gap(&image).expect("a zero gap");
        let r = LogRecord::PageImage {
            dbid: 1,
            pgno: 9,
            dbtime: 4,
            image: image.clone(),
        };
        let bytes = r.encode().unwrap();
        assert_eq!(bytes[4], PAGE_IMAGE_ELIDED, "{nodes} nodes");
        assert!(
            bytes.len() < 8192 - gap + 64,
            "{nodes} nodes: {} bytes",
            bytes.len()
        );
        assert_eq!(LogRecord::decode(&bytes).unwrap(), r, "{nodes} nodes");
        // A gap that does not add up to the page is corruption.
        let mut bad = bytes.clone();
        let gap_field = 4 + 1 + 1 + 4 + 8 + 4 + 4;
        bad[gap_field..gap_field + 4].copy_from_slice(&((gap + 1) as u32).to_le_bytes());
        assert_eq!(
            LogRecord::decode(&bad).unwrap_err().code(),
            ErrorCode::LogFileCorrupt
        );
        bad[gap_field..gap_field + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(LogRecord::decode(&bad).is_err());
        let at_field = gap_field - 4;
        let mut bad = bytes.clone();
        bad[at_field..at_field + 4].copy_from_slice(&(8192u32).to_le_bytes());
        assert!(LogRecord::decode(&bad).is_err());
        assert!(at > 0);
    }
    // Old bytes in the gap: the whole image is written.
    let mut image = leaf_page(10);
    let (at, _) = crate::format::page::zero_gap(&image).unwrap();
    image[at + 5] = 1;
    assert!(crate::format::page::zero_gap(&image).is_none());
    let r = LogRecord::PageImage {
        dbid: 1,
        pgno: 9,
        dbtime: 4,
        image,
    };
    let bytes = r.encode().unwrap();
    assert_eq!(bytes[4], 7);
    assert_eq!(LogRecord::decode(&bytes).unwrap(), r);
}

#[test]
fn a_run_of_frames_holds_each_record_as_encode_frames_it() {
    let records = samples();
    let mut frames = Frames::new();
    for r in &records {
        frames.push(r).unwrap();
    }
    assert_eq!(frames.len(), records.len());
    for (f, r) in frames.iter().zip(&records) {
        assert_eq!(f, &r.encode().unwrap()[..]);
        assert_eq!(&LogRecord::decode(f).unwrap(), r);
    }
    // A record that cannot be framed leaves the run as it was.
    let before: Vec<Vec<u8>> = frames.iter().map(<[u8]>::to_vec).collect();
    let too_long = LogRecord::Attach {
        dbid: 1,
        path: "x".repeat(usize::from(u16::MAX) + 1),
        db_signature: [0; 28],
    };
    let e = frames.push(&too_long).unwrap_err();
    assert_eq!(e.code(), ErrorCode::LogBufferTooSmall);
    let after: Vec<Vec<u8>> = frames.iter().map(<[u8]>::to_vec).collect();
    assert_eq!(before, after);
    // Cleared, the run is empty and takes records again.
    frames.clear();
    assert!(frames.is_empty());
    assert_eq!(frames.iter().count(), 0);
    frames.push(&LogRecord::StepEnd).unwrap();
    assert_eq!(
        frames.iter().next(),
        Some(&LogRecord::StepEnd.encode().unwrap()[..])
    );
}

/// The page operation and undo frames, byte by byte: length, type, fixed
/// fields, payload length, payload.
#[test]
fn page_op_and_undo_frames_are_laid_out_field_by_field() {
    let head = PageOpHead {
        dbid: 3,
        pgno: 0x0102_0304,
        objid: 17,
        dbtime_before: 40,
        dbtime_after: 41,
        txn: 5,
        op: 1,
    };
    let mut out = Vec::new();
    encode_page_op_into(&mut out, &head, |o| {
        o.extend_from_slice(&[9, 8, 7]);
        Ok(())
    })
    .unwrap();
    let mut want = Vec::new();
    want.extend_from_slice(&(1u32 + 34 + 4 + 3).to_le_bytes());
    want.push(PAGE_OP_TYPE);
    want.push(3);
    want.extend_from_slice(&0x0102_0304u32.to_le_bytes());
    want.extend_from_slice(&17u32.to_le_bytes());
    want.extend_from_slice(&40u64.to_le_bytes());
    want.extend_from_slice(&41u64.to_le_bytes());
    want.extend_from_slice(&5u64.to_le_bytes());
    want.push(1);
    want.extend_from_slice(&3u32.to_le_bytes());
    want.extend_from_slice(&[9, 8, 7]);
    assert_eq!(out, want);
    let mut out = vec![0xEE];
    encode_undo_into(&mut out, 2, 8, 6, |o| {
        o.extend_from_slice(&[1, 2]);
        Ok(())
    })
    .unwrap();
    let mut want = vec![0xEE];
    want.extend_from_slice(&(1u32 + 17 + 4 + 2).to_le_bytes());
    want.push(UNDO_TYPE);
    want.push(2);
    want.extend_from_slice(&8u64.to_le_bytes());
    want.extend_from_slice(&6u64.to_le_bytes());
    want.extend_from_slice(&2u32.to_le_bytes());
    want.extend_from_slice(&[1, 2]);
    assert_eq!(out, want);
    // A failing body leaves the buffer as it was.
    let e = encode_undo_into(&mut out, 2, 8, 6, |o| {
        o.push(1);
        Err(Error::new(ErrorCode::InvalidParameter))
    })
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidParameter);
    assert_eq!(out, want);
}

#[test]
fn the_borrowing_encoders_write_the_bytes_of_their_records() {
    // Page operation: payload written in place.
    let head = PageOpHead {
        dbid: 3,
        pgno: 1234,
        objid: 17,
        dbtime_before: 40,
        dbtime_after: 41,
        txn: 5,
        op: 1,
    };
    let mut out = vec![0xEE];
    encode_page_op_into(&mut out, &head, |o| {
        o.extend_from_slice(&[9, 8, 7]);
        Ok(())
    })
    .unwrap();
    let owned = LogRecord::PageOp {
        dbid: 3,
        pgno: 1234,
        objid: 17,
        dbtime_before: 40,
        dbtime_after: 41,
        txn: 5,
        op: 1,
        payload: vec![9, 8, 7],
    };
    assert_eq!(&out[1..], &owned.encode().unwrap()[..]);
    // A payload writer that fails leaves the buffer as it was.
    let e = encode_page_op_into(&mut out, &head, |o| {
        o.extend_from_slice(&[1; 100]);
        Err(Error::new(ErrorCode::InvalidParameter))
    })
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidParameter);
    assert_eq!(&out[1..], &owned.encode().unwrap()[..]);
    // Page image, with and without its zero gap.
    for image in [leaf_page(20), vec![0x5A; 8192]] {
        let mut out = Vec::new();
        encode_page_image_into(&mut out, 2, 77, 9, &image).unwrap();
        let owned = LogRecord::PageImage {
            dbid: 2,
            pgno: 77,
            dbtime: 9,
            image,
        };
        assert_eq!(out, owned.encode().unwrap());
        assert_eq!(LogRecord::decode(&out).unwrap(), owned);
    }
    // Undo information.
    let info = crate::format::undo::UndoInfo::LvAdded { objid: 4, lid: 99 };
    let mut out = Vec::new();
    encode_undo_into(&mut out, 1, 8, 2, |o| info.encode_into(o)).unwrap();
    let owned = LogRecord::Undo {
        dbid: 1,
        txn: 8,
        id: 2,
        info: info.encode().unwrap(),
    };
    assert_eq!(out, owned.encode().unwrap());
}
