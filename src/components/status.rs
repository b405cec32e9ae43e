//! Status badge, verdict-distribution bar (inline SVG with a text equivalent) and progress bar.

use crate::model::{Distribution, Status};
use leptos::prelude::*;

#[component]
pub fn StatusBadge(status: Status, #[prop(optional)] editorial: bool) -> impl IntoView {
    let label =
        if editorial { format!("{} (editorial)", status.label()) } else { status.label().to_string() };
    view! { <span class=format!("badge status-{}", status.as_str())>{label}</span> }
}

/// A stacked bar of claims per status, 120×10, with the same numbers in text for screen readers.
#[component]
pub fn DistributionBar(distribution: Distribution) -> impl IntoView {
    let total = distribution.total();
    let text = if total == 0 {
        "no claims".to_string()
    } else {
        Status::ALL
            .iter()
            .filter(|s| distribution.get(**s) > 0)
            .map(|s| format!("{} {}", distribution.get(*s), s.label().to_lowercase()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut x = 0.0;
    let rects = Status::ALL
        .iter()
        .filter(|s| distribution.get(**s) > 0)
        .map(|s| {
            let w = 120.0 * distribution.get(*s) as f64 / total.max(1) as f64;
            let rect = view! { <rect x=fixed(x, 2) y="0" width=fixed(w, 2) height="10" class=format!("fill-{}", s.as_str())/> };
            x += w;
            rect
        })
        .collect_view();
    view! {
        <span class="distribution">
            <svg width="120" height="10" viewBox="0 0 120 10" aria-hidden="true" focusable="false">
                <rect x="0" y="0" width="120" height="10" class="fill-empty"/>
                {rects}
            </svg>
            <span class="distribution-text">{text}</span>
        </span>
    }
}

#[component]
pub fn ProgressBar(settled: i64, total: i64) -> impl IntoView {
    let pct = if total == 0 { 0.0 } else { 100.0 * settled as f64 / total as f64 };
    let label = format!("{settled} of {total} claims have a verdict");
    view! {
        <div class="progress">
            <div class="progress-track" role="progressbar" aria-valuemin="0" aria-valuemax=total aria-valuenow=settled aria-label="Claims with a verdict">
                <div class="progress-fill" style=format!("width: {}%", fixed(pct, 1))></div>
            </div>
            <span class="progress-label">{label}</span>
        </div>
    }
}

/// A non-negative `value` with `places` decimals. `format!("{:.2}", f)` would do, but float
/// formatting adds about 14 KB to the browser build for these three numbers.
pub fn fixed(value: f64, places: u32) -> String {
    let scale = 10u64.pow(places);
    let n = (value.max(0.0) * scale as f64).round() as u64;
    if places == 0 {
        return n.to_string();
    }
    format!("{}.{:0width$}", n / scale, n % scale, width = places as usize)
}

/// "← Newer · Page n of m · Older →" under a paged list, when it has more than one page; `link`
/// gives a page's address.
pub fn pager(current: u32, pages: u32, link: impl Fn(u32) -> String) -> impl IntoView {
    (pages > 1).then(|| {
        view! {
            <nav class="pagination" aria-label="Pages">
                {(current > 1).then(|| view! { <a href=link(current - 1) rel="prev">"← Newer"</a> })}
                <span>{format!("Page {current} of {pages}")}</span>
                {(current < pages).then(|| view! { <a href=link(current + 1) rel="next">"Older →"</a> })}
            </nav>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::fixed;

    #[test]
    fn fixed_rounds_to_the_given_number_of_decimals() {
        assert_eq!(fixed(37.5, 1), "37.5");
        assert_eq!(fixed(100.0 / 3.0, 1), "33.3");
        assert_eq!(fixed(0.0, 2), "0.00");
        assert_eq!(fixed(0.056, 2), "0.06");
        assert_eq!(fixed(120.0, 2), "120.00");
        assert_eq!(fixed(2.0 / 3.0, 0), "1");
    }
}
