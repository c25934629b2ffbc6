//! Rating presets from real cities (DOMAIN §2). Each is ordinary [`RatingRules`] data: users
//! can edit a preset's bands or build their own.

use rust_decimal::Decimal;

use super::rules::{
    Band, Bound, Formula, Measure, RatingRules, RatingStatus, SummaryMethod, TargetBasis,
};

/// The ids of every preset, in the order the UI offers them.
pub const PRESET_IDS: [&str; 7] = ["akiruno", "abcd", "ino", "nagayo", "tama", "sano", "nagano"];

fn bound(percent: i64, inclusive: bool) -> Option<Bound> {
    Some(Bound {
        percent: Decimal::from(percent),
        inclusive,
        measure: None,
    })
}

fn band(label: &str, lower: Option<Bound>, colour: &str, score: i64, description: &str) -> Band {
    Band {
        label: label.to_owned(),
        symbol: label.to_owned(),
        lower,
        colour: colour.to_owned(),
        score: Decimal::from(score),
        description: description.to_owned(),
    }
}

// デジタル庁 design-system colours (DOMAIN §7); never the only cue.
const BLUE: &str = "#0017C1";
const GREEN: &str = "#259D63";
const AMBER: &str = "#B78F00";
const RED: &str = "#EC0000";

fn rules(
    id: &str,
    name: &str,
    description: &str,
    formula: Formula,
    target_basis: TargetBasis,
    bands: Vec<Band>,
    summary: SummaryMethod,
) -> RatingRules {
    RatingRules {
        preset: Some(id.to_owned()),
        name: name.to_owned(),
        description: description.to_owned(),
        formula,
        target_basis,
        bands,
        statuses: RatingStatus::all(),
        summary,
    }
}

/// A preset by id (see [`PRESET_IDS`]).
pub fn preset(id: &str) -> Option<RatingRules> {
    let r = match id {
        // Seed 002: S 120%~, A 90~120%, B 50~90%, C ~50%; C at exactly 50% (事業承継相談
        // 令和5年度 5/10) and B at 89.5% (るのカード 令和6年度) as printed.
        "akiruno" => rules(
            id,
            "あきる野市方式（S/A/B/C）",
            "達成率 = 実績 ÷ 年間目標（減少指標は 目標 ÷ 実績）。S: 120%以上、A: 90%以上120%未満、B: 50%超90%未満、C: 50%以下。",
            Formula::Achievement,
            TargetBasis::YearTarget,
            vec![
                band(
                    "S",
                    bound(120, true),
                    BLUE,
                    100,
                    "目標値以上：このまま業務を進めることにより目標値以上の成果を得られる",
                ),
                band(
                    "A",
                    bound(90, true),
                    GREEN,
                    90,
                    "目標値どおり：このまま業務を進めることにより目標値どおりの成果を得られる",
                ),
                band(
                    "B",
                    bound(50, false),
                    AMBER,
                    60,
                    "要改善：このまま業務を進めることにより目標値を達成することができず、手法等の改善が必要",
                ),
                band(
                    "C",
                    None,
                    RED,
                    30,
                    "要大幅改善：このまま業務を進めることにより目標値を達成することができず、手法等の大幅な改善が必要",
                ),
            ],
            SummaryMethod::MeanScore,
        ),
        // 大阪府立図書館: A ≥ 110, B ≥ 80, C ≥ 50, D below; scores as DOMAIN §2 (b).
        "abcd" => rules(
            id,
            "A〜D方式（110/80/50）",
            "達成率 = 実績 ÷ 目標。A: 110%以上、B: 80%以上110%未満、C: 50%以上80%未満、D: 50%未満。",
            Formula::Achievement,
            TargetBasis::YearTarget,
            vec![
                band("A", bound(110, true), BLUE, 95, "目標を上回る"),
                band("B", bound(80, true), GREEN, 80, "おおむね目標どおり"),
                band("C", bound(50, true), AMBER, 35, "目標を下回る"),
                band("D", None, RED, 0, "目標を大きく下回る"),
            ],
            SummaryMethod::MeanRate,
        ),
        // いの町: ◎ above target, ○ equal, △ below, × no progress (or ended: set 中止).
        "ino" => {
            let mut r = rules(
                id,
                "いの町方式（◎○△×）",
                "◎: 達成率100%超（目標を上回る）、○: 達成率100%（目標どおり）、△: 進捗率0%超（基準値から前進したが目標未満）、×: 進捗なし。",
                Formula::Achievement,
                TargetBasis::YearTarget,
                vec![
                    band("◎", bound(100, false), BLUE, 4, "目標を上回る"),
                    band("○", bound(100, true), GREEN, 3, "目標どおり"),
                    band("△", None, AMBER, 2, "目標を下回る"),
                    band("×", None, RED, 1, "進捗なし・終了"),
                ],
                SummaryMethod::MeanScore,
            );
            if let Some(b) = r.bands.get_mut(2) {
                b.lower = Some(Bound {
                    percent: Decimal::ZERO,
                    inclusive: false,
                    measure: Some(Measure::Progress),
                });
            }
            r
        }
        // 長与町: S above target; A above baseline (by more than 10%); B within ±10% of the
        // baseline; C below that; − (評価不能) when not measurable.
        "nagayo" => {
            let vs = |p: i64, inclusive: bool| {
                Some(Bound {
                    percent: Decimal::from(p),
                    inclusive,
                    measure: Some(Measure::VersusBaseline),
                })
            };
            rules(
                id,
                "長与町方式（基準値比）",
                "S: 達成率100%超（目標を上回る）、A: 基準値比110%超（基準値を上回る）、B: 基準値比90%以上（基準値の±10%以内）、C: それ未満（基準値を下回る）。基準値比 = 実績 ÷ 基準値（減少指標は 基準値 ÷ 実績）。",
                Formula::Achievement,
                TargetBasis::YearTarget,
                vec![
                    band("S", bound(100, false), BLUE, 4, "目標を上回る"),
                    band("A", vs(110, false), GREEN, 3, "基準値を上回る"),
                    band("B", vs(90, true), AMBER, 2, "基準値の±10%以内"),
                    band("C", None, RED, 1, "基準値を下回る"),
                ],
                SummaryMethod::MeanScore,
            )
        }
        // 多摩市: year n of an N-year plan judged against n/N of the way to the final target.
        "tama" => rules(
            id,
            "多摩市方式（按分目標）",
            "按分目標 = 基準値 + (最終目標 − 基準値) × 経過年数 ÷ 計画年数。進捗率 = (実績 − 基準値) ÷ (按分目標 − 基準値)。A: 100%以上、B: 80%以上100%未満、C: 50%以上80%未満、D: 50%未満。",
            Formula::Progress,
            TargetBasis::ProRata,
            vec![
                band("A", bound(100, true), BLUE, 95, "按分目標を達成"),
                band("B", bound(80, true), GREEN, 80, "おおむね順調"),
                band("C", bound(50, true), AMBER, 35, "遅れている"),
                band("D", None, RED, 0, "大きく遅れている"),
            ],
            SummaryMethod::MeanRate,
        ),
        // 佐野市: 7 points at 100%, one point less per 10%, 1 below 50%.
        "sano" => rules(
            id,
            "佐野市方式（7段階）",
            "達成率 = 実績 ÷ 目標。7: 100%以上、6: 90%以上、5: 80%以上、4: 70%以上、3: 60%以上、2: 50%以上、1: 50%未満。",
            Formula::Achievement,
            TargetBasis::YearTarget,
            (1..=7)
                .rev()
                .map(|points: i64| {
                    let lower = if points == 1 {
                        None
                    } else {
                        bound(30 + 10 * points, true)
                    };
                    let colour = match points {
                        6..=7 => BLUE,
                        4..=5 => GREEN,
                        2..=3 => AMBER,
                        _ => RED,
                    };
                    band(&points.to_string(), lower, colour, points, "")
                })
                .collect(),
            SummaryMethod::MeanScore,
        ),
        // 長野県: 順調 (target met) / おおむね順調 (進捗率 ≥ 80%) / 努力を要する.
        "nagano" => rules(
            id,
            "長野県方式（3段階）",
            "進捗率 = (実績 − 基準値) ÷ (目標 − 基準値)。順調: 100%以上（目標達成）、おおむね順調: 80%以上、努力を要する: 80%未満。",
            Formula::Progress,
            TargetBasis::YearTarget,
            vec![
                band("順調", bound(100, true), BLUE, 3, "目標を達成"),
                band("おおむね順調", bound(80, true), GREEN, 2, "進捗率80%以上"),
                band("努力を要する", None, RED, 1, "進捗率80%未満"),
            ],
            SummaryMethod::MeanScore,
        ),
        _ => return None,
    };
    Some(r)
}

/// Every preset, in [`PRESET_IDS`] order.
pub fn presets() -> Vec<RatingRules> {
    PRESET_IDS.iter().filter_map(|id| preset(id)).collect()
}
