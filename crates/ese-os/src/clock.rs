//! Time and randomness for the engine: the [`Clock`] and [`Rng`] traits with a
//! real and a deterministic implementation of each.
//!
//! What must hold:
//!
//! - The engine reads time only through a [`Clock`] and draws random numbers only
//!   through an [`Rng`], so a simulated run replays exactly from its seed.
//! - [`SimClock`] never moves by itself; it only moves when a test calls
//!   [`SimClock::advance`], and every clone sees the same time.
//! - [`SplitMix64`] produces the same sequence for the same seed on every platform.

use std::fmt::Debug;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// A source of time.
pub trait Clock: Send + Sync + Debug {
    /// Microseconds since the clock's epoch. Never goes backwards for one clock.
    fn now_micros(&self) -> u64;
    /// Wall-clock seconds since 1970-01-01 UTC, for timestamps stored on disk.
    fn unix_time_secs(&self) -> u64;
}

/// The machine's clock: a monotonic timer started at construction plus the
/// system wall clock.
#[derive(Debug, Clone, Copy)]
pub struct SystemClock {
    start: Instant,
}

impl SystemClock {
    /// A clock whose epoch (for [`Clock::now_micros`]) is now.
    pub fn new() -> Self {
        SystemClock {
            start: Instant::now(),
        }
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        SystemClock::new()
    }
}

impl Clock for SystemClock {
    fn now_micros(&self) -> u64 {
        u64::try_from(self.start.elapsed().as_micros()).unwrap_or(u64::MAX)
    }
    fn unix_time_secs(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
    }
}

/// The wall-clock second a [`SimClock`] starts at unless told otherwise
/// (2023-11-14T22:13:20Z).
pub const SIM_CLOCK_DEFAULT_UNIX_SECS: u64 = 1_700_000_000;

#[derive(Debug)]
struct SimClockState {
    micros: AtomicU64,
    unix_base_secs: u64,
}

/// A manually advanced clock. Clones share the same time, so a test keeps one
/// handle while the engine holds another.
#[derive(Debug, Clone)]
pub struct SimClock {
    state: Arc<SimClockState>,
}

impl SimClock {
    /// A clock at micro 0 whose wall clock reads [`SIM_CLOCK_DEFAULT_UNIX_SECS`].
    pub fn new() -> Self {
        SimClock::with_unix_base(SIM_CLOCK_DEFAULT_UNIX_SECS)
    }
    /// A clock at micro 0 whose wall clock reads `unix_base_secs`.
    pub fn with_unix_base(unix_base_secs: u64) -> Self {
        SimClock {
            state: Arc::new(SimClockState {
                micros: AtomicU64::new(0),
                unix_base_secs,
            }),
        }
    }
    /// Moves time forward by `micros` (saturating at `u64::MAX`).
    pub fn advance(&self, micros: u64) {
        let _ = self
            .state
            .micros
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |now| {
                Some(now.saturating_add(micros))
            });
    }
}

impl Default for SimClock {
    fn default() -> Self {
        SimClock::new()
    }
}

impl Clock for SimClock {
    fn now_micros(&self) -> u64 {
        self.state.micros.load(Ordering::SeqCst)
    }
    fn unix_time_secs(&self) -> u64 {
        self.state
            .unix_base_secs
            .saturating_add(self.now_micros() / 1_000_000)
    }
}

/// A source of random numbers.
pub trait Rng: Send {
    /// The next 64 random bits.
    fn next_u64(&mut self) -> u64;

    /// A uniformly distributed number in `range` (start inclusive, end
    /// exclusive). An empty range yields `range.start`.
    fn gen_range(&mut self, range: Range<u64>) -> u64 {
        if range.end <= range.start {
            return range.start;
        }
        let span = range.end - range.start;
        // Lemire's multiply-and-reject: unbiased for every span.
        let threshold = span.wrapping_neg() % span;
        loop {
            let product = u128::from(self.next_u64()) * u128::from(span);
            if (product as u64) >= threshold {
                return range.start + (product >> 64) as u64;
            }
        }
    }

    /// Fills `buf` with random bytes.
    fn fill_bytes(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            let bytes = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }

    /// `true` with probability `p` (`p <= 0` or NaN never, `p >= 1` always).
    fn chance(&mut self, p: f64) -> bool {
        if p.is_nan() || p <= 0.0 {
            return false;
        }
        if p >= 1.0 {
            return true;
        }
        let unit = (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
        unit < p
    }
}

/// Sebastiano Vigna's SplitMix64: a tiny, fast, seeded generator. The same seed
/// gives the same sequence everywhere.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator started from `seed`.
    pub const fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }
}

impl Rng for SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// A generator for real runs, seeded from the wall clock. It reports its seed so
/// a surprising run can be replayed with [`SplitMix64::new`].
#[derive(Debug, Clone)]
pub struct SystemRng {
    seed: u64,
    inner: SplitMix64,
}

static SYSTEM_RNG_COUNTER: AtomicU64 = AtomicU64::new(0);

impl SystemRng {
    /// A generator seeded from the current time (and a process-wide counter, so
    /// two generators made in the same instant differ).
    pub fn new() -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        let count = SYSTEM_RNG_COUNTER.fetch_add(1, Ordering::Relaxed);
        let seed = SplitMix64::new(nanos ^ count.rotate_left(32)).next_u64();
        SystemRng {
            seed,
            inner: SplitMix64::new(seed),
        }
    }
    /// The seed this generator started from.
    pub fn seed(&self) -> u64 {
        self.seed
    }
}

impl Default for SystemRng {
    fn default() -> Self {
        SystemRng::new()
    }
}

impl Rng for SystemRng {
    fn next_u64(&mut self) -> u64 {
        self.inner.next_u64()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_is_deterministic_and_matches_reference() {
        // Reference values of SplitMix64 seeded with 0.
        let mut rng = SplitMix64::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        let a: Vec<u64> = (0..10).map(|_| SplitMix64::new(42).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
    }

    #[test]
    fn gen_range_stays_in_range_and_covers_it() {
        let mut rng = SplitMix64::new(7);
        let mut seen = [false; 10];
        for _ in 0..1000 {
            let v = rng.gen_range(10..20);
            assert!((10..20).contains(&v));
            seen[(v - 10) as usize] = true;
        }
        assert!(seen.iter().all(|&s| s));
        assert_eq!(rng.gen_range(5..5), 5);
        let (hi, lo) = (9, 3);
        assert_eq!(rng.gen_range(hi..lo), 9);
        let full = rng.gen_range(0..u64::MAX);
        assert!(full < u64::MAX);
    }

    #[test]
    fn chance_extremes_and_rate() {
        let mut rng = SplitMix64::new(3);
        assert!(!rng.chance(0.0));
        assert!(!rng.chance(f64::NAN));
        assert!(rng.chance(1.0));
        let hits = (0..10_000).filter(|_| rng.chance(0.25)).count();
        assert!((2_000..3_000).contains(&hits), "{hits}");
    }

    #[test]
    fn fill_bytes_fills_odd_lengths() {
        let mut a = [0u8; 13];
        let mut b = [0u8; 13];
        SplitMix64::new(1).fill_bytes(&mut a);
        SplitMix64::new(1).fill_bytes(&mut b);
        assert_eq!(a, b);
        assert!(a.iter().any(|&x| x != 0));
    }

    #[test]
    fn sim_clock_is_shared_and_manual() {
        let clock = SimClock::new();
        let other = clock.clone();
        assert_eq!(clock.now_micros(), 0);
        other.advance(2_500_000);
        assert_eq!(clock.now_micros(), 2_500_000);
        assert_eq!(clock.unix_time_secs(), SIM_CLOCK_DEFAULT_UNIX_SECS + 2);
        clock.advance(u64::MAX);
        assert_eq!(other.now_micros(), u64::MAX);
    }

    #[test]
    fn system_clock_and_rng_work() {
        let clock = SystemClock::new();
        let a = clock.now_micros();
        assert!(clock.now_micros() >= a);
        assert!(clock.unix_time_secs() > SIM_CLOCK_DEFAULT_UNIX_SECS);
        let r1 = SystemRng::new();
        let r2 = SystemRng::new();
        assert_ne!(r1.seed(), r2.seed());
        let mut replay = SplitMix64::new(r1.seed());
        let mut r1 = r1;
        assert_eq!(r1.next_u64(), replay.next_u64());
    }
}
