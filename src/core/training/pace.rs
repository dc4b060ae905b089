//! How fast the app trains: at classroom pace a run of any size takes about the same time on
//! screen (long enough for a class to watch the curves move and the validation loss turn),
//! at full speed as fast as the CPU allows.

use serde::{Deserialize, Serialize};

/// Wall time of one whole run at classroom pace, in seconds.
pub const CLASSROOM_RUN_SECS: f64 = 25.0;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Pace {
    /// Epochs paced so a run of `epochs` epochs takes about [`CLASSROOM_RUN_SECS`].
    #[default]
    Classroom,
    FullSpeed,
}

impl Pace {
    pub fn label(self) -> &'static str {
        match self {
            Pace::Classroom => "classroom pace",
            Pace::FullSpeed => "full speed",
        }
    }

    /// Training examples per second allowed for a run of `epochs` epochs over `train_len`
    /// images (`None`: no limit). When the CPU is slower than this, training simply runs
    /// flat out.
    pub fn examples_per_sec(self, train_len: usize, epochs: usize) -> Option<f64> {
        match self {
            Pace::FullSpeed => None,
            Pace::Classroom => {
                let examples = (train_len.max(1) * epochs.max(1)) as f64;
                Some(examples / CLASSROOM_RUN_SECS)
            }
        }
    }

    /// Seconds each epoch is given (`None` at full speed).
    pub fn epoch_secs(self, epochs: usize) -> Option<f64> {
        match self {
            Pace::FullSpeed => None,
            Pace::Classroom => Some(CLASSROOM_RUN_SECS / epochs.max(1) as f64),
        }
    }
}
