use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::kpi_definitions::KpiDefinitions;
use crate::components::kpi_grid::KpiGrid;
use crate::components::text_field::TextField;
use crate::domain::fiscal_year::FiscalYear;
use crate::domain::plan::{EditError, Kpi, Node, NodeStatusKind, Plan, Project};
use crate::storage::{WorkspaceStore, use_workspace};

/// A tree move: plan, node id.
type TreeOp = fn(&mut Plan, &str) -> Result<(), EditError>;

fn go(hash: &str) {
    let _ = window().location().set_hash(hash);
}

/// 体系と施策: the hierarchy as a tree of links beside the selected node's page. Nodes are
/// added, renamed, reordered, moved and deleted with buttons (keyboard and mouse alike);
/// in the tree, Alt+↑/↓ reorders and Alt+←/→ moves a level out or in.
#[component]
pub fn PlanStructure(plan_id: String, node: Option<String>) -> impl IntoView {
    let store = use_workspace();
    let outline = {
        let id = plan_id.clone();
        Memo::new(move |_| {
            store
                .workspace
                .with(|ws| ws.plan(&id).map(Plan::outline).unwrap_or_default())
        })
    };
    let top_level = {
        let id = plan_id.clone();
        Memo::new(move |_| {
            store.workspace.with(|ws| {
                ws.plan(&id)
                    .map(|p| p.level_name(0).to_owned())
                    .unwrap_or_default()
            })
        })
    };
    let message = RwSignal::new(None::<String>);
    let selected = node.clone();
    // Dragging with the mouse: the node being dragged, and where it would go.
    let dragged = RwSignal::new(None::<String>);
    let drop_at = RwSignal::new(None::<(String, bool)>);
    let tree = {
        let plan_id = plan_id.clone();
        move || {
            outline
                .get()
                .into_iter()
                .map(|item| {
                    let href = format!("#/plans/{plan_id}/tree/{}", item.id);
                    let current = selected.as_deref() == Some(item.id.as_str());
                    let id = item.id.clone();
                    let plan_id = plan_id.clone();
                    let (drag_id, over_id, drop_id, mark_id) =
                        (id.clone(), id.clone(), id.clone(), id.clone());
                    let drop_plan = plan_id.clone();
                    let on_keydown = move |e: leptos::ev::KeyboardEvent| {
                        if !e.alt_key() {
                            return;
                        }
                        let (label, op): (&str, TreeOp) =
                            match e.key().as_str() {
                                "ArrowUp" => ("項目を上へ移動", |p, id| p.shift_node(id, -1)),
                                "ArrowDown" => ("項目を下へ移動", |p, id| p.shift_node(id, 1)),
                                "ArrowRight" => ("項目を前の項目の下へ移動", |p, id| p.indent_node(id)),
                                "ArrowLeft" => ("項目を一つ上の階層へ移動", |p, id| p.outdent_node(id)),
                                _ => return,
                            };
                        e.prevent_default();
                        let result = store.edit_plan(&plan_id, label, |p| op(p, &id));
                        message.set(Some(match result {
                            Ok(()) => format!("{label}しました。"),
                            Err(e) => e.to_string(),
                        }));
                        let sel = format!("[data-tree-id=\"{id}\"]");
                        request_animation_frame(move || crate::dom::focus(&sel));
                    };
                    let on_dragstart = move |e: leptos::ev::DragEvent| {
                        if let Some(dt) = e.data_transfer() {
                            let _ = dt.set_data("text/x-shinko-node", &drag_id);
                            dt.set_effect_allowed("move");
                        }
                        dragged.set(Some(drag_id.clone()));
                    };
                    // The upper half of an item drops before it, the lower half after it.
                    let before_half = |e: &leptos::ev::DragEvent| {
                        e.current_target()
                            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                            .is_none_or(|el| {
                                let r = el.get_bounding_client_rect();
                                f64::from(e.client_y()) < r.top() + r.height() / 2.0
                            })
                    };
                    let on_dragover = move |e: leptos::ev::DragEvent| {
                        if dragged.with_untracked(Option::is_none) {
                            return;
                        }
                        e.prevent_default();
                        e.stop_propagation();
                        let at = Some((over_id.clone(), before_half(&e)));
                        if drop_at.get_untracked() != at {
                            drop_at.set(at);
                        }
                    };
                    let on_drop = move |e: leptos::ev::DragEvent| {
                        let Some(source) = dragged.get_untracked() else {
                            return;
                        };
                        e.prevent_default();
                        e.stop_propagation();
                        let before = before_half(&e);
                        dragged.set(None);
                        drop_at.set(None);
                        if source == drop_id {
                            return;
                        }
                        let target = drop_id.clone();
                        let result = store.edit_plan(&drop_plan, "項目の移動", |p| {
                            p.move_beside(&source, &target, before)
                        });
                        message.set(Some(match result {
                            Ok(()) => "項目を移動しました。".to_owned(),
                            Err(e) => e.to_string(),
                        }));
                    };
                    let mark = move || {
                        drop_at.with(|d| match d {
                            Some((t, true)) if *t == mark_id => "tree__item--drop-before",
                            Some((t, false)) if *t == mark_id => "tree__item--drop-after",
                            _ => "",
                        })
                    };
                    view! {
                        <li
                            class=move || format!("tree__item depth-{} {}", item.depth.min(5), mark())
                            on:dragover=on_dragover
                            on:drop=on_drop
                        >
                            <a
                                href=href
                                class="tree__link"
                                draggable="true"
                                aria-current=current.then_some("location")
                                data-tree-id=item.id.clone()
                                data-testid=format!("tree-{}", item.id)
                                on:keydown=on_keydown
                                on:dragstart=on_dragstart
                                on:dragend=move |_| {
                                    dragged.set(None);
                                    drop_at.set(None);
                                }
                            >
                                <span class="tree__level">{item.level.clone()}</span>
                                " "
                                {item.name.clone()}
                                {(item.kpis > 0).then(|| view! { <span class="tree__count">{format!("（指標{}）", item.kpis)}</span> })}
                            </a>
                        </li>
                    }
                })
                .collect_view()
        }
    };
    let add_top = {
        let plan_id = plan_id.clone();
        Callback::new(move |title: String| add_node(store, &plan_id, None, title, message))
    };
    let page = match node {
        Some(node_id) => view! { <NodePage plan_id=plan_id.clone() node_id message /> }.into_any(),
        None => view! {
            <p class="structure__hint">
                "左の体系から項目を選ぶと、その項目の目指す姿、年度ごとの計画と実績、課題と取組方針、関連事業、成果指標を編集できます。"
            </p>
        }
        .into_any(),
    };
    view! {
        <div class="structure" data-testid="structure">
            <nav class="structure__tree" aria-labelledby="tree-h">
                <h2 id="tree-h">"体系"</h2>
                <p class="structure__keys">"項目の上で Alt+↑↓ で並べ替え、Alt+←→ で階層を移動できます。マウスでは項目をドラッグして、別の項目の上半分（前へ）か下半分（後へ）に放します。"</p>
                <ul class="tree" data-testid="tree">{tree}</ul>
                <AddForm
                    label=Signal::derive(move || format!("「{}」を追加", top_level.get()))
                    testid="add-top"
                    on_add=add_top
                />
            </nav>
            <div class="structure__page">
                <p role="status" class="structure__message" data-testid="structure-message">{move || message.get()}</p>
                {page}
            </div>
        </div>
    }
}

fn add_node(
    store: WorkspaceStore,
    plan_id: &str,
    parent: Option<String>,
    title: String,
    message: RwSignal<Option<String>>,
) {
    let title = title.trim().to_owned();
    if title.is_empty() {
        message.set(Some("名称を入力してから追加してください。".into()));
        return;
    }
    let result = store.edit_plan(plan_id, "項目の追加", |p| {
        let id = p.next_node_id();
        p.add_node(
            parent.as_deref(),
            usize::MAX,
            Node::new(id.clone(), "", title.clone()),
        )?;
        Ok(id)
    });
    match result {
        Ok(_) => message.set(Some(format!("「{title}」を追加しました。"))),
        Err(e) => message.set(Some(e.to_string())),
    }
}

/// A one-line form: a labelled name field and 追加. Enter adds; the field is emptied and
/// keeps focus, so several items can be added in a row.
#[component]
fn AddForm(
    #[prop(into)] label: Signal<String>,
    testid: &'static str,
    on_add: Callback<String>,
) -> impl IntoView {
    let value = RwSignal::new(String::new());
    let input_id = format!("{testid}-input");
    let submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        on_add.run(value.get_untracked());
        value.set(String::new());
    };
    view! {
        <form class="add-form" on:submit=submit data-testid=testid>
            <label for=input_id.clone()>{label}</label>
            <div class="add-form__row">
                <input
                    id=input_id
                    type="text"
                    data-testid=format!("{testid}-input")
                    prop:value=move || value.get()
                    on:input=move |e| value.set(event_target_value(&e))
                />
                <button type="submit" class="button" data-testid=format!("{testid}-button")>"追加"</button>
            </div>
        </form>
    }
}

#[component]
fn NodePage(plan_id: String, node_id: String, message: RwSignal<Option<String>>) -> impl IntoView {
    let store = use_workspace();
    let node = {
        let (p, n) = (plan_id.clone(), node_id.clone());
        Memo::new(move |_| {
            store.workspace.with(|ws| {
                ws.plan(&p).and_then(|plan| {
                    let node = plan.find_node(&n)?;
                    let depth = plan.depth_of(&n)?;
                    let mut own = node.clone();
                    own.children.clear();
                    // The grid below shows the KPIs: a grid edit must not touch this page.
                    own.kpis.clear();
                    Some((
                        own,
                        plan.level_name(depth).to_owned(),
                        plan.level_name(depth + 1).to_owned(),
                        plan.period.years().collect::<Vec<FiscalYear>>(),
                        plan.display.year_style,
                    ))
                })
            })
        })
    };
    let edit = {
        let (p, n) = (plan_id.clone(), node_id.clone());
        move |label: &'static str, f: Box<dyn FnOnce(&mut Node)>| {
            let r = store.edit_plan(&p, label, |plan| plan.update_node(&n, f));
            message.set(r.err().map(|e| e.to_string()));
        }
    };
    let field = {
        let edit = edit.clone();
        move |label: &'static str,
              id: &'static str,
              get: fn(&Node) -> String,
              set: fn(&mut Node, String),
              multiline: bool| {
            let edit = edit.clone();
            view! {
                <TextField
                    label
                    id
                    multiline
                    value=Signal::derive(move || node.with(|n| n.as_ref().map(|(n, ..)| get(n)).unwrap_or_default()))
                    on_commit=Callback::new(move |v: String| edit(label, Box::new(move |n: &mut Node| set(n, v))))
                />
            }
        }
    };
    let op = {
        let (p, n) = (plan_id.clone(), node_id.clone());
        move |label: &'static str, f: fn(&mut Plan, &str) -> Result<(), EditError>| {
            let (p, n) = (p.clone(), n.clone());
            move |_| {
                let r = store.edit_plan(&p, label, |plan| f(plan, &n));
                message.set(Some(match r {
                    Ok(()) => format!("{label}しました。"),
                    Err(e) => e.to_string(),
                }));
            }
        }
    };
    let confirm_delete = RwSignal::new(false);
    let delete = {
        let (p, n) = (plan_id.clone(), node_id.clone());
        move |_| {
            let r = store.edit_plan(&p, "項目の削除", |plan| {
                plan.remove_node(&n).map(|_| ())
            });
            match r {
                Ok(()) => {
                    // The page is rebuilt by the navigation: the status line under
                    // 元に戻す / やり直す outlives it.
                    store.history.say(
                        crate::domain::workspace::Scope::Plan(p.clone()),
                        "項目を削除しました。「元に戻す」で戻せます。",
                    );
                    go(&format!("#/plans/{p}/tree"));
                }
                Err(e) => message.set(Some(e.to_string())),
            }
        }
    };
    let move_to = RwSignal::new(String::new());
    let targets = {
        let (p, n) = (plan_id.clone(), node_id.clone());
        move || {
            store.workspace.with(|ws| {
                ws.plan(&p)
                    .map(|plan| plan.move_targets(&n))
                    .unwrap_or_default()
            })
        }
    };
    let do_move = {
        let (p, n) = (plan_id.clone(), node_id.clone());
        move |_| {
            let target = move_to.get_untracked();
            let parent = (!target.is_empty()).then_some(target);
            let r = store.edit_plan(&p, "項目の移動", |plan| {
                plan.move_node(&n, parent.as_deref(), usize::MAX)
            });
            message.set(Some(match r {
                Ok(()) => "項目を移動しました。".into(),
                Err(e) => e.to_string(),
            }));
        }
    };
    let add_child = {
        let (p, n) = (plan_id.clone(), node_id.clone());
        Callback::new(move |title: String| add_node(store, &p, Some(n.clone()), title, message))
    };
    let add_kpi = {
        let (p, n) = (plan_id.clone(), node_id.clone());
        Callback::new(move |name: String| {
            let name = name.trim().to_owned();
            if name.is_empty() {
                message.set(Some(
                    "成果指標の名称を入力してから追加してください。".into(),
                ));
                return;
            }
            let r = store.edit_plan(&p, "成果指標の追加", |plan| {
                let id = plan.next_kpi_id();
                plan.add_kpi(&n, Kpi::new(id, name.clone(), ""))
            });
            message.set(Some(match r {
                Ok(()) => format!(
                    "成果指標「{name}」を追加しました。単位や基準値は下の表と一覧で入力できます。"
                ),
                Err(e) => e.to_string(),
            }));
        })
    };
    // Lists are keyed, and each field reads its value reactively, so storing one field does
    // not rebuild the others (focus and half-typed text stay where they are).
    let year_text = move |fy: FiscalYear, pick: fn(&crate::domain::plan::YearText) -> String| {
        Signal::derive(move || {
            node.with(|n| {
                n.as_ref()
                    .and_then(|(node, ..)| node.years.get(&fy).map(pick))
                    .unwrap_or_default()
            })
        })
    };
    let years_view = {
        let edit = edit.clone();
        view! {
            <For
                each=move || node.with(|n| n.as_ref().map(|(_, _, _, years, style)| years.iter().map(|fy| (*fy, fy.label(*style))).collect::<Vec<_>>()).unwrap_or_default())
                key=|(fy, label)| (fy.0, label.clone())
                let:((fy, label))
            >
                {
                    let (e1, e2, e3) = (edit.clone(), edit.clone(), edit.clone());
                    view! {
                        <fieldset class="node-year">
                            <legend>{label}</legend>
                            <TextField label="計画" id=format!("year-plan-{}", fy.0) multiline=true value=year_text(fy, |y| y.plan.clone())
                                on_commit=Callback::new(move |v: String| e1("計画の編集", Box::new(move |n: &mut Node| n.years.entry(fy).or_default().plan = v))) />
                            <TextField label="実績" id=format!("year-result-{}", fy.0) multiline=true value=year_text(fy, |y| y.result.clone())
                                on_commit=Callback::new(move |v: String| e2("実績の編集", Box::new(move |n: &mut Node| n.years.entry(fy).or_default().result = v))) />
                            <TextField label="実施状況・課題" id=format!("year-progress-{}", fy.0) multiline=true value=year_text(fy, |y| y.progress.clone())
                                on_commit=Callback::new(move |v: String| e3("実施状況の編集", Box::new(move |n: &mut Node| n.years.entry(fy).or_default().progress = v))) />
                        </fieldset>
                    }
                }
            </For>
        }
    };
    let issue_text = move |i: usize, pick: fn(&crate::domain::plan::IssueAndPolicy) -> String| {
        Signal::derive(move || {
            node.with(|n| {
                n.as_ref()
                    .and_then(|(node, ..)| node.issues.get(i).map(pick))
                    .unwrap_or_default()
            })
        })
    };
    let issues_view = {
        let edit = edit.clone();
        view! {
            <For
                each=move || 0..node.with(|n| n.as_ref().map_or(0, |(node, ..)| node.issues.len()))
                key=|i| *i
                let:i
            >
                {
                    let (e1, e2, e3) = (edit.clone(), edit.clone(), edit.clone());
                    view! {
                        <fieldset class="node-issue">
                            <legend>{format!("課題と取組方針 {}", i + 1)}</legend>
                            <TextField label="課題" id=format!("issue-{i}") multiline=true value=issue_text(i, |x| x.issue.clone())
                                on_commit=Callback::new(move |v: String| e1("課題の編集", Box::new(move |n: &mut Node| if let Some(x) = n.issues.get_mut(i) { x.issue = v }))) />
                            <TextField label="取組方針" id=format!("policy-{i}") multiline=true value=issue_text(i, |x| x.policy.clone())
                                on_commit=Callback::new(move |v: String| e2("取組方針の編集", Box::new(move |n: &mut Node| if let Some(x) = n.issues.get_mut(i) { x.policy = v }))) />
                            <button type="button" class="button button--small" on:click=move |_| e3("課題の削除", Box::new(move |n: &mut Node| { if i < n.issues.len() { n.issues.remove(i); } }))>
                                {format!("課題と取組方針 {} を削除", i + 1)}
                            </button>
                        </fieldset>
                    }
                }
            </For>
        }
    };
    let add_issue = {
        let edit = edit.clone();
        move |_| {
            edit(
                "課題の追加",
                Box::new(|n: &mut Node| n.issues.push(Default::default())),
            )
        }
    };
    let projects_view = {
        let edit = edit.clone();
        let heads = move || {
            node.with(|n| {
                n.as_ref().map(|(_, _, _, years, style)| {
                    years
                        .iter()
                        .map(|fy| view! { <th scope="col" class="num">{format!("{} 予算", fy.label(*style))}</th><th scope="col" class="num">{format!("{} 決算", fy.label(*style))}</th> })
                        .collect_view()
                })
            })
        };
        view! {
            <div class="table-scroll">
                <table class="projects" data-testid="projects">
                    <caption>"関連事業（金額は千円）"</caption>
                    <thead><tr><th scope="col">"事業名"</th>{heads}<th scope="col">"操作"</th></tr></thead>
                    <tbody>
                        <For
                            each=move || node.with(|n| n.as_ref().map(|(node, _, _, years, style)| {
                                node.projects.iter().enumerate().map(|(i, p)| (i, p.name.clone(), years.clone(), *style)).collect::<Vec<_>>()
                            }).unwrap_or_default())
                            key=|(i, name, years, _)| (*i, name.clone(), years.len())
                            let:((i, name, years, style))
                        >
                            {project_row(i, name, &years, style, node, edit.clone())}
                        </For>
                    </tbody>
                </table>
            </div>
        }
    };
    let add_project = {
        let edit = edit.clone();
        Callback::new(move |name: String| {
            let name = name.trim().to_owned();
            if name.is_empty() {
                message.set(Some("事業名を入力してから追加してください。".into()));
                return;
            }
            edit(
                "関連事業の追加",
                Box::new(move |n: &mut Node| {
                    n.projects.push(Project {
                        name,
                        ..Project::default()
                    })
                }),
            );
        })
    };
    let status_select = {
        let edit = edit.clone();
        move |e: leptos::ev::Event| {
            let kind = match event_target_value(&e).as_str() {
                "new" => NodeStatusKind::New,
                "abolished" => NodeStatusKind::Abolished,
                _ => NodeStatusKind::Continuing,
            };
            edit(
                "状態の変更",
                Box::new(move |n: &mut Node| n.status.kind = kind),
            );
        }
    };
    let plan_id_grid = plan_id.clone();
    let node_id_grid = node_id.clone();
    view! {
        {move || node.with(Option::is_none).then(|| view! {
            <p role="alert" data-testid="node-missing">"この項目は見つかりません。体系から選び直してください。"</p>
        })}
            <article class="node-page" data-testid="node-page" class:hidden=move || node.with(Option::is_none)>
                <h2 data-testid="node-title" tabindex="-1">
                    <span class="node-page__level">{move || node.with(|n| n.as_ref().map(|(_, l, ..)| l.clone()))}</span>
                    " "
                    {move || node.with(|n| n.as_ref().map(|(n, ..)| n.display_name()))}
                </h2>
                <div class="node-page__actions" role="group" aria-label="項目の操作">
                    <button type="button" class="button button--small" data-testid="node-up" on:click=op("項目を上へ移動", |p, n| p.shift_node(n, -1))>"上へ"</button>
                    <button type="button" class="button button--small" data-testid="node-down" on:click=op("項目を下へ移動", |p, n| p.shift_node(n, 1))>"下へ"</button>
                    <button type="button" class="button button--small" data-testid="node-outdent" on:click=op("項目を一つ上の階層へ移動", |p, n| p.outdent_node(n))>"一つ上の階層へ"</button>
                    <button type="button" class="button button--small" data-testid="node-indent" on:click=op("項目を前の項目の下へ移動", |p, n| p.indent_node(n))>"前の項目の下へ"</button>
                    <span class="node-page__move">
                        <label for="move-target">"移動先"</label>
                        <select id="move-target" data-testid="node-move-target" on:change=move |e| move_to.set(event_target_value(&e))>
                            <option value="" selected=move || move_to.with(String::is_empty)>"最上位"</option>
                            {move || targets().into_iter().map(|t| {
                                let id = t.id.clone();
                                view! { <option value=t.id.clone() selected=move || move_to.with(|m| *m == id)>{format!("{}{}", "　".repeat(t.depth), t.name)}</option> }
                            }).collect_view()}
                        </select>
                        <button type="button" class="button button--small" data-testid="node-move" on:click=do_move>"の下へ移動"</button>
                    </span>
                    <Show
                        when=move || confirm_delete.get()
                        fallback=move || view! { <button type="button" class="button button--small button--danger" data-testid="node-delete" on:click=move |_| confirm_delete.set(true)>"削除…"</button> }
                    >
                        <span role="alert" class="node-page__confirm">
                            "この項目と、その下の項目・成果指標をすべて削除します。"
                            <button type="button" class="button button--small button--danger" data-testid="node-delete-confirm" on:click=delete.clone()>"削除する"</button>
                            <button type="button" class="button button--small" on:click=move |_| confirm_delete.set(false)>"やめる"</button>
                        </span>
                    </Show>
                </div>
                <div class="node-page__fields">
                    {field("番号", "node-label", |n| n.label.clone(), |n, v| n.label = v, false)}
                    {field("名称", "node-name", |n| n.title.clone(), |n, v| n.title = v, false)}
                    <div class="field">
                        <label for="node-status">"状態"</label>
                        <select id="node-status" on:change=status_select>
                            {move || {
                                let kind = node.with(|n| n.as_ref().map(|(n, ..)| n.status.kind)).unwrap_or_default();
                                [("continuing", NodeStatusKind::Continuing), ("new", NodeStatusKind::New), ("abolished", NodeStatusKind::Abolished)]
                                    .into_iter()
                                    .map(|(v, k)| view! { <option value=v selected=k == kind>{k.label()}</option> })
                                    .collect_view()
                            }}
                        </select>
                    </div>
                    {field("目指す姿", "node-goal", |n| n.goal.clone(), |n, v| n.goal = v, true)}
                    {field("実施主体", "node-implementer", |n| n.implementer.clone(), |n, v| n.implementer = v, false)}
                </div>
                <section aria-labelledby="node-years-h">
                    <h3 id="node-years-h">"年度ごとの計画と実績"</h3>
                    {years_view}
                </section>
                <section aria-labelledby="node-issues-h">
                    <h3 id="node-issues-h">"課題と取組方針"</h3>
                    {issues_view}
                    <button type="button" class="button button--small" data-testid="add-issue" on:click=add_issue>"課題と取組方針を追加"</button>
                </section>
                <section aria-labelledby="node-projects-h">
                    <h3 id="node-projects-h">"関連事業"</h3>
                    {projects_view}
                    <AddForm label="関連事業を追加（事業名）" testid="add-project" on_add=add_project />
                </section>
                <section aria-labelledby="node-kpis-h">
                    <h3 id="node-kpis-h">"成果指標"</h3>
                    <KpiGrid plan_id=plan_id_grid.clone() scope=Some(node_id_grid.clone()) />
                    <details class="kpi-defs__details">
                        <summary>"成果指標の名称・単位・種別・方向を編集"</summary>
                        <KpiDefinitions plan_id=plan_id_grid node_id=node_id_grid />
                    </details>
                    <AddForm label="成果指標を追加（名称）" testid="add-kpi" on_add=add_kpi />
                </section>
                <section aria-labelledby="node-children-h">
                    <h3 id="node-children-h">{move || node.with(|n| n.as_ref().map(|(_, _, child, ..)| format!("下位の項目（{child}）")))}</h3>
                    <AddForm
                        label=Signal::derive(move || node.with(|n| n.as_ref().map(|(_, _, child, ..)| format!("この下に「{child}」を追加")).unwrap_or_default()))
                        testid="add-child"
                        on_add=add_child
                    />
                </section>
            </article>
    }
}

/// The node as the page shows it: its own fields, level names, the period's years and style.
type NodeView = Option<(
    Node,
    String,
    String,
    Vec<FiscalYear>,
    crate::domain::fiscal_year::YearStyle,
)>;

fn project_row<E>(
    i: usize,
    name: String,
    years: &[FiscalYear],
    style: crate::domain::fiscal_year::YearStyle,
    node: Memo<NodeView>,
    edit: E,
) -> impl IntoView + use<E>
where
    E: Fn(&'static str, Box<dyn FnOnce(&mut Node)>) + Clone + Send + Sync + 'static,
{
    let amount = move |fy: FiscalYear, settled: bool| {
        Signal::derive(move || {
            node.with(|n| {
                n.as_ref()
                    .and_then(|(node, ..)| node.projects.get(i))
                    .and_then(|p| {
                        if settled {
                            p.settlement_thousand_yen.get(&fy)
                        } else {
                            p.budget_thousand_yen.get(&fy)
                        }
                        .map(|d| d.to_string())
                    })
                    .unwrap_or_default()
            })
        })
    };
    let amount_cells = years
        .iter()
        .map(|fy| {
            let fy = *fy;
            let (e1, e2) = (edit.clone(), edit.clone());
            let label_b = format!("{name}の{}予算額（千円）", fy.label(style));
            let label_s = format!("{name}の{}決算額（千円）", fy.label(style));
            view! {
                <td><AmountInput id=format!("amount-{i}-{}-budget", fy.0) label=label_b value=amount(fy, false) on_commit=Callback::new(move |v: Option<rust_decimal::Decimal>| e1("予算額の入力", Box::new(move |n: &mut Node| if let Some(p) = n.projects.get_mut(i) { match v { Some(v) => { p.budget_thousand_yen.insert(fy, v); } None => { p.budget_thousand_yen.remove(&fy); } } }))) /></td>
                <td><AmountInput id=format!("amount-{i}-{}-settlement", fy.0) label=label_s value=amount(fy, true) on_commit=Callback::new(move |v: Option<rust_decimal::Decimal>| e2("決算額の入力", Box::new(move |n: &mut Node| if let Some(p) = n.projects.get_mut(i) { match v { Some(v) => { p.settlement_thousand_yen.insert(fy, v); } None => { p.settlement_thousand_yen.remove(&fy); } } }))) /></td>
            }
        })
        .collect_view();
    let remove = edit.clone();
    view! {
        <tr>
            <th scope="row">{name.clone()}</th>
            {amount_cells}
            <td><button type="button" class="button button--small" on:click=move |_| remove("関連事業の削除", Box::new(move |n: &mut Node| { if i < n.projects.len() { n.projects.remove(i); } }))>{format!("「{name}」を削除")}</button></td>
        </tr>
    }
}

/// A 千円 amount: parsed like a grid cell; text that is not a number stays in the field,
/// marked, with its message beside it, and is not stored.
#[component]
fn AmountInput(
    id: String,
    label: String,
    #[prop(into)] value: Signal<String>,
    on_commit: Callback<Option<rust_decimal::Decimal>>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let draft = RwSignal::new(None::<String>);
    let error_id = format!("{id}-error");
    let on_change = move |e: leptos::ev::Event| {
        let text = event_target_value(&e);
        match crate::domain::plan::grid::parse_number_cell(&text) {
            Ok(v) => {
                error.set(None);
                draft.set(None);
                on_commit.run(v);
            }
            Err(e) => {
                draft.set(Some(text));
                error.set(Some(e.to_string()));
            }
        }
    };
    view! {
        <input
            id=id
            type="text"
            inputmode="decimal"
            class="amount-input num"
            class:is-invalid=move || error.with(Option::is_some)
            aria-label=label
            aria-invalid=move || error.with(Option::is_some).then_some("true")
            aria-describedby=error_id.clone()
            prop:value=move || draft.get().unwrap_or_else(|| value.get())
            on:change=on_change
        />
        <span id=error_id class="field__error" role="status">{move || error.get()}</span>
    }
}
