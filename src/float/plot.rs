//! SVG pictures (plotters' SVG backend, no system libraries): a spectrum against every
//! rule's threshold, and a sweep of rank against size.

use super::report::Report;
use crate::error::{Error, Result};
use plotters::prelude::*;
use std::path::Path;

const PALETTE: [RGBColor; 7] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
];

/// Positive, finite and within 1e±300, so the log axis (which reaches a decade beyond
/// the values on both sides) stays in the normal f64 range.
fn drawable(x: f64) -> bool {
    (1e-300..=1e300).contains(&x)
}

fn draw_err<E: std::fmt::Debug>(path: &Path) -> impl Fn(E) -> Error + '_ {
    move |e| Error::Io(format!("{}: cannot draw plot: {e:?}", path.display()))
}

/// Draws the singular values of `report` on a log scale, one horizontal line per rule's
/// threshold, and a vertical line between σ_r and σ_(r+1) at the exact rank r. Singular
/// values that are 0 (or below the axis) are drawn at the bottom edge, hollow. A rescaled
/// report (see [`super::rescale`]) is drawn in its own units, said on the axis; the
/// legend gives each tolerance in the matrix's units.
///
/// # Errors
/// The file cannot be written.
///
/// ```
/// let a = exrank::cli::demo::higham_4x4();
/// let f = exrank::float::F64Matrix::from_zmatrix(&a);
/// let r = exrank::float::compare("4x4", &a, &f, &Default::default()).unwrap();
/// let path = std::env::temp_dir().join("exrank-doc-spectrum.svg");
/// exrank::float::plot::spectrum(&r, &path).unwrap();
/// assert!(std::fs::read_to_string(&path).unwrap().contains("<svg"));
/// ```
pub fn spectrum(report: &Report, path: &Path) -> Result<()> {
    let sv = &report.singular_values;
    let p = sv.len().max(1);
    let positives = sv
        .iter()
        .chain(&report.qr_diagonal)
        .chain(report.rules.iter().map(|o| &o.threshold))
        .copied()
        .filter(|&x| drawable(x));
    let lo = positives.clone().fold(f64::INFINITY, f64::min);
    let hi = positives.fold(0.0, f64::max);
    let (lo, hi) = if lo.is_finite() && hi > 0.0 {
        (lo / 10.0, hi * 10.0)
    } else {
        (1e-20, 1.0)
    };
    let root = SVGBackend::new(path, (900, 600)).into_drawing_area();
    let err = draw_err(path);
    root.fill(&WHITE).map_err(&err)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!(
                "{} ({}x{}): singular values, exact rank {}",
                report.name, report.rows, report.cols, report.exact.rank
            ),
            ("sans-serif", 22),
        )
        .margin(15)
        .x_label_area_size(45)
        .y_label_area_size(80)
        .build_cartesian_2d(0.5f64..p as f64 + 0.75, (lo..hi).log_scale())
        .map_err(&err)?;
    chart
        .configure_mesh()
        .x_desc("index k")
        .y_desc(if report.scale_log2 == 0 {
            "singular value (log scale)".to_string()
        } else {
            format!("singular value · 2^{} (log scale)", -report.scale_log2)
        })
        .x_labels(p.min(20) + 1)
        .y_labels(12)
        .x_label_formatter(&|x| {
            if *x > p as f64 {
                String::new()
            } else {
                format!("{}", x.round() as i64)
            }
        })
        .y_label_formatter(&|y| format!("{y:.0e}"))
        .draw()
        .map_err(&err)?;
    let points: Vec<(f64, f64)> = sv
        .iter()
        .enumerate()
        .map(|(k, &s)| ((k + 1) as f64, s.max(lo)))
        .collect();
    chart
        .draw_series(LineSeries::new(points.clone(), BLACK.stroke_width(1)))
        .map_err(&err)?;
    chart
        .draw_series(points.iter().zip(sv).map(|(&(x, y), &s)| {
            let style = if s >= lo {
                BLACK.filled()
            } else {
                BLACK.stroke_width(2)
            };
            Circle::new((x, y), 5, style)
        }))
        .map_err(&err)?
        .label("singular values (f64)")
        .legend(|(x, y)| Circle::new((x + 10, y), 5, BLACK.filled()));
    // The pivoted-QR rule thresholds |R_kk|, not σ_k: show those too, hollow.
    if let Some(k) = report
        .rules
        .iter()
        .position(|o| o.rule == super::Rule::PivotedQr)
    {
        let color = PALETTE[k % PALETTE.len()];
        chart
            .draw_series(report.qr_diagonal.iter().enumerate().map(|(k, &r)| {
                let y = r.max(lo);
                TriangleMarker::new(((k + 1) as f64, y), 6, color.stroke_width(2))
            }))
            .map_err(&err)?
            .label("|R_kk| (pivoted QR, for the qr rule)")
            .legend(move |(x, y)| TriangleMarker::new((x + 10, y), 6, color.stroke_width(2)));
    }
    for (k, o) in report.rules.iter().enumerate() {
        let color = PALETTE[k % PALETTE.len()];
        if !drawable(o.threshold) {
            // A zero threshold has no place on a log axis (nor one at the far end of the
            // f64 range, e.g. an absolute tolerance on a rescaled matrix): legend only.
            chart
                .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
                .map_err(&err)?
                .label(format!(
                    "{} tol {}: rank {} ({}; not drawable on a log axis)",
                    o.rule.key(),
                    o.tolerance,
                    o.rank,
                    o.verdict.name()
                ));
            continue;
        }
        let dash = if k % 2 == 0 { 2 } else { 1 };
        chart
            .draw_series(LineSeries::new(
                vec![(0.5, o.threshold), (p as f64 + 0.75, o.threshold)],
                color.stroke_width(dash),
            ))
            .map_err(&err)?
            .label(format!(
                "{} tol {}: rank {} ({})",
                o.rule.key(),
                o.tolerance.sci(3),
                o.rank,
                o.verdict.name()
            ))
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
            });
    }
    let r = report.exact.rank as f64 + 0.5;
    chart
        .draw_series(LineSeries::new(vec![(r, lo), (r, hi)], RED.stroke_width(3)))
        .map_err(&err)?
        .label(format!("exact rank {}", report.exact.rank))
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], RED.stroke_width(3)));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .map_err(&err)?;
    root.present().map_err(&err)?;
    Ok(())
}

/// Draws a sweep: size n against the exact rank (thick red line) and each rule's rank
/// (nested markers of decreasing size, so coinciding ranks stay visible).
///
/// # Errors
/// The file cannot be written, or `points` is empty.
///
/// ```
/// use exrank::float::{compare, F64Matrix, Family};
/// let reports: Vec<_> = (2..5).map(|n| {
///     let c = &Family::Hilbert.cases(n)[0];
///     (n, compare(&c.name, &c.exact, &c.float, &Default::default()).unwrap())
/// }).collect();
/// let path = std::env::temp_dir().join("exrank-doc-sweep.svg");
/// exrank::float::plot::sweep("hilbert", &reports, &path).unwrap();
/// assert!(std::fs::read_to_string(&path).unwrap().contains("<svg"));
/// ```
pub fn sweep(title: &str, points: &[(usize, Report)], path: &Path) -> Result<()> {
    let first = points
        .first()
        .ok_or_else(|| Error::Invalid("nothing to plot: the sweep is empty".into()))?;
    let nmin = points.iter().map(|p| p.0).min().unwrap_or(0) as f64;
    let nmax = points.iter().map(|p| p.0).max().unwrap_or(0) as f64;
    let rmax = points
        .iter()
        .flat_map(|(_, r)| std::iter::once(r.exact.rank).chain(r.rules.iter().map(|o| o.rank)))
        .max()
        .unwrap_or(1) as f64;
    let root = SVGBackend::new(path, (900, 600)).into_drawing_area();
    let err = draw_err(path);
    root.fill(&WHITE).map_err(&err)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!("{title}: exact rank vs float rank"),
            ("sans-serif", 22),
        )
        .margin(15)
        .x_label_area_size(45)
        .y_label_area_size(60)
        .build_cartesian_2d(nmin - 0.5..nmax + 0.5, -0.5..rmax + 1.5)
        .map_err(&err)?;
    chart
        .configure_mesh()
        .x_desc("n")
        .y_desc("rank")
        .x_label_formatter(&|x| format!("{}", x.round() as i64))
        .y_label_formatter(&|y| format!("{}", y.round() as i64))
        .draw()
        .map_err(&err)?;
    let exact: Vec<(f64, f64)> = points
        .iter()
        .map(|(n, r)| (*n as f64, r.exact.rank as f64))
        .collect();
    chart
        .draw_series(LineSeries::new(exact.clone(), RED.stroke_width(4)))
        .map_err(&err)?
        .label("exact rank")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], RED.stroke_width(4)));
    let nrules = first.1.rules.len();
    for k in 0..nrules {
        let color = PALETTE[k % PALETTE.len()];
        let size = 4 + 2 * (nrules - 1 - k) as i32;
        let pts: Vec<(f64, f64)> = points
            .iter()
            .filter_map(|(n, r)| r.rules.get(k).map(|o| (*n as f64, o.rank as f64)))
            .collect();
        chart
            .draw_series(LineSeries::new(pts.clone(), color.stroke_width(1)))
            .map_err(&err)?;
        chart
            .draw_series(
                pts.iter()
                    .map(|&p| Circle::new(p, size, color.stroke_width(2))),
            )
            .map_err(&err)?
            .label(format!("{} rank", first.1.rules[k].rule.key()))
            .legend(move |(x, y)| Circle::new((x + 10, y), 5, color.stroke_width(2)));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .map_err(&err)?;
    root.present().map_err(&err)?;
    Ok(())
}
