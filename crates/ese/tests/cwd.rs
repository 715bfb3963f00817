//! A database named by a bare file name lives in the current directory (its own test
//! binary: it changes the process's current directory), and is backed up and restored
//! to where it was.

use ese::file_backup::{restore_from_folder, FolderBackup, FolderRestore};
use ese::{CreateOptions, Instance, InstanceOptions};
use std::path::Path;
use std::sync::Arc;

#[test]
fn a_bare_file_name_creates_the_database_in_the_current_directory() {
    let d = std::env::temp_dir().join(format!("ese-cwd-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    std::env::set_current_dir(&d).unwrap();
    let inst = Instance::new(InstanceOptions::in_dir(".")).unwrap();
    let db = inst
        .create_database("books.edb", CreateOptions::default())
        .unwrap();
    assert!(db.page_count() > 0);
    inst.term().unwrap();
    assert!(d.join("books.edb").exists());
    let inst = Instance::new(InstanceOptions::in_dir(".")).unwrap();
    inst.attach_database("books.edb", false).unwrap();
    // A backup records the database's full path, so a restore without a destination puts
    // it back there although it was named relative to the current directory.
    let opts = FolderBackup {
        grbit: 0,
        create_path: true,
    };
    inst.backup_to_folder(Path::new("set"), &opts, None)
        .unwrap();
    inst.term().unwrap();
    std::fs::remove_file(d.join("books.edb")).unwrap();
    let fs: ese_os::SharedFs = Arc::new(ese_os::StdFs);
    let to = FolderRestore::new("restored-logs", "restored-logs");
    restore_from_folder(fs, Path::new("set"), None, &to, None).unwrap();
    assert!(d.join("books.edb").exists());
    std::env::set_current_dir(std::env::temp_dir()).unwrap();
    let _ = std::fs::remove_dir_all(&d);
}
