//! A database at its size limit: inserts fail with `JET_errOutOfDatabaseSpace`,
//! nothing is half done, and deleting makes room again.

mod btree_support;

use btree_support::*;
use ese::btree::{self, BTree, TreeEnv, TreeKind};
use ese::cache::{BufferCache, NoWal};
use ese::space::{SpaceManager, SpaceParams};
use ese::ErrorCode;
use ese_os::{FileSystem, MemFs, OpenOptions};
use std::path::Path;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

#[test]
fn a_full_database_refuses_inserts_and_stays_sound() {
    for seed in 0..4u64 {
        let fs = MemFs::new();
        let file = fs
            .open(Path::new("/f.edb"), OpenOptions::create_new())
            .unwrap();
        let cache = Arc::new(BufferCache::new(Arc::from(file), 4096, 64, Arc::new(NoWal)).unwrap());
        let env = TreeEnv::new(cache, Arc::new(AtomicU64::new(0)));
        let params = SpaceParams {
            db_extension_pages: 16,
            max_pages: 200 + 37 * seed as u32,
            ..SpaceParams::default()
        };
        let space = Arc::new(SpaceManager::create_database(env.clone(), params, 32).unwrap());
        let fdp = space
            .create_fdp(1, 5, 2, seed % 2 == 0, TreeKind::Table)
            .unwrap();
        let tree = BTree::open(&env, space.clone(), fdp, 80).unwrap();
        let mut rng = Rng(seed);
        let mut keys = Vec::new();
        let err = loop {
            let key = (rng.next() as u32).to_be_bytes().to_vec();
            match tree.insert(&key, &vec![1u8; 200 + rng.below(1500) as usize]) {
                Ok(()) => keys.push(key),
                Err(e) if e.code() == ErrorCode::KeyDuplicate => {}
                Err(e) => break e,
            }
        };
        assert_eq!(
            err.code(),
            ErrorCode::OutOfDatabaseSpace,
            "seed {seed}: {err}"
        );
        assert!(space.last_pgno() <= params.max_pages);
        btree::check(&env, fdp).unwrap();
        ese::space::check(&env).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        // Every acknowledged key is there.
        for k in &keys {
            assert!(tree.get(k).unwrap().is_some());
        }
        // Deleting makes room for new inserts without growing the file.
        let last = space.last_pgno();
        for k in keys.iter().step_by(2) {
            tree.delete(k, None).unwrap();
        }
        for i in 0..(keys.len() / 4) as u32 {
            tree.insert(&[0xFF, (i >> 8) as u8, i as u8], &[2u8; 300])
                .unwrap();
        }
        assert_eq!(space.last_pgno(), last);
        btree::check(&env, fdp).unwrap();
        ese::space::check(&env).unwrap();
    }
}
