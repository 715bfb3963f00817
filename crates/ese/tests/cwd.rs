//! A database named by a bare file name lives in the current directory (its own test
//! binary: it changes the process's current directory).

use ese::{CreateOptions, Instance, InstanceOptions};

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
    inst.term().unwrap();
    std::env::set_current_dir(std::env::temp_dir()).unwrap();
    let _ = std::fs::remove_dir_all(&d);
}
