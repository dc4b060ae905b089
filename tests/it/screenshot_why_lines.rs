//! The candidate-lines and ripple lessons as a projector shows them, in the whole app:
//! `cargo test --test it screenshot_why_lines -- --ignored` writes screenshots/why-lines.png
//! and why-ripple.png (1024×768, default zoom, light theme). With WHY_FIGURES_ALL set it also
//! writes dark, zoom 1.45 and 1920×1080 versions for review (not committed).

use crate::common::save_screenshot;
use crate::ui_projector::{View, projector, show};
use descent::ui::why_hard::Lesson;

#[test]
#[ignore = "writes screenshots/: run on purpose"]
fn render_why_figures_screenshots() {
    let all = std::env::var_os("WHY_FIGURES_ALL").is_some();
    let mut runs = vec![([1024.0, 768.0], 1.25, false, "")];
    if all {
        runs.push(([1024.0, 768.0], 1.25, true, "-dark"));
        runs.push(([1024.0, 768.0], 1.45, false, "-zoom"));
        runs.push(([1920.0, 1080.0], 1.25, false, "-1080"));
    }
    for (size, zoom, dark, suffix) in runs {
        let mut harness = projector(size, zoom, dark);
        harness
            .state_mut()
            .why_hard
            .lines
            .choose(descent::core::candidate_lines::Preset::Better);
        show(&mut harness, View::WhyHard(Lesson::CandidateLines));
        save_screenshot(&mut harness, &format!("why-lines{suffix}"));
        show(&mut harness, View::WhyHard(Lesson::Ripple));
        save_screenshot(&mut harness, &format!("why-ripple{suffix}"));
    }
}
