use leptos::prelude::*;

use crate::components::plan_rules::PlanRules;
use crate::components::text_field::TextField;
use crate::domain::fiscal_year::{FiscalYear, YearStyle};
use crate::domain::plan::{PRESET_IDS, Period, Plan, SummaryMethod, preset};
use crate::storage::use_workspace;

/// One settings edit, applied through `WorkspaceStore::edit_plan`.
type SettingsEdit = Box<dyn FnOnce(&mut Plan) -> Result<(), crate::domain::plan::EditError>>;

/// 計画の設定: title, municipality, period, level names, rating rules (a preset with its
/// formula in words, and the bands' bounds editable), the roll-up method and how years
/// are written. Each change is one edit, undoable.
#[component]
pub fn PlanSettings(plan_id: String) -> impl IntoView {
    let store = use_workspace();
    let plan = {
        let id = plan_id.clone();
        Memo::new(move |_| store.workspace.with(|ws| ws.plan(&id).cloned()))
    };
    let message = RwSignal::new(None::<String>);
    let edit = {
        let id = plan_id.clone();
        move |label: &'static str, f: SettingsEdit| match store.edit_plan(&id, label, f) {
            Ok(()) => message.set(Some(format!("{label}を保存しました。"))),
            Err(e) => message.set(Some(e.to_string())),
        }
    };
    let get = move |f: fn(&Plan) -> String| {
        Signal::derive(move || plan.with(|p| p.as_ref().map(f).unwrap_or_default()))
    };
    let e = edit.clone();
    let title = view! { <TextField label="計画名" id="settings-title" value=get(|p| p.title.clone())
    on_commit=Callback::new(move |v: String| e("計画名", Box::new(move |p| p.rename(v)))) /> };
    let e = edit.clone();
    let municipality = view! { <TextField label="自治体" id="settings-municipality" value=get(|p| p.municipality.clone())
    on_commit=Callback::new(move |v: String| e("自治体", Box::new(move |p| { p.municipality = v; Ok(()) }))) /> };
    let e = edit.clone();
    let levels = view! { <TextField label="階層の名前（上から順に「、」で区切る）" id="settings-levels" value=get(|p| p.level_names.join("、"))
    on_commit=Callback::new(move |v: String| e("階層の名前", Box::new(move |p| {
        p.level_names = v.split(['、', ',', '，']).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect();
        Ok(())
    }))) /> };
    let period_field = |label: &'static str, id: &'static str, first: bool| {
        let e = edit.clone();
        view! { <TextField label id value=get(if first { |p: &Plan| p.period.first.0.to_string() } else { |p: &Plan| p.period.last.0.to_string() })
        on_commit=Callback::new(move |v: String| e("計画期間", Box::new(move |p| {
            let fy = FiscalYear::parse(&v, p.display.era_context).map_err(|e| crate::domain::plan::EditError::Rejected(format!("計画期間: {e}")))?;
            let period = if first { Period { first: fy, last: p.period.last } } else { Period { first: p.period.first, last: fy } };
            p.set_period(period)
        }))) /> }
    };
    let first = period_field("計画期間の開始年度", "settings-first", true);
    let last = period_field("計画期間の終了年度", "settings-last", false);
    let e = edit.clone();
    let on_preset = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        if let Some(rules) = preset(&id) {
            e(
                "評価の方法",
                Box::new(move |p| {
                    p.set_rating_rules(rules);
                    Ok(())
                }),
            );
        }
    };
    let e = edit.clone();
    let on_summary = move |ev: leptos::ev::Event| {
        let method = match event_target_value(&ev).as_str() {
            "mean_score" => SummaryMethod::MeanScore,
            "weighted_score" => SummaryMethod::WeightedScore,
            _ => SummaryMethod::MeanRate,
        };
        e(
            "集計の方法",
            Box::new(move |p| {
                let mut r = p.rating.clone();
                r.summary = method;
                p.set_rating_rules(r);
                Ok(())
            }),
        );
    };
    let e = edit.clone();
    let on_style = move |ev: leptos::ev::Event| {
        let style = match event_target_value(&ev).as_str() {
            "western" => YearStyle::Western,
            "era" => YearStyle::Era,
            _ => YearStyle::EraWithWestern,
        };
        e(
            "年度の表示",
            Box::new(move |p| {
                p.set_year_style(style);
                Ok(())
            }),
        );
    };
    let current_preset = move || {
        plan.with(|p| p.as_ref().and_then(|p| p.rating.preset.clone()))
            .unwrap_or_default()
    };
    let preset_options = move || {
        let current = current_preset();
        PRESET_IDS
            .iter()
            .filter_map(|id| preset(id).map(|r| (*id, r.name)))
            .map(|(id, name)| view! { <option value=id selected=current == id>{name}</option> })
            .collect_view()
    };
    let summary = move || {
        plan.with(|p| p.as_ref().map(|p| p.rating.summary))
            .unwrap_or_default()
    };
    let style = move || {
        plan.with(|p| p.as_ref().map(|p| p.display.year_style))
            .unwrap_or_default()
    };
    let bands = {
        let edit = edit.clone();
        move || {
            plan.with(|p| {
                let p = p.as_ref()?;
                let measure = p.rating.formula.label();
                Some(
                    p.rating
                        .bands
                        .iter()
                        .enumerate()
                        .map(|(i, b)| {
                            let e = edit.clone();
                            let value = b.lower.map(|l| l.percent.to_string()).unwrap_or_default();
                            let inclusive = b.lower.is_some_and(|l| l.inclusive);
                            let id = format!("band-{i}");
                            let last = b.lower.is_none();
                            view! {
                                <tr>
                                    <th scope="row">{b.label.clone()}</th>
                                    <td>
                                        {if last {
                                            view! { <span>"それ未満すべて"</span> }.into_any()
                                        } else {
                                            view! {
                                                <label class="visually-hidden" for=id.clone()>{format!("{}の下限（{measure}、%）", b.label)}</label>
                                                <input id=id.clone() data-testid=id.clone() type="text" inputmode="decimal" class="num" value=value
                                                    on:change=move |ev| {
                                                        let text = event_target_value(&ev);
                                                        match crate::domain::plan::grid::parse_number_cell(&text) {
                                                            Ok(Some(v)) => e("評価の区分", Box::new(move |p| {
                                                                let mut r = p.rating.clone();
                                                                if let Some(l) = r.bands.get_mut(i).and_then(|b| b.lower.as_mut()) { l.percent = v; }
                                                                p.set_rating_rules(r);
                                                                Ok(())
                                                            })),
                                                            Ok(None) | Err(_) => message.set(Some(format!("「{text}」は下限として使えません。数値（%）を入力してください。"))),
                                                        }
                                                    } />
                                                " %" {if inclusive { "以上" } else { "超" }}
                                            }.into_any()
                                        }}
                                    </td>
                                    <td>{b.description.clone()}</td>
                                </tr>
                            }
                        })
                        .collect_view(),
                )
            })
        }
    };
    let rules_view = move || {
        plan.with(|p| {
            p.as_ref()
                .map(|p| view! { <PlanRules rules=p.rating.clone() /> })
        })
    };
    view! {
        <div class="settings" data-testid="settings">
            <p role="status" data-testid="settings-message">{move || message.get()}</p>
            <section aria-labelledby="settings-basic-h">
                <h2 id="settings-basic-h">"基本"</h2>
                {title}
                {municipality}
                {first}
                {last}
                {levels}
                <div class="field">
                    <label for="settings-style">"年度の表示"</label>
                    <select id="settings-style" data-testid="settings-style" on:change=on_style>
                        <option value="era_with_western" selected=move || style() == YearStyle::EraWithWestern>"和暦（西暦） 例: 令和6(2024)年度"</option>
                        <option value="western" selected=move || style() == YearStyle::Western>"西暦 例: 2024年度"</option>
                        <option value="era" selected=move || style() == YearStyle::Era>"和暦 例: 令和6年度"</option>
                    </select>
                </div>
            </section>
            <section aria-labelledby="settings-rules-h">
                <h2 id="settings-rules-h">"評価の方法"</h2>
                <div class="field">
                    <label for="settings-preset">"方式（市町の方式から選ぶ）"</label>
                    <select id="settings-preset" data-testid="settings-preset" on:change=on_preset>
                        <option value="" disabled selected=move || current_preset().is_empty()>"（独自の方式）"</option>
                        {preset_options}
                    </select>
                </div>
                {rules_view}
                <table class="bands" data-testid="settings-bands">
                    <caption>"評価の区分と下限"</caption>
                    <thead><tr><th scope="col">"区分"</th><th scope="col">"下限"</th><th scope="col">"説明"</th></tr></thead>
                    <tbody>{bands}</tbody>
                </table>
                <div class="field">
                    <label for="settings-summary">"施策・計画全体の集計方法"</label>
                    <select id="settings-summary" data-testid="settings-summary" on:change=on_summary>
                        {[SummaryMethod::MeanRate, SummaryMethod::MeanScore, SummaryMethod::WeightedScore].into_iter().map(|m| {
                            let v = match m { SummaryMethod::MeanRate => "mean_rate", SummaryMethod::MeanScore => "mean_score", SummaryMethod::WeightedScore => "weighted_score" };
                            view! { <option value=v selected=move || summary() == m>{m.label()}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </section>
        </div>
    }
}
