//! Worked examples in yen for every programme and course of the Ayase catalogue (seed 004,
//! DOMAIN.md §5): ordinary cases, each cap, each minimum, each truncation, each condition.

// Test helpers may unwrap: a panic is a test failure with a clear location.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use shinko::domain::subsidy::{
    CalcError, Catalogue, Inputs, calculate, load_catalogue, parse_input, select_course,
};

fn catalogue() -> Catalogue {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/public/samples/ayase-shien-seido-catalogue.json"
    );
    let text = std::fs::read_to_string(path).unwrap();
    load_catalogue(&text).unwrap().data
}

/// Inputs typed as staff would type them, parsed by the same code the CLI and UI use.
fn inputs(cat: &Catalogue, program: &str, course: Option<&str>, sets: &[(&str, &str)]) -> Inputs {
    let p = cat.program(program).unwrap();
    let c = select_course(p, course).unwrap();
    let mut out = BTreeMap::new();
    for (id, text) in sets {
        let def = p
            .input(c, id)
            .unwrap_or_else(|| panic!("{program}: no input {id}"));
        out.insert((*id).to_owned(), parse_input(def, text).unwrap());
    }
    out
}

/// (programme, course, inputs, expected amount or None = not eligible, text a reason must contain)
type Case = (
    &'static str,
    Option<&'static str>,
    &'static [(&'static str, &'static str)],
    Option<i64>,
    &'static str,
);

const CASES: &[Case] = &[
    // 中小企業強靭化推進補助金 Ａコース: 2/3, 上限1,000万円, 下限500万円, 1万円未満切捨て.
    (
        "kyoujinka",
        Some("a"),
        &[("cost", "7,654,321"), ("consulted", "はい")],
        Some(5_100_000),
        "",
    ),
    (
        "kyoujinka",
        Some("a"),
        &[("cost", "2000万"), ("consulted", "はい")],
        Some(10_000_000),
        "",
    ),
    (
        "kyoujinka",
        Some("a"),
        &[("cost", "5000000"), ("consulted", "はい")],
        Some(3_330_000),
        "",
    ),
    (
        "kyoujinka",
        Some("a"),
        &[("cost", "4999999"), ("consulted", "はい")],
        None,
        "4,999,999円 が 5,000,000円 に達していない",
    ),
    (
        "kyoujinka",
        Some("a"),
        &[("cost", "6000000"), ("consulted", "いいえ")],
        None,
        "事前相談",
    ),
    // Ｂコース: 2/3, 上限300万円, 下限150万円.
    (
        "kyoujinka",
        Some("b"),
        &[
            ("cost", "2345678"),
            ("consulted", "はい"),
            ("project", "ai_iot"),
        ],
        Some(1_560_000),
        "",
    ),
    (
        "kyoujinka",
        Some("b"),
        &[("cost", "5000000"), ("consulted", "はい")],
        Some(3_000_000),
        "",
    ),
    (
        "kyoujinka",
        Some("b"),
        &[("cost", "1500000"), ("consulted", "はい")],
        Some(1_000_000),
        "",
    ),
    (
        "kyoujinka",
        Some("b"),
        &[("cost", "1499999"), ("consulted", "はい")],
        None,
        "1,500,000円 に達していない",
    ),
    // 中小企業受注拡大支援補助金: 2/3, 上限20万円, 下限なし, 1,000円未満切捨て.
    ("juchu", None, &[("cost", "250000")], Some(166_000), ""),
    (
        "juchu",
        None,
        &[("cost", "299999"), ("seo", "はい")],
        Some(199_000),
        "",
    ),
    ("juchu", None, &[("cost", "400000")], Some(200_000), ""),
    ("juchu", None, &[("cost", "1000")], Some(0), ""),
    // ダイバーシティ経営推進補助金: 2/3, 上限80万円, 市内事業者への発注.
    (
        "diversity",
        None,
        &[
            ("cost", "1000000"),
            ("contractor_in_city", "はい"),
            ("target", "women"),
        ],
        Some(666_000),
        "",
    ),
    (
        "diversity",
        None,
        &[("cost", "1500000"), ("contractor_in_city", "はい")],
        Some(800_000),
        "",
    ),
    (
        "diversity",
        None,
        &[("cost", "1000000"), ("contractor_in_city", "いいえ")],
        None,
        "市内事業者",
    ),
    // 中小企業活性化事業補助金 経営アドバイザー派遣: 総額 − センター負担 − 消費税, 1,000円未満切捨て.
    (
        "kasseika",
        Some("advisor"),
        &[
            ("advisor_total", "110000"),
            ("center_share", "50000"),
            ("consumption_tax", "10000"),
        ],
        Some(50_000),
        "",
    ),
    (
        "kasseika",
        Some("advisor"),
        &[
            ("advisor_total", "123456"),
            ("center_share", "60000"),
            ("consumption_tax", "11223"),
        ],
        Some(52_000),
        "",
    ),
    // 見本市等出展: 1/2, 同一年度内20万円.
    (
        "kasseika",
        Some("exhibition"),
        &[("cost", "250000"), ("exhibitors", "50")],
        Some(125_000),
        "",
    ),
    (
        "kasseika",
        Some("exhibition"),
        &[("cost", "500000"), ("exhibitors", "50")],
        Some(200_000),
        "",
    ),
    (
        "kasseika",
        Some("exhibition"),
        &[
            ("cost", "300000"),
            ("exhibitors", "50"),
            ("used_this_fy", "120000"),
        ],
        Some(80_000),
        "",
    ),
    (
        "kasseika",
        Some("exhibition"),
        &[("cost", "123457"), ("exhibitors", "30")],
        Some(61_000),
        "",
    ),
    (
        "kasseika",
        Some("exhibition"),
        &[("cost", "250000"), ("exhibitors", "29")],
        None,
        "30社 に達していない",
    ),
    // 産業財産権取得: 1/2, 上限10万円, 1出願1回.
    (
        "kasseika",
        Some("ip"),
        &[("cost", "150000"), ("first_for_filing", "はい")],
        Some(75_000),
        "",
    ),
    (
        "kasseika",
        Some("ip"),
        &[("cost", "300000"), ("first_for_filing", "はい")],
        Some(100_000),
        "",
    ),
    (
        "kasseika",
        Some("ip"),
        &[("cost", "99999"), ("first_for_filing", "はい")],
        Some(49_000),
        "",
    ),
    (
        "kasseika",
        Some("ip"),
        &[("cost", "150000"), ("first_for_filing", "いいえ")],
        None,
        "1回限り",
    ),
    // 企業間及び産学公連携: 1/2, 上限50万円, 3年度まで.
    (
        "kasseika",
        Some("collaboration"),
        &[("cost", "600000"), ("fiscal_years", "1")],
        Some(300_000),
        "",
    ),
    (
        "kasseika",
        Some("collaboration"),
        &[("cost", "1200000"), ("fiscal_years", "3")],
        Some(500_000),
        "",
    ),
    (
        "kasseika",
        Some("collaboration"),
        &[("cost", "600000"), ("fiscal_years", "4")],
        None,
        "3年度 を超えている",
    ),
    // ものづくり人材育成補助金: 1/2, 同一年度内20万円.
    (
        "jinzai",
        None,
        &[("cost", "100000"), ("institution", "polytech")],
        Some(50_000),
        "",
    ),
    ("jinzai", None, &[("cost", "450000")], Some(200_000), ""),
    (
        "jinzai",
        None,
        &[("cost", "200000"), ("used_this_fy", "150000")],
        Some(50_000),
        "",
    ),
    (
        "jinzai",
        None,
        &[("cost", "200000"), ("used_this_fy", "250000")],
        Some(0),
        "",
    ),
    ("jinzai", None, &[("cost", "55555")], Some(27_000), ""),
    // 技能検定支援補助金: 1/2, 1社1年度5名まで.
    (
        "ginou",
        None,
        &[("exam_fees", "18200"), ("persons_this_fy", "1")],
        Some(9_000),
        "",
    ),
    (
        "ginou",
        None,
        &[("exam_fees", "91000"), ("persons_this_fy", "5")],
        Some(45_000),
        "",
    ),
    (
        "ginou",
        None,
        &[("exam_fees", "91000"), ("persons_this_fy", "6")],
        None,
        "5人 を超えている",
    ),
    // 綾瀬ブランド新商品開発支援事業補助金: 経費 × 2/3 × 参画企業数, 上限100万円/社.
    (
        "brand",
        None,
        &[("advisor_cost", "900000"), ("members", "4")],
        Some(2_400_000),
        "",
    ),
    (
        "brand",
        None,
        &[("advisor_cost", "2000000"), ("members", "4")],
        Some(4_000_000),
        "",
    ),
    (
        "brand",
        None,
        &[("advisor_cost", "1000000"), ("members", "3")],
        Some(1_999_000),
        "",
    ),
    (
        "brand",
        None,
        &[("advisor_cost", "1000000"), ("members", "0")],
        None,
        "団体参画企業",
    ),
    // ものづくり技術発信事業補助金: 出展費用 × 1/2 (上限50万円) × 参画企業数, 3社以上.
    (
        "hasshin",
        None,
        &[("fair_cost", "800000"), ("members", "3")],
        Some(1_200_000),
        "",
    ),
    (
        "hasshin",
        None,
        &[("fair_cost", "1500000"), ("members", "4")],
        Some(2_000_000),
        "",
    ),
    (
        "hasshin",
        None,
        &[("fair_cost", "333333"), ("members", "3")],
        Some(499_998),
        "",
    ),
    (
        "hasshin",
        None,
        &[("fair_cost", "800000"), ("members", "2")],
        None,
        "3社 に達していない",
    ),
    // あやせ工業団地オープンファクトリー補助金: 2/3, 上限50万円.
    (
        "open_factory",
        None,
        &[("cost", "600000")],
        Some(400_000),
        "",
    ),
    (
        "open_factory",
        None,
        &[("cost", "900000")],
        Some(500_000),
        "",
    ),
    (
        "open_factory",
        None,
        &[("cost", "100001")],
        Some(66_667),
        "",
    ),
    // 障がい者雇用促進報奨金: 市内6万円, 市外4万円, 新規雇用10万円加算.
    (
        "shougaisha",
        None,
        &[
            ("one_year_in_city", "はい"),
            ("residents", "3"),
            ("non_residents", "2"),
            ("new_residents", "1"),
        ],
        Some(360_000),
        "",
    ),
    (
        "shougaisha",
        None,
        &[
            ("one_year_in_city", "はい"),
            ("residents", "0"),
            ("non_residents", "1"),
            ("new_non_residents", "1"),
        ],
        Some(140_000),
        "",
    ),
    (
        "shougaisha",
        None,
        &[
            ("one_year_in_city", "はい"),
            ("residents", "3"),
            ("non_residents", "0"),
            ("new_residents", "4"),
        ],
        None,
        "4人 が 市内在住の障がい者数 3人 を超えて",
    ),
    (
        "shougaisha",
        None,
        &[
            ("one_year_in_city", "いいえ"),
            ("residents", "1"),
            ("non_residents", "0"),
        ],
        None,
        "1年以上",
    ),
    // 中小企業退職金共済制度奨励補助金: 10%, 月額5,000円まで算入, 60か月以内, 100円未満切捨て.
    (
        "taishokukin",
        None,
        &[
            ("monthly_premiums", "4000;6000;5000"),
            ("months", "12"),
            ("contract_month", "13"),
        ],
        Some(16_800),
        "",
    ),
    (
        "taishokukin",
        None,
        &[
            ("monthly_premiums", "3333;2500"),
            ("months", "7"),
            ("contract_month", "1"),
        ],
        Some(4_000),
        "",
    ),
    (
        "taishokukin",
        None,
        &[
            ("monthly_premiums", "30000"),
            ("months", "12"),
            ("contract_month", "60"),
        ],
        Some(6_000),
        "",
    ),
    (
        "taishokukin",
        None,
        &[
            ("monthly_premiums", "5000"),
            ("months", "12"),
            ("contract_month", "61"),
        ],
        None,
        "60か月目 を超えている",
    ),
    // 中小企業信用保証料補助金: 1/2, 上限10万円, 100円未満切捨て.
    (
        "hoshouryou",
        None,
        &[("guarantee_fee", "150000"), ("loan", "koguchi")],
        Some(75_000),
        "",
    ),
    (
        "hoshouryou",
        None,
        &[("guarantee_fee", "250000")],
        Some(100_000),
        "",
    ),
    (
        "hoshouryou",
        None,
        &[("guarantee_fee", "12345")],
        Some(6_100),
        "",
    ),
    // 中小企業融資利子補給金: 市1/2 + 県1/4, 24か月以内, 100円未満切捨て.
    (
        "rishi",
        None,
        &[
            ("city_interest", "100000"),
            ("pref_interest", "80000"),
            ("months_since_loan", "12"),
        ],
        Some(70_000),
        "",
    ),
    (
        "rishi",
        None,
        &[
            ("city_interest", "12345"),
            ("pref_interest", "6789"),
            ("months_since_loan", "24"),
        ],
        Some(7_800),
        "",
    ),
    (
        "rishi",
        None,
        &[("city_interest", "100000"), ("months_since_loan", "25")],
        None,
        "24か月目 を超えている",
    ),
    (
        "rishi",
        None,
        &[
            ("city_interest", "100000"),
            ("months_since_loan", "3"),
            ("zero_interest", "はい"),
        ],
        None,
        "実質無利子",
    ),
    // マル経融資利子補給金: 1/2, 小規模事業者, 24か月以内, 100円未満切捨て.
    (
        "marukei",
        None,
        &[
            ("interest", "45678"),
            ("industry", "commerce_service"),
            ("employees", "5"),
            ("months_since_first_payment", "10"),
        ],
        Some(22_800),
        "",
    ),
    (
        "marukei",
        None,
        &[
            ("interest", "45678"),
            ("industry", "commerce_service"),
            ("employees", "6"),
            ("months_since_first_payment", "10"),
        ],
        None,
        "6人 が 5人 を超えている",
    ),
    (
        "marukei",
        None,
        &[
            ("interest", "60000"),
            ("industry", "other"),
            ("employees", "20"),
            ("months_since_first_payment", "1"),
        ],
        Some(30_000),
        "",
    ),
    (
        "marukei",
        None,
        &[
            ("interest", "60000"),
            ("industry", "other"),
            ("employees", "21"),
            ("months_since_first_payment", "1"),
        ],
        None,
        "製造業その他 20名以下",
    ),
    (
        "marukei",
        None,
        &[
            ("interest", "60000"),
            ("industry", "other"),
            ("employees", "3"),
            ("months_since_first_payment", "25"),
        ],
        None,
        "24か月",
    ),
    // 企業立地奨励金: 新規立地15% / 拡大10% (上限3,000万円), 市内企業活用5% (上限100万円),
    // 雇用 男20万・女30万・障がい者10万加算 (限度600万円); 投下資本額 大2億円・中小3,000万円以上; 1万円未満切捨て.
    (
        "ricchi",
        Some("new_location"),
        &[("company_size", "sme"), ("investment", "50000000")],
        Some(7_500_000),
        "",
    ),
    (
        "ricchi",
        Some("new_location"),
        &[("company_size", "sme"), ("investment", "123456789")],
        Some(18_510_000),
        "",
    ),
    (
        "ricchi",
        Some("new_location"),
        &[("company_size", "large"), ("investment", "3億")],
        Some(30_000_000),
        "",
    ),
    (
        "ricchi",
        Some("new_location"),
        &[("company_size", "large"), ("investment", "199999999")],
        None,
        "200,000,000円 に達していない",
    ),
    (
        "ricchi",
        Some("new_location"),
        &[("company_size", "sme"), ("investment", "29999999")],
        None,
        "30,000,000円 に達していない",
    ),
    (
        "ricchi",
        Some("new_location"),
        &[("company_size", "sme"), ("investment", "30000000")],
        Some(4_500_000),
        "",
    ),
    (
        "ricchi",
        Some("expansion"),
        &[("company_size", "sme"), ("investment", "80000000")],
        Some(8_000_000),
        "",
    ),
    (
        "ricchi",
        Some("expansion"),
        &[("company_size", "large"), ("investment", "345678900")],
        Some(30_000_000),
        "",
    ),
    (
        "ricchi",
        Some("expansion"),
        &[("company_size", "large"), ("investment", "150000000")],
        None,
        "大企業 2億円以上",
    ),
    (
        "ricchi",
        Some("local_contractor"),
        &[
            ("company_size", "sme"),
            ("investment", "40000000"),
            ("works_contract", "15000000"),
        ],
        Some(750_000),
        "",
    ),
    (
        "ricchi",
        Some("local_contractor"),
        &[
            ("company_size", "sme"),
            ("investment", "40000000"),
            ("works_contract", "30000000"),
        ],
        Some(1_000_000),
        "",
    ),
    (
        "ricchi",
        Some("local_contractor"),
        &[
            ("company_size", "sme"),
            ("investment", "40000000"),
            ("works_contract", "12345678"),
        ],
        Some(610_000),
        "",
    ),
    (
        "ricchi",
        Some("local_contractor"),
        &[
            ("company_size", "sme"),
            ("investment", "20000000"),
            ("works_contract", "15000000"),
        ],
        None,
        "中小企業 3,000万円以上",
    ),
    (
        "ricchi",
        Some("employment"),
        &[
            ("company_size", "sme"),
            ("investment", "40000000"),
            ("men", "5"),
            ("women", "3"),
            ("disabled", "1"),
        ],
        Some(2_000_000),
        "",
    ),
    (
        "ricchi",
        Some("employment"),
        &[
            ("company_size", "large"),
            ("investment", "2億"),
            ("men", "20"),
            ("women", "10"),
        ],
        Some(6_000_000),
        "",
    ),
    (
        "ricchi",
        Some("employment"),
        &[
            ("company_size", "large"),
            ("investment", "1億"),
            ("men", "1"),
            ("women", "1"),
        ],
        None,
        "100,000,000円 が 200,000,000円",
    ),
];

#[test]
fn every_worked_example() {
    let cat = catalogue();
    let mut failures = Vec::new();
    for (i, (program, course, sets, expected, reason)) in CASES.iter().enumerate() {
        let values = inputs(&cat, program, *course, sets);
        let calc = calculate(cat.program(program).unwrap(), *course, &values).unwrap();
        let ok = match expected {
            Some(amount) => calc.eligible && calc.amount == *amount && calc.reasons.is_empty(),
            None => {
                !calc.eligible
                    && calc.amount == 0
                    && calc.reasons.iter().any(|r| r.contains(reason))
            }
        };
        if !ok {
            failures.push(format!(
                "case {i} {program}/{course:?}: expected {expected:?} ({reason}), got {calc:#?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_programme_and_course_has_a_worked_example_and_a_boundary() {
    let cat = catalogue();
    assert_eq!(cat.programs.len(), 15, "DOMAIN.md §5 lists 15 programmes");
    for p in &cat.programs {
        for c in &p.courses {
            let cases: Vec<_> = CASES
                .iter()
                .filter(|(id, course, ..)| {
                    *id == p.id && select_course(p, *course).unwrap().id == c.id
                })
                .collect();
            assert!(
                cases.iter().any(|c| c.3.is_some_and(|a| a > 0)),
                "{} / {}: no ordinary case",
                p.name,
                c.name
            );
            let has_condition = !p.conditions.is_empty() || !c.conditions.is_empty();
            if has_condition {
                assert!(
                    cases.iter().any(|c| c.3.is_none()),
                    "{} / {}: no not-eligible case",
                    p.name,
                    c.name
                );
            }
            if c.formula.outer_cap().is_some() {
                let cap = c.formula.outer_cap().unwrap();
                assert!(
                    cases.iter().any(|c| c.3 == Some(cap)),
                    "{} / {}: no case at the cap",
                    p.name,
                    c.name
                );
            }
        }
    }
}

fn steps(
    cat: &Catalogue,
    program: &str,
    course: Option<&str>,
    sets: &[(&str, &str)],
) -> Vec<String> {
    let values = inputs(cat, program, course, sets);
    calculate(cat.program(program).unwrap(), course, &values)
        .unwrap()
        .steps
        .into_iter()
        .map(|s| s.text)
        .collect()
}

#[test]
fn steps_are_written_out_as_in_a_kian() {
    let cat = catalogue();
    assert_eq!(
        steps(
            &cat,
            "kyoujinka",
            Some("a"),
            &[("cost", "7654321"), ("consulted", "はい")]
        ),
        [
            "補助対象経費（税抜）7,654,321円 × 2/3 = 5,102,880円（円未満切捨て）",
            "上限 10,000,000円 以内 → 5,102,880円",
            "1万円未満切捨て → 5,100,000円",
        ]
    );
    assert_eq!(
        steps(
            &cat,
            "kasseika",
            Some("exhibition"),
            &[
                ("cost", "300000"),
                ("exhibitors", "50"),
                ("used_this_fy", "120000")
            ]
        ),
        [
            "出展費用（税抜）300,000円 × 1/2 = 150,000円",
            "同一年度内の上限 200,000円 − 同一年度内に既に交付決定を受けた見本市等出展の補助額 120,000円 = 80,000円 以内 → 80,000円（上限額を適用）",
            "1,000円未満切捨て → 80,000円",
        ]
    );
    assert_eq!(
        steps(
            &cat,
            "taishokukin",
            None,
            &[
                ("monthly_premiums", "4000;6000;5000"),
                ("months", "12"),
                ("contract_month", "13")
            ]
        ),
        [
            "月額掛金の合計（1人5,000円まで算入）: 4,000円 + 5,000円（6,000円のうち5,000円まで算入） + 5,000円 = 14,000円",
            "月額掛金の合計（1人5,000円まで算入）14,000円 × 補助対象期間の納付月数 12か月 = 168,000円",
            "補助対象掛金 168,000円 × 10% = 16,800円",
            "100円未満切捨て → 16,800円",
        ]
    );
    assert_eq!(
        steps(
            &cat,
            "hasshin",
            None,
            &[("fair_cost", "1500000"), ("members", "4")]
        ),
        [
            "出展費用（1社あたり、税抜）1,500,000円 × 1/2 = 750,000円",
            "1社あたり上限 500,000円 以内 → 500,000円（上限額を適用）",
            "1社あたりの補助額 500,000円 × 団体参画企業数 4社 = 2,000,000円",
        ]
    );
    assert_eq!(
        steps(
            &cat,
            "kasseika",
            Some("advisor"),
            &[
                ("advisor_total", "123456"),
                ("center_share", "60000"),
                ("consumption_tax", "11223")
            ]
        ),
        [
            "補助対象経費 = 経営アドバイザーに支払う経費総額（税込）123,456円 − 神奈川県産業振興センターが負担する金額 60,000円 − 消費税額 11,223円 = 52,233円",
            "1,000円未満切捨て → 52,000円",
        ]
    );
    assert_eq!(
        steps(
            &cat,
            "ricchi",
            Some("employment"),
            &[
                ("company_size", "large"),
                ("investment", "2億"),
                ("men", "20"),
                ("women", "10")
            ]
        ),
        [
            "男性 200,000円 × 20人 = 4,000,000円",
            "女性 300,000円 × 10人 = 3,000,000円",
            "障がい者加算 100,000円 × 0人 = 0円",
            "雇用奨励金の合計 = 男性 4,000,000円 + 女性 3,000,000円 + 障がい者加算 0円 = 7,000,000円",
            "限度額 6,000,000円 以内 → 6,000,000円（上限額を適用）",
            "1万円未満切捨て → 6,000,000円",
        ]
    );
}

#[test]
fn the_met_conditions_are_listed_for_the_kian() {
    let cat = catalogue();
    let values = inputs(
        &cat,
        "ricchi",
        Some("new_location"),
        &[("company_size", "large"), ("investment", "3億")],
    );
    let calc = calculate(
        cat.program("ricchi").unwrap(),
        Some("new_location"),
        &values,
    )
    .unwrap();
    assert_eq!(
        calc.checks,
        [
            "投下資本額の下限（大企業 2億円以上）（企業規模: 大企業）: 立地に要する投下資本額（税抜） 300,000,000円 は 200,000,000円 以上（○）"
        ]
    );
}

#[test]
fn input_mistakes_are_errors_not_reasons() {
    let cat = catalogue();
    let p = cat.program("kasseika").unwrap();
    let v = inputs(
        &cat,
        "kasseika",
        Some("advisor"),
        &[
            ("advisor_total", "110000"),
            ("center_share", "100000"),
            ("consumption_tax", "20000"),
        ],
    );
    assert!(matches!(
        calculate(p, Some("advisor"), &v),
        Err(CalcError::NegativeDifference { .. })
    ));
    let k = cat.program("kyoujinka").unwrap();
    let v = inputs(
        &cat,
        "kyoujinka",
        Some("a"),
        &[("cost", "7654321"), ("consulted", "はい")],
    );
    let err = calculate(k, None, &v).unwrap_err();
    assert!(matches!(err, CalcError::CourseRequired { .. }));
    assert!(err.to_string().contains("a（Ａコース"), "{err}");
    assert!(matches!(
        calculate(k, Some("c"), &v),
        Err(CalcError::UnknownCourse { .. })
    ));
    let mut missing = v.clone();
    missing.remove("consulted");
    let err = calculate(k, Some("a"), &missing).unwrap_err();
    assert_eq!(
        err.to_string(),
        "「事前相談を受けた」（consulted）の値がありません。入力してください。"
    );
    let t = cat.program("taishokukin").unwrap();
    let v = inputs(
        &cat,
        "taishokukin",
        None,
        &[
            ("monthly_premiums", "5000"),
            ("months", "13"),
            ("contract_month", "1"),
        ],
    );
    assert!(matches!(
        calculate(t, None, &v),
        Err(CalcError::AboveMax { .. })
    ));
}
