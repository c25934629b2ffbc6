use leptos::prelude::*;

use crate::components::text_field::TextField;
use crate::domain::plan::{Direction, Kpi, KpiKind};
use crate::storage::use_workspace;

/// A KPI as this list shows it: id, name, unit, kind, direction.
type Def = (String, String, String, KpiKind, Direction);

/// The definitions of a node's KPIs: name, unit, kind (年間 / 累計 / 時点), direction
/// (増加 / 減少 / 維持) and removal. Values per year are entered in the grid.
#[component]
pub fn KpiDefinitions(plan_id: String, node_id: String) -> impl IntoView {
    let store = use_workspace();
    let kpis = {
        let (p, n) = (plan_id.clone(), node_id.clone());
        Memo::new(move |_| {
            store.workspace.with(|ws| {
                ws.plan(&p)
                    .and_then(|plan| plan.find_node(&n))
                    .map(|node| {
                        node.kpis
                            .iter()
                            .map(|k| {
                                (
                                    k.id.clone(),
                                    k.name.clone(),
                                    k.unit.clone(),
                                    k.kind,
                                    k.direction,
                                )
                            })
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default()
            })
        })
    };
    let message = RwSignal::new(None::<String>);
    let edit = {
        let p = plan_id.clone();
        move |kpi_id: String, label: &'static str, f: Box<dyn FnOnce(&mut Kpi) + Send + Sync>| {
            let r = store.edit_plan(&p, label, |plan| plan.update_kpi(&kpi_id, f));
            message.set(r.err().map(|e| e.to_string()));
        }
    };
    let remove = {
        let p = plan_id.clone();
        move |kpi_id: String, name: String| {
            let r = store.edit_plan(&p, "成果指標の削除", |plan| {
                plan.remove_kpi(&kpi_id).map(|_| ())
            });
            message.set(Some(match r {
                Ok(()) => format!("成果指標「{name}」を削除しました。「元に戻す」で戻せます。"),
                Err(e) => e.to_string(),
            }));
        }
    };
    // Keyed by KPI id, each field reading its value reactively: storing one field does not
    // rebuild the list (focus stays where the user moved it).
    let field = move |id: String, pick: fn(&Def) -> String| {
        Signal::derive(move || {
            kpis.with(|v| v.iter().find(|k| k.0 == id).map(pick))
                .unwrap_or_default()
        })
    };
    let rows = {
        view! {
            <For each=move || kpis.get() key=|k| k.0.clone() let:k>
                {
                    let id = k.0.clone();
                    let (e1, e2, e3, e4) = (edit.clone(), edit.clone(), edit.clone(), edit.clone());
                    let (id1, id2, id3, id4, id5) = (id.clone(), id.clone(), id.clone(), id.clone(), id.clone());
                    let remove = remove.clone();
                    let kind_id = format!("kpi-kind-{id}");
                    let dir_id = format!("kpi-direction-{id}");
                    let kind = {
                        let id = id.clone();
                        move || kpis.with(|v| v.iter().find(|k| k.0 == id).map(|k| k.3)).unwrap_or_default()
                    };
                    let direction = {
                        let id = id.clone();
                        move || kpis.with(|v| v.iter().find(|k| k.0 == id).map(|k| k.4)).unwrap_or_default()
                    };
                    let name = field(id.clone(), |k| k.1.clone());
                    view! {
                        <fieldset class="kpi-def" data-testid=format!("kpi-def-{id}")>
                            <legend>{name}</legend>
                            <TextField label="名称" id=format!("kpi-name-{id}") value=name
                                on_commit=Callback::new(move |v: String| e1(id1.clone(), "成果指標の名称", Box::new(move |k| k.name = v))) />
                            <TextField label="単位" id=format!("kpi-unit-{id}") value=field(id.clone(), |k| k.2.clone())
                                on_commit=Callback::new(move |v: String| e2(id2.clone(), "成果指標の単位", Box::new(move |k| k.unit = v))) />
                            <div class="field field--inline">
                                <label for=kind_id.clone()>"種別"</label>
                                <select id=kind_id on:change=move |ev| {
                                    let kind = match event_target_value(&ev).as_str() {
                                        "cumulative" => KpiKind::Cumulative,
                                        "snapshot" => KpiKind::Snapshot,
                                        _ => KpiKind::Annual,
                                    };
                                    e3(id3.clone(), "成果指標の種別", Box::new(move |k| k.kind = kind));
                                }>
                                    {[("annual", KpiKind::Annual), ("cumulative", KpiKind::Cumulative), ("snapshot", KpiKind::Snapshot)]
                                        .into_iter()
                                        .map(|(v, k)| {
                                            let kind = kind.clone();
                                            view! { <option value=v selected=move || kind() == k>{k.label()}</option> }
                                        })
                                        .collect_view()}
                                </select>
                                <label for=dir_id.clone()>"望ましい方向"</label>
                                <select id=dir_id on:change=move |ev| {
                                    let d = match event_target_value(&ev).as_str() {
                                        "decrease" => Direction::Decrease,
                                        "maintain" => Direction::Maintain { tolerance_percent: rust_decimal::Decimal::TEN },
                                        _ => Direction::Increase,
                                    };
                                    e4(id4.clone(), "成果指標の方向", Box::new(move |k| k.direction = d));
                                }>
                                    <option value="increase" selected={ let d = direction.clone(); move || matches!(d(), Direction::Increase) }>"増加（多いほどよい）"</option>
                                    <option value="decrease" selected={ let d = direction.clone(); move || matches!(d(), Direction::Decrease) }>"減少（少ないほどよい）"</option>
                                    <option value="maintain" selected=move || matches!(direction(), Direction::Maintain { .. })>"維持（目標の±10%以内）"</option>
                                </select>
                                <button type="button" class="button button--small button--danger" data-testid=format!("kpi-remove-{id5}")
                                    on:click=move |_| remove(id5.clone(), name.get_untracked())>
                                    "この成果指標を削除"
                                </button>
                            </div>
                        </fieldset>
                    }
                }
            </For>
        }
    };
    view! {
        <div class="kpi-defs">
            <p role="status" data-testid="kpi-defs-message">{move || message.get()}</p>
            {rows}
        </div>
    }
}
