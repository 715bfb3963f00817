//! The behaviour every `FileSystem` shares, checked on `StdFs` (in a temporary
//! directory), `MemFs` and `SimFs` alike.

use ese_os::{EntryKind, FileSystem, MemFs, OpenOptions, SimFs, StdFs};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

fn conformance(fs: &dyn FileSystem, root: &Path) {
    let dir = root.join("d");
    fs.create_dir_all(&dir.join("sub")).unwrap();
    fs.create_dir_all(&dir).unwrap();
    assert_eq!(fs.kind(&dir).unwrap(), Some(EntryKind::Dir));
    assert_eq!(fs.kind(&dir.join("nope")).unwrap(), None);
    assert!(!fs.exists(&dir.join("nope")));

    // Create, write with a gap, read back, read past the end.
    let a = dir.join("a");
    let f = fs.open(&a, OpenOptions::create_new()).unwrap();
    assert!(f.is_empty().unwrap());
    f.write_at(4, b"tail").unwrap();
    f.write_at(0, b"he").unwrap();
    assert_eq!(f.len().unwrap(), 8);
    let mut buf = [7u8; 8];
    f.read_at(0, &mut buf).unwrap();
    assert_eq!(&buf, b"he\0\0tail");
    assert_eq!(
        f.read_at(5, &mut buf[..4]).unwrap_err().kind(),
        ErrorKind::UnexpectedEof
    );
    // Far past the end (past the in-memory file systems' size limit, within
    // what a database page number reaches): the same end of the file.
    assert_eq!(
        f.read_at(1 << 45, &mut buf[..4]).unwrap_err().kind(),
        ErrorKind::UnexpectedEof
    );
    f.read_at(8, &mut []).unwrap();
    // Write-behind hands the data on and leaves it as it is.
    f.write_behind().unwrap();
    let mut again = [7u8; 8];
    f.read_at(0, &mut again).unwrap();
    assert_eq!(&again, b"he\0\0tail");
    f.sync_data().unwrap();
    f.sync_all().unwrap();
    assert!(f.sector_size() >= 1);

    direct_writes(fs, &dir);

    // set_len truncates and zero-extends.
    f.set_len(3).unwrap();
    f.set_len(5).unwrap();
    let mut five = [9u8; 5];
    f.read_at(0, &mut five).unwrap();
    assert_eq!(&five, b"he\0\0\0");
    drop(f);

    // Open modes.
    let err = fs.open(&a, OpenOptions::create_new()).err().unwrap();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists);
    let err = fs
        .open(&dir.join("missing"), OpenOptions::read_write())
        .err()
        .unwrap();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let err = fs
        .open(&dir.join("no/such/dir/f"), OpenOptions::create_new())
        .err()
        .unwrap();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(fs.open(&dir, OpenOptions::read_only()).is_err());
    let r = fs.open(&a, OpenOptions::read_only()).unwrap();
    assert!(r.write_at(0, b"x").is_err());
    assert_eq!(r.len().unwrap(), 5);
    let t = fs.open(&a, OpenOptions::create_truncate()).unwrap();
    assert_eq!(t.len().unwrap(), 0);
    t.write_at(0, b"AAAA").unwrap();
    drop((r, t));

    // Rename replaces the target.
    let b = dir.join("b");
    let g = fs.open(&b, OpenOptions::create_new()).unwrap();
    g.write_at(0, b"BB").unwrap();
    drop(g);
    fs.rename(&a, &b).unwrap();
    assert!(!fs.exists(&a));
    let h = fs.open(&b, OpenOptions::read_only()).unwrap();
    let mut four = [0u8; 4];
    h.read_at(0, &mut four).unwrap();
    assert_eq!(&four, b"AAAA");
    drop(h);
    assert_eq!(fs.rename(&a, &b).unwrap_err().kind(), ErrorKind::NotFound);

    // Listing, removal, directory rules.
    assert_eq!(
        fs.read_dir(&dir).unwrap(),
        vec!["b".to_string(), "sub".to_string()]
    );
    assert_eq!(
        fs.read_dir(&dir.join("zz")).unwrap_err().kind(),
        ErrorKind::NotFound
    );
    assert!(fs.remove_dir(&dir).is_err(), "not empty");
    fs.remove_file(&b).unwrap();
    assert_eq!(fs.remove_file(&b).unwrap_err().kind(), ErrorKind::NotFound);
    fs.remove_dir(&dir.join("sub")).unwrap();
    fs.sync_dir(&dir).unwrap();
    assert!(fs.read_dir(&dir).unwrap().is_empty());
    fs.remove_dir(&dir).unwrap();
    assert!(!fs.exists(&dir));
    assert!(fs.sync_dir(&dir).is_err());
}

/// `write_direct_at` leaves the file's bytes as `write_at` would: whole sectors (which
/// `StdFs` writes past the page cache on Linux), a write that is not, and writes through
/// a handle whose file was renamed since.
fn direct_writes(fs: &dyn FileSystem, dir: &Path) {
    let path = dir.join("direct");
    let g = fs.open(&path, OpenOptions::create_new()).unwrap();
    let mut model = vec![0u8; 8192];
    g.write_at(0, &model).unwrap();
    g.sync_data().unwrap();
    let block: Vec<u8> = (0..1024u32).map(|i| (i * 7 + 1) as u8).collect();
    let put = |g: &dyn ese_os::File, model: &mut [u8], off: usize, bytes: &[u8]| {
        g.write_direct_at(off as u64, bytes).unwrap();
        model[off..off + bytes.len()].copy_from_slice(bytes);
    };
    put(g.as_ref(), &mut model, 512, &block);
    put(g.as_ref(), &mut model, 3000, b"odd");
    put(g.as_ref(), &mut model, 512, &block[..512]);
    // Read through the same handle: the sector written last is there.
    let mut back = vec![7u8; 8192];
    g.read_at(0, &mut back).unwrap();
    assert_eq!(back, model);
    let moved = dir.join("direct-moved");
    fs.rename(&path, &moved).unwrap();
    put(g.as_ref(), &mut model, 4096, &block);
    g.sync_data().unwrap();
    let h = fs.open(&moved, OpenOptions::read_only()).unwrap();
    let mut back = vec![7u8; 8192];
    h.read_at(0, &mut back).unwrap();
    assert_eq!(back, model, "the renamed file holds every write");
    drop((g, h));
    fs.remove_file(&moved).unwrap();
}

fn unique_temp_dir() -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("ese-os-test-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn std_fs_conforms() {
    let root = unique_temp_dir();
    conformance(&StdFs::new(), &root);
    std::fs::remove_dir_all(&root).unwrap();
}

/// On a memory file system (Linux's `/dev/shm`, tmpfs), which refuses `O_DIRECT`, the
/// direct writes are plain ones.
#[cfg(target_os = "linux")]
#[test]
fn std_fs_conforms_on_tmpfs() {
    let shm = Path::new("/dev/shm");
    assert!(
        shm.is_dir(),
        "/dev/shm is a Linux machine's memory file system"
    );
    let root = shm.join(format!("ese-os-test-{}", std::process::id()));
    std::fs::create_dir_all(&root).unwrap();
    conformance(&StdFs::new(), &root);
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn mem_fs_conforms() {
    conformance(&MemFs::new(), Path::new("/"));
    conformance(&MemFs::new(), Path::new("rel"));
}

#[test]
fn sim_fs_conforms() {
    conformance(&SimFs::new(), Path::new("/"));
    conformance(&SimFs::new(), Path::new("/x/y"));
}

#[test]
fn mem_fs_clones_share_files() {
    let fs = MemFs::new();
    let other = fs.clone();
    let f = fs.open(Path::new("/f"), OpenOptions::create_new()).unwrap();
    f.write_at(0, b"shared").unwrap();
    assert_eq!(
        other.read_dir(Path::new("/")).unwrap(),
        vec!["f".to_string()]
    );
    let g = other
        .open(Path::new("/./f"), OpenOptions::read_only())
        .unwrap();
    let mut buf = [0u8; 6];
    g.read_at(0, &mut buf).unwrap();
    assert_eq!(&buf, b"shared");
}

#[test]
fn mem_fs_path_and_kind_errors() {
    let fs = MemFs::new();
    fs.open(Path::new("/f"), OpenOptions::create_new()).unwrap();
    assert!(
        fs.create_dir_all(Path::new("/f/g")).is_err(),
        "a file is in the way"
    );
    assert!(fs
        .open(Path::new("/f/g"), OpenOptions::create_new())
        .is_err());
    assert_eq!(
        fs.read_dir(Path::new("/f")).unwrap_err().kind(),
        ErrorKind::NotADirectory
    );
    fs.create_dir_all(Path::new("/d")).unwrap();
    assert_eq!(
        fs.remove_file(Path::new("/d")).unwrap_err().kind(),
        ErrorKind::IsADirectory
    );
    assert_eq!(
        fs.rename(Path::new("/f"), Path::new("/d"))
            .unwrap_err()
            .kind(),
        ErrorKind::IsADirectory
    );
    assert_eq!(
        fs.rename(Path::new("/d"), Path::new("/e"))
            .unwrap_err()
            .kind(),
        ErrorKind::Unsupported
    );
    fs.rename(Path::new("/f"), Path::new("/f")).unwrap();
    assert!(fs.exists(Path::new("/f")));
    assert!(fs.remove_dir(Path::new("/")).is_err());
    let f = fs.open(Path::new("/f"), OpenOptions::read_write()).unwrap();
    assert_eq!(
        f.write_at(u64::MAX - 1, b"xy").unwrap_err().kind(),
        ErrorKind::FileTooLarge
    );
    assert!(fs
        .open(
            Path::new("/g"),
            OpenOptions {
                write: false,
                create: true,
                create_new: false,
                truncate: false
            }
        )
        .is_err());
}
