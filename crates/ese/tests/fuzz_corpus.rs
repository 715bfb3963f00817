//! Replays the fuzz corpus (`fuzz/corpus/decode`) through the fuzz harness, so
//! every input the fuzzer kept is checked in every test run.

#[path = "../../../fuzz/harness.rs"]
mod harness;

#[test]
fn fuzz_corpus_replays_without_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/decode");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("fuzz corpus folder") {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        harness::exercise(&data);
        n += 1;
    }
    assert!(n >= 10, "the corpus should hold seeds, found {n}");
}
