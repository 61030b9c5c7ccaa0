//! Charts drawn on the server as SVG: a bar chart and a line chart, each an `<svg role="img">`
//! with a `<title>` and a `<desc>` giving every figure in words, text labels on the chart, and
//! colours with at least 4.5:1 contrast on white. Lines differ by dash and marker too, not only
//! by colour. A figure that is not shown (a suppressed small number) draws no bar or point and
//! says "fewer than 5". No inline styles (the console's CSP), only presentation attributes.
use std::fmt::Write;

/// Text colour (NHS.UK `#212b32`, 15:1 on white).
const INK: &str = "#212b32";
/// Gridlines and axes (decorative).
const GRID: &str = "#aeb7bd";
/// Series colours: NHS blue (5.1:1), dark green (5.4:1), purple (13:1).
const SERIES: [(&str, &str); 3] = [("#005eb8", ""), ("#007f3b", "8 4"), ("#330072", "2 3")];
/// What a suppressed figure says.
const NOT_SHOWN: &str = "fewer than 5";

/// Close to the width of half the page, so text is drawn near its real size.
const WIDTH: u32 = 460;

/// Escapes text for SVG.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn words(value: Option<u64>) -> String {
    value.map_or_else(|| NOT_SHOWN.to_owned(), |n| n.to_string())
}

fn open(out: &mut String, id: &str, height: u32, title: &str, desc: &str) {
    let id = esc(id);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" aria-labelledby="{id}-title {id}-desc" font-family="Frutiger W01, Arial, sans-serif" font-size="14"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        esc(title),
        esc(desc)
    );
}

/// A horizontal bar per `(label, value)`: the label above its bar, the figure after it.
pub fn bar_chart(id: &str, title: &str, bars: &[(String, Option<u64>)]) -> String {
    const ROW: u32 = 46;
    const LEFT: u32 = 8;
    const BAR_MAX: f64 = 360.0;
    let height = ROW * u32::try_from(bars.len()).unwrap_or(0) + 8;
    let desc = format!(
        "Bar chart. {}.",
        bars.iter()
            .map(|(label, v)| format!("{label}: {}", words(*v)))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let max = bars
        .iter()
        .filter_map(|(_, v)| *v)
        .max()
        .unwrap_or(0)
        .max(1);
    let mut out = String::new();
    open(&mut out, id, height, title, &desc);
    let (colour, _) = SERIES[0];
    for (i, (label, value)) in bars.iter().enumerate() {
        let top = u32::try_from(i).unwrap_or(0) * ROW + 4;
        let _ = write!(
            out,
            r#"<text x="{LEFT}" y="{}" fill="{INK}">{}</text>"#,
            top + 15,
            esc(label)
        );
        let width = value.map_or(0.0, |n| (n as f64 / max as f64 * BAR_MAX).round());
        if width > 0.0 {
            let _ = write!(
                out,
                r#"<rect x="{LEFT}" y="{}" width="{width}" height="18" fill="{colour}"/>"#,
                top + 22
            );
        }
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" fill="{INK}" font-weight="bold">{}</text>"#,
            f64::from(LEFT) + width + 6.0,
            top + 36,
            esc(&words(*value))
        );
    }
    out.push_str("</svg>");
    out
}

/// A line per series across the `labels` (months, say); a value not shown breaks the line.
pub fn line_chart(
    id: &str,
    title: &str,
    labels: &[String],
    series: &[(String, Vec<Option<u64>>)],
) -> String {
    const LEFT: f64 = 48.0;
    const RIGHT: f64 = 16.0;
    const PLOT_TOP: f64 = 40.0;
    const PLOT_HEIGHT: f64 = 200.0;
    let height = 290;
    let desc = format!(
        "Line chart. {}",
        series
            .iter()
            .map(|(name, values)| format!(
                "{name}: {}.",
                labels
                    .iter()
                    .zip(values)
                    .map(|(l, v)| format!("{l} {}", words(*v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let max = series
        .iter()
        .flat_map(|(_, v)| v.iter().filter_map(|x| *x))
        .max()
        .unwrap_or(0);
    let top = nice_top(max);
    let n = labels.len().max(1);
    let step = (f64::from(WIDTH) - LEFT - RIGHT) / n as f64;
    let x = |i: usize| LEFT + step * (i as f64 + 0.5);
    let y = |v: u64| PLOT_TOP + PLOT_HEIGHT - v as f64 / top as f64 * PLOT_HEIGHT;

    let mut out = String::new();
    open(&mut out, id, height, title, &desc);
    // Legend.
    let mut legend_x = LEFT;
    for (k, (name, _)) in series.iter().enumerate() {
        let (colour, dash) = SERIES[k % SERIES.len()];
        let _ = write!(
            out,
            r#"<line x1="{legend_x}" y1="14" x2="{}" y2="14" stroke="{colour}" stroke-width="3" stroke-dasharray="{dash}"/>{}<text x="{}" y="19" fill="{INK}">{}</text>"#,
            legend_x + 28.0,
            marker(k, legend_x + 14.0, 14.0, colour),
            legend_x + 34.0,
            esc(name)
        );
        legend_x += 40.0 + 8.0 * name.chars().count() as f64;
    }
    // Gridlines and the scale.
    for g in 0..=4u64 {
        let value = top * g / 4;
        let gy = y(value);
        let _ = write!(
            out,
            r#"<line x1="{LEFT}" y1="{gy}" x2="{}" y2="{gy}" stroke="{GRID}" stroke-width="1"/><text x="{}" y="{}" fill="{INK}" text-anchor="end" font-size="12">{value}</text>"#,
            f64::from(WIDTH) - RIGHT,
            LEFT - 6.0,
            gy + 4.0
        );
    }
    // Labels under the axis: "Apr 2026" as "Apr" over "2026".
    for (i, label) in labels.iter().enumerate() {
        let mut parts = label.splitn(2, ' ');
        let first = parts.next().unwrap_or_default();
        let second = parts.next().unwrap_or_default();
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" fill="{INK}" text-anchor="middle" font-size="12">{}<tspan x="{}" dy="15">{}</tspan></text>"#,
            x(i),
            PLOT_TOP + PLOT_HEIGHT + 18.0,
            esc(first),
            x(i),
            esc(second)
        );
    }
    for (k, (_, values)) in series.iter().enumerate() {
        let (colour, dash) = SERIES[k % SERIES.len()];
        // Runs of shown values, each drawn as one line.
        let mut run: Vec<(f64, f64)> = Vec::new();
        let mut runs = Vec::new();
        for (i, v) in values.iter().enumerate() {
            match v {
                Some(v) => run.push((x(i), y(*v))),
                None => runs.push(std::mem::take(&mut run)),
            }
        }
        runs.push(run);
        for run in runs.iter().filter(|r| r.len() > 1) {
            let points: Vec<String> = run.iter().map(|(px, py)| format!("{px},{py}")).collect();
            let _ = write!(
                out,
                r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="3" stroke-dasharray="{dash}"/>"#,
                points.join(" ")
            );
        }
        for (px, py) in runs.iter().flatten() {
            out.push_str(&marker(k, *px, *py, colour));
        }
    }
    out.push_str("</svg>");
    out
}

/// A different marker shape per series: circle, square, diamond.
fn marker(k: usize, x: f64, y: f64, colour: &str) -> String {
    match k % 3 {
        0 => format!(r#"<circle cx="{x}" cy="{y}" r="4" fill="{colour}"/>"#),
        1 => format!(
            r#"<rect x="{}" y="{}" width="8" height="8" fill="{colour}"/>"#,
            x - 4.0,
            y - 4.0
        ),
        _ => format!(
            r#"<path d="M{x} {} L{} {y} L{x} {} L{} {y} Z" fill="{colour}"/>"#,
            y - 5.0,
            x + 5.0,
            y + 5.0,
            x - 5.0
        ),
    }
}

/// The top of the scale: `max` rounded up to a multiple of 4 (so the five gridlines fall on
/// whole numbers), at least 4.
fn nice_top(max: u64) -> u64 {
    max.max(1).div_ceil(4) * 4
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bars() -> Vec<(String, Option<u64>)> {
        vec![
            ("Digital & IT".into(), Some(12)),
            ("Environment".into(), None),
            ("Public health".into(), Some(6)),
        ]
    }

    #[test]
    fn a_bar_chart_is_an_image_with_a_title_and_every_figure_in_its_description() {
        let svg = bar_chart("placements", "Placements <offered>", &bars());
        assert!(svg.starts_with("<svg "));
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains(r#"role="img" aria-labelledby="placements-title placements-desc""#));
        assert!(svg.contains(r#"<title id="placements-title">Placements &lt;offered&gt;</title>"#));
        assert!(svg.contains(
            "Bar chart. Digital &amp; IT: 12; Environment: fewer than 5; Public health: 6."
        ));
        // Two bars drawn (the suppressed one has none), the longest full length, half for 6.
        assert_eq!(svg.matches("<rect ").count(), 2);
        assert!(svg.contains(r#"width="360""#) && svg.contains(r#"width="180""#));
        assert!(svg.contains(">fewer than 5</text>"));
        assert!(!svg.contains("style="), "no inline styles under the CSP");
    }

    #[test]
    fn a_line_chart_breaks_at_a_value_not_shown_and_labels_its_series() {
        let labels: Vec<String> = ["Apr 2026", "May 2026", "Jun 2026", "Jul 2026"]
            .map(String::from)
            .to_vec();
        let series = vec![
            (
                "Turning 18".to_owned(),
                vec![Some(8), Some(6), None, Some(5)],
            ),
            (
                "On time".to_owned(),
                vec![Some(5), Some(5), Some(6), Some(7)],
            ),
        ];
        let svg = line_chart("trend", "Monthly trend", &labels, &series);
        assert!(svg.contains(r#"<title id="trend-title">Monthly trend</title>"#));
        assert!(
            svg.contains("Turning 18: Apr 2026 8, May 2026 6, Jun 2026 fewer than 5, Jul 2026 5.")
        );
        // The first series is broken into one line of two points and a lone point; the second
        // is one line.
        assert_eq!(svg.matches("<polyline ").count(), 2);
        assert!(svg.contains(">Turning 18</text>") && svg.contains(">On time</text>"));
        assert!(
            svg.contains(r#"stroke-dasharray="8 4""#),
            "the second line is dashed"
        );
        assert!(svg.contains(">Apr<tspan") && svg.contains(">2026</tspan>"));
        // The scale tops out at 8 with whole-number gridlines.
        for value in [0, 2, 4, 6, 8] {
            assert!(svg.contains(&format!(">{value}</text>")), "{value}");
        }
    }

    #[test]
    fn the_scale_top_is_a_multiple_of_four() {
        for (max, top) in [(0, 4), (1, 4), (4, 4), (5, 8), (13, 16), (100, 100)] {
            assert_eq!(nice_top(max), top, "{max}");
        }
    }

    #[test]
    fn an_empty_chart_is_still_a_labelled_image() {
        let svg = bar_chart("none", "Nothing yet", &[]);
        assert!(svg.contains("<title id=\"none-title\">Nothing yet</title>"));
        let svg = line_chart("none2", "Nothing yet", &[], &[]);
        assert!(svg.contains("role=\"img\""));
    }
}
