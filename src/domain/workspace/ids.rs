//! Ids for new plans and catalogues: unique across every browser and PC, and stable for the
//! life of the plan.
//!
//! Colleagues share plan files on a shared folder. If two people's unrelated plans could get
//! the same id (a Japanese title gives no ASCII slug, so every blank plan once became `plan`),
//! importing one would offer to replace the other. So a new id carries 60 random bits from
//! the browser's `crypto.getRandomValues` (the caller passes them in as a seed: the domain
//! has no randomness of its own and tests stay reproducible), written in Crockford's base 32
//! (digits and lower-case letters without i, l, o, u), after a readable prefix:
//! `plan-7k3m9x2q4t8w`, `akiruno-shokogyo-plan-…` for a copy of a sample.
//!
//! An id is never handed out while anything in this browser still answers to it: a plan, a
//! plan's backups (a new plan would otherwise inherit a deleted plan's old versions), or a
//! value that is set aside or too new for this build ([`Workspace::reserved`]). Old ids (`plan`,
//! `catalogue-1`) in files and storage keep working: ids are only ever compared.

use crate::domain::subsidy::rng::SplitMix64;

use super::model::Workspace;

/// Crockford's base-32 alphabet.
const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// Characters of the random part (12 × 5 = 60 bits).
pub const RANDOM_CHARS: usize = 12;

/// The prefix of a plan made from scratch.
pub const PLAN_PREFIX: &str = "plan";
/// The prefix of a catalogue.
pub const CATALOGUE_PREFIX: &str = "catalogue";

/// The random part made from one 64-bit draw.
pub fn random_part(draw: u64) -> String {
    (0..RANDOM_CHARS)
        .map(|i| {
            let index = (draw >> (i * 5)) & 31;
            char::from(ALPHABET[usize::try_from(index).unwrap_or(0)])
        })
        .collect()
}

/// A readable prefix made from `base`: ASCII letters and digits kept (lower-cased), spaces,
/// `_` and `-` turned into single hyphens, everything else dropped, at most 40 characters;
/// `fallback` when nothing is left.
pub fn slug(base: &str, fallback: &str) -> String {
    let mut slug = String::new();
    for c in base.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if (c == '-' || c == '_' || c.is_whitespace()) && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 40 {
            break;
        }
    }
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        fallback.to_owned()
    } else {
        slug.to_owned()
    }
}

/// Whether `id` ends in a random part as [`fresh_id`] makes it (so a copy of a copy does not
/// pile random parts up: its prefix is the original's readable part).
fn strip_random(id: &str) -> &str {
    match id.rsplit_once('-') {
        Some((head, tail))
            if tail.len() == RANDOM_CHARS && tail.bytes().all(|b| ALPHABET.contains(&b)) =>
        {
            head
        }
        _ => id,
    }
}

/// `<prefix>-<random>`, drawing again from `seed` until `taken` accepts one.
pub fn fresh_id(prefix: &str, seed: u64, taken: impl Fn(&str) -> bool) -> String {
    let prefix = slug(strip_random(prefix), PLAN_PREFIX);
    let mut rng = SplitMix64::new(seed);
    loop {
        let id = format!("{prefix}-{}", random_part(rng.next_u64()));
        if !taken(&id) {
            return id;
        }
    }
}

impl Workspace {
    /// Whether anything in this browser answers to plan id `id`: a plan, its backups, or a
    /// value set aside or too new for this build.
    pub fn plan_id_taken(&self, id: &str) -> bool {
        self.plan(id).is_some() || self.backups.contains_key(id) || self.reserved.contains(id)
    }

    /// Whether a catalogue (or a set-aside or too-new value) answers to `id`.
    pub fn catalogue_id_taken(&self, id: &str) -> bool {
        self.catalogue(id).is_some() || self.reserved.contains(id)
    }

    /// A new plan id after `prefix` (a sample's id, a plan's id, or [`PLAN_PREFIX`]).
    pub fn fresh_plan_id(&self, prefix: &str, seed: u64) -> String {
        fresh_id(prefix, seed, |id| self.plan_id_taken(id))
    }

    /// A new catalogue id.
    pub fn fresh_catalogue_id(&self, seed: u64) -> String {
        fresh_id(CATALOGUE_PREFIX, seed, |id| self.catalogue_id_taken(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_parts_differ_and_use_the_alphabet() {
        let a = random_part(1);
        let b = random_part(2);
        assert_eq!(a.len(), RANDOM_CHARS);
        assert_ne!(a, b);
        assert!(a.bytes().all(|c| ALPHABET.contains(&c)));
    }

    #[test]
    fn slugs() {
        let cases = [
            ("Akiruno Plan", "akiruno-plan"),
            ("akiruno_shokogyo--plan", "akiruno-shokogyo-plan"),
            ("産業振興計画", "plan"),
            ("", "plan"),
            ("  -R6 計画- ", "r6"),
        ];
        for (base, want) in cases {
            assert_eq!(slug(base, "plan"), want, "{base}");
        }
    }

    #[test]
    fn a_copy_of_a_copy_keeps_one_random_part() {
        let first = fresh_id("atsugi-plan", 7, |_| false);
        let second = fresh_id(&first, 8, |_| false);
        assert!(second.starts_with("atsugi-plan-"), "{second}");
        assert_eq!(second.len(), first.len());
        assert_ne!(first, second);
    }

    #[test]
    fn taken_ids_are_skipped() {
        let first = fresh_id("plan", 42, |_| false);
        let next = fresh_id("plan", 42, |id| id == first);
        assert_ne!(first, next);
        assert!(next.starts_with("plan-"));
    }
}
