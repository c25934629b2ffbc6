//! The logic of the spreadsheet-like KPI grid: reading what staff type or paste from Excel
//! into a number cell, the grid's editable columns, and applying a pasted block as one edit.
//!
//! Numbers arrive as Japanese offices write them: full-width digits (「１，２３４．５」),
//! thousands commas, and negatives as `△` / `▲` (the 決算 convention, DOMAIN §3) as well as
//! `-` / `−` / `－`. A lone dash (「-」「－」「―」「ー」) is how a blank cell is printed, so it
//! clears the value.

use rust_decimal::Decimal;
use thiserror::Error;

use super::edit::EditError;
use super::kpi::{Baseline, FinalTarget};
use super::model::Plan;
use crate::domain::fiscal_year::{FiscalYear, YearStyle};

/// Why a cell's text is not a number. Messages quote the input and say how to write it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CellError {
    #[error("「{0}」は数値として読めません。数字で入力してください（例: 1,234.5）。")]
    NotANumber(String),
    #[error("「{0}」は桁数が多すぎて扱えません。28桁以内の数値で入力してください。")]
    TooLarge(String),
}

/// Reads a number cell. Empty text or a lone dash means "clear" (`Ok(None)`).
///
/// Accepted: half- and full-width digits, one decimal point (`.` / `．`), thousands commas
/// (`,` / `，`) every three digits of the integer part, and one leading sign: `-`, `−`, `－`,
/// `△` or `▲` for negative, `+` / `＋` for positive. Anything else (units such as 「件」,
/// `%`, exponents, a second point) is refused, so a value is never silently misread.
pub fn parse_number_cell(text: &str) -> Result<Option<Decimal>, CellError> {
    // `char::is_whitespace` includes the full-width space U+3000.
    let trimmed = text.trim();
    if trimmed.is_empty() || matches!(trimmed, "-" | "－" | "―" | "ー" | "−" | "‐") {
        return Ok(None);
    }
    let bad = || CellError::NotANumber(trimmed.to_owned());
    let mut chars = trimmed.chars().map(half_width).peekable();
    let negative = match chars.peek() {
        Some('-' | '−' | '△' | '▲') => {
            chars.next();
            true
        }
        Some('+') => {
            chars.next();
            false
        }
        _ => false,
    };
    let mut int_part = String::new();
    let mut frac_part: Option<String> = None;
    // Digits since the last comma, and whether a comma was seen, to check comma positions.
    let mut group: Option<usize> = None;
    for c in chars {
        match (c, frac_part.as_mut()) {
            ('0'..='9', Some(frac)) => frac.push(c),
            ('0'..='9', None) => {
                int_part.push(c);
                if let Some(g) = group.as_mut() {
                    *g += 1;
                }
            }
            (',', None) => {
                // The first group may hold 1–3 digits, every later group exactly 3.
                let ok = match group {
                    None => (1..=3).contains(&int_part.len()),
                    Some(g) => g == 3,
                };
                if !ok {
                    return Err(bad());
                }
                group = Some(0);
            }
            ('.', None) => {
                if group.is_some_and(|g| g != 3) {
                    return Err(bad());
                }
                group = None;
                frac_part = Some(String::new());
            }
            _ => return Err(bad()),
        }
    }
    if group.is_some_and(|g| g != 3) {
        return Err(bad());
    }
    let frac = frac_part.unwrap_or_default();
    if int_part.is_empty() && frac.is_empty() {
        return Err(bad());
    }
    let int_part = if int_part.is_empty() {
        "0".to_owned()
    } else {
        int_part
    };
    let digits = if frac.is_empty() {
        int_part
    } else {
        format!("{int_part}.{frac}")
    };
    let mut value: Decimal = digits
        .parse()
        .map_err(|_| CellError::TooLarge(trimmed.to_owned()))?;
    if negative && !value.is_zero() {
        value.set_sign_negative(true);
    }
    Ok(Some(value))
}

/// Full-width digits and punctuation to their ASCII forms.
fn half_width(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' => '.',
        '，' => ',',
        '－' => '-',
        '＋' => '+',
        _ => c,
    }
}

/// An editable column of the KPI grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GridColumn {
    /// 基準値 (the baseline's value).
    Baseline,
    /// 最終目標 (the final target's value).
    FinalTarget,
    /// 目標 of a fiscal year.
    Target(FiscalYear),
    /// 実績 of a fiscal year.
    Actual(FiscalYear),
}

impl GridColumn {
    /// The column heading: 「基準値」「最終目標」「令和6年度 目標」「令和6年度 実績」.
    pub fn label(self, style: YearStyle) -> String {
        match self {
            GridColumn::Baseline => "基準値".to_owned(),
            GridColumn::FinalTarget => "最終目標".to_owned(),
            GridColumn::Target(fy) => format!("{} 目標", fy.label(style)),
            GridColumn::Actual(fy) => format!("{} 実績", fy.label(style)),
        }
    }
}

/// The grid's editable columns from left to right: 基準値, then 目標 and 実績 for each fiscal
/// year of the period, then 最終目標. A pasted block maps onto them in this order.
pub fn editable_columns(plan: &Plan) -> Vec<GridColumn> {
    std::iter::once(GridColumn::Baseline)
        .chain(
            plan.period
                .years()
                .flat_map(|fy| [GridColumn::Target(fy), GridColumn::Actual(fy)]),
        )
        .chain(std::iter::once(GridColumn::FinalTarget))
        .collect()
}

/// A pasted cell that was not applied, with the reason for the user.
#[derive(Debug, Clone, PartialEq)]
pub struct RejectedCell {
    /// Grid row index (may be past the last row when the block overflowed).
    pub row: usize,
    /// Grid column index (may be past the last column).
    pub column: usize,
    /// The KPI of the row, when the row exists.
    pub kpi_id: Option<String>,
    /// The cell's text as pasted.
    pub text: String,
    /// Why it was not applied, in Japanese.
    pub message: String,
}

/// What a paste did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PasteReport {
    /// Every cell that was applied (a value set or cleared), in block order.
    pub applied: Vec<(String, GridColumn)>,
    pub rejected: Vec<RejectedCell>,
    /// KPIs whose values differ after the paste, each once, in grid order.
    pub changed_kpis: Vec<String>,
}

impl Plan {
    /// Sets or clears one grid cell of a KPI, as one edit (one revision bump).
    ///
    /// 目標 / 実績 go through [`Plan::set_target`] / [`Plan::set_actual`]. 基準値 keeps the
    /// baseline's year and heading when one exists; clearing it removes the baseline. 最終目標
    /// keeps its year, or takes the period's last year when there was none; clearing removes
    /// it.
    pub fn set_cell(
        &mut self,
        kpi_id: &str,
        column: GridColumn,
        value: Option<Decimal>,
    ) -> Result<(), EditError> {
        match column {
            GridColumn::Target(fy) => self.set_target(kpi_id, fy, value),
            GridColumn::Actual(fy) => self.set_actual(kpi_id, fy, value),
            GridColumn::Baseline => self.update_kpi(kpi_id, |k| {
                k.baseline = match (value, k.baseline.take()) {
                    (None, _) => None,
                    (Some(v), Some(b)) => Some(Baseline { value: v, ..b }),
                    (Some(v), None) => Some(Baseline {
                        value: v,
                        fiscal_year: None,
                        label: String::new(),
                    }),
                };
            }),
            GridColumn::FinalTarget => {
                let last = self.period.last;
                self.update_kpi(kpi_id, |k| {
                    k.final_target = value.map(|v| FinalTarget {
                        value: v,
                        fiscal_year: k.final_target.map_or(last, |f| f.fiscal_year),
                    });
                })
            }
        }
    }

    /// Applies a pasted block (see [`parse_tsv`]) to the grid: cell (r, c) of the block goes
    /// to row `anchor_row + r` of `kpi_ids` and column `anchor_col + c` of `columns`.
    ///
    /// Every readable cell inside the grid is applied; an empty cell clears. Unreadable cells,
    /// cells past the grid's edge and refused edits are listed in the report, each with its
    /// reason. Empty cells past the edge are ignored (Excel selections often carry blank
    /// borders). A row the paste would leave with a problem it did not have (a negative
    /// count, a 累計 …) is put back as it was, and its cells are listed as rejected with
    /// that problem: a paste never makes the plan invalid. The whole paste is one edit: one
    /// revision bump, none when nothing applied.
    pub fn paste_block(
        &mut self,
        kpi_ids: &[String],
        columns: &[GridColumn],
        anchor_row: usize,
        anchor_col: usize,
        block: &[Vec<String>],
    ) -> PasteReport {
        let start_revision = self.revision;
        let mut report = PasteReport::default();
        let mut touched: Vec<(usize, super::kpi::Kpi, Vec<super::validate::Problem>)> = Vec::new();
        for (r, cells) in block.iter().enumerate() {
            let row = anchor_row.saturating_add(r);
            let kpi_id = kpi_ids.get(row);
            for (c, text) in cells.iter().enumerate() {
                let col = anchor_col.saturating_add(c);
                let reject = |message: String| RejectedCell {
                    row,
                    column: col,
                    kpi_id: kpi_id.cloned(),
                    text: text.clone(),
                    message,
                };
                let (Some(kpi_id), Some(&column)) = (kpi_id, columns.get(col)) else {
                    if !text.trim().is_empty() {
                        report.rejected.push(reject(
                            "表の範囲外のため貼り付けませんでした。貼り付け先の位置を確かめてください。"
                                .to_owned(),
                        ));
                    }
                    continue;
                };
                let value = match parse_number_cell(text) {
                    Ok(v) => v,
                    Err(e) => {
                        report.rejected.push(reject(e.to_string()));
                        continue;
                    }
                };
                if !touched.iter().any(|(i, _, _)| *i == row)
                    && let Some(k) = self.find_kpi(kpi_id)
                {
                    touched.push((row, k.clone(), self.validate_kpi(kpi_id)));
                }
                match self.set_cell(kpi_id, column, value) {
                    Ok(()) => report.applied.push((kpi_id.clone(), column)),
                    Err(e) => report.rejected.push(reject(e.to_string())),
                }
            }
        }
        touched.sort_by_key(|(row, _, _)| *row);
        for (row, before, problems) in touched {
            let introduced = self
                .validate_kpi(&before.id)
                .into_iter()
                .find(|x| !problems.contains(x));
            if let Some(problem) = introduced {
                let id = before.id.clone();
                if let Some(kpi) = self.find_kpi_mut(&id) {
                    *kpi = before;
                }
                let (undone, kept): (Vec<_>, Vec<_>) =
                    report.applied.drain(..).partition(|(k, _)| *k == id);
                report.applied = kept;
                for (_, col) in undone {
                    let column = columns.iter().position(|c| *c == col).unwrap_or_default();
                    let text = block
                        .get(row.saturating_sub(anchor_row))
                        .and_then(|cells| cells.get(column.wrapping_sub(anchor_col)))
                        .cloned()
                        .unwrap_or_default();
                    report.rejected.push(RejectedCell {
                        row,
                        column,
                        kpi_id: Some(id.clone()),
                        text,
                        message: format!("{problem}（この行の貼り付けは保存していません）"),
                    });
                }
                continue;
            }
            let changed = self.find_kpi(&before.id).is_some_and(|k| *k != before);
            if changed && !report.changed_kpis.contains(&before.id) {
                report.changed_kpis.push(before.id);
            }
        }
        self.revision = if report.applied.is_empty() {
            start_revision
        } else {
            start_revision.wrapping_add(1)
        };
        report
    }
}

/// Splits clipboard text copied from Excel or LibreOffice into rows of cells.
///
/// Rows end at `\r\n` or `\n` (one trailing newline is ignored), cells at `\t`. A cell that
/// starts with `"` is quoted the way Excel writes it: it may hold tabs and newlines, and `""`
/// stands for one `"`. A `"` without its closing quote is kept as an ordinary character.
pub fn parse_tsv(text: &str) -> Vec<Vec<String>> {
    let chars: Vec<char> = text.chars().collect();
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut i = 0;
    let mut cell_start = true;
    let mut cell = String::new();
    let n = chars.len();
    while i < n {
        if cell_start
            && chars[i] == '"'
            && let Some((content, next)) = quoted_cell(&chars, i)
        {
            cell = content;
            i = next;
            cell_start = false;
            continue;
        }
        cell_start = false;
        match chars[i] {
            '\t' => {
                row.push(std::mem::take(&mut cell));
                cell_start = true;
                i += 1;
            }
            '\n' => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
                cell_start = true;
                i += 1;
            }
            '\r' if chars.get(i + 1) == Some(&'\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
                cell_start = true;
                i += 2;
            }
            c => {
                cell.push(c);
                i += 1;
            }
        }
    }
    // Text that ends with a newline has no last row to add.
    if !(cell_start && row.is_empty() && cell.is_empty()) {
        row.push(cell);
        rows.push(row);
    }
    rows
}

/// The content of a quoted cell starting at `start` (a `"`) and the index after its closing
/// quote, when that quote is followed by a tab, a newline or the end.
fn quoted_cell(chars: &[char], start: usize) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut i = start + 1;
    while i < chars.len() {
        if chars[i] == '"' {
            if chars.get(i + 1) == Some(&'"') {
                out.push('"');
                i += 2;
                continue;
            }
            let after = chars.get(i + 1);
            let ends = match after {
                None | Some('\t' | '\n') => true,
                Some('\r') => chars.get(i + 2) == Some(&'\n'),
                Some(_) => false,
            };
            return ends.then_some((out, i + 1));
        }
        out.push(chars[i]);
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::domain::plan::{Kpi, Node, Period, preset};

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn number_cells() {
        let ok: &[(&str, Option<&str>)] = &[
            ("", None),
            ("   ", None),
            ("\u{3000}", None),
            ("-", None),
            ("－", None),
            ("―", None),
            ("ー", None),
            ("0", Some("0")),
            ("12", Some("12")),
            (" 12 ", Some("12")),
            ("\u{3000}１２\u{3000}", Some("12")),
            ("1,234.5", Some("1234.5")),
            ("１，２３４．５", Some("1234.5")),
            ("12,345,678", Some("12345678")),
            ("-3", Some("-3")),
            ("−3", Some("-3")),
            ("－３", Some("-3")),
            ("△1,234", Some("-1234")),
            ("▲5", Some("-5")),
            ("+5", Some("5")),
            (".5", Some("0.5")),
            ("5.", Some("5")),
            ("0.10", Some("0.10")),
            ("-0", Some("0")),
            ("89.5", Some("89.5")),
        ];
        for (text, want) in ok {
            let got = parse_number_cell(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(got, want.map(d), "{text}");
        }
        let got = parse_number_cell("-0").unwrap().unwrap();
        assert!(got.is_sign_positive());
        assert_eq!(parse_number_cell("0.10").unwrap().unwrap().scale(), 2);
    }

    #[test]
    fn number_cells_refused() {
        for text in [
            "abc", "12件", "50%", "1.2.3", "1e5", "1E5", "--1", "△-1", "1,23", "12,3456",
            "1,234,56", ",123", "1,", ".", "-.", "1 234", "１２a", "NaN", "∞", "0x10", "1,2.5",
            "1.234,5",
        ] {
            let err = parse_number_cell(text).expect_err(text);
            let msg = err.to_string();
            assert!(msg.contains(&format!("「{}」", text.trim())), "{msg}");
            assert!(msg.contains("数字で入力してください"), "{msg}");
        }
        assert_eq!(
            parse_number_cell("abc").unwrap_err().to_string(),
            "「abc」は数値として読めません。数字で入力してください（例: 1,234.5）。"
        );
        assert!(matches!(
            parse_number_cell("123456789012345678901234567890123"),
            Err(CellError::TooLarge(_))
        ));
    }

    fn plan() -> Plan {
        let mut node = Node::new("n1", "1", "施策");
        let mut k1 = Kpi::new("k1", "参加者数", "人");
        k1.baseline = Some(Baseline {
            value: d("10"),
            fiscal_year: Some(FiscalYear(2023)),
            label: "現状値".into(),
        });
        node.kpis.push(k1);
        node.kpis.push(Kpi::new("k2", "件数", "件"));
        Plan {
            id: "p".into(),
            title: "計画".into(),
            municipality: "市".into(),
            period: Period {
                first: FiscalYear(2024),
                last: FiscalYear(2026),
            },
            level_names: vec![],
            display: Default::default(),
            nodes: vec![node],
            rating: preset("akiruno").unwrap(),
            notes: String::new(),
            revision: 1,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn columns_and_labels() {
        let p = plan();
        let cols = editable_columns(&p);
        assert_eq!(cols.len(), 8);
        assert_eq!(cols[0], GridColumn::Baseline);
        assert_eq!(cols[1], GridColumn::Target(FiscalYear(2024)));
        assert_eq!(cols[2], GridColumn::Actual(FiscalYear(2024)));
        assert_eq!(cols[7], GridColumn::FinalTarget);
        assert_eq!(GridColumn::Baseline.label(YearStyle::Era), "基準値");
        assert_eq!(GridColumn::FinalTarget.label(YearStyle::Era), "最終目標");
        assert_eq!(cols[1].label(YearStyle::Era), "令和6年度 目標");
        assert_eq!(cols[2].label(YearStyle::Western), "2024年度 実績");
    }

    #[test]
    fn set_cell_each_column() {
        let mut p = plan();
        p.set_cell("k1", GridColumn::Baseline, Some(d("12")))
            .unwrap();
        let b = p.find_kpi("k1").unwrap().baseline.clone().unwrap();
        assert_eq!(
            (b.value, b.fiscal_year, b.label.as_str()),
            (d("12"), Some(FiscalYear(2023)), "現状値")
        );
        assert_eq!(p.revision, 2);
        p.set_cell("k2", GridColumn::Baseline, Some(d("3")))
            .unwrap();
        assert_eq!(
            p.find_kpi("k2").unwrap().baseline.as_ref().unwrap().value,
            d("3")
        );
        p.set_cell("k1", GridColumn::Baseline, None).unwrap();
        assert!(p.find_kpi("k1").unwrap().baseline.is_none());

        p.set_cell("k1", GridColumn::FinalTarget, Some(d("50")))
            .unwrap();
        let ft = p.find_kpi("k1").unwrap().final_target.unwrap();
        assert_eq!((ft.value, ft.fiscal_year), (d("50"), FiscalYear(2026)));
        p.update_kpi("k1", |k| {
            k.final_target.as_mut().unwrap().fiscal_year = FiscalYear(2025)
        })
        .unwrap();
        p.set_cell("k1", GridColumn::FinalTarget, Some(d("60")))
            .unwrap();
        let ft = p.find_kpi("k1").unwrap().final_target.unwrap();
        assert_eq!((ft.value, ft.fiscal_year), (d("60"), FiscalYear(2025)));
        p.set_cell("k1", GridColumn::FinalTarget, None).unwrap();
        assert!(p.find_kpi("k1").unwrap().final_target.is_none());

        let fy = FiscalYear(2025);
        p.set_cell("k1", GridColumn::Target(fy), Some(d("7")))
            .unwrap();
        p.set_cell("k1", GridColumn::Actual(fy), Some(d("8")))
            .unwrap();
        assert_eq!(p.find_kpi("k1").unwrap().target(fy), Some(d("7")));
        assert_eq!(p.find_kpi("k1").unwrap().actual(fy), Some(d("8")));
        assert_eq!(p.revision, 10);

        let before = p.clone();
        assert_eq!(
            p.set_cell("zz", GridColumn::Baseline, Some(d("1"))),
            Err(EditError::KpiNotFound("zz".into()))
        );
        assert!(
            p.set_cell("k1", GridColumn::Actual(FiscalYear(2030)), Some(d("1")))
                .is_err()
        );
        assert_eq!(p, before);
    }

    #[test]
    fn tsv() {
        let s = |rows: &[&[&str]]| -> Vec<Vec<String>> {
            rows.iter()
                .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
                .collect()
        };
        let cases: &[(&str, Vec<Vec<String>>)] = &[
            ("", vec![]),
            ("1", s(&[&["1"]])),
            ("1\t2\n3\t4\n", s(&[&["1", "2"], &["3", "4"]])),
            ("1\t2\r\n3\t4\r\n", s(&[&["1", "2"], &["3", "4"]])),
            ("1\t2\r\n3\t4", s(&[&["1", "2"], &["3", "4"]])),
            ("1\n\n", s(&[&["1"], &[""]])),
            ("\t\n", s(&[&["", ""]])),
            ("1\t\t3", s(&[&["1", "", "3"]])),
            ("\"a\tb\"\t2", s(&[&["a\tb", "2"]])),
            ("\"line1\nline2\"\tx\n", s(&[&["line1\nline2", "x"]])),
            ("\"say \"\"hi\"\"\"", s(&[&["say \"hi\""]])),
            ("\"unclosed\t2", s(&[&["\"unclosed", "2"]])),
            ("\"a\"b\t2", s(&[&["\"a\"b", "2"]])),
            ("x\"y\"\t2", s(&[&["x\"y\"", "2"]])),
            ("\"q\"\r\n2", s(&[&["q"], &["2"]])),
        ];
        for (text, want) in cases {
            assert_eq!(&parse_tsv(text), want, "{text:?}");
        }
    }

    #[test]
    fn paste_applies_valid_cells_in_one_revision() {
        let mut p = plan();
        let ids = vec!["k1".to_owned(), "k2".to_owned()];
        let cols = editable_columns(&p);
        let block = parse_tsv("100\t90\nabc\t\t5\n");
        let report = p.paste_block(&ids, &cols, 0, 1, &block);
        assert_eq!(p.revision, 2);
        let fy = FiscalYear(2024);
        assert_eq!(p.find_kpi("k1").unwrap().target(fy), Some(d("100")));
        assert_eq!(p.find_kpi("k1").unwrap().actual(fy), Some(d("90")));
        assert_eq!(
            p.find_kpi("k2").unwrap().target(FiscalYear(2025)),
            Some(d("5"))
        );
        assert_eq!(
            report.applied,
            vec![
                ("k1".to_owned(), GridColumn::Target(fy)),
                ("k1".to_owned(), GridColumn::Actual(fy)),
                ("k2".to_owned(), GridColumn::Actual(fy)),
                ("k2".to_owned(), GridColumn::Target(FiscalYear(2025))),
            ]
        );
        assert_eq!(report.rejected.len(), 1);
        let r = &report.rejected[0];
        assert_eq!(
            (r.row, r.column, r.kpi_id.as_deref(), r.text.as_str()),
            (1, 1, Some("k2"), "abc")
        );
        assert!(r.message.contains("「abc」"));
        assert_eq!(report.changed_kpis, vec!["k1".to_owned(), "k2".to_owned()]);
    }

    #[test]
    fn paste_outside_grid_and_nothing_applied() {
        let mut p = plan();
        let ids = vec!["k1".to_owned(), "k2".to_owned()];
        let cols = editable_columns(&p);
        // Anchored on the last row and the 最終目標 column: only the first cell fits.
        let block = parse_tsv("1\t2\t\n3\t4\n");
        let report = p.paste_block(&ids, &cols, 1, 7, &block);
        assert_eq!(
            report.applied,
            vec![("k2".to_owned(), GridColumn::FinalTarget)]
        );
        assert_eq!(report.rejected.len(), 3);
        assert_eq!(report.rejected[0].column, 8);
        assert_eq!(report.rejected[1].kpi_id, None);
        assert!(report.rejected[1].message.contains("範囲外"));
        assert_eq!(p.revision, 2);

        let before = p.clone();
        let report = p.paste_block(&ids, &cols, 0, 0, &parse_tsv("x\ty\n"));
        assert!(report.applied.is_empty());
        assert_eq!(report.rejected.len(), 2);
        assert_eq!(p, before);
    }

    #[test]
    fn paste_clears_and_reports_unchanged() {
        let mut p = plan();
        let ids = vec!["k1".to_owned(), "k2".to_owned()];
        let cols = editable_columns(&p);
        // Baseline of k1 is already 10: applied, but k1 is not changed. k2's empty cell clears
        // a baseline it does not have.
        let report = p.paste_block(&ids, &cols, 0, 0, &parse_tsv("10\n－\n"));
        assert_eq!(report.applied.len(), 2);
        assert!(report.changed_kpis.is_empty());
        assert_eq!(p.revision, 2);
        let report = p.paste_block(&ids, &cols, 0, 0, &parse_tsv("\n"));
        assert_eq!(report.changed_kpis, vec!["k1".to_owned()]);
        assert!(p.find_kpi("k1").unwrap().baseline.is_none());
    }

    #[test]
    fn paste_reports_edit_errors() {
        let mut p = plan();
        let ids = vec!["gone".to_owned(), "k1".to_owned()];
        let cols = vec![GridColumn::Actual(FiscalYear(2030)), GridColumn::Baseline];
        let report = p.paste_block(&ids, &cols, 0, 0, &parse_tsv("1\t2\n3\t4"));
        assert_eq!(
            report.applied,
            vec![("k1".to_owned(), GridColumn::Baseline)]
        );
        assert_eq!(report.rejected.len(), 3);
        assert!(report.rejected[1].message.contains("見つかりません"));
        assert!(report.rejected[2].message.contains("計画期間の外"));
        assert_eq!(report.changed_kpis, vec!["k1".to_owned()]);
    }

    #[test]
    fn paste_puts_back_a_row_it_would_make_invalid() {
        let mut p = plan();
        let ids = vec!["k1".to_owned(), "k2".to_owned()];
        let cols = editable_columns(&p);
        // Row k1: a target and a negative count of people; row k2: fine.
        let block = parse_tsv("100\t-3\n\t7\n");
        let report = p.paste_block(&ids, &cols, 0, 1, &block);
        let fy = FiscalYear(2024);
        let k1 = p.find_kpi("k1").unwrap();
        assert_eq!(
            (k1.target(fy), k1.actual(fy)),
            (None, None),
            "k1 put back whole"
        );
        assert_eq!(p.find_kpi("k2").unwrap().actual(fy), Some(d("7")));
        // k2's empty cell clears its (empty) target: applied, as an empty cell always is.
        assert_eq!(
            report.applied,
            vec![
                ("k2".to_owned(), GridColumn::Target(fy)),
                ("k2".to_owned(), GridColumn::Actual(fy))
            ]
        );
        assert_eq!(report.changed_kpis, vec!["k2".to_owned()]);
        let rejected: Vec<(&str, &str)> = report
            .rejected
            .iter()
            .map(|r| (r.kpi_id.as_deref().unwrap_or(""), r.text.as_str()))
            .collect();
        assert_eq!(rejected, [("k1", "100"), ("k1", "-3")]);
        assert!(
            report.rejected[1].message.contains("負の値"),
            "{:?}",
            report.rejected
        );
        assert_eq!(p.validate(), plan().validate(), "no problem added");
        assert_eq!(p.revision, 2);
    }
}
