//! A slide's overrides applied to the landscape it starts from (its scene's or the previous
//! slide's): racers switched on and off, learning rates, steps, the regression batch.

use super::LectureError;
use super::Overrides;
use super::parse::Ctx;
use crate::core::lab::{Entry, LabState, PALETTE};
use crate::core::optimizer::OptimizerKind;
use crate::core::race::Racer;
use crate::core::scene;
use crate::core::surface::Surface;

pub(super) fn apply_overrides(
    cx: &Ctx,
    seen: &[(String, usize)],
    o: &Overrides,
    state: &mut LabState,
) -> Result<(), LectureError> {
    let line = |key: &str| seen.iter().find(|(k, _)| k == key).map_or(1, |(_, n)| *n);
    if let Some(kind) = o.surface {
        *state = LabState::for_surface(kind, state.entries.clone());
    }
    if let Some(formula) = &o.formula {
        if o.surface.is_some() {
            return Err(cx.at(
                line("formula"),
                "a slide sets either 'surface' or 'formula', not both",
            ));
        }
        *state = LabState::with_surface(Surface::Formula(formula.clone()), state.entries.clone());
    }
    if let Some(start) = o.start {
        state.start = start;
    }
    if let Some(kinds) = &o.optimizers {
        for &kind in kinds {
            if !state.entries.iter().any(|e| e.racer.kind == kind) {
                let color = PALETTE[state.entries.len() % PALETTE.len()];
                state.entries.push(Entry {
                    racer: Racer::new(kind),
                    enabled: true,
                    color,
                });
            }
        }
        for e in &mut state.entries {
            e.enabled = kinds.contains(&e.racer.kind);
        }
        state.selected = state.entries.iter().position(|e| e.enabled).unwrap_or(0);
    }
    for (i, &(_, lr)) in o.lr.iter().enumerate() {
        let targets = racers_for(state, &o.lr, i);
        if targets.is_empty() {
            return Err(cx.at(line("lr"), not_racing("lr", &o.lr, i)));
        }
        for j in targets {
            let e = &mut state.entries[j];
            e.racer.hyper.lr = lr;
            e.racer
                .hyper
                .validate(e.racer.kind)
                .map_err(|err| cx.at(line("lr"), format!("{}: {err}", e.racer.kind.name())))?;
        }
    }
    for (i, &(_, schedule)) in o.schedules.iter().enumerate() {
        let targets = racers_for(state, &o.schedules, i);
        if targets.is_empty() {
            return Err(cx.at(line("schedule"), not_racing("schedule", &o.schedules, i)));
        }
        for j in targets {
            state.entries[j].racer.schedule = schedule;
        }
    }
    if let Some(steps) = o.steps {
        state.max_steps = steps;
    }
    if let Some(batch) = o.batch {
        if !matches!(state.surface, crate::core::surface::Surface::Regression(_)) {
            return Err(cx.at(
                line("batch"),
                "batch applies to the regression surface (its data points)",
            ));
        }
        state.stochastic = batch.is_some();
        if let Some(n) = batch {
            state.batch_size = n;
        }
    }
    state.step = 0;
    // The scene checks catch what no single line can (e.g. a start outside every number range).
    scene::validate(&scene::Scene::landscape("", state.clone()))
        .map_err(|e| cx.at(seen.first().map_or(1, |(_, n)| *n), e.to_string()))
}

/// The racers entry `i` of a per-racer setting (`lr:`, `schedule:`) applies to: a kind named
/// more than once ("sgd=0.02, sgd=0.05": two SGDs racing) gives its n-th value to its n-th
/// racer; named once, to every racer of that kind; no kind, to every racer.
fn racers_for<V>(state: &LabState, list: &[(Option<OptimizerKind>, V)], i: usize) -> Vec<usize> {
    let kind = list[i].0;
    let named = times_named(list, kind);
    let nth = times_named(&list[..i], kind);
    state
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.enabled && kind.is_none_or(|k| e.racer.kind == k))
        .map(|(j, _)| j)
        .enumerate()
        .filter(|(n, _)| named < 2 || *n == nth)
        .map(|(_, j)| j)
        .collect()
}

fn not_racing<V>(key: &str, list: &[(Option<OptimizerKind>, V)], i: usize) -> String {
    let kind = list[i].0;
    let name = kind.map_or("any optimizer", |k| k.name());
    let named = times_named(list, kind);
    if named > 1 {
        format!("{key} names {name} {named} times, more than race on this slide")
    } else {
        format!("{key} for {name}, which is not racing on this slide")
    }
}

/// How often `list` names `kind` (a value for every racer, `None`, counts as no name).
fn times_named<V>(list: &[(Option<OptimizerKind>, V)], kind: Option<OptimizerKind>) -> usize {
    list.iter()
        .filter(|(k, _)| k.is_some() && *k == kind)
        .count()
}
