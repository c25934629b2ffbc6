//! Applications, 審査 and budget allocation, as worked examples in yen.

// Test helpers may unwrap: a panic is a test failure with a clear location.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use shinko::domain::fiscal_year::FiscalYear;
use shinko::domain::subsidy::review::{BonusItem, Criterion, ReviewerScores};
use shinko::domain::subsidy::*;

fn ayase() -> Catalogue {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/public/samples/ayase-shien-seido-catalogue.json"
    );
    load_catalogue(&std::fs::read_to_string(path).unwrap())
        .unwrap()
        .data
}

fn cost(c: i64) -> Inputs {
    BTreeMap::from([
        ("cost".to_owned(), InputValue::Int(c)),
        ("consulted".to_owned(), InputValue::Flag(true)),
    ])
}

#[test]
fn an_application_from_receipt_to_the_final_amount() {
    let cat = ayase();
    let p = cat.program("kyoujinka").unwrap();
    let applicant = Applicant {
        name: "株式会社綾瀬精工".into(),
        address: "綾瀬市早川".into(),
    };
    let mut app = Application::receive(
        "R4-001",
        applicant,
        p,
        Some("b"),
        "2022-04-05T10:00:00+09:00",
        cost(4_000_000),
    )
    .unwrap();
    assert_eq!(app.computed_amount, 2_660_000); // 4,000,000 × 2/3 = 2,666,666 → 2,660,000
    app.start_review("2022-05-25T10:00:00+09:00").unwrap();
    assert!(matches!(
        app.decide(p, 2_700_000, "2022-06-01T10:00:00+09:00"),
        Err(ApplicationError::AboveComputed { .. })
    ));
    app.decide(p, 2_660_000, "2022-06-01T10:00:00+09:00")
        .unwrap();
    assert!(matches!(
        app.settle(p, "2023-03-01T10:00:00+09:00"),
        Err(ApplicationError::Transition { .. })
    ));
    // The actual cost came in lower: 3,100,000 × 2/3 = 2,066,666 → 2,060,000 < decided.
    app.report(p, cost(3_100_000), "2023-02-15T10:00:00+09:00")
        .unwrap();
    assert_eq!(
        app.settle(p, "2023-03-01T10:00:00+09:00").unwrap(),
        2_060_000
    );
    assert_eq!(app.status, Status::Settled);
    assert_eq!(
        app.history
            .iter()
            .map(|h| h.status.label())
            .collect::<Vec<_>>(),
        ["申請", "審査中", "交付決定", "実績報告", "確定"]
    );
    assert!(app.history[4].note.contains(
        "額の確定 2,060,000円（交付決定額 2,660,000円 と実績による算定額 2,060,000円 の少ない方）"
    ));
    // A higher actual cost never raises the amount above the decision.
    let mut app2 = Application::receive(
        "R4-002",
        Applicant {
            name: "有限会社早川".into(),
            address: String::new(),
        },
        p,
        Some("b"),
        "2022-04-06T10:00:00+09:00",
        cost(2_000_000),
    )
    .unwrap();
    app2.decide(p, 1_330_000, "2022-06-01T10:00:00+09:00")
        .unwrap();
    app2.report(p, cost(2_600_000), "2023-02-15T10:00:00+09:00")
        .unwrap();
    assert_eq!(
        app2.settle(p, "2023-03-01T10:00:00+09:00").unwrap(),
        1_330_000
    );
    assert!(matches!(
        app2.withdraw("2023-03-02T10:00:00+09:00", "—"),
        Err(ApplicationError::Transition { .. })
    ));
}

fn scheme() -> ReviewScheme {
    ReviewScheme {
        criteria: ["独自性", "将来性", "事業効果", "波及性", "社会的価値"]
            .iter()
            .enumerate()
            .map(|(i, l)| Criterion {
                id: format!("c{i}"),
                label: (*l).into(),
                weight: if i == 2 { 2 } else { 1 },
                max: 5,
            })
            .collect(),
        bonuses: vec![
            BonusItem {
                id: "bcp".into(),
                label: "BCP策定".into(),
                points: 2,
            },
            BonusItem {
                id: "cert".into(),
                label: "認証取得".into(),
                points: 1,
            },
        ],
        pass_mark: 20,
        tie_break: TieBreak::Criterion { id: "c2".into() },
        note: String::new(),
    }
}

fn sheet(scores: &[[u32; 5]], bonuses: &[&str]) -> ReviewSheet {
    ReviewSheet {
        reviewers: scores
            .iter()
            .enumerate()
            .map(|(i, s)| ReviewerScores {
                reviewer: format!("審査員{}", i + 1),
                scores: s
                    .iter()
                    .enumerate()
                    .map(|(k, v)| (format!("c{k}"), *v))
                    .collect(),
            })
            .collect(),
        bonuses: bonuses.iter().map(|b| (*b).to_owned()).collect(),
    }
}

#[test]
fn review_scores_are_exact_averages_with_bonuses_and_a_stated_tie_break() {
    let s = scheme();
    // Reviewers: (4+4+2×4+3+3)=22, (5+3+2×3+3+4)=21, (3+4+2×5+2+3)=22 → 65/3 = 21.66…; +2 (BCP).
    let a = sheet(
        &[[4, 4, 4, 3, 3], [5, 3, 3, 3, 4], [3, 4, 5, 2, 3]],
        &["bcp"],
    );
    let r = s.score(&a).unwrap();
    assert_eq!(r.average, Score { num: 65, den: 3 });
    assert_eq!(r.total.display(), "23.66点");
    assert!(r.passed);
    // Same total 71/3 by another route, but a lower 事業効果 average: ranks after a.
    let b = sheet(&[[5, 5, 3, 5, 5], [5, 4, 3, 4, 5], [4, 4, 3, 4, 3]], &[]);
    assert_eq!(s.score(&b).unwrap().total, Score { num: 71, den: 3 });
    let c = sheet(&[[2, 2, 2, 2, 2]], &["cert"]); // 12 + 1 = 13 < 20: fails
    assert!(!s.score(&c).unwrap().passed);
    let ranked = s
        .rank(&[("B", 100, &b), ("A", 200, &a), ("C", 50, &c)])
        .unwrap();
    assert_eq!(
        ranked.iter().map(|r| (r.id, r.rank)).collect::<Vec<_>>(),
        [("A", 1), ("B", 2), ("C", 3)]
    );
    assert!(matches!(
        s.score(&sheet(&[[6, 1, 1, 1, 1]], &[])),
        Err(ReviewError::ScoreAboveMax { .. })
    ));
    assert!(s.tie_break_text().contains("「事業効果」の平均点の高い順"));
}

fn candidate(
    id: &str,
    minute: i64,
    requested: i64,
    priority: bool,
    rank: Option<u32>,
) -> Candidate {
    Candidate {
        application_id: id.into(),
        applicant: format!("{id}社"),
        received_at: format!("2022-04-04T09:{minute:02}:00+09:00"),
        received_key: 1_649_030_400 + minute * 60,
        requested,
        priority,
        rank,
        score: None,
    }
}

fn run(mode: SelectionMode, budget: i64, seed: u64) -> AllocationRecord {
    allocate(AllocationRequest {
        program_id: "juchu".into(),
        fiscal_year: FiscalYear(2022),
        budget,
        mode,
        seed,
        candidates: vec![
            candidate("C", 30, 200_000, false, Some(1)),
            candidate("A", 10, 150_000, false, None),
            candidate("B", 20, 120_000, true, Some(2)),
            candidate("D", 40, 90_000, false, Some(3)),
        ],
        performed_at: "2022-05-20T17:30:00+09:00".into(),
    })
    .unwrap()
}

fn awards(r: &AllocationRecord) -> Vec<(&str, i64)> {
    r.lines
        .iter()
        .map(|l| (l.application_id.as_str(), l.awarded))
        .collect()
}

#[test]
fn first_come_with_each_policy_for_the_last_application() {
    let reduce = run(
        SelectionMode::FirstCome {
            partial: PartialPolicy::Reduce {
                unit: TruncUnit::Yen1000,
            },
        },
        400_500,
        0,
    );
    assert_eq!(
        awards(&reduce),
        [("A", 150_000), ("B", 120_000), ("C", 130_000), ("D", 0)]
    );
    assert_eq!((reduce.total_awarded, reduce.remaining), (400_000, 500));
    assert_eq!(reduce.lines[2].outcome, Outcome::Reduced);
    let skip = run(
        SelectionMode::FirstCome {
            partial: PartialPolicy::SkipToNext,
        },
        400_500,
        0,
    );
    assert_eq!(
        awards(&skip),
        [("A", 150_000), ("B", 120_000), ("C", 0), ("D", 90_000)]
    );
    let stop = run(
        SelectionMode::FirstCome {
            partial: PartialPolicy::Stop,
        },
        400_500,
        0,
    );
    assert_eq!(
        awards(&stop),
        [("A", 150_000), ("B", 120_000), ("C", 0), ("D", 0)]
    );
}

#[test]
fn lottery_draws_priority_first_and_is_reproducible() {
    let mode = SelectionMode::Lottery {
        partial: PartialPolicy::SkipToNext,
        priority_input: Some("seo".into()),
    };
    let r = run(mode.clone(), 300_000, 20_220_520);
    assert_eq!(r.seed, Some(20_220_520));
    assert_eq!(r.order[0], "B", "優先採択 (SEO) is drawn first");
    assert!(r.verify());
    assert_eq!(r, run(mode.clone(), 300_000, 20_220_520));
    let mut tampered = r.clone();
    tampered.order.swap(1, 2);
    assert!(!tampered.verify());
    // Within the budget: no draw, everyone funded in received order.
    let all = run(mode, 560_000, 1);
    assert_eq!(all.seed, None);
    assert_eq!(all.total_awarded, 560_000);
    assert!(all.method.contains("抽選なし"));
}

#[test]
fn review_order_and_pro_rata() {
    let r = run(
        SelectionMode::Review {
            partial: PartialPolicy::SkipToNext,
        },
        350_000,
        0,
    );
    assert_eq!(
        awards(&r),
        [("C", 200_000), ("B", 120_000), ("D", 0), ("A", 0)]
    );
    assert!(r.lines[3].note.contains("合格点"));
    // 按分: demand 560,000 over a budget of 400,000; each × 400,000 ÷ 560,000, 1,000円未満切捨て.
    let p = run(
        SelectionMode::ProRata {
            unit: TruncUnit::Yen1000,
        },
        400_000,
        0,
    );
    assert_eq!(
        awards(&p),
        [("A", 107_000), ("B", 85_000), ("C", 142_000), ("D", 64_000)]
    );
    assert_eq!((p.total_awarded, p.remaining), (398_000, 2_000));
}

#[test]
fn candidates_come_from_pending_applications() {
    let cat = ayase();
    let p = cat.program("juchu").unwrap();
    let mk = |id: &str, at: &str, c: i64, seo: bool| {
        let inputs = BTreeMap::from([
            ("cost".to_owned(), InputValue::Int(c)),
            ("seo".to_owned(), InputValue::Flag(seo)),
        ]);
        Application::receive(
            id,
            Applicant {
                name: id.into(),
                address: String::new(),
            },
            p,
            None,
            at,
            inputs,
        )
        .unwrap()
    };
    let mut apps = vec![
        mk("J1", "2022-04-04T09:00:00+09:00", 300_000, false),
        mk("J2", "2022-04-04T08:30:00+09:00", 90_000, true),
    ];
    apps.push(mk("J3", "2022-04-05T09:00:00+09:00", 10_000, false));
    apps[2]
        .withdraw("2022-04-06T09:00:00+09:00", "事業中止")
        .unwrap();
    let cands = candidates_for(p, &apps).unwrap();
    assert_eq!(
        cands
            .iter()
            .map(|c| (c.application_id.as_str(), c.requested, c.priority))
            .collect::<Vec<_>>(),
        [("J1", 200_000, false), ("J2", 60_000, true)]
    );
}

#[test]
fn the_sample_catalogue_round_trips_and_validates() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/public/samples/ayase-shien-seido-catalogue.json"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let env = load_catalogue(&text).unwrap();
    assert_eq!(env.format, "shinko-subsidy-catalogue");
    assert_eq!(env.schema_version, 1);
    let again = serde_json::to_string_pretty(&env).unwrap();
    assert_eq!(load_catalogue(&again).unwrap(), env);
    // A colleague's typo is reported with its place.
    let broken = text.replacen("\"input\": \"cost\"", "\"input\": \"cots\"", 1);
    let err = load_catalogue(&broken).unwrap_err().to_string();
    assert!(err.contains("中小企業強靭化推進補助金／Ａコース（上限1,000万円）: 入力項目「cots」が定義されていません"), "{err}");
    assert!(matches!(
        load_catalogue("{\"format\":\"shinko-plan\"}"),
        Err(CatalogueError::WrongFormat(_))
    ));
    assert!(matches!(
        load_catalogue(&text.replacen("\"schema_version\": 1", "\"schema_version\": 9", 1)),
        Err(CatalogueError::TooNew(9))
    ));
    assert!(matches!(
        load_catalogue("not json"),
        Err(CatalogueError::NotJson(_))
    ));
}
