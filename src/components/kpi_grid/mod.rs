//! The KPI grid: one row per KPI, per fiscal year 目標 / 実績 / 達成率 (or 進捗率) / 評価,
//! with 基準値 and 最終目標, for the whole plan or one node. It behaves like a spreadsheet:
//! arrow keys, Home/End, PageUp/PageDown move; Enter or F2 (or simply typing) edits; Enter
//! and Tab store and move on; Escape cancels; Delete clears; a block copied from Excel
//! (tab-separated) pastes into a range, and each rejected cell keeps its text, marked, with
//! its reason. Text in a number cell is never stored as a number.
//!
//! Speed: the first frame draws the lines in view and the fiscal years that fit in the
//! window's width, and the rest follow when the browser is idle or the grid is scrolled;
//! cells are rendered once; one keyboard handler on the table moves focus by DOM
//! (a roving tabindex); the editor is one input placed over the cell being edited; an edit
//! re-rates one KPI and re-sums only the nodes on its path ([`model::Model::kpi_changed`]).

mod manual;
pub mod model;

use std::collections::BTreeMap;

use leptos::either::Either;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use self::manual::ManualPanel;
use self::model::{Draft, Layout, Line, Model, Row, RowCells};
use crate::domain::fiscal_year::FiscalYear;
use crate::domain::plan::grid::{GridColumn, parse_number_cell, parse_tsv};
use crate::domain::plan::{Kpi, Rating, RatingRules, Rollup};
use crate::storage::{WorkspaceStore, use_workspace};

/// Read-only columns before the first editable one: 指標, 単位.
const LEAD: usize = 2;
/// Visual columns per fiscal year: 目標, 実績, 率, 評価.
const PER_YEAR: usize = 4;
/// Every body row has this height (CSS keeps it so), which lets the grid render only the
/// rows in view: a plan of 1,000 KPIs is 1,200 lines but some 40 are in the DOM.
pub const ROW_PX: f64 = 34.0;
/// The widths, in rem, of the columns before the first fiscal year (指標 16, 単位 4.5,
/// 基準値 6.25) and of one fiscal year (three numbers of 6.25 and 評価 5.5), as the style
/// sheet's `col.col-w-*` keep them: the first frame draws the years that fit.
const LEAD_REM: f64 = 26.75;
const YEAR_REM: f64 = 24.25;
/// Lines rendered above and below the visible ones, so scrolling seldom shows a gap.
const OVERSCAN: usize = 12;
/// The rendered range moves in steps of this many lines, so small scrolls render nothing.
const STEP: usize = 8;

/// What a visual column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Name,
    Unit,
    /// An editable column, by its index in `Model::columns`.
    Edit(usize),
    Rate(usize),
    Rating(usize),
}

fn col_kind(c: usize, years: usize) -> Col {
    match c {
        0 => Col::Name,
        1 => Col::Unit,
        2 => Col::Edit(0),
        c if c < LEAD + 1 + PER_YEAR * years => {
            let i = (c - LEAD - 1) / PER_YEAR;
            match (c - LEAD - 1) % PER_YEAR {
                0 => Col::Edit(1 + 2 * i),
                1 => Col::Edit(2 + 2 * i),
                2 => Col::Rate(i),
                _ => Col::Rating(i),
            }
        }
        _ => Col::Edit(1 + 2 * years),
    }
}

fn visual_of_edit(ec: usize, years: usize) -> usize {
    match ec {
        0 => LEAD,
        ec if ec <= 2 * years => {
            let i = (ec - 1) / 2;
            LEAD + 1 + PER_YEAR * i + (ec - 1) % 2
        }
        _ => LEAD + 1 + PER_YEAR * years,
    }
}

fn column_key(col: GridColumn) -> String {
    match col {
        GridColumn::Baseline => "baseline".into(),
        GridColumn::FinalTarget => "final".into(),
        GridColumn::Target(fy) => format!("target-{}", fy.0),
        GridColumn::Actual(fy) => format!("actual-{}", fy.0),
    }
}

/// The cell being edited.
#[derive(Debug, Clone, PartialEq)]
struct Editing {
    r: usize,
    c: usize,
    text: String,
    error: Option<String>,
    label: String,
    top: f64,
    left: f64,
    width: f64,
    height: f64,
}

#[derive(Clone, Copy)]
struct Grid {
    store: WorkspaceStore,
    model: StoredValue<Model>,
    active: StoredValue<(usize, usize)>,
    editing: RwSignal<Option<Editing>>,
    manual: RwSignal<Option<(usize, usize)>>,
    message: RwSignal<Option<String>>,
    container: NodeRef<html::Div>,
    prefix: StoredValue<String>,
    /// The lines rendered: `[start, end)`.
    window: RwSignal<(usize, usize)>,
    /// Notified whenever a row's drafts change, so the list of cells not stored follows
    /// one trigger rather than subscribing to the drafts of every row (1,000 of them).
    drafts_changed: Trigger,
    /// The fiscal years drawn in every line, from the first: the first frame draws the years
    /// that fit in the window's width (the table is about twice as wide), the rest follow
    /// with the lines around the view, when the browser is idle or the grid is scrolled.
    years_drawn: RwSignal<usize>,
}

impl Grid {
    /// Whether the grid is still mounted (a callback scheduled earlier may run after).
    fn alive(&self) -> bool {
        self.model.try_with_value(|_| ()).is_some() && self.prefix.try_with_value(|_| ()).is_some()
    }

    fn rows(&self) -> usize {
        self.model.with_value(|m| m.rows.len())
    }

    fn cols(&self) -> usize {
        self.model
            .with_value(|m| LEAD + 1 + PER_YEAR * m.years.len() + 1)
    }

    fn cell_id(&self, r: usize, c: usize) -> String {
        self.prefix.with_value(|p| format!("{p}-{r}-{c}"))
    }

    fn cell(&self, r: usize, c: usize) -> Option<web_sys::HtmlElement> {
        document()
            .get_element_by_id(&self.cell_id(r, c))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    }

    /// Moves the roving tabindex and keyboard focus to (r, c), clamped to the grid.
    fn go(&self, r: usize, c: usize) {
        let rows = self.rows();
        if rows == 0 {
            return;
        }
        self.draw_all_years();
        let r = r.min(rows - 1);
        let c = c.min(self.cols() - 1);
        let (pr, pc) = self.active.get_value();
        if let Some(prev) = self.cell(pr, pc) {
            let _ = prev.set_attribute("tabindex", "-1");
        }
        self.active.set_value((r, c));
        self.reveal(r);
        match self.cell(r, c) {
            Some(cell) => focus_cell(&cell),
            // Rendered once the window has moved: focus it then.
            None => {
                let grid = *self;
                request_animation_frame(move || {
                    if grid.alive()
                        && let Some(cell) = grid.cell(r, c)
                    {
                        focus_cell(&cell);
                    }
                });
            }
        }
    }

    /// The number of body lines (node headings and KPI rows).
    fn lines(&self) -> usize {
        self.model.with_value(|m| m.lines.len())
    }

    /// Recomputes the rendered range from the scroll position.
    fn update_window(&self) {
        self.set_window(OVERSCAN);
        self.draw_all_years();
    }

    /// Draws the fiscal years not drawn yet (see `years_drawn`).
    fn draw_all_years(&self) {
        let years = self.years();
        if self.years_drawn.get_untracked() < years {
            self.years_drawn.set(years);
        }
    }

    /// The rendered range: the lines in view and `overscan` more on each side. Before the
    /// table is mounted, the view is taken as tall as the scroll box can be (70% of the
    /// window's height, as the style sheet says).
    fn set_window(&self, overscan: usize) {
        let lines = self.lines();
        let (top, height) = match self.container.get_untracked() {
            Some(c) => (f64::from(c.scroll_top()), f64::from(c.client_height())),
            None => (0.0, 0.0),
        };
        let height = if height > 0.0 {
            height
        } else {
            window()
                .inner_height()
                .ok()
                .and_then(|h| h.as_f64())
                .map_or(800.0, |h| h * 0.7)
        };
        let first = (top / ROW_PX).floor() as usize;
        // The sticky header takes a little of the box: one line more than fits is enough.
        let visible = (height / ROW_PX).ceil() as usize + 1;
        let start = first.saturating_sub(overscan) / STEP * STEP;
        let end = if overscan == 0 {
            (first + visible).min(lines)
        } else {
            ((first + visible + overscan).div_ceil(STEP) * STEP).min(lines)
        };
        let range = (start.min(end), end);
        if self.window.get_untracked() != range {
            self.window.set(range);
            // Scrolled away from the active cell (with the wheel or the scroll bar): the
            // cell that takes Tab into the grid must be one that is drawn.
            let (r, _) = self.active.get_value();
            let inside = self
                .model
                .with_value(|m| m.line_of_row(r))
                .is_some_and(|l| range.0 <= l && l < range.1);
            if !inside {
                let grid = *self;
                request_animation_frame(move || grid.adopt_drawn_cell());
            }
        }
    }

    /// Makes the active cell one in the drawn rows (same column), without moving focus.
    fn adopt_drawn_cell(&self) {
        if !self.alive() {
            return;
        }
        let (start, end) = self.window.get_untracked();
        let (pr, c) = self.active.get_value();
        let Some(r) = self.model.with_value(|m| {
            (start..end).find_map(|l| match m.lines.get(l) {
                Some(Line::Kpi(r)) => Some(*r),
                _ => None,
            })
        }) else {
            return;
        };
        let focused_here = self.cell(pr, c).is_some_and(|cell| {
            document()
                .active_element()
                .is_some_and(|a| &a == cell.unchecked_ref::<web_sys::Element>())
        });
        if focused_here {
            return;
        }
        if let Some(prev) = self.cell(pr, c) {
            let _ = prev.set_attribute("tabindex", "-1");
        }
        self.active.set_value((r, c));
        if let Some(cell) = self.cell(r, c) {
            let _ = cell.set_attribute("tabindex", "0");
        }
    }

    /// Scrolls the grid so KPI row `r` is in view (below the sticky header).
    fn reveal(&self, r: usize) {
        let Some(line) = self.model.with_value(|m| m.line_of_row(r)) else {
            return;
        };
        let Some(container) = self.container.get_untracked() else {
            return;
        };
        let header = document()
            .get_element_by_id(&format!("{}-table", self.prefix.get_value()))
            .and_then(|t| t.query_selector("thead").ok().flatten())
            .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok())
            .map_or(0.0, |h| f64::from(h.offset_height()));
        // The plan total is the first body row, above line 0.
        let row_top = header + ROW_PX * (line + 1) as f64;
        let top = f64::from(container.scroll_top());
        let height = f64::from(container.client_height());
        if row_top - header < top {
            container.set_scroll_top((row_top - header - ROW_PX) as i32);
        } else if row_top + ROW_PX > top + height {
            container.set_scroll_top((row_top + ROW_PX - height) as i32);
        } else {
            return;
        }
        self.update_window();
    }

    fn years(&self) -> usize {
        self.model.with_value(|m| m.years.len())
    }

    fn row(&self, r: usize) -> Option<Row> {
        self.model.with_value(|m| m.rows.get(r).cloned())
    }

    /// Row `r`'s signals, made now if it has none (see [`Model::ensure_row`]). Never call
    /// inside `model.with_value`.
    fn cells(&self, r: usize) -> Option<RowCells> {
        if let Some(cells) = self
            .model
            .with_value(|m| m.rows.get(r).and_then(|row| row.cells.clone()))
        {
            return Some(cells);
        }
        let plan_id = self.model.with_value(|m| m.plan_id.clone());
        self.store.workspace.with_untracked(|ws| {
            let plan = ws.plan(&plan_id)?;
            self.model
                .try_update_value(|m| m.ensure_row(r, plan))
                .flatten()
        })
    }

    /// The text a cell shows: its draft, or the stored value.
    fn cell_text(&self, r: usize, ec: usize) -> String {
        let Some(row) = self.row(r) else {
            return String::new();
        };
        let Some(col) = self.model.with_value(|m| m.columns.get(ec).copied()) else {
            return String::new();
        };
        row.drafts
            .with_untracked(|d| d.get(&ec).map(|d| d.text.clone()))
            .or_else(|| {
                self.cells(r)
                    .map(|c| c.kpi.with_untracked(|k| Model::value_text(k, col)))
            })
            .unwrap_or_default()
    }

    fn start_edit(&self, r: usize, c: usize, text: Option<String>) {
        let Col::Edit(ec) = col_kind(c, self.years()) else {
            return;
        };
        let (Some(cell), Some(container)) = (self.cell(r, c), self.container.get_untracked())
        else {
            return;
        };
        let cr = cell.get_bounding_client_rect();
        let br = container.get_bounding_client_rect();
        let label = self.model.with_value(|m| {
            let name = m
                .rows
                .get(r)
                .map(|row| row.name.clone())
                .unwrap_or_default();
            let col = m
                .columns
                .get(ec)
                .map(|c| c.label(m.style))
                .unwrap_or_default();
            format!("{name}（{col}）")
        });
        self.editing.set(Some(Editing {
            r,
            c,
            text: text.unwrap_or_else(|| self.cell_text(r, ec)),
            error: None,
            label,
            top: cr.top() - br.top() + f64::from(container.scroll_top()),
            left: cr.left() - br.left() + f64::from(container.scroll_left()),
            width: cr.width(),
            height: cr.height(),
        }));
    }

    /// Stores `text` in editable cell (r, ec). Err: the message for the user, nothing stored.
    fn commit(&self, r: usize, ec: usize, text: &str) -> Result<(), String> {
        let Some(row) = self.row(r) else {
            return Ok(());
        };
        let Some(column) = self.model.with_value(|m| m.columns.get(ec).copied()) else {
            return Ok(());
        };
        let value = parse_number_cell(text).map_err(|e| e.to_string())?;
        let had_draft = row.drafts.with_untracked(|d| d.contains_key(&ec));
        let Some(cells) = self.cells(r) else {
            return Ok(());
        };
        let current = cells.kpi.with_untracked(|k| Model::value_text(k, column));
        let unchanged = value
            .map(|v| {
                crate::domain::format::decimal(&v, crate::domain::format::NegativeStyle::Minus)
            })
            .unwrap_or_default()
            == current;
        if !unchanged {
            let plan_id = self.model.with_value(|m| m.plan_id.clone());
            let label = match value {
                Some(_) => format!("{}の入力", column.label(self.model.with_value(|m| m.style))),
                None => format!("{}の削除", column.label(self.model.with_value(|m| m.style))),
            };
            self.store
                .edit_kpi(&plan_id, &row.kpi_id, &label, |p| {
                    p.set_cell(&row.kpi_id, column, value)
                })
                .map_err(|e| e.to_string())?;
            self.kpi_changed(&row.kpi_id);
        }
        if had_draft {
            self.set_draft(&row, ec, None);
        }
        Ok(())
    }

    /// Sets (or with `None` removes) the draft of row `row`'s editable column `ec`, and
    /// tells the list of cells not stored. Every change of a draft goes through here.
    fn set_draft(&self, row: &Row, ec: usize, draft: Option<Draft>) {
        row.drafts.update(|d| match draft {
            Some(draft) => {
                d.insert(ec, draft);
            }
            None => {
                d.remove(&ec);
            }
        });
        self.drafts_changed.notify();
    }

    fn kpi_changed(&self, kpi_id: &str) {
        let plan_id = self.model.with_value(|m| m.plan_id.clone());
        self.store.workspace.with_untracked(|ws| {
            if let Some(plan) = ws.plan(&plan_id) {
                self.model.update_value(|m| m.kpi_changed(plan, kpi_id));
            }
        });
    }

    /// Ends editing: with `Some(move)` the text is stored first (staying in the editor with
    /// the message when it cannot be), then focus moves by (dr, dc).
    fn finish(&self, store_it: bool, dr: isize, dc: isize) {
        let Some(ed) = self.editing.get_untracked() else {
            return;
        };
        if store_it {
            let ec = match col_kind(ed.c, self.years()) {
                Col::Edit(ec) => ec,
                _ => return,
            };
            let text = self.editor_text().unwrap_or(ed.text.clone());
            if let Err(message) = self.commit(ed.r, ec, &text) {
                self.editing.set(Some(Editing {
                    text,
                    error: Some(message),
                    ..ed
                }));
                return;
            }
        }
        self.editing.set(None);
        let r = ed.r.saturating_add_signed(dr);
        let c = ed.c.saturating_add_signed(dc);
        self.go(r, c);
    }

    fn editor_text(&self) -> Option<String> {
        document()
            .get_element_by_id(&format!("{}-editor", self.prefix.get_value()))
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|i| i.value())
    }

    /// The editor lost focus to something else: store what it holds, or keep it as a draft
    /// marked in place.
    fn blur(&self) {
        // The editor loses focus when it is removed with a page that is being left: the
        // shell commits it before that (see `app::commit_open_editor`), and nothing here
        // may read a value disposed with the page.
        if !self.alive() {
            return;
        }
        let Some(ed) = self.editing.try_get_untracked().flatten() else {
            return;
        };
        let Col::Edit(ec) = col_kind(ed.c, self.years()) else {
            return;
        };
        let text = self.editor_text().unwrap_or(ed.text.clone());
        self.editing.set(None);
        if let Err(message) = self.commit(ed.r, ec, &text)
            && let Some(row) = self.row(ed.r)
        {
            self.set_draft(&row, ec, Some(Draft { text, message }));
        }
    }

    fn paste(&self, text: &str) {
        let block = parse_tsv(text);
        if block.is_empty() {
            return;
        }
        let (r, c) = self.active.get_value();
        let years = self.years();
        let cols = self.cols();
        let Some(ec) = (c..cols).find_map(|c| match col_kind(c, years) {
            Col::Edit(ec) => Some(ec),
            _ => None,
        }) else {
            self.message.set(Some(
                "貼り付ける先のセルを選んでください（目標・実績・基準値・最終目標の列）。".into(),
            ));
            return;
        };
        let (plan_id, kpi_ids, columns) = self.model.with_value(|m| {
            (
                m.plan_id.clone(),
                m.rows.iter().map(|r| r.kpi_id.clone()).collect::<Vec<_>>(),
                m.columns.clone(),
            )
        });
        let result = self.store.edit_plan(&plan_id, "貼り付け", |p| {
            Ok(p.paste_block(&kpi_ids, &columns, r, ec, &block))
        });
        let report = match result {
            Ok(report) => report,
            Err(e) => {
                self.message.set(Some(e.to_string()));
                return;
            }
        };
        for kpi_id in &report.changed_kpis {
            self.kpi_changed(kpi_id);
        }
        // Cells now stored lose their drafts; rejected ones keep their text, marked.
        self.model.with_value(|m| {
            for (kpi_id, col) in &report.applied {
                if let (Some(row), Some(ec)) = (
                    m.row_of(kpi_id).and_then(|r| m.rows.get(r)),
                    m.columns.iter().position(|c| c == col),
                ) && row.drafts.with_untracked(|d| d.contains_key(&ec))
                {
                    self.set_draft(row, ec, None);
                }
            }
            for rej in &report.rejected {
                if let Some(row) = m.rows.get(rej.row)
                    && rej.column < m.columns.len()
                {
                    let draft = Draft {
                        text: rej.text.clone(),
                        message: rej.message.clone(),
                    };
                    self.set_draft(row, rej.column, Some(draft));
                }
            }
        });
        let outside = report
            .rejected
            .iter()
            .filter(|rej| rej.row >= kpi_ids.len() || rej.column >= columns.len())
            .count();
        let mut text = format!("{}セルを貼り付けました。", report.applied.len());
        if !report.rejected.is_empty() {
            text.push_str(&format!(
                "{}セルは取り込めませんでした",
                report.rejected.len()
            ));
            if outside > 0 {
                text.push_str(&format!("（うち{outside}セルは表の外）"));
            }
            text.push_str("。入力できなかったセルの一覧を確かめてください。");
        }
        self.message.set(Some(text));
        self.go(r, visual_of_edit(ec, years));
    }

    fn on_keydown(&self, e: &web_sys::KeyboardEvent) {
        let Some((r, c)) = target_cell(e.target()) else {
            return;
        };
        self.active.set_value((r, c));
        let rows = self.rows();
        let cols = self.cols();
        let years = self.years();
        let ctrl = e.ctrl_key() || e.meta_key();
        let key = e.key();
        let moved = match key.as_str() {
            "ArrowUp" => Some((r.saturating_sub(1), c)),
            "ArrowDown" => Some((r + 1, c)),
            "ArrowLeft" => Some((r, c.saturating_sub(1))),
            "ArrowRight" => Some((r, c + 1)),
            "PageUp" => Some((r.saturating_sub(10), c)),
            "PageDown" => Some((r + 10, c)),
            "Home" if ctrl => Some((0, 0)),
            "End" if ctrl => Some((rows.saturating_sub(1), cols - 1)),
            "Home" => Some((r, 0)),
            "End" => Some((r, cols - 1)),
            "Tab" if !e.shift_key() && c + 1 < cols => Some((r, c + 1)),
            "Tab" if e.shift_key() && c > 0 => Some((r, c - 1)),
            _ => None,
        };
        if let Some((r, c)) = moved {
            e.prevent_default();
            self.go(r, c);
            return;
        }
        match (col_kind(c, years), key.as_str()) {
            (Col::Edit(_), "Enter" | "F2") => {
                e.prevent_default();
                self.start_edit(r, c, None);
            }
            (Col::Edit(ec), "Delete" | "Backspace") => {
                e.prevent_default();
                if let Err(m) = self.commit(r, ec, "") {
                    self.message.set(Some(m));
                }
            }
            // An IME (全角 input) reports "Process": open the editor, where the input method
            // works; the key that opened it is not typed twice.
            (Col::Edit(_), "Process") => {
                self.start_edit(r, c, Some(String::new()));
            }
            (Col::Edit(_), k) if k.chars().count() == 1 && !ctrl && !e.alt_key() => {
                e.prevent_default();
                self.start_edit(r, c, Some(k.to_owned()));
            }
            (Col::Rating(yi), "Enter" | "F2") => {
                e.prevent_default();
                self.manual.set(Some((r, yi)));
            }
            _ => {}
        }
    }
}

fn focus_cell(cell: &web_sys::HtmlElement) {
    let _ = cell.set_attribute("tabindex", "0");
    let _ = cell.focus();
}

/// The (row, column) of the grid cell an event happened in, from the cell's id
/// (`<prefix>-<row>-<column>`, [`Grid::cell_id`]): the cells carry no other attribute for it,
/// as every attribute of every drawn cell (some 400 on the first screen) costs start-up time.
fn target_cell(target: Option<web_sys::EventTarget>) -> Option<(usize, usize)> {
    let el = target?.dyn_into::<web_sys::Element>().ok()?;
    let cell = el.closest(".kpi-grid__cell").ok()??;
    let id = cell.id();
    let mut parts = id.rsplitn(3, '-');
    let c = parts.next()?.parse().ok()?;
    let r = parts.next()?.parse().ok()?;
    parts.next()?;
    Some((r, c))
}

/// How many fiscal years the first frame draws: those that fit, even partly, in the window's
/// width (`LEAD_REM`, `YEAR_REM`); the grid is narrower than the window, so the estimate
/// errs on drawing more.
fn years_in_view(years: usize) -> usize {
    let win = window();
    let width = win.inner_width().ok().and_then(|w| w.as_f64());
    let rem = document()
        .document_element()
        .and_then(|root| win.get_computed_style(&root).ok().flatten())
        .and_then(|style| style.get_property_value("font-size").ok())
        .and_then(|size| size.trim_end_matches("px").parse::<f64>().ok())
        .filter(|rem| *rem > 0.0);
    match (width, rem) {
        (Some(width), Some(rem)) => {
            let fit = ((width - LEAD_REM * rem) / (YEAR_REM * rem))
                .ceil()
                .max(0.0);
            // A whole number of years, at least one and at most the period's.
            let fit = if fit.is_finite() { fit as usize } else { years };
            fit.clamp(1, years.max(1))
        }
        _ => years,
    }
}

/// The grid for plan `plan_id`: the whole plan, or node `scope` and its descendants.
/// `focus` (`<kpi id>@<year>`) focuses that KPI's 実績 cell, as the 未入力 list links.
#[component]
pub fn KpiGrid(
    plan_id: String,
    #[prop(default = None)] focus: Option<String>,
    #[prop(default = None)] scope: Option<String>,
) -> impl IntoView {
    let store = use_workspace();
    crate::dom::mark("shinko:grid-start");
    let Some(model) = store
        .workspace
        .with_untracked(|ws| ws.plan(&plan_id).map(|p| Model::build(p, scope.clone())))
    else {
        return view! { <p role="alert">"計画が見つかりません。"</p> }.into_any();
    };
    let prefix = match &scope {
        Some(s) => format!("g-{s}"),
        None => "g".to_owned(),
    };
    let year_count = model.years.len();
    let grid = Grid {
        store,
        model: StoredValue::new(model),
        active: StoredValue::new((0, LEAD)),
        editing: RwSignal::new(None),
        manual: RwSignal::new(None),
        message: RwSignal::new(None),
        container: NodeRef::new(),
        prefix: StoredValue::new(prefix),
        window: RwSignal::new((0, 0)),
        drafts_changed: Trigger::new(),
        years_drawn: RwSignal::new(years_in_view(year_count)),
    };
    // The first frame draws only the lines in view; the lines around them follow when the
    // browser is next idle (a large plan shows sooner, and scrolling still finds rows ready).
    grid.set_window(0);
    crate::dom::when_idle(move || {
        if grid.alive() {
            grid.update_window();
        }
    });
    crate::dom::mark("shinko:grid-model");
    let generation = RwSignal::new(0u64);
    let owner = Owner::current().unwrap_or_default();
    let model_owner = StoredValue::new(None::<Owner>);

    // Changes made elsewhere (undo, another tab, another screen): re-derive, or rebuild
    // when the layout changed. The grid's own edits have already moved `revision` on.
    {
        let plan_id = plan_id.clone();
        let scope = scope.clone();
        Effect::new(move |_| {
            store.workspace.with(|ws| {
                let Some(plan) = ws.plan(&plan_id) else {
                    return;
                };
                if plan.revision == grid.model.with_value(|m| m.revision) {
                    return;
                }
                let layout = Layout::of(plan, scope.as_deref());
                if grid.model.with_value(|m| m.layout == layout) {
                    grid.model.update_value(|m| m.resync(plan));
                } else {
                    grid.editing.set(None);
                    // Keep the active cell (by KPI) and the drafts (by KPI and column).
                    let (ar, ac) = grid.active.get_value();
                    let (active_kpi, drafts) = grid.model.with_value(|m| {
                        let active = m.rows.get(ar).map(|row| row.kpi_id.clone());
                        let drafts: Vec<_> = m
                            .rows
                            .iter()
                            .flat_map(|row| {
                                row.drafts.with_untracked(|d| {
                                    d.iter()
                                        .filter_map(|(ec, draft)| {
                                            m.columns.get(*ec).map(|col| {
                                                (row.kpi_id.clone(), *col, draft.clone())
                                            })
                                        })
                                        .collect::<Vec<_>>()
                                })
                            })
                            .collect();
                        (active, drafts)
                    });
                    let had_focus = grid.container.get_untracked().is_some_and(|c| {
                        document()
                            .active_element()
                            .is_some_and(|a| c.contains(Some(&a)))
                    });
                    // The model's signals belong to a child of the grid's owner, not to
                    // this effect (which disposes what it created each time it runs).
                    let child = owner.child();
                    let model = child.with(|| Model::build(plan, scope.clone()));
                    for (kpi, col, draft) in drafts {
                        if let (Some(row), Some(ec)) = (
                            model.row_of(&kpi).and_then(|r| model.rows.get(r)),
                            model.columns.iter().position(|c| *c == col),
                        ) {
                            row.drafts.update_untracked(|d| {
                                d.insert(ec, draft);
                            });
                        }
                    }
                    let r = active_kpi.and_then(|k| model.row_of(&k)).unwrap_or(0);
                    grid.active.set_value((r, ac));
                    if had_focus {
                        request_animation_frame(move || {
                            if grid.alive() {
                                grid.go(r, ac);
                            }
                        });
                    }
                    let previous = model_owner.try_update_value(|o| o.replace(child)).flatten();
                    grid.model.set_value(model);
                    grid.update_window();
                    generation.update(|g| *g += 1);
                    // The old rows are gone once the table has re-rendered.
                    if let Some(previous) = previous {
                        request_animation_frame(move || previous.cleanup());
                    }
                }
            });
        });
    }

    // Focus the cell the address names (the 未入力 list links to it).
    if let Some(cell) = focus {
        request_animation_frame(move || {
            if !grid.alive() {
                return;
            }
            let Some((kpi, year)) = cell.split_once('@') else {
                return;
            };
            let (Some(r), Ok(fy)) = (
                grid.model.with_value(|m| m.row_of(kpi)),
                year.parse::<u16>(),
            ) else {
                return;
            };
            let Some(i) = grid
                .model
                .with_value(|m| m.years.iter().position(|y| *y == FiscalYear(fy)))
            else {
                return;
            };
            grid.go(r, LEAD + 1 + PER_YEAR * i + 1);
        });
    }

    let on_keydown = move |e: leptos::ev::KeyboardEvent| grid.on_keydown(&e);
    let on_click = move |e: leptos::ev::MouseEvent| {
        if let Some((r, c)) = target_cell(e.target()) {
            grid.go(r, c);
        }
    };
    let on_dblclick = move |e: leptos::ev::MouseEvent| {
        if let Some((r, c)) = target_cell(e.target()) {
            match col_kind(c, grid.years()) {
                Col::Edit(_) => grid.start_edit(r, c, None),
                Col::Rating(yi) => grid.manual.set(Some((r, yi))),
                _ => {}
            }
        }
    };
    let on_paste = move |e: leptos::ev::ClipboardEvent| {
        if grid.editing.with_untracked(Option::is_some) {
            return;
        }
        if let Some(text) = e
            .clipboard_data()
            .and_then(|d| d.get_data("text/plain").ok())
        {
            e.prevent_default();
            grid.paste(&text);
        }
    };

    let table = move || {
        generation.track();
        grid.model.with_value(|m| render_table(grid, m))
    };
    // Follows the drafts' trigger (and rebuilds), for the Show and the list alike.
    let problems = Memo::new(move |_| {
        generation.track();
        grid.drafts_changed.track();
        let mut out = Vec::new();
        grid.model.with_value(|m| {
            for (r, row) in m.rows.iter().enumerate() {
                row.drafts.with_untracked(|d| {
                    for (ec, draft) in d {
                        let col = m
                            .columns
                            .get(*ec)
                            .map(|c| c.label(m.style))
                            .unwrap_or_default();
                        out.push((r, *ec, format!("{}（{col}）", row.name), draft.clone()));
                    }
                });
            }
        });
        out
    });
    // 要確認: values that are implausible but saved (a 累計 that falls, an actual ten times
    // its target), each a link to its cell.
    let warnings = Memo::new(move |_| {
        generation.track();
        let plan_id = grid.model.with_value(|m| m.plan_id.clone());
        let mut all = grid
            .store
            .workspace
            .with(|ws| ws.plan(&plan_id).map(|p| p.warnings()).unwrap_or_default());
        // Only the KPIs of this grid (a node's page shows its own).
        grid.model.with_value(|m| {
            all.retain(|w| {
                w.place
                    .kpi_id
                    .as_deref()
                    .is_some_and(|k| m.row_of(k).is_some())
            });
        });
        all
    });
    let prefix = grid.prefix.get_value();
    let warnings_h = format!("{prefix}-warnings-h");
    view! {
        <div class="kpi-grid">
            <p class="kpi-grid__help no-print" id=format!("{prefix}-help")>
                "矢印キーで移動し、Enter（またはそのまま数字を入力）で編集、Enterで確定して下へ、Tabで確定して右へ、Escで取り消し、Deleteで消去。"
                "Excelでコピーした範囲は、選んだセルを左上にして貼り付けられます（Ctrl+V）。評価のセルでEnterを押すと手動評価を設定できます。"
            </p>
            <p role="status" class="kpi-grid__message" data-testid="grid-message">{move || grid.message.get()}</p>
            <div
                class="kpi-grid__scroll"
                node_ref=grid.container
                on:keydown=on_keydown
                on:click=on_click
                on:dblclick=on_dblclick
                on:paste=on_paste
                on:scroll=move |_| grid.update_window()
            >
                {table}
                <Show when=move || grid.editing.with(Option::is_some)>
                    <GridEditor grid />
                </Show>
            </div>
            <Show when=move || !problems.with(Vec::is_empty)>
                <section class="kpi-grid__problems" aria-labelledby=format!("{prefix}-problems-h") data-testid="grid-problems">
                    <h3 id=format!("{prefix}-problems-h")>"入力できなかったセル（保存されていません）"</h3>
                    <ul>
                        {move || problems.get().into_iter().map(|(r, ec, place, draft)| {
                            let years = grid.years();
                            view! {
                                <li>
                                    <button type="button" class="link-button" on:click=move |_| grid.go(r, visual_of_edit(ec, years))>
                                        {place}
                                    </button>
                                    "：「" {draft.text} "」 " {draft.message}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            </Show>
            <Show when=move || !warnings.with(Vec::is_empty)>
                <section class="kpi-grid__warnings" aria-labelledby=warnings_h.clone() data-testid="grid-warnings">
                    <h3 id=warnings_h.clone()>"要確認（保存済み。値が正しいか確かめてください）"</h3>
                    <ul>
                        {move || warnings.get().into_iter().map(|w| {
                            let target = grid.model.with_value(|m| {
                                let r = m.row_of(w.place.kpi_id.as_deref()?)?;
                                let i = m.years.iter().position(|y| Some(*y) == w.place.fiscal_year)?;
                                Some((r, LEAD + 1 + PER_YEAR * i + 1))
                            });
                            let text = w.to_string();
                            match target {
                                Some((r, c)) => view! {
                                    <li>
                                        <button type="button" class="link-button" on:click=move |_| grid.go(r, c)>
                                            <bdi>{text}</bdi>
                                        </button>
                                    </li>
                                }.into_any(),
                                None => view! { <li><bdi>{text}</bdi></li> }.into_any(),
                            }
                        }).collect_view()}
                    </ul>
                </section>
            </Show>
            <Show when=move || grid.manual.with(Option::is_some)>
                {move || grid.manual.get().and_then(|(r, yi)| {
                    let row = grid.row(r)?;
                    let cells = grid.cells(r)?;
                    let (fy, rules, plan_id, style) = grid.model.with_value(|m| {
                        (m.years.get(yi).copied(), m.rules.clone(), m.plan_id.clone(), m.style)
                    });
                    let fy = fy?;
                    let rating = cells.ratings.get(yi).copied()?;
                    let changed_id = row.kpi_id.clone();
                    let on_done = Callback::new(move |changed: bool| {
                        if changed {
                            grid.kpi_changed(&changed_id);
                        }
                        grid.manual.set(None);
                        grid.go(r, LEAD + 1 + PER_YEAR * yi + 3);
                    });
                    Some(view! {
                        <ManualPanel
                            plan_id
                            kpi_id=row.kpi_id.clone()
                            kpi_name=row.name.clone()
                            fy
                            style
                            rules
                            rating
                            on_done
                        />
                    })
                })}
            </Show>
        </div>
    }
    .into_any()
}

#[component]
fn GridEditor(grid: Grid) -> impl IntoView {
    let Some(ed) = grid.editing.get_untracked() else {
        return ().into_any();
    };
    let input = NodeRef::<html::Input>::new();
    input.on_load(move |el| {
        let _ = el.focus();
        let len = u32::try_from(el.value().chars().count()).unwrap_or(0);
        let _ = el.set_selection_range(len, len);
    });
    let prefix = grid.prefix.get_value();
    let error_id = format!("{prefix}-editor-error");
    let on_keydown = move |e: leptos::ev::KeyboardEvent| match e.key().as_str() {
        "Enter" => {
            e.prevent_default();
            e.stop_propagation();
            grid.finish(true, 1, 0);
        }
        "Tab" => {
            e.prevent_default();
            e.stop_propagation();
            grid.finish(true, 0, if e.shift_key() { -1 } else { 1 });
        }
        "Escape" => {
            e.prevent_default();
            e.stop_propagation();
            grid.finish(false, 0, 0);
        }
        _ => e.stop_propagation(),
    };
    let error = move || {
        grid.editing
            .with(|e| e.as_ref().and_then(|e| e.error.clone()))
    };
    view! {
        <input
            id=format!("{prefix}-editor")
            class="kpi-grid__editor"
            class:is-invalid=move || error().is_some()
            type="text"
            inputmode="decimal"
            autocomplete="off"
            data-testid="grid-editor"
            node_ref=input
            value=ed.text.clone()
            aria-label=ed.label.clone()
            aria-invalid=move || error().is_some().then_some("true")
            aria-describedby=error_id.clone()
            style:top=format!("{}px", ed.top)
            style:left=format!("{}px", ed.left)
            style:width=format!("{}px", ed.width.max(96.0))
            style:height=format!("{}px", ed.height)
            on:keydown=on_keydown
            on:blur=move |_| grid.blur()
            on:click=|e| e.stop_propagation()
            on:dblclick=|e| e.stop_propagation()
        />
        <p
            id=error_id
            class="kpi-grid__editor-error"
            role="alert"
            data-testid="grid-editor-error"
            style:top=format!("{}px", ed.top + ed.height)
            style:left=format!("{}px", ed.left)
        >
            {error}
        </p>
    }
    .into_any()
}

fn render_table(grid: Grid, m: &Model) -> impl IntoView + use<> {
    let style = m.style;
    let measure = m.rules.formula.label();
    let year_heads = m
        .years
        .iter()
        .map(|fy| view! { <th scope="colgroup" colspan=PER_YEAR.to_string() class="year-start">{fy.label(style)}</th> })
        .collect_view();
    let sub_heads = m
        .years
        .iter()
        .map(|_| {
            view! {
                <th scope="col" class="num year-start">"目標"</th>
                <th scope="col" class="num">"実績"</th>
                <th scope="col" class="num">{measure}</th>
                <th scope="col">"評価"</th>
            }
        })
        .collect_view();
    let total = rollup_cells(
        &m.total,
        &m.rules,
        "total".to_owned(),
        m.years.clone(),
        grid.years_drawn,
    );
    let total_label = if m.scope.is_some() {
        "この項目の全体"
    } else {
        "計画全体"
    };
    let total_lines = m.lines.len();
    let cols = LEAD + 1 + PER_YEAR * m.years.len() + 1;
    let window = grid.window;
    let visible = move || {
        let (start, end) = window.get();
        (start..end).collect::<Vec<_>>()
    };
    let line_view = move |i: usize| {
        // A line gets its signals when first drawn.
        let row = grid.model.with_value(|m| match m.lines.get(i) {
            Some(Line::Kpi(r)) => Some(*r),
            _ => None,
        });
        let cells = row.and_then(|r| grid.cells(r));
        let rollups = match row {
            Some(_) => None,
            None => grid.model.try_update_value(|m| m.ensure_node(i)).flatten(),
        };
        grid.model
            .with_value(|m| render_line(grid, m, i, cells, rollups))
    };
    // Whole pixels, written as integers: formatting an f64 here was the only float
    // formatting on the way to the first screen, and its code costs start-up time.
    let px = |lines: usize| format!("{}px", lines.saturating_mul(ROW_PX as usize));
    let top = move || px(window.get().0);
    let bottom = move || px(total_lines.saturating_sub(window.get().1));
    let col_widths = {
        let mut widths = vec!["col-w-name", "col-w-unit", "col-w-num"];
        for _ in &m.years {
            widths.extend(["col-w-num", "col-w-num", "col-w-num", "col-w-rating"]);
        }
        widths.push("col-w-num");
        widths
            .into_iter()
            .map(|class| view! { <col class=class /> })
            .collect_view()
    };
    view! {
        <table
            class="kpi-grid__table"
            id=format!("{}-table", grid.prefix.get_value())
            role="grid"
            aria-label="成果指標の目標・実績・評価"
            aria-describedby=format!("{}-help", grid.prefix.get_value())
            aria-rowcount=(total_lines + 3).to_string()
            data-testid="kpi-grid"
            data-lines=total_lines.to_string()
        >
            <colgroup>{col_widths}</colgroup>
            <thead>
                <tr>
                    <th scope="col" rowspan="2" class="col-name">"成果指標"</th>
                    <th scope="col" rowspan="2">"単位"</th>
                    <th scope="col" rowspan="2" class="num">"基準値"</th>
                    {year_heads}
                    <th scope="col" rowspan="2" class="num year-start">"最終目標"</th>
                </tr>
                <tr>{sub_heads}</tr>
            </thead>
            <tbody>
                <tr class="kpi-grid__total" data-testid="grid-total" aria-rowindex="3">
                    // In the name column, sticky like the lines' names: spanning 単位 and 基準値
                    // too, it scrolled away sideways while the names stayed.
                    <th scope="row" class="kpi-grid__total-name">{total_label}</th>
                    <td colspan="2"></td>
                    {total}
                </tr>
                <tr class="kpi-grid__spacer" role="presentation" aria-hidden="true" style:height=top>
                    <td colspan=cols.to_string()></td>
                </tr>
                <For each=visible key=|i| *i let:i>
                    {line_view(i)}
                </For>
                <tr class="kpi-grid__spacer" role="presentation" aria-hidden="true" style:height=bottom>
                    <td colspan=cols.to_string()></td>
                </tr>
            </tbody>
        </table>
    }
}

/// Line `i` of the body: a node's heading row or a KPI row.
fn render_line(
    grid: Grid,
    m: &Model,
    i: usize,
    cells: Option<RowCells>,
    rollups: Option<Vec<RwSignal<Rollup>>>,
) -> AnyView {
    let index = (i + 4).to_string();
    match m.lines.get(i) {
        Some(Line::Node {
            id,
            depth,
            level,
            name,
            ..
        }) => {
            let rollups = rollups.unwrap_or_default();
            let cells = rollup_cells(
                &rollups,
                &m.rules,
                id.clone(),
                m.years.clone(),
                grid.years_drawn,
            );
            view! {
                <tr class=format!("kpi-grid__node depth-{}", depth.min(&4)) aria-rowindex=index data-testid=format!("grid-node-{id}")>
                    // The name stays in the name column (sticky, like a KPI's name): spanning
                    // 単位 and 基準値 too, it covered the first year's distribution once the
                    // grid was scrolled sideways. Its text does not widen the column.
                    <th scope="row" class="kpi-grid__node-name" title=name.clone()>
                        <span class="kpi-grid__node-text">
                            <span class="kpi-grid__level">{level.clone()}</span>
                            " " {name.clone()}
                        </span>
                    </th>
                    <td colspan="2"></td>
                    {cells}
                </tr>
            }
            .into_any()
        }
        Some(Line::Kpi(r)) => match (m.rows.get(*r), cells) {
            (Some(row), Some(cells)) => render_row(grid, m, *r, row, &cells, index).into_any(),
            _ => ().into_any(),
        },
        None => ().into_any(),
    }
}

/// Per year: the distribution (two columns) and the summary grade (two columns), then the
/// empty cell under 最終目標. Years are drawn as `drawn` says (see `Grid::years_drawn`).
fn rollup_cells(
    rollups: &[RwSignal<Rollup>],
    rules: &RatingRules,
    id: String,
    years: Vec<FiscalYear>,
    drawn: RwSignal<usize>,
) -> impl IntoView + use<> {
    let count = years.len();
    let cells = rollups
        .iter()
        .zip(years)
        .enumerate()
        .map(|(i, (sig, fy))| {
            let sig = *sig;
            let rules = rules.clone();
            let id = id.clone();
            when_drawn(drawn, i, move || {
                let rules = rules.clone();
                let mark = move || sig.with(|r| rules.verdict_mark(&r.summary, r.summary_band_index).to_owned());
                view! {
                    <td colspan="2" class="kpi-grid__dist year-start" data-testid=format!("rollup-{id}-{}", fy.0)>
                        {move || sig.with(Rollup::distribution_text)}
                    </td>
                    <td colspan="2" class="kpi-grid__summary" data-testid=format!("summary-{id}-{}", fy.0) title=move || sig.with(|r| r.explanation.clone())>
                        {mark}
                    </td>
                }
            })
        })
        .collect_view();
    (
        cells,
        when_drawn(drawn, count.saturating_sub(1), || view! { <td></td> }),
    )
}

/// What a KPI row's cells are made from: signals and a few strings, cheap to clone, so a
/// fiscal year not drawn in the first frame can be drawn later from the same.
#[derive(Clone)]
struct RowCtx {
    grid: Grid,
    r: usize,
    years: usize,
    kpi: RwSignal<Kpi>,
    drafts: RwSignal<BTreeMap<usize, Draft>>,
    kpi_id: String,
    plan_id: String,
    rules: RatingRules,
}

impl RowCtx {
    /// A cell's id, and its tabindex: 0 for the active cell (as it is when the cell is
    /// drawn), -1 for the others.
    fn attrs(&self, c: usize) -> (String, &'static str) {
        let active = self.grid.active.get_value() == (self.r, c);
        let tabindex = if active { "0" } else { "-1" };
        (self.grid.cell_id(self.r, c), tabindex)
    }

    /// Editable column `ec` (`col`): its draft, or the stored value.
    fn edit_cell(&self, ec: usize, col: GridColumn) -> impl IntoView + use<> {
        let c = visual_of_edit(ec, self.years);
        let (id, tabindex) = self.attrs(c);
        let kpi = self.kpi;
        let drafts = self.drafts;
        let text = move || {
            drafts
                .with(|d| d.get(&ec).map(|d| d.text.clone()))
                .unwrap_or_else(|| kpi.with(|k| Model::value_text(k, col)))
        };
        let invalid = move || drafts.with(|d| d.contains_key(&ec));
        // 要確認 beside the value: an 実績 that is implausible but saved.
        let style = self.grid.model.with_value(|m| m.style);
        let warning = move || match col {
            GridColumn::Actual(fy) => kpi.with(|k| {
                crate::domain::plan::kpi_warnings(k, style)
                    .into_iter()
                    .find(|(y, _)| *y == fy)
                    .map(|(_, m)| m)
            }),
            _ => None,
        };
        let title = move || {
            drafts
                .with(|d| d.get(&ec).map(|d| d.message.clone()))
                .or_else(warning)
        };
        let extra = if matches!(col, GridColumn::Target(_) | GridColumn::FinalTarget) {
            " year-start"
        } else {
            ""
        };
        view! {
            <td
                id=id
                class=format!("kpi-grid__cell num{extra}")
                class:is-invalid=invalid
                aria-invalid=move || invalid().then_some("true")
                data-warning=move || warning().map(|_| "要確認")
                title=title
                tabindex=tabindex
                data-testid=format!("cell-{}-{}", self.kpi_id, column_key(col))
            >
                {text}
            </td>
        }
    }

    /// Year `i` (`fy`): 目標, 実績, the rate and the rating.
    fn year(
        &self,
        i: usize,
        fy: FiscalYear,
        cols: (GridColumn, GridColumn),
        rating: Option<RwSignal<Rating>>,
    ) -> impl IntoView + use<> {
        let (rate_id, rate_tab) = self.attrs(LEAD + 1 + PER_YEAR * i + 2);
        let (rating_id, rating_tab) = self.attrs(LEAD + 1 + PER_YEAR * i + 3);
        let tip_id = format!("{rating_id}-tip");
        let rate_text = move || {
            rating
                .map(|s| s.with(|r| r.percent_text().unwrap_or_default()))
                .unwrap_or_default()
        };
        let grade = rating.map(|s| {
            let explain = Explain {
                store: self.grid.store,
                plan_id: self.plan_id.clone(),
                kpi_id: self.kpi_id.clone(),
                fy,
            };
            rating_view(s, self.rules.clone(), tip_id.clone(), explain)
        });
        view! {
            {self.edit_cell(1 + 2 * i, cols.0)}
            {self.edit_cell(2 + 2 * i, cols.1)}
            <td
                id=rate_id
                class="kpi-grid__cell kpi-grid__ro num"
                aria-readonly="true"
                tabindex=rate_tab
                data-testid=format!("cell-{}-rate-{}", self.kpi_id, fy.0)
            >
                {rate_text}
            </td>
            <td
                id=rating_id
                class="kpi-grid__cell kpi-grid__rating"
                aria-readonly="true"
                tabindex=rating_tab
                aria-describedby=tip_id
                data-testid=format!("cell-{}-rating-{}", self.kpi_id, fy.0)
            >
                {grade}
            </td>
        }
    }
}

/// `cells` now if `drawn` (the fiscal years drawn) already includes year `i`, or once it
/// does: a year not in the first frame is drawn once, when all the years are.
fn when_drawn<V: IntoView + 'static>(
    drawn: RwSignal<usize>,
    i: usize,
    cells: impl Fn() -> V + Send + Sync + 'static,
) -> impl IntoView {
    if drawn.get_untracked() > i {
        Either::Left(cells())
    } else {
        Either::Right(move || (drawn.get() > i).then(&cells))
    }
}

fn render_row(
    grid: Grid,
    m: &Model,
    r: usize,
    row: &Row,
    cells: &RowCells,
    index: String,
) -> impl IntoView + use<> {
    let years = m.years.len();
    let ctx = RowCtx {
        grid,
        r,
        years,
        kpi: cells.kpi,
        drafts: row.drafts,
        kpi_id: row.kpi_id.clone(),
        plan_id: m.plan_id.clone(),
        rules: m.rules.clone(),
    };
    let col = |ec: usize| m.columns.get(ec).copied().unwrap_or(GridColumn::Baseline);
    let year_cells = (0..years)
        .map(|i| {
            let ctx = ctx.clone();
            let fy = m.years.get(i).copied().unwrap_or(FiscalYear(0));
            let cols = (col(1 + 2 * i), col(2 + 2 * i));
            let rating = cells.ratings.get(i).copied();
            when_drawn(grid.years_drawn, i, move || ctx.year(i, fy, cols, rating))
        })
        .collect_view();
    let final_target = {
        let ctx = ctx.clone();
        let col = col(1 + 2 * years);
        // Drawn with the last year.
        when_drawn(grid.years_drawn, years.saturating_sub(1), move || {
            ctx.edit_cell(1 + 2 * years, col)
        })
    };
    let (name_id, name_tab) = ctx.attrs(0);
    let (unit_id, unit_tab) = ctx.attrs(1);
    view! {
        <tr class="kpi-grid__row" aria-rowindex=index data-testid=format!("grid-row-{}", row.kpi_id)>
            <th
                id=name_id
                scope="row"
                role="rowheader"
                class="kpi-grid__cell col-name"
                tabindex=name_tab
            >
                {row.name.clone()}
            </th>
            <td id=unit_id class="kpi-grid__cell kpi-grid__ro" aria-readonly="true" tabindex=unit_tab>
                {row.unit.clone()}
            </td>
            {ctx.edit_cell(0, col(0))}
            {year_cells}
            {final_target}
        </tr>
    }
}

/// The grade (symbol or label, with the band colour as a frame: never colour alone), a
/// 「手動」 mark, and the explanation shown on hover and focus.
/// Which rating a tip explains.
struct Explain {
    store: WorkspaceStore,
    plan_id: String,
    kpi_id: String,
    fy: FiscalYear,
}

fn rating_view(
    sig: RwSignal<Rating>,
    rules: RatingRules,
    tip_id: String,
    explain: Explain,
) -> impl IntoView {
    let r2 = rules.clone();
    let mark = move || sig.with(|r| r2.mark(r).to_owned());
    let colour = move || {
        sig.with(|r| rules.band_colour(r.band_index).map(str::to_owned))
            .unwrap_or_default()
    };
    let is_status = move || sig.with(|r| r.band_index.is_none());
    view! {
        <span
            class="grade"
            class:grade--status=is_status
            style=move || ("--band-colour", colour())
            data-label=move || sig.with(|r| r.label().to_owned())
        >
            {mark}
        </span>
        <Show when=move || sig.with(|r| r.manual)>
            <span class="grade__manual">"（手動）"</span>
        </Show>
        <span class="rating-tip" role="tooltip" id=tip_id>
            {move || {
                sig.track();
                model::explanation(explain.store, &explain.plan_id, &explain.kpi_id, explain.fy)
            }}
        </span>
    }
}
