//! The page: the app shell, and the view of a loaded release.

use crate::components::page::*;
use crate::components::{ChartCard, CountTable};
use crate::state::{provide_release, LoadedRelease};
use crate::view_model as vm;
use leptos::prelude::*;
use std::sync::Arc;

/// The whole app: header, the release (or its loading or error state), footer.
#[component]
pub fn App() -> impl IntoView {
    let release = provide_release();
    view! {
        <SiteHeader/>
        <main id="main" tabindex="-1">
            <Suspense fallback=|| view! { <LoadingPlaceholder/> }>
                {move || Suspend::new(async move {
                    match release.0.await {
                        Ok(loaded) => view! { <ReleaseView release=loaded/> }.into_any(),
                        Err(error) => view! { <LoadErrorPanel message=error_message(&error)/> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
        <SiteFooter/>
    }
}

/// Everything shown for a release that loaded.
#[component]
fn ReleaseView(release: Arc<LoadedRelease>) -> impl IntoView {
    let f = &release.figures;
    let week_headers = || vec!["Week commencing".to_string(), "ISO week".to_string(), "Count".to_string()];
    let category_headers = |what: &str| vec![what.to_string(), "Cases".to_string()];
    // Children are built lazily, so everything they show is computed here, up front.
    let (review_key, review_weekly) = (vm::review_key_rows(f), vm::week_rows(&f.review.cumulative_by_week));
    let (court_weekly, court_groups) = (vm::week_rows(&f.court.weeks), vm::category_rows(&f.court.by_offence_group));
    let (criminal, misconduct) = (vm::category_rows(&f.outcomes.criminal), vm::category_rows(&f.outcomes.misconduct));
    let (measure, group, outcome) = (category_headers("Measure"), category_headers("Offence group"), category_headers("Outcome"));
    let (weeks_a, weeks_b, outcome_b, outcome_c) = (week_headers(), week_headers(), outcome.clone(), outcome.clone());
    let people_headers = vec!["People".to_string(), "Count".to_string()];
    let (repeat_people, repeat_outcomes) = (vm::category_rows(&f.repeat.with_cases), vm::category_rows(&f.repeat.earlier_outcomes));
    view! {
        {release.meta.synthetic.then(|| view! { <SyntheticBanner/> })}
        <ReleaseHeading meta=release.meta.clone()/>
        <Headlines items=vm::headline_figures(f)/>
        <QualityPanel quality=release.quality.clone()/>
        <CommitmentsPanel commitments=f.commitments.clone()/>
        <ChartCard
            id="review-progress"
            title=vm::review_headline(f)
            subtitle="Cumulative number of reviews completed at the end of each week, against all cases in the review"
            chart=vm::review_chart(f)
            summary=f.review.summary.clone()
        >
            <CountTable name="review-key" caption="Review progress".to_string() headers=measure.clone() rows=review_key.clone()/>
            <CountTable name="review-weekly" caption="Reviews completed so far, by week".to_string() headers=weeks_a.clone() rows=review_weekly.clone()/>
        </ChartCard>
        <ChartCard
            id="court-weekly"
            title=vm::court_headline(f)
            subtitle="First court appearances of charged officers and staff per ISO week (Monday to Sunday), up to the as-of date"
            chart=vm::court_chart(f)
            summary=f.court.summary.clone()
        >
            <CountTable name="court-weekly" caption="First court appearances by week".to_string() headers=weeks_b.clone() rows=court_weekly.clone()/>
            <CountTable name="court-groups" caption="First court appearances by offence group".to_string() headers=group.clone() rows=court_groups.clone()/>
        </ChartCard>
        <ChartCard
            id="outcomes"
            title="How charged and misconduct cases ended"
            subtitle="Criminal outcome of charged cases, and misconduct outcome of cases with proceedings or an outcome; \"not recorded\" is shown, never counted as zero"
            chart=vm::outcomes_chart(f)
            summary=f.outcomes.summary.clone()
        >
            <CountTable name="criminal-outcomes" caption="Criminal outcome of charged cases".to_string() headers=outcome.clone() rows=criminal.clone()/>
            <CountTable name="misconduct-outcomes" caption="Misconduct outcome".to_string() headers=outcome_b.clone() rows=misconduct.clone()/>
        </ChartCard>
        <ChartCard
            id="repeat-reports"
            title=vm::repeat_headline(f)
            subtitle="People (by pseudonym) with two or more cases, and how their cases before the latest one ended (misconduct outcome)"
            chart=vm::repeat_chart(f)
            summary=f.repeat.summary.clone()
        >
            <CountTable name="repeat-people" caption="People with several cases".to_string() headers=people_headers.clone() rows=repeat_people.clone()/>
            <CountTable name="repeat-outcomes" caption="How earlier cases of repeat subjects ended".to_string() headers=outcome_c.clone() rows=repeat_outcomes.clone()/>
        </ChartCard>
        <Methodology meta=release.meta.clone()/>
    }
}
