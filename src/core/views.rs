//! The views inside a tab, by name: the lessons of the "Why it's hard" tab and the MNIST tab's
//! inner views. GUI-free so lectures and scenes can name them; the tabs draw them.

/// A lesson of the "Why it's hard" tab. A new lesson is one variant here (its name, label and
/// hint) and one line in the tab's registration list (`WhyHardView::lesson_mut`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Lesson {
    #[default]
    Guessing,
    Overfitting,
    Backprop,
    Climber,
    Dimensions,
    CandidateLines,
    Ripple,
}

impl Lesson {
    pub const ALL: [Lesson; 7] = [
        Lesson::Guessing,
        Lesson::Overfitting,
        Lesson::Backprop,
        Lesson::Climber,
        Lesson::Dimensions,
        Lesson::CandidateLines,
        Lesson::Ripple,
    ];

    /// The name lectures use (`view: overfitting`).
    pub fn name(self) -> &'static str {
        match self {
            Lesson::Guessing => "guessing",
            Lesson::Overfitting => "overfitting",
            Lesson::Backprop => "backprop",
            Lesson::Climber => "climber",
            Lesson::Dimensions => "dimensions",
            Lesson::CandidateLines => "candidate-lines",
            Lesson::Ripple => "ripple",
        }
    }

    /// The label on the lesson's button.
    pub fn label(self) -> &'static str {
        match self {
            Lesson::Guessing => "Guessing vs descent",
            Lesson::Overfitting => "Overfitting & validation",
            Lesson::Backprop => "Backprop vs nudging",
            Lesson::Climber => "Climber in the dark",
            Lesson::Dimensions => "10 segments per axis",
            Lesson::CandidateLines => "Candidate lines",
            Lesson::Ripple => "One weight ripples",
        }
    }

    pub fn tooltip(self) -> &'static str {
        match self {
            Lesson::Guessing => {
                "Why not try random weights and keep the best? Random search against gradient \
                 descent, and how many guesses a grid needs as the dimension grows."
            }
            Lesson::Overfitting => {
                "A curve through every training point can predict new points badly. Fit \
                 polynomials, penalise wiggles with L2, and choose with k-fold cross-validation."
            }
            Lesson::Backprop => {
                "Nudging every weight to measure its slope needs two forward passes per weight; \
                 backprop gets all slopes for about the price of two passes."
            }
            Lesson::Climber => {
                "Walk down a surface seeing only a lit patch around you: pick a direction, step, \
                 then switch the lights on and compare with gradient descent."
            }
            Lesson::Dimensions => {
                "Ten values per weight: 100 guesses for a square, 1,000 for a cube, 10^N for N \
                 weights, and how long a billion guesses a second would take."
            }
            Lesson::CandidateLines => {
                "Each line through the data is one point (m, b) on the error landscape. Drag the \
                 line or the point and watch the residuals and the mean squared error."
            }
            Lesson::Ripple => {
                "Nudge one weight of the first layer: the neuron it feeds changes, and so does \
                 every neuron after it. That is why each weight's slope needs the whole network."
            }
        }
    }
}

/// An inner view of the MNIST tab (below the curves).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MnistView {
    #[default]
    HiddenUnits,
    Predictions,
    Confusion,
    GradientCheck,
    Draw,
    LossLandscape,
    /// The 784-15-10 network drawn, its dropped-out hidden units greyed.
    Network,
}

impl MnistView {
    pub const ALL: [MnistView; 7] = [
        MnistView::HiddenUnits,
        MnistView::Predictions,
        MnistView::Confusion,
        MnistView::GradientCheck,
        MnistView::Draw,
        MnistView::LossLandscape,
        MnistView::Network,
    ];

    /// The name lectures use (`view: confusion`).
    pub fn name(self) -> &'static str {
        match self {
            MnistView::HiddenUnits => "hidden-units",
            MnistView::Predictions => "predictions",
            MnistView::Confusion => "confusion",
            MnistView::GradientCheck => "gradient-check",
            MnistView::Draw => "draw",
            MnistView::LossLandscape => "loss-landscape",
            MnistView::Network => "network",
        }
    }
}

/// What a slide shows inside its tab.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TabView {
    Lesson(Lesson),
    Mnist(MnistView),
}
