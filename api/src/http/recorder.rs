//! The process-wide Prometheus recorder behind the `metrics` facade, installed by
//! `AppState::new` before anything counts (`metrics` serves and refreshes what it records).
use std::sync::OnceLock;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

/// Request latency buckets, in seconds: 1 ms to 30 s (the request timeout).
const LATENCY_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// The process-wide recorder. The `metrics` facade has one global recorder, so every
/// `AppState` in a process (tests start several) shares it, as counters in a process should.
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full("http_request_duration_seconds".into()),
                LATENCY_BUCKETS,
            )
            .expect("latency buckets are not empty");
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        // Another recorder may already be installed (an embedding program's); then this
        // handle renders only what was recorded before, which is still valid text.
        let _ = metrics::set_global_recorder(recorder);
        describe();
        // Counters show from the first scrape (at 0), not only after their first event, so
        // a dashboard or an alert on them works on a quiet day too.
        for name in [
            "http_requests_shed_total",
            "http_requests_timed_out_total",
            "mail_sent_total",
            "auth_sign_in_failures_total",
            "auth_sign_in_throttled_total",
            "audit_events_recorded_total",
        ] {
            metrics::counter!(name).increment(0);
        }
        for outcome in ["retry", "gave_up"] {
            metrics::counter!("mail_send_failures_total", "outcome" => outcome).increment(0);
        }
        handle
    })
}

/// How often recorded latencies are folded into their histograms when nobody scrapes.
const UPKEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// Folds recorded latencies into their histograms every few seconds until `stop` changes.
/// The recorder keeps every sample it is given until upkeep runs; without this task a server
/// that is never scraped would keep one sample per request for ever.
pub async fn keep_tidy(mut stop: tokio::sync::watch::Receiver<bool>) {
    loop {
        tokio::select! {
            () = tokio::time::sleep(UPKEEP_EVERY) => handle().run_upkeep(),
            _ = stop.changed() => return,
        }
    }
}

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram};
    describe_counter!(
        "http_requests_total",
        "HTTP requests answered, by route template, method and status."
    );
    describe_histogram!(
        "http_request_duration_seconds",
        metrics::Unit::Seconds,
        "HTTP request latency, by route template, method and status."
    );
    describe_counter!(
        "http_requests_shed_total",
        "Requests refused with 503 because the concurrency limit was reached."
    );
    describe_counter!(
        "http_requests_timed_out_total",
        "Requests that ran past REQUEST_TIMEOUT_SECS and were answered 503."
    );
    describe_gauge!("http_requests_in_flight", "Requests being handled now.");
    describe_counter!("mail_sent_total", "E-mails the SMTP server accepted.");
    describe_counter!(
        "mail_send_failures_total",
        "Failed delivery attempts, by outcome (retry or gave_up)."
    );
    describe_gauge!("mail_outbox_messages", "Outbox messages, by status.");
    describe_gauge!(
        "mail_outbox_oldest_pending_age_seconds",
        "Age of the oldest message still waiting to be sent (0 when none)."
    );
    describe_counter!(
        "auth_sign_in_failures_total",
        "Sign-ins refused for a wrong e-mail address or password."
    );
    describe_counter!(
        "auth_sign_in_throttled_total",
        "Sign-ins refused with 429 because of earlier failures."
    );
    describe_counter!(
        "audit_events_recorded_total",
        "Rows written to the audit log (counted when written inside their transaction)."
    );
    describe_gauge!(
        "db_pool_connections",
        "Database pool connections, by state (idle or in_use)."
    );
    describe_gauge!(
        "db_pool_max_connections",
        "The database pool's upper limit."
    );
    describe_gauge!(
        "care_passport_build_info",
        "Always 1; the labels say which build is running."
    );
}
