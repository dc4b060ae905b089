//! The network drawn (the chapter's 784-15-10: a sample of the inputs, the hidden units, the
//! outputs and their connections), with the hidden units that dropout switched off greyed out.
//! The mask is the real one: the training pass's own, carried by the job's snapshots (a few per
//! second), for the last example of the latest mini-batch.

use egui::{Align2, Color32, FontId, Pos2, Rect, Stroke, TextStyle, pos2, vec2};

use super::MnistView;

/// Input units drawn, half above and half below the "⋮" standing for the rest of the 784.
const SHOWN_INPUTS: usize = 24;

/// What the view drew last frame (egui temp data under [`drawn_id`]), for tests.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DrawnNetwork {
    pub sizes: Vec<usize>,
    /// The first hidden layer's mask as drawn (true = kept); None when nothing is dropped.
    pub mask: Option<Vec<bool>>,
    /// Hidden units drawn greyed out.
    pub greyed: usize,
}

pub fn drawn_id() -> egui::Id {
    egui::Id::unique("drawn_mnist_network")
}

pub fn network_ui(ui: &mut egui::Ui, view: &MnistView) {
    let snapshot = view.current_snapshot();
    let sizes = snapshot.map_or_else(
        || {
            let mut s = vec![crate::core::mnist::PIXELS];
            s.extend(&view.config.hidden);
            s.push(crate::core::mnist::CLASSES);
            s
        },
        |s| s.mlp.sizes().to_vec(),
    );
    let mask = snapshot
        .and_then(|s| s.mlp.dropout_mask())
        .map(<[bool]>::to_vec);
    let hidden = sizes.get(1).copied().unwrap_or(0);
    let dropped = mask
        .as_ref()
        .map_or(0, |m| m.iter().filter(|&&k| !k).count());
    let caption = match (&mask, snapshot) {
        (Some(_), _) => format!(
            "Dropout p = {:.2}: {dropped} of {hidden} hidden units switched off for one example \
             of the latest mini-batch (every example draws its own mask).",
            view.config.dropout
        ),
        (None, Some(_)) => "Dropout is off: every hidden unit takes part in every step. Move \
                            the dropout slider to watch units drop out."
            .to_owned(),
        (None, None) => "Start training (with dropout above 0) to watch hidden units drop out \
                         mini-batch by mini-batch."
            .to_owned(),
    };
    ui.label(caption);
    let width = ui.available_width().max(200.0);
    // Fit what is visible of the (scrolling) inner view, so the whole network is on screen.
    let visible = ui.clip_rect().bottom() - ui.cursor().min.y - 8.0;
    let height = visible.clamp(160.0, 0.75 * width.max(350.0));
    let (rect, _) = ui.allocate_exact_size(vec2(width, height), egui::Sense::hover());
    paint(ui, rect, &sizes, mask.as_deref());
    let drawn = DrawnNetwork {
        sizes,
        greyed: dropped,
        mask,
    };
    ui.ctx().data_mut(|d| d.insert_temp(drawn_id(), drawn));
}

/// `n` centres spread evenly down a column from `top` to `bottom`.
fn column(x: f32, top: f32, bottom: f32, n: usize) -> Vec<Pos2> {
    let gap = (bottom - top) / n.max(1) as f32;
    (0..n)
        .map(|i| pos2(x, top + gap * (i as f32 + 0.5)))
        .collect()
}

fn paint(ui: &egui::Ui, rect: Rect, sizes: &[usize], mask: Option<&[bool]>) {
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    let text = visuals.text_color();
    let body = ui
        .style()
        .text_styles
        .get(&TextStyle::Body)
        .cloned()
        .unwrap_or_else(|| FontId::proportional(16.0));
    let (hidden, outputs) = (
        sizes.get(1).copied().unwrap_or(0),
        *sizes.last().unwrap_or(&0),
    );
    let top = rect.top() + 1.8 * body.size;
    let bottom = rect.bottom() - 4.0;
    let xs = [0.1, 0.5, 0.84].map(|f| rect.left() + f * rect.width());
    // The input column: two groups with a gap for "⋮".
    let half = SHOWN_INPUTS / 2;
    let mid = (top + bottom) / 2.0;
    let gap = 1.4 * body.size;
    let mut inputs = column(xs[0], top, mid - gap, half);
    inputs.extend(column(xs[0], mid + gap, bottom, SHOWN_INPUTS - half));
    let hiddens = column(xs[1], top, bottom, hidden);
    let outs = column(xs[2], top, bottom, outputs);

    let kept = |j: usize| mask.is_none_or(|m| m.get(j).copied().unwrap_or(true));
    let on = crate::ui::palette::SKY_BLUE;
    let off = Color32::from_gray(if visuals.dark_mode { 80 } else { 185 });
    let wire = |alpha: u8| {
        let c = if visuals.dark_mode { 230 } else { 40 };
        Color32::from_rgba_unmultiplied(c, c, c, alpha)
    };
    // Connections first; a dropped unit's are not drawn: it passes nothing on this step.
    for (j, h) in hiddens.iter().enumerate() {
        let alpha = if kept(j) { 40 } else { 0 };
        if alpha == 0 {
            continue;
        }
        for i in &inputs {
            painter.line_segment([*i, *h], Stroke::new(1.0, wire(alpha)));
        }
        for o in &outs {
            painter.line_segment([*h, *o], Stroke::new(1.2, wire(alpha + 30)));
        }
    }
    let spacing = |n: usize| (bottom - top) / n.max(1) as f32;
    let r_in = (0.36 * spacing(SHOWN_INPUTS + 2)).min(9.0);
    for i in &inputs {
        painter.circle(*i, r_in, visuals.extreme_bg_color, Stroke::new(1.5, text));
    }
    painter.text(
        pos2(xs[0], mid),
        Align2::CENTER_CENTER,
        "⋮",
        body.clone(),
        text,
    );
    let r_h = (0.4 * spacing(hidden)).min(16.0);
    for (j, h) in hiddens.iter().enumerate() {
        if kept(j) {
            painter.circle(*h, r_h, on, Stroke::new(2.0, text));
        } else {
            painter.circle(*h, r_h, visuals.extreme_bg_color, Stroke::new(2.0, off));
            let d = 0.6 * r_h;
            // Vermillion (Okabe–Ito): reads against the blue of the kept units for everyone.
            let cross = Stroke::new(3.0, crate::ui::palette::VERMILLION);
            painter.line_segment([*h + vec2(-d, -d), *h + vec2(d, d)], cross);
            painter.line_segment([*h + vec2(-d, d), *h + vec2(d, -d)], cross);
        }
    }
    let r_o = (0.4 * spacing(outputs)).min(16.0);
    for (k, o) in outs.iter().enumerate() {
        painter.circle(*o, r_o, visuals.extreme_bg_color, Stroke::new(2.0, text));
        painter.text(
            *o + vec2(r_o + 6.0, 0.0),
            Align2::LEFT_CENTER,
            k.to_string(),
            body.clone(),
            text,
        );
    }
    let heads = [
        format!(
            "{} inputs ({SHOWN_INPUTS} shown)",
            sizes.first().unwrap_or(&0)
        ),
        format!("{hidden} hidden"),
        format!("{outputs} outputs"),
    ];
    // The outer headings keep to the edges so they are never clipped.
    let places = [
        (rect.left(), Align2::LEFT_TOP),
        (xs[1], Align2::CENTER_TOP),
        (rect.right(), Align2::RIGHT_TOP),
    ];
    for ((x, anchor), head) in places.into_iter().zip(heads) {
        painter.text(pos2(x, rect.top()), anchor, head, body.clone(), text);
    }
    if sizes.len() > 3 {
        painter.text(
            pos2(xs[1], bottom),
            Align2::CENTER_BOTTOM,
            "(first hidden layer shown)",
            body,
            text,
        );
    }
}
