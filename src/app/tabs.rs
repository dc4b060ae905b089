//! The app's tabs, registered in one list: the top bar's buttons and hints, the number keys and
//! the per-frame logic and drawing all come from `Tab::ALL` and `App::tab_mut`. Lectures name
//! the tabs through core (`core::lecture::LectureTab`), which stays GUI-free.

use serde::{Deserialize, Serialize};

use super::App;
use crate::core::lecture::LectureTab;
use crate::ui::tab::AppTab;

/// A top-level tab. Saved in the settings by its variant's name, so renaming one would reset a
/// teacher's saved tab.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tab {
    #[default]
    Landscape,
    Mnist,
    WhyHard,
}

/// The keys that select the tabs, by position.
const NUMBER_KEYS: [egui::Key; 9] = [
    egui::Key::Num1,
    egui::Key::Num2,
    egui::Key::Num3,
    egui::Key::Num4,
    egui::Key::Num5,
    egui::Key::Num6,
    egui::Key::Num7,
    egui::Key::Num8,
    egui::Key::Num9,
];

impl Tab {
    /// The registration list, in the top bar's order: the tab at position i is key i + 1.
    pub const ALL: [Tab; 3] = [Tab::Landscape, Tab::Mnist, Tab::WhyHard];

    /// The number key that selects the tab (1 for the first).
    pub fn number(self) -> usize {
        Self::ALL.iter().position(|&t| t == self).unwrap_or(0) + 1
    }

    pub fn key(self) -> Option<egui::Key> {
        NUMBER_KEYS.get(self.number() - 1).copied()
    }

    /// The tab as lectures name it.
    pub fn lecture_tab(self) -> LectureTab {
        match self {
            Tab::Landscape => LectureTab::Landscape,
            Tab::Mnist => LectureTab::Mnist,
            Tab::WhyHard => LectureTab::WhyHard,
        }
    }

    /// The tab a slide shows.
    pub fn of_lecture(tab: LectureTab) -> Tab {
        match tab {
            LectureTab::Landscape => Tab::Landscape,
            LectureTab::Mnist => Tab::Mnist,
            LectureTab::WhyHard => Tab::WhyHard,
        }
    }
}

impl App {
    /// Which view draws each tab.
    pub fn tab_mut(&mut self, tab: Tab) -> &mut dyn AppTab {
        match tab {
            Tab::Landscape => &mut self.landscape,
            Tab::Mnist => &mut self.mnist,
            Tab::WhyHard => &mut self.why_hard,
        }
    }

    /// The view of the tab on screen.
    pub fn shown_tab(&mut self) -> &mut dyn AppTab {
        self.tab_mut(self.settings.tab)
    }

    /// The button's tooltip: the tab's hint and its key.
    pub fn tab_hint(&mut self, tab: Tab) -> String {
        format!("{} (key {})", self.tab_mut(tab).hint(), tab.number())
    }

    /// The number keys select the tabs; then the shown tab's own keys. The caller has checked
    /// that no text field has the focus.
    pub(super) fn tab_shortcuts(&mut self, ctx: &egui::Context) {
        for tab in Tab::ALL {
            if tab
                .key()
                .is_some_and(|key| ctx.input(|i| i.key_pressed(key)))
            {
                self.settings.tab = tab;
            }
        }
        self.shown_tab().shortcuts(ctx);
    }

    /// The help's line for the number keys, e.g. ("1  /  2  /  3", "Landscape / MNIST / …").
    pub fn tab_keys_help(&mut self) -> (String, String) {
        let keys: Vec<String> = Tab::ALL.iter().map(|t| t.number().to_string()).collect();
        let labels: Vec<&str> = Tab::ALL.iter().map(|&t| self.tab_mut(t).label()).collect();
        (keys.join("  /  "), labels.join(" / "))
    }
}
