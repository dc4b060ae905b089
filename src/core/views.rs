//! The views inside a tab, by name: the lessons of the "Why it's hard" tab and the MNIST tab's
//! inner views. GUI-free so lectures and scenes can name them; the tabs draw them.

/// A lesson of the "Why it's hard" tab. A new lesson is one variant here (its name, label and
/// hint) and one arm in the tab's `ui`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Lesson {
    #[default]
    Guessing,
    Overfitting,
    Backprop,
}

impl Lesson {
    pub const ALL: [Lesson; 3] = [Lesson::Guessing, Lesson::Overfitting, Lesson::Backprop];

    /// The name lectures use (`view: overfitting`).
    pub fn name(self) -> &'static str {
        match self {
            Lesson::Guessing => "guessing",
            Lesson::Overfitting => "overfitting",
            Lesson::Backprop => "backprop",
        }
    }

    /// The label on the lesson's button.
    pub fn label(self) -> &'static str {
        match self {
            Lesson::Guessing => "Guessing vs descent",
            Lesson::Overfitting => "Overfitting & validation",
            Lesson::Backprop => "Backprop vs nudging",
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
