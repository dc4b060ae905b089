//! Where a lab's surface comes from besides the catalogue: a typed formula, or (x, y) data
//! loaded from a file or pasted.

use super::{Lab, LabState};
use crate::core::regression::Regression;
use crate::core::surface::{FormulaSurface, Point, Surface, SurfaceKind};

impl Lab {
    /// Races on a typed formula. Editing the formula in the same window keeps the start point
    /// and the zoom, so a teacher can tweak a term and watch the paths change.
    pub fn set_formula(&mut self, formula: FormulaSurface) {
        if let Surface::Formula(old) = &self.state.surface
            && old.view() == formula.view()
        {
            if *old != formula {
                // A start the new formula leaves undefined moves to where it is defined.
                if !formula.value(self.state.start).is_finite() {
                    self.state.start = formula.default_start();
                    self.set_step(0);
                }
                self.state.surface = Surface::Formula(formula);
                self.ghosts.iter_mut().for_each(|g| *g = None);
                self.recompute_landscape();
                self.recompute_race();
            }
            return;
        }
        let entries = self.state.entries.clone();
        self.load(LabState::with_surface(Surface::Formula(formula), entries));
    }

    /// Races on loaded (x, y) data: the regression surface on that data, seen around its
    /// least-squares minimum, with the same optimizers and mini-batch setting (K kept within n).
    pub fn load_data(&mut self, data: Regression) {
        let mut state = LabState::for_surface(SurfaceKind::Regression, self.state.entries.clone());
        state.start = data.loaded_start().unwrap_or(state.start);
        state.surface = Surface::Regression(data);
        state.view = state.surface.default_view();
        state.stochastic = self.state.stochastic;
        state.batch_size = self.state.batch_size;
        state.max_steps = self.state.max_steps;
        self.load(state);
    }

    /// Drags one regression data point: landscape, OLS minimum and race update live.
    pub fn move_data_point(&mut self, index: usize, to: Point) {
        let Surface::Regression(data) = &mut self.state.surface else {
            return;
        };
        let Some(p) = data.points.get_mut(index) else {
            return;
        };
        if to.iter().all(|v| v.is_finite()) {
            *p = to;
            self.recompute_landscape();
            self.recompute_race();
        }
    }
}
