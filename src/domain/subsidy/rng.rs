//! A small, well-known PRNG for reproducible lotteries (抽選): SplitMix64 (Steele, Lea &
//! Flood 2014; the `splitmix64.c` reference by Vigna) with an unbiased Fisher–Yates shuffle.
//!
//! No city publishes a lottery formula (DOMAIN.md §4), so the algorithm is fixed here and the
//! seed and the drawn order are recorded: anyone can re-derive the draw from the record.

/// SplitMix64: a 64-bit state advanced by the golden-ratio increment, output mixed.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer in `0..bound` (bound > 0), without modulo bias: values below
    /// `2^64 mod bound` are rejected (the method of PCG's `bounded_rand`).
    pub fn below(&mut self, bound: u64) -> u64 {
        if bound <= 1 {
            return 0;
        }
        let threshold = bound.wrapping_neg() % bound;
        loop {
            let x = self.next_u64();
            if x >= threshold {
                return x % bound;
            }
        }
    }
}

/// Shuffles in place (Fisher–Yates, Durstenfeld's variant: from the last position down, swap
/// with a uniformly chosen position at or before it).
pub fn shuffle<T>(items: &mut [T], rng: &mut SplitMix64) {
    for i in (1..items.len()).rev() {
        let bound = u64::try_from(i).unwrap_or(u64::MAX).saturating_add(1);
        let j = usize::try_from(rng.below(bound)).unwrap_or(0);
        items.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_the_published_vector() {
        // Rosetta Code "Pseudo-random numbers/Splitmix64", seed 1234567.
        let mut rng = SplitMix64::new(1_234_567);
        let expected = [
            6_457_827_717_110_365_317,
            3_203_168_211_198_807_973,
            9_817_491_932_198_370_423,
            4_593_380_528_125_082_431,
            16_408_922_859_458_223_821,
        ];
        for value in expected {
            assert_eq!(rng.next_u64(), value);
        }
    }

    #[test]
    fn shuffle_is_a_reproducible_permutation() {
        let mut a: Vec<u32> = (0..20).collect();
        let mut b = a.clone();
        shuffle(&mut a, &mut SplitMix64::new(42));
        shuffle(&mut b, &mut SplitMix64::new(42));
        assert_eq!(a, b);
        assert_ne!(a, (0..20).collect::<Vec<_>>());
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..20).collect::<Vec<_>>());
    }

    #[test]
    fn below_stays_in_range_and_reaches_every_value() {
        let mut rng = SplitMix64::new(7);
        let mut seen = [false; 3];
        for _ in 0..300 {
            let v = rng.below(3);
            assert!(v < 3);
            seen[usize::try_from(v).unwrap()] = true;
        }
        assert_eq!(seen, [true; 3]);
    }
}
