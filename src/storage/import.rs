//! A file chosen or dropped by the user, read through `import_any` into the workspace.
//! Nothing changes on any error; a plan whose id is already here waits for the user's choice.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use super::WorkspaceStore;
use crate::domain::file::{ImportError, Imported, MAX_FILE_BYTES, import_any};
use crate::domain::plan::Plan;
use crate::domain::workspace::{ImportAction, ImportChoice, PlanSummary};
use crate::domain::workspace::{PlanDiff, Relation};

/// Where an import stands, for データ管理.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum ImportState {
    #[default]
    Idle,
    Reading(String),
    /// The file was read and taken in.
    Done(String),
    /// Nothing was changed.
    Failed {
        file_name: String,
        message: String,
        /// `(path, message)` of every problem.
        problems: Vec<(String, String)>,
    },
    /// A plan with the same id is here: 置き換える / 別の計画として取り込む / キャンセル.
    SameId {
        file_name: String,
        incoming: Box<Plan>,
        current: PlanSummary,
        incoming_summary: PlanSummary,
        relation: Relation,
        diff: Box<PlanDiff>,
    },
}

/// The import flow, provided by `App` so a file dropped on any view lands here.
#[derive(Clone, Copy)]
pub struct Importer {
    pub state: RwSignal<ImportState>,
    /// What the last imported plan holds that is implausible but loaded (要確認), each with
    /// its place.
    pub warnings: RwSignal<Vec<String>>,
    store: WorkspaceStore,
}

impl Importer {
    pub fn provide(store: WorkspaceStore) -> Importer {
        let importer = Importer {
            state: RwSignal::new(ImportState::Idle),
            warnings: RwSignal::new(Vec::new()),
            store,
        };
        provide_context(importer);
        importer
    }

    /// Reads a browser `File` and imports it.
    pub fn import_file(self, file: web_sys::File) {
        let name = file.name();
        let size = file.size();
        if size > MAX_FILE_BYTES as f64 {
            self.fail(
                &name,
                &ImportError::TooLarge {
                    bytes: size as usize,
                },
            );
            return;
        }
        self.state.set(ImportState::Reading(name.clone()));
        spawn_local(async move {
            match JsFuture::from(file.array_buffer()).await {
                Ok(buffer) => {
                    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                    self.import_bytes(&name, &bytes);
                }
                Err(e) => self.state.set(ImportState::Failed {
                    file_name: name,
                    message: format!(
                        "ファイルを読めませんでした（{}）。ファイルが開かれていないか、場所が変わっていないか確認してください。何も変更していません。",
                        super::local::describe(&e)
                    ),
                    problems: Vec::new(),
                }),
            }
        });
    }

    fn fail(self, file_name: &str, error: &ImportError) {
        let message = error.to_string();
        // The list below shows the problems; the message's own copy of it is left out.
        let message = if error.problems().is_empty() {
            message
        } else {
            message.lines().next().unwrap_or_default().to_owned()
        };
        self.state.set(ImportState::Failed {
            file_name: file_name.to_owned(),
            message,
            problems: error
                .problems()
                .iter()
                .map(|p| {
                    let place = match p.line {
                        Some(line) => format!("{}（{line}行目）", p.path),
                        None => p.path.to_string(),
                    };
                    (place, p.message.clone())
                })
                .collect(),
        });
    }

    pub fn import_bytes(self, file_name: &str, bytes: &[u8]) {
        self.warnings.set(Vec::new());
        let imported = match import_any(bytes) {
            Ok(imported) => imported,
            Err(e) => return self.fail(file_name, &e),
        };
        match imported {
            Imported::Plan(envelope) => {
                let plan = envelope.data;
                self.warnings
                    .set(plan.warnings().iter().map(ToString::to_string).collect());
                let choice = self
                    .store
                    .workspace
                    .with(|ws| ws.prepare_plan_import(&plan));
                match choice {
                    ImportChoice::New => self.apply(plan, ImportAction::Replace),
                    ImportChoice::AlreadyHere => self.state.set(ImportState::Done(format!(
                        "「{}」は、同じ内容がすでに保存されています。何も変更していません。",
                        plan.title
                    ))),
                    ImportChoice::SameId {
                        current,
                        incoming,
                        relation,
                        diff,
                    } => self.state.set(ImportState::SameId {
                        file_name: file_name.to_owned(),
                        incoming: Box::new(plan),
                        current,
                        incoming_summary: incoming,
                        relation,
                        diff,
                    }),
                }
            }
            Imported::Catalogue(envelope) => {
                let title = format!(
                    "{} {}",
                    envelope.data.municipality, envelope.data.department
                );
                let here = self.store.workspace.with_untracked(|ws| {
                    ws.catalogues.iter().any(|c| c.catalogue == envelope.data)
                });
                if here {
                    self.state.set(ImportState::Done(format!(
                        "補助金カタログ「{}」は、同じ内容がすでに保存されています。何も変更していません。",
                        title.trim()
                    )));
                    return;
                }
                let seed = super::random_seed();
                self.store
                    .change(|ws, now| ws.add_catalogue(envelope.data, seed, now).keys);
                self.state.set(ImportState::Done(format!(
                    "補助金カタログ「{}」を取り込みました。",
                    title.trim()
                )));
            }
            Imported::Workspace(envelope) => {
                let backup = envelope.data;
                let seed = super::random_seed();
                let mut merged = None;
                self.store.change(|ws, now| {
                    let m = ws.merge_backup(backup, seed, now);
                    let keys = m.keys.clone();
                    merged = Some(m);
                    keys
                });
                let Some(merged) = merged else { return };
                for entry in merged.undo {
                    self.store.record(entry);
                }
                let (added, replaced) = (merged.added, merged.replaced);
                self.state.set(ImportState::Done(format!(
                    "バックアップファイルから {added} 件を追加し、{replaced} 件を置き換えました（置き換えた計画の前の版はバックアップにあります）。"
                )));
            }
        }
    }

    /// Applies the user's answer to the same-id question (or adds a new plan).
    pub fn apply(self, plan: Plan, action: ImportAction) {
        if action == ImportAction::Cancel {
            self.state.set(ImportState::Done(
                "取り込みをキャンセルしました。何も変更していません。".to_owned(),
            ));
            return;
        }
        let title = plan.title.clone();
        let seed = super::random_seed();
        let new_id = match self
            .store
            .perform(|ws, now| Ok::<_, String>(ws.apply_plan_import(plan, action, seed, now)))
        {
            Ok(applied) => applied.plan_id().map(str::to_owned),
            Err(e) => {
                self.state.set(ImportState::Failed {
                    file_name: String::new(),
                    message: e,
                    problems: Vec::new(),
                });
                return;
            }
        };
        let how = match action {
            ImportAction::ImportAsCopy => "別の計画として取り込みました",
            _ => "取り込みました",
        };
        self.state.set(ImportState::Done(format!(
            "計画「{title}」を{how}（ID: {}）。",
            new_id.unwrap_or_default()
        )));
    }
}

pub fn use_importer() -> Importer {
    expect_context::<Importer>()
}
