//! `shinko-cli subsidy`: every Ayase programme computes through the CLI; bad input exits 2.

// Test helpers may unwrap: a panic is a test failure with a clear location.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

const CATALOGUE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/public/samples/ayase-shien-seido-catalogue.json"
);

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shinko-cli"))
        .arg("subsidy")
        .arg(CATALOGUE)
        .args(args)
        .output()
        .unwrap()
}

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let out = cli(&all);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn every_programme_computes_through_the_cli() {
    let cases: &[(&[&str], i64)] = &[
        (
            &[
                "--program",
                "kyoujinka",
                "--course",
                "a",
                "--set",
                "cost=7,654,321",
                "--set",
                "consulted=はい",
            ],
            5_100_000,
        ),
        (
            &[
                "--program",
                "kyoujinka",
                "--course",
                "b",
                "--set",
                "cost=5000000",
                "--set",
                "consulted=true",
            ],
            3_000_000,
        ),
        (&["--program", "juchu", "--set", "cost=250000"], 166_000),
        (
            &[
                "--program",
                "diversity",
                "--set",
                "cost=1500000",
                "--set",
                "contractor_in_city=はい",
            ],
            800_000,
        ),
        (
            &[
                "--program",
                "kasseika",
                "--course",
                "advisor",
                "--set",
                "advisor_total=110000",
                "--set",
                "center_share=50000",
                "--set",
                "consumption_tax=10000",
            ],
            50_000,
        ),
        (
            &[
                "--program",
                "kasseika",
                "--course",
                "exhibition",
                "--set",
                "cost=300000",
                "--set",
                "exhibitors=50",
                "--set",
                "used_this_fy=120000",
            ],
            80_000,
        ),
        (
            &[
                "--program",
                "kasseika",
                "--course",
                "ip",
                "--set",
                "cost=99999",
                "--set",
                "first_for_filing=はい",
            ],
            49_000,
        ),
        (
            &[
                "--program",
                "kasseika",
                "--course",
                "collaboration",
                "--set",
                "cost=1200000",
                "--set",
                "fiscal_years=2",
            ],
            500_000,
        ),
        (&["--program", "jinzai", "--set", "cost=55555"], 27_000),
        (
            &[
                "--program",
                "ginou",
                "--set",
                "exam_fees=18200",
                "--set",
                "persons_this_fy=1",
            ],
            9_000,
        ),
        (
            &[
                "--program",
                "brand",
                "--set",
                "advisor_cost=1000000",
                "--set",
                "members=3",
            ],
            1_999_000,
        ),
        (
            &[
                "--program",
                "hasshin",
                "--set",
                "fair_cost=1500000",
                "--set",
                "members=4",
            ],
            2_000_000,
        ),
        (
            &["--program", "open_factory", "--set", "cost=100001"],
            66_667,
        ),
        (
            &[
                "--program",
                "shougaisha",
                "--set",
                "one_year_in_city=はい",
                "--set",
                "residents=3",
                "--set",
                "non_residents=2",
                "--set",
                "new_residents=1",
            ],
            360_000,
        ),
        (
            &[
                "--program",
                "taishokukin",
                "--set",
                "monthly_premiums=4000;6000;5000",
                "--set",
                "months=12",
                "--set",
                "contract_month=13",
            ],
            16_800,
        ),
        (
            &["--program", "hoshouryou", "--set", "guarantee_fee=12345"],
            6_100,
        ),
        (
            &[
                "--program",
                "rishi",
                "--set",
                "city_interest=12345",
                "--set",
                "pref_interest=6789",
                "--set",
                "months_since_loan=24",
            ],
            7_800,
        ),
        (
            &[
                "--program",
                "marukei",
                "--set",
                "interest=45678",
                "--set",
                "industry=商業・サービス業",
                "--set",
                "employees=5",
                "--set",
                "months_since_first_payment=10",
            ],
            22_800,
        ),
        (
            &[
                "--program",
                "ricchi",
                "--course",
                "new_location",
                "--set",
                "company_size=sme",
                "--set",
                "investment=123456789",
            ],
            18_510_000,
        ),
        (
            &[
                "--program",
                "ricchi",
                "--course",
                "expansion",
                "--set",
                "company_size=large",
                "--set",
                "investment=3億",
            ],
            30_000_000,
        ),
        (
            &[
                "--program",
                "ricchi",
                "--course",
                "local_contractor",
                "--set",
                "company_size=sme",
                "--set",
                "investment=4000万",
                "--set",
                "works_contract=12345678",
            ],
            610_000,
        ),
        (
            &[
                "--program",
                "ricchi",
                "--course",
                "employment",
                "--set",
                "company_size=sme",
                "--set",
                "investment=4000万",
                "--set",
                "men=5",
                "--set",
                "women=3",
                "--set",
                "disabled=1",
            ],
            2_000_000,
        ),
    ];
    let mut programs = std::collections::BTreeSet::new();
    for (args, amount) in cases {
        let v = json(args);
        assert_eq!(v["eligible"], true, "{args:?}: {v}");
        assert_eq!(v["amount"], *amount, "{args:?}: {v}");
        assert!(v["steps"].as_array().unwrap().iter().all(|s| s.is_string()));
        assert_eq!(v["reasons"], serde_json::json!([]));
        programs.insert(args[1]);
    }
    assert_eq!(programs.len(), 15);
}

#[test]
fn json_output_has_exactly_the_documented_shape() {
    let v = json(&[
        "--program",
        "kyoujinka",
        "--course",
        "a",
        "--set",
        "cost=7654321",
        "--set",
        "consulted=はい",
    ]);
    assert_eq!(
        v,
        serde_json::json!({
            "eligible": true,
            "amount": 5_100_000,
            "steps": [
                "補助対象経費（税抜）7,654,321円 × 2/3 = 5,102,880円（円未満切捨て）",
                "上限 10,000,000円 以内 → 5,102,880円",
                "1万円未満切捨て → 5,100,000円"
            ],
            "reasons": []
        })
    );
    let no = json(&[
        "--program",
        "kyoujinka",
        "--course",
        "b",
        "--set",
        "cost=1400000",
        "--set",
        "consulted=いいえ",
    ]);
    assert_eq!(no["eligible"], false);
    assert_eq!(no["amount"], 0);
    assert_eq!(
        no["reasons"].as_array().unwrap().len(),
        2,
        "every reason: {no}"
    );
}

#[test]
fn describe_lists_programmes_courses_and_inputs() {
    let out = cli(&["--describe"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "--program kyoujinka",
        "--course b",
        "--set cost=…",
        "補助対象経費（税抜）",
        "--program ricchi",
        "--set monthly_premiums=…",
    ] {
        assert!(text.contains(needle), "{needle}");
    }
    let one = json(&["--describe", "--program", "taishokukin"]);
    assert_eq!(one[0]["courses"][0]["inputs"][1]["id"], "monthly_premiums");
}

#[test]
fn bad_input_exits_2_with_a_clear_message() {
    let cases: &[(&[&str], &str)] = &[
        (&["--program", "nope"], "制度「nope」はカタログにありません"),
        (&["--set", "cost=1"], "--program で制度を指定してください"),
        (
            &["--program", "kyoujinka", "--set", "cost=1"],
            "--course で次のいずれかを指定してください",
        ),
        (
            &["--program", "juchu", "--set", "cots=1"],
            "入力項目「cots」はありません",
        ),
        (
            &["--program", "juchu", "--set", "cost=abc"],
            "数として読めません",
        ),
        (
            &["--program", "juchu", "--set", "cost=100000000000000000000"],
            "大きすぎます",
        ),
        (&["--program", "juchu", "--set", "cost=-5"], "負の値"),
        (
            &[
                "--program",
                "ginou",
                "--set",
                "exam_fees=1000",
                "--set",
                "persons_this_fy=-1",
            ],
            "負の値",
        ),
        (&["--program", "juchu", "--set", "cost"], "NAME=VALUE"),
        (
            &["--program", "juchu", "--set", "cost=1", "--set", "cost=2"],
            "2回指定",
        ),
        (
            &["--program", "juchu"],
            "「補助対象経費（税抜）」（cost）の値がありません",
        ),
        (
            &[
                "--program",
                "shougaisha",
                "--set",
                "one_year_in_city=はい",
                "--set",
                "residents=9223372036854775807",
                "--set",
                "non_residents=0",
            ],
            "扱える金額の範囲を超えました",
        ),
    ];
    for (args, message) in cases {
        let out = cli(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{args:?}: {err}");
    }
    let missing = Command::new(env!("CARGO_BIN_EXE_shinko-cli"))
        .args(["subsidy", "/nonexistent.json", "--describe"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&missing.stderr)
            .contains("カタログファイル /nonexistent.json を読めません")
    );
}

/// The catalogue is read through the app's staged importer: a file of the wrong kind or an
/// empty one is named as such, with exit 2.
#[test]
fn the_catalogue_file_goes_through_the_staged_importer() {
    let dir = std::env::temp_dir().join(format!("shinko-cli-subsidy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let empty = dir.join("empty.json");
    std::fs::write(&empty, "").unwrap();
    let plan = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/public/samples/akiruno-shokogyo-plan.json"
    );
    for (file, message) in [
        (plan, "ここで読み込めるのは補助金カタログファイルです"),
        (empty.to_str().unwrap(), "ファイルが空です"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_shinko-cli"))
            .args(["subsidy", file, "--describe"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{file}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{file}: {err}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
