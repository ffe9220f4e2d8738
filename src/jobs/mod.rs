//! The scheduler (定时任务): each rule that makes or closes tasks, and the pipeline's time-driven
//! moves, runs on its schedule inside the server. Several server processes may share one
//! database: a job runs only in the process holding its lease (a conditional update of its
//! `job_lease` row, atomic on SQLite and PostgreSQL alike), and every run is kept with its
//! outcome in `job_run`. `gecrm run-jobs` runs them once, for tests and cron.
pub mod graphql;

use std::{future::Future, pin::Pin, time::Duration};

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    sea_query::{Expr, OnConflict},
};

use crate::{
    error::{AppError, AppResult},
    state::{AppState, Lang},
};
use entity::{job_lease, job_run};

pub use entity::enums::JobRunStatus;

/// What a job's run did, as counts: kept with the run (`job_run.outcome`) and written out in
/// the reader's language for the run history.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "summary", rename_all = "SCREAMING_SNAKE_CASE", rename_all_fields = "camelCase")]
pub enum Summary {
    Sweep {
        proposals: usize,
        contracts: usize,
        renewals: usize,
    },
    Workflow {
        documents_made: usize,
        documents_closed: u64,
        installs_made: usize,
        installs_closed: u64,
        faults_made: usize,
        faults_closed: u64,
    },
    Cadence {
        groups: usize,
        behind: usize,
        made: usize,
        closed: u64,
    },
    KeyMoments {
        moments: usize,
        made: usize,
    },
    Churn {
        groups: usize,
        warnings: usize,
        flagged: usize,
    },
    Complaints {
        escalated: usize,
    },
    Retention {
        overdue: usize,
        made: usize,
        closed: u64,
    },
    Suspensions {
        ahead: usize,
        made: usize,
        closed: u64,
    },
    /// Another process held the job's lease.
    Busy,
}

impl Summary {
    /// The line for the run history, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        match *self {
            Self::Sweep { proposals: p, contracts: c, renewals: r } => {
                if en {
                    format!("{p} proposal(s) expired, {c} contract(s) expired, {r} renewal reminder(s)")
                } else {
                    format!("过期方案 {p} 份，到期合同 {c} 份，续约提醒 {r} 条")
                }
            }
            Self::Workflow {
                documents_made: dm,
                documents_closed: dc,
                installs_made: im,
                installs_closed: ic,
                faults_made: fm,
                faults_closed: fc,
            } => {
                if en {
                    format!(
                        "missing documents: {dm} opened, {dc} closed; installs to confirm: {im} opened, {ic} closed; faults breaching: {fm} opened, {fc} closed"
                    )
                } else {
                    format!(
                        "合同资料待补 新建 {dm} 关闭 {dc}；装机待确认 新建 {im} 关闭 {ic}；故障超时 新建 {fm} 关闭 {fc}"
                    )
                }
            }
            Self::Cadence { groups: g, behind: b, made: m, closed: c } => {
                if en {
                    format!("{g} group(s) checked, {b} behind; {m} task(s) opened, {c} closed")
                } else {
                    format!("检查集团 {g} 个，未达标 {b} 个；新建待办 {m}，关闭 {c}")
                }
            }
            Self::KeyMoments { moments: k, made: m } => {
                if en {
                    format!("{k} key moment(s), {m} care task(s) opened")
                } else {
                    format!("关键时刻 {k} 个，新建关怀待办 {m} 条")
                }
            }
            Self::Churn { groups: g, warnings: w, flagged: f } => {
                if en {
                    format!("{g} group(s) checked; {w} new warning(s); {f} group(s) now at risk")
                } else {
                    format!("检查集团 {g} 个；新预警 {w} 条；转为预警状态的集团 {f} 个")
                }
            }
            Self::Complaints { escalated: e } => {
                if en {
                    format!("{e} complaint(s) escalated")
                } else {
                    format!("升级投诉 {e} 件")
                }
            }
            Self::Retention { overdue: o, made: m, closed: c } => {
                if en {
                    format!("{o} request(s) past a clock; {m} task(s) opened, {c} closed")
                } else {
                    format!("超时挽留单 {o} 件；新建待办 {m}，关闭 {c}")
                }
            }
            Self::Suspensions { ahead: a, made: m, closed: c } => {
                if en {
                    format!(
                        "{a} high-value member(s) to be suspended within 3 days; {m} reminder(s) opened, {c} closed"
                    )
                } else {
                    format!("3 天内预计停机的高价值成员 {a} 名；新建提醒 {m}，关闭 {c}")
                }
            }
            Self::Busy => if en { "Another process is running this job" } else { "另一进程正在运行此任务" }.into(),
        }
    }

    fn stored(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}
pub type JobFuture<'a> = Pin<Box<dyn Future<Output = AppResult<Summary>> + Send + 'a>>;

/// A job the scheduler runs.
pub struct JobDef {
    pub name: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    pub every: Duration,
    pub run: for<'a> fn(&'a AppState) -> JobFuture<'a>,
}

/// The jobs, in the order `run-jobs` runs them.
pub const JOBS: [JobDef; 8] = [
    JobDef {
        name: "pipeline.sweep",
        label_zh: "方案与合同到期处理",
        label_en: "Proposal and contract expiry, renewal reminders",
        every: Duration::from_secs(60),
        run: |s| Box::pin(crate::pipeline::sweep(s)),
    },
    JobDef {
        name: "tasks.workflow",
        label_zh: "合同资料、装机确认与故障超时待办",
        label_en: "Missing documents, installs to confirm, faults breaching",
        every: Duration::from_secs(60),
        run: |s| Box::pin(crate::tasks::rules::workflow(s)),
    },
    JobDef {
        name: "tasks.cadence",
        label_zh: "走访频次检查",
        label_en: "Visit cadence",
        every: Duration::from_secs(3600),
        run: |s| Box::pin(crate::cadence::generate(s)),
    },
    JobDef {
        name: "tasks.key_moments",
        label_zh: "关键时刻关怀",
        label_en: "Key moments",
        every: Duration::from_secs(3600),
        run: |s| Box::pin(crate::care::generate(s)),
    },
    JobDef {
        name: "tasks.churn",
        label_zh: "离网预警",
        label_en: "Churn warnings",
        every: Duration::from_secs(3600),
        run: |s| Box::pin(crate::churn::generate(s)),
    },
    JobDef {
        name: "complaints.escalate",
        label_zh: "投诉超时升级",
        label_en: "Complaint escalation",
        every: Duration::from_secs(60),
        run: |s| Box::pin(crate::complaints::service::escalate_due(s)),
    },
    JobDef {
        name: "retention.clocks",
        label_zh: "拆机挽留时限",
        label_en: "Disconnection retention clocks",
        every: Duration::from_secs(60),
        run: |s| Box::pin(crate::retention::service::clocks(s)),
    },
    JobDef {
        name: "arrears.suspensions",
        label_zh: "高价值成员停机提醒",
        label_en: "Suspension reminders for high-value members",
        every: Duration::from_secs(3600),
        run: |s| Box::pin(crate::arrears::service::suspension_reminders(s)),
    },
];

pub fn find(name: &str) -> Option<&'static JobDef> {
    JOBS.iter().find(|j| j.name == name)
}

/// How long a lease lasts: a process that dies mid-run frees its jobs after this.
const LEASE: chrono::Duration = chrono::Duration::minutes(10);

/// A name for this process in leases and run history.
pub fn holder_name() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "host".into());
    format!("{host}:{}:{}", std::process::id(), &uuid::Uuid::new_v4().simple().to_string()[..8])
}

/// Takes the job's lease for `holder` when nobody holds it (or the holding expired).
async fn acquire(state: &AppState, job: &str, holder: &str, now: DateTime<Utc>) -> AppResult<bool> {
    job_lease::Entity::insert(job_lease::ActiveModel {
        job: Set(job.to_string()),
        holder: Set(None),
        leased_until: Set(None),
    })
    .on_conflict(OnConflict::column(job_lease::Column::Job).do_nothing().to_owned())
    .try_insert()
    .exec(&state.db)
    .await?;
    let taken = job_lease::Entity::update_many()
        .col_expr(job_lease::Column::Holder, Expr::value(holder))
        .col_expr(job_lease::Column::LeasedUntil, Expr::value(now + LEASE))
        .filter(job_lease::Column::Job.eq(job))
        .filter(
            sea_orm::Condition::any()
                .add(job_lease::Column::LeasedUntil.is_null())
                .add(job_lease::Column::LeasedUntil.lt(now)),
        )
        .exec(&state.db)
        .await?;
    Ok(taken.rows_affected == 1)
}

async fn release(state: &AppState, job: &str, holder: &str) -> AppResult<()> {
    job_lease::Entity::update_many()
        .col_expr(job_lease::Column::Holder, Expr::value(Option::<String>::None))
        .col_expr(job_lease::Column::LeasedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(job_lease::Column::Job.eq(job))
        .filter(job_lease::Column::Holder.eq(holder))
        .exec(&state.db)
        .await?;
    Ok(())
}

/// Runs `job` once as `holder` if its lease is free: the run is recorded (with its summary or
/// error) and the lease released. `None` when another holder has it; `record_skip` then
/// records a `SKIPPED` run (for a run asked for by hand).
pub async fn run(state: &AppState, job: &JobDef, holder: &str, record_skip: bool) -> AppResult<Option<job_run::Model>> {
    let started = state.now();
    if !acquire(state, job.name, holder, started).await? {
        if !record_skip {
            return Ok(None);
        }
        let skipped = job_run::ActiveModel {
            job: Set(job.name.into()),
            holder: Set(holder.into()),
            started_at: Set(started),
            finished_at: Set(Some(started)),
            status: Set(JobRunStatus::Skipped),
            summary: Set(Some(Summary::Busy.text(Lang::Zh))),
            outcome: Set(Some(Summary::Busy.stored())),
            ..Default::default()
        }
        .insert(&state.db)
        .await?;
        return Ok(Some(skipped));
    }
    let span = tracing::info_span!("job", job = job.name, holder);
    let row = job_run::ActiveModel {
        job: Set(job.name.into()),
        holder: Set(holder.into()),
        started_at: Set(started),
        status: Set(JobRunStatus::Running),
        ..Default::default()
    }
    .insert(&state.db)
    .await;
    let row = match row {
        Ok(r) => r,
        Err(e) => {
            release(state, job.name, holder).await?;
            return Err(e.into());
        }
    };
    let outcome = tracing::Instrument::instrument((job.run)(state), span.clone()).await;
    let (status, summary, error) = match outcome {
        Ok(s) => (JobRunStatus::Succeeded, Some(s), None),
        Err(e) => {
            tracing::error!(parent: &span, error = ?e, "job failed");
            (JobRunStatus::Failed, None, Some(format!("{e:?}")))
        }
    };
    // The Chinese line is kept too, for anything reading the table.
    let (summary, outcome) = (summary.as_ref().map(|s| s.text(Lang::Zh)), summary.as_ref().map(Summary::stored));
    let mut done: job_run::ActiveModel = row.into();
    done.finished_at = Set(Some(state.now()));
    done.status = Set(status);
    done.summary = Set(summary);
    done.outcome = Set(outcome);
    done.error = Set(error);
    let done = done.update(&state.db).await;
    release(state, job.name, holder).await?;
    let done = done?;
    tracing::info!(job = job.name, status = done.status.as_str(), summary = ?done.summary, "job run");
    Ok(Some(done))
}

/// Runs every job (or the named ones) once, in order. Used by `gecrm run-jobs` and tests.
pub async fn run_all(state: &AppState, names: &[String]) -> AppResult<Vec<job_run::Model>> {
    for n in names {
        if find(n).is_none() {
            return Err(AppError::internal(format!("unknown job {n:?}; known: {}", known_names())));
        }
    }
    let holder = holder_name();
    let mut runs = Vec::new();
    for job in JOBS.iter().filter(|j| names.is_empty() || names.iter().any(|n| n == j.name)) {
        if let Some(r) = run(state, job, &holder, true).await? {
            runs.push(r);
        }
    }
    Ok(runs)
}

pub fn known_names() -> String {
    JOBS.iter().map(|j| j.name).collect::<Vec<_>>().join(", ")
}

/// The last run of a job that finished (or was skipped).
pub async fn last_run(state: &AppState, job: &str) -> AppResult<Option<job_run::Model>> {
    Ok(job_run::Entity::find()
        .filter(job_run::Column::Job.eq(job))
        .order_by_desc(job_run::Column::Id)
        .one(&state.db)
        .await?)
}

/// Runs each job when its interval has passed since its last run (by any process), for as
/// long as the server runs.
pub async fn run_forever(state: AppState) {
    let holder = holder_name();
    let mut tick = tokio::time::interval(Duration::from_secs(15));
    loop {
        tick.tick().await;
        for job in &JOBS {
            let due = match last_run(&state, job.name).await {
                Ok(Some(r)) => {
                    let every = chrono::Duration::from_std(job.every).unwrap_or(chrono::Duration::minutes(1));
                    r.status != JobRunStatus::Running && r.started_at + every <= state.now()
                        || r.started_at + LEASE <= state.now()
                }
                Ok(None) => true,
                Err(e) => {
                    tracing::error!(job = job.name, error = ?e, "reading the run history failed");
                    false
                }
            };
            if due {
                if let Err(e) = run(&state, job, &holder, false).await {
                    tracing::error!(job = job.name, error = ?e, "job could not run");
                }
            }
        }
    }
}
