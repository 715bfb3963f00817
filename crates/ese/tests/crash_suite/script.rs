//! The scripted scenarios of the sweep and the interpreter that runs them
//! beside their model.

use super::support::*;
use ese::format::coltype::ColumnType;
use ese::record::schema::{ColumnSpec, IndexSpec, KeySegmentSpec};
use ese::{CreateOptions, Database, Instance, Session};
use ese_os::{FileSystem, SimFs};
use std::collections::BTreeMap;
use std::sync::Arc;

// ---------------------------------------------------- (b) the scripted sweep

/// One step of a scripted scenario. Row and table changes run inside the
/// scenario's transactions (`Begin` … `Commit`/`Rollback`, nestable).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Op {
    /// Creates database `i` with table `t` (outside transactions).
    CreateDb(usize),
    /// Inserts or replaces ids `id..id + n` with values of `len` bytes.
    Put {
        db: usize,
        table: &'static str,
        id: i32,
        n: i32,
        val: i32,
        len: usize,
    },
    /// Deletes ids `id..id + n` (those that exist).
    Del {
        db: usize,
        table: &'static str,
        id: i32,
        n: i32,
    },
    CreateTable(usize, &'static str),
    DeleteTable(usize, &'static str),
    RenameTable(usize, &'static str, &'static str),
    CreateIndex(usize, &'static str, &'static str),
    DeleteIndex(usize, &'static str, &'static str),
    AddColumn(usize, &'static str, &'static str),
    Begin,
    Commit,
    Rollback,
    Checkpoint,
    Detach(usize),
    Attach(usize),
    /// A clean term and a new instance re-attaching what was attached.
    Restart,
    /// A pass of online defragmentation over database `i` (outside transactions: it
    /// changes pages, not rows).
    Defrag(usize),
}

pub(crate) use Op::*;

pub(crate) const fn ins(
    db: usize,
    table: &'static str,
    id: i32,
    n: i32,
    val: i32,
    len: usize,
) -> Op {
    Put {
        db,
        table,
        id,
        n,
        val,
        len,
    }
}

pub(crate) const fn del(db: usize, table: &'static str, id: i32, n: i32) -> Op {
    Del { db, table, id, n }
}

pub(crate) struct Scenario {
    pub(crate) name: &'static str,
    /// Starts from an empty disk (else from the template: database 0 with `t`).
    pub(crate) empty: bool,
    pub(crate) ops: Vec<Op>,
}

pub(crate) fn sc(name: &'static str, empty: bool, ops: Vec<Op>) -> Scenario {
    Scenario { name, empty, ops }
}

/// Wraps `ops` in one committed transaction.
pub(crate) fn txn(ops: &[Op]) -> Vec<Op> {
    let mut v = vec![Begin];
    v.extend_from_slice(ops);
    v.push(Commit);
    v
}

pub(crate) fn cat(parts: &[Vec<Op>]) -> Vec<Op> {
    parts.concat()
}

pub(crate) fn scenarios() -> Vec<Scenario> {
    vec![
        sc("create_db", true, vec![CreateDb(0)]),
        sc(
            "create_db_then_commit",
            true,
            cat(&[vec![CreateDb(0)], txn(&[ins(0, "t", 1, 3, 1, 10)])]),
        ),
        sc("one_insert", false, txn(&[ins(0, "t", 1, 1, 1, 10)])),
        sc(
            "inserts_in_three_txns",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 5, 1, 20)]),
                txn(&[ins(0, "t", 5, 5, 2, 20)]),
                txn(&[ins(0, "t", 10, 5, 3, 20)]),
            ]),
        ),
        sc(
            "inserts_split",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 120, 1, 200)]),
                txn(&[ins(0, "t", 120, 60, 2, 200)]),
            ]),
        ),
        sc(
            "long_values",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 4, 1, 9000)]),
                txn(&[ins(0, "t", 4, 2, 2, 30000)]),
            ]),
        ),
        sc(
            "replace_long_values",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 4, 1, 6000)]),
                txn(&[ins(0, "t", 0, 4, 2, 50)]),
                txn(&[ins(0, "t", 2, 2, 3, 12000)]),
            ]),
        ),
        sc(
            "deletes_merge",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 150, 1, 150)]),
                txn(&[del(0, "t", 10, 120)]),
            ]),
        ),
        sc(
            "online_defragmentation",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 240, 1, 150)]),
                // Nine ids in ten deleted, from the right: pages thin out while their
                // left neighbours are full, so the deletes' merges find no room.
                txn(&(0..24)
                    .rev()
                    .map(|g| del(0, "t", g * 10 + 1, 9))
                    .collect::<Vec<_>>()),
                vec![Defrag(0)],
                txn(&[ins(0, "t", 500, 3, 2, 40)]),
            ]),
        ),
        sc(
            "delete_long_values",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 3, 1, 10000)]),
                txn(&[del(0, "t", 0, 3)]),
            ]),
        ),
        sc(
            "replaces",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 30, 1, 100)]),
                txn(&[ins(0, "t", 0, 30, 2, 300)]),
                txn(&[ins(0, "t", 10, 10, 3, 10)]),
            ]),
        ),
        sc(
            "rollback",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 10, 1, 100)]),
                vec![
                    Begin,
                    ins(0, "t", 5, 20, 9, 500),
                    del(0, "t", 0, 3),
                    Rollback,
                ],
                txn(&[ins(0, "t", 30, 2, 2, 10)]),
            ]),
        ),
        sc(
            "rollback_split",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 20, 1, 100)]),
                vec![Begin, ins(0, "t", 20, 150, 9, 200), Rollback],
            ]),
        ),
        sc(
            "nested_rollback",
            false,
            cat(&[vec![
                Begin,
                ins(0, "t", 0, 5, 1, 50),
                Begin,
                ins(0, "t", 5, 5, 9, 3000),
                del(0, "t", 0, 2),
                Rollback,
                ins(0, "t", 10, 2, 1, 50),
                Commit,
            ]]),
        ),
        sc(
            "nested_commit_outer_rollback",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 3, 1, 10)]),
                vec![Begin, Begin, ins(0, "t", 3, 5, 9, 2000), Commit, Rollback],
                txn(&[ins(0, "t", 8, 1, 1, 10)]),
            ]),
        ),
        sc(
            "open_txn_at_crash",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 10, 1, 100)]),
                vec![Begin, ins(0, "t", 10, 40, 9, 400), del(0, "t", 0, 5)],
            ]),
        ),
        sc(
            "create_table",
            false,
            txn(&[CreateTable(0, "u"), ins(0, "u", 0, 10, 1, 100)]),
        ),
        sc(
            "create_table_rolled_back",
            false,
            cat(&[
                vec![
                    Begin,
                    CreateTable(0, "u"),
                    ins(0, "u", 0, 30, 1, 300),
                    Rollback,
                ],
                txn(&[ins(0, "t", 0, 2, 1, 10)]),
            ]),
        ),
        sc(
            "delete_table",
            false,
            cat(&[
                txn(&[CreateTable(0, "u"), ins(0, "u", 0, 40, 1, 200)]),
                txn(&[DeleteTable(0, "u")]),
            ]),
        ),
        sc(
            "delete_table_rolled_back",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 40, 1, 200)]),
                vec![Begin, DeleteTable(0, "t"), Rollback],
                txn(&[ins(0, "t", 40, 1, 1, 10)]),
            ]),
        ),
        sc(
            "rename_table",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 10, 1, 50)]),
                txn(&[RenameTable(0, "t", "v")]),
                txn(&[ins(0, "v", 10, 2, 2, 50)]),
            ]),
        ),
        sc(
            "create_index",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 80, 1, 100)]),
                txn(&[CreateIndex(0, "t", "bynote")]),
            ]),
        ),
        sc(
            "create_index_rolled_back",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 60, 1, 100)]),
                vec![Begin, CreateIndex(0, "t", "bynote"), Rollback],
                txn(&[ins(0, "t", 60, 5, 1, 100)]),
            ]),
        ),
        sc(
            "delete_index",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 60, 1, 100)]),
                txn(&[CreateIndex(0, "t", "bynote")]),
                txn(&[DeleteIndex(0, "t", "bynote")]),
                txn(&[ins(0, "t", 60, 5, 1, 100)]),
            ]),
        ),
        sc(
            "add_column",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 10, 1, 100)]),
                txn(&[AddColumn(0, "t", "extra")]),
                txn(&[ins(0, "t", 10, 5, 1, 100)]),
            ]),
        ),
        sc(
            "ddl_mix_rolled_back",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 20, 1, 100)]),
                vec![
                    Begin,
                    CreateTable(0, "u"),
                    ins(0, "u", 0, 5, 1, 10),
                    AddColumn(0, "t", "extra"),
                    CreateIndex(0, "t", "bynote"),
                    ins(0, "t", 20, 5, 2, 10),
                    Rollback,
                ],
            ]),
        ),
        sc(
            "checkpoint",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 50, 1, 200)]),
                vec![Checkpoint],
                txn(&[ins(0, "t", 0, 50, 2, 100)]),
                vec![Begin, ins(0, "t", 50, 10, 9, 50)],
            ]),
        ),
        sc(
            "checkpoint_during_txn",
            false,
            cat(&[
                vec![
                    Begin,
                    ins(0, "t", 0, 30, 1, 300),
                    Checkpoint,
                    ins(0, "t", 30, 30, 1, 300),
                    Commit,
                ],
                vec![Begin, ins(0, "t", 60, 10, 2, 100), Checkpoint],
            ]),
        ),
        sc(
            "detach_attach",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 30, 1, 200)]),
                vec![Detach(0), Attach(0)],
                txn(&[ins(0, "t", 30, 10, 2, 200)]),
            ]),
        ),
        sc(
            "clean_term_restart",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 30, 1, 200)]),
                vec![Restart],
                txn(&[ins(0, "t", 0, 10, 2, 3000)]),
            ]),
        ),
        sc(
            "two_databases",
            false,
            cat(&[
                vec![CreateDb(1)],
                txn(&[ins(0, "t", 0, 20, 1, 100), ins(1, "t", 0, 20, 2, 100)]),
                vec![
                    Begin,
                    ins(1, "t", 20, 5, 9, 100),
                    ins(0, "t", 20, 5, 9, 100),
                    Rollback,
                ],
            ]),
        ),
        sc(
            "two_databases_detach_one",
            false,
            cat(&[
                vec![CreateDb(1)],
                txn(&[ins(1, "t", 0, 30, 2, 500)]),
                vec![Detach(1)],
                txn(&[ins(0, "t", 0, 10, 1, 100)]),
            ]),
        ),
        sc(
            "many_generations",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 40, 1, 4000)]),
                txn(&[ins(0, "t", 0, 40, 2, 4000)]),
                txn(&[ins(0, "t", 0, 40, 3, 4000)]),
            ]),
        ),
        sc(
            "restart_then_rollback",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 10, 1, 100)]),
                vec![
                    Restart,
                    Begin,
                    del(0, "t", 0, 10),
                    ins(0, "t", 10, 10, 9, 100),
                    Rollback,
                ],
                txn(&[ins(0, "t", 20, 1, 1, 1)]),
            ]),
        ),
    ]
}

/// The engine objects of a scenario run and the model beside them.
pub(crate) struct World {
    pub(crate) fs: Arc<dyn FileSystem>,
    pub(crate) inst: Option<Instance>,
    pub(crate) s: Option<Session>,
    pub(crate) dbs: [Option<Database>; 2],
    pub(crate) cands: Candidates,
    /// The model as the open transaction sees it, and one saved state per level.
    pub(crate) pending: Model,
    pub(crate) saved: Vec<Model>,
}

impl World {
    pub(crate) fn start(fs: Arc<dyn FileSystem>, model: Model) -> Result<World, ese::Error> {
        let inst = Instance::with_fs(fs.clone(), opts())?;
        let mut dbs = [None, None];
        for &i in model.keys() {
            dbs[i] = Some(inst.attach_database(DBS[i], false)?.0);
        }
        let s = inst.begin_session()?;
        Ok(World {
            fs,
            inst: Some(inst),
            s: Some(s),
            dbs,
            cands: Candidates::new(model.clone()),
            pending: model,
            saved: Vec::new(),
        })
    }

    pub(crate) fn inst(&self) -> ese::Result<&Instance> {
        self.inst.as_ref().ok_or_else(|| {
            ese::Error::with(ese::ErrorCode::NotInitialized, "no instance after an error")
        })
    }
    pub(crate) fn s(&self) -> ese::Result<&Session> {
        self.s.as_ref().ok_or_else(|| {
            ese::Error::with(ese::ErrorCode::InvalidSesid, "no session after an error")
        })
    }
    pub(crate) fn db(&self, i: usize) -> ese::Result<&Database> {
        self.dbs[i].as_ref().ok_or_else(|| {
            ese::Error::with(ese::ErrorCode::DatabaseNotFound, "detached after an error")
        })
    }

    pub(crate) fn step(&mut self, op: Op) -> ese::Result<()> {
        match op {
            CreateDb(i) => {
                let mut m = self.cands.current().clone();
                m.insert(i, BTreeMap::new());
                self.cands.push(m.clone());
                m.entry(i).or_default().insert("t".into(), Rows::new());
                self.cands.push(m.clone());
                self.pending = m;
                let mut db = self
                    .inst()?
                    .create_database(DBS[i], CreateOptions::default())?;
                db.create_table_spec(&spec("t"))?;
                self.dbs[i] = Some(db);
            }
            Put {
                db,
                table,
                id,
                n,
                val,
                len,
            } => {
                let mut c = self.s()?.open_table(self.db(db)?, table)?;
                for id in id..id + n {
                    let text = note(id, val, len);
                    put(&mut c, id, val, &text)?;
                    self.pending
                        .entry(db)
                        .or_default()
                        .entry(table.into())
                        .or_default()
                        .insert(id, (val, text));
                }
            }
            Del { db, table, id, n } => {
                let mut c = self.s()?.open_table(self.db(db)?, table)?;
                for id in id..id + n {
                    if remove(&mut c, id)? {
                        if let Some(r) = self.pending.get_mut(&db).and_then(|t| t.get_mut(table)) {
                            r.remove(&id);
                        }
                    }
                }
            }
            CreateTable(db, name) => {
                let def = spec(name).table_def(8192, "sweep")?;
                self.s()?.create_table(self.db(db)?, def)?;
                self.pending
                    .entry(db)
                    .or_default()
                    .insert(name.into(), Rows::new());
            }
            DeleteTable(db, name) => {
                self.s()?.delete_table(self.db(db)?, name)?;
                self.pending.entry(db).or_default().remove(name);
            }
            RenameTable(db, from, to) => {
                self.s()?.rename_table(self.db(db)?, from, to)?;
                let t = self.pending.entry(db).or_default();
                let rows = t.remove(from).unwrap_or_default();
                t.insert(to.into(), rows);
            }
            CreateIndex(db, table, name) => {
                let spec = IndexSpec {
                    name: name.into(),
                    key: vec![
                        KeySegmentSpec {
                            column: "note".into(),
                            descending: false,
                        },
                        KeySegmentSpec {
                            column: "id".into(),
                            descending: true,
                        },
                    ],
                    flags: 0,
                    key_most: None,
                    var_seg_mac: None,
                    conditions: Vec::new(),
                    tuple_limits: None,
                    density: 0,
                };
                self.s()?.create_index(self.db(db)?, table, &spec)?;
            }
            DeleteIndex(db, table, name) => self.s()?.delete_index(self.db(db)?, table, name)?,
            AddColumn(db, table, name) => {
                let spec = ColumnSpec {
                    name: name.into(),
                    coltype: ColumnType::Long,
                    cp: 0,
                    max_length: 0,
                    flags: 0,
                    default: None,
                };
                self.s()?.add_column(self.db(db)?, table, &spec)?;
            }
            Defrag(i) => {
                self.db(i)?.defragment(&|| false)?;
            }
            Begin => {
                self.saved.push(self.pending.clone());
                self.s()?.begin_transaction()?;
            }
            Commit => {
                let outer = self.saved.len() == 1;
                if outer {
                    self.cands.push(self.pending.clone());
                }
                self.s()?.commit_transaction()?;
                self.saved.pop();
                if outer {
                    self.cands.ack();
                }
            }
            Rollback => {
                self.s()?.rollback()?;
                self.pending = self.saved.pop().expect("in a transaction");
            }
            Checkpoint => {
                self.inst()?.checkpoint()?;
                if self.saved.is_empty() {
                    self.cands.ack();
                }
            }
            Detach(i) => {
                self.dbs[i] = None;
                self.inst()?.detach_database(DBS[i])?;
                if self.saved.is_empty() {
                    self.cands.ack();
                }
            }
            Attach(i) => {
                self.dbs[i] = Some(self.inst()?.attach_database(DBS[i], false)?.0);
            }
            Restart => {
                let attached: Vec<usize> = (0..2).filter(|&i| self.dbs[i].is_some()).collect();
                self.s = None;
                self.dbs = [None, None];
                self.inst()?.term()?;
                self.cands.ack();
                self.inst = None;
                let inst = Instance::with_fs(self.fs.clone(), opts())?;
                for i in attached {
                    self.dbs[i] = Some(inst.attach_database(DBS[i], false)?.0);
                }
                self.s = Some(inst.begin_session()?);
                self.inst = Some(inst);
            }
        }
        Ok(())
    }

    /// Runs the ops, stopping at the first error.
    pub(crate) fn run(&mut self, ops: &[Op]) -> ese::Result<()> {
        for &op in ops {
            self.step(op)?;
        }
        Ok(())
    }

    pub(crate) fn handles(self) -> impl Sized {
        (self.s, self.dbs, self.inst)
    }
}

/// A fresh disk for `scenario` and the model it holds.
pub(crate) fn disk_for(scenario: &Scenario) -> (Arc<SimFs>, Model) {
    if scenario.empty {
        let sim = Arc::new(SimFs::new());
        (sim, Model::new())
    } else {
        (from_template(), template_model())
    }
}
