//! The scheduler in the API (admins): the jobs with their lease and last run, the run history,
//! and running a job now.
use crate::graphql::ContextExt;
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{JOBS, JobDef, JobRunStatus};
use crate::{
    error::{AppError, AppResult, UserError, UserErrorCode},
    graphql::{
        enums::Gql,
        loaders::load_by_id,
        relay::{KeysetConnection, NodeKind, PageArgs, keyset},
    },
    state::Lang,
};
use entity::{job_lease, job_run};

/// One run of a scheduled job (运行记录).
pub struct JobRun(pub job_run::Model);

/// One run of a scheduled job (运行记录).
#[Object]
impl JobRun {
    /// Opaque global id.
    pub async fn id(&self) -> ID {
        NodeKind::JobRun.id(self.0.id)
    }
    /// The job's name, e.g. `tasks.cadence`.
    async fn job(&self) -> &str {
        &self.0.job
    }
    /// The server process that ran it.
    async fn holder(&self) -> &str {
        &self.0.holder
    }
    /// When it started.
    async fn started_at(&self) -> DateTime<Utc> {
        self.0.started_at
    }
    /// When it ended.
    async fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.0.finished_at
    }
    /// Running, succeeded, failed or skipped.
    async fn status(&self) -> Gql<JobRunStatus> {
        Gql(self.0.status)
    }
    /// What it did, in the request's language (`Accept-Language`; zh-CN by default).
    async fn summary(&self, ctx: &Context<'_>) -> Option<String> {
        let outcome = self.0.outcome.clone().and_then(|v| serde_json::from_value::<super::Summary>(v).ok());
        outcome.map_or_else(|| self.0.summary.clone(), |o| Some(o.text(ctx.lang())))
    }
    /// Why it failed.
    async fn error(&self) -> Option<&str> {
        self.0.error.as_deref()
    }
}

/// A job the server runs on a schedule (定时任务).
pub struct ScheduledJob(&'static JobDef);

/// A job the server runs on a schedule (定时任务).
#[Object]
impl ScheduledJob {
    /// Its name, for `runJob` and `jobRuns(job:)`.
    async fn name(&self) -> &'static str {
        self.0.name
    }
    /// What it does, in the request's language.
    async fn label(&self, ctx: &Context<'_>) -> &'static str {
        if ctx.lang() == Lang::En { self.0.label_en } else { self.0.label_zh }
    }
    /// How often it runs.
    async fn every_seconds(&self) -> i32 {
        self.0.every.as_secs() as i32
    }
    /// The process running it now, if any.
    async fn leased_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        Ok(lease(ctx, self.0.name).await?.and_then(|l| l.holder))
    }
    /// Until when that process holds it.
    async fn leased_until(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<DateTime<Utc>>> {
        Ok(lease(ctx, self.0.name).await?.and_then(|l| l.leased_until))
    }
    /// Its latest run.
    async fn last_run(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<JobRun>> {
        Ok(super::last_run(ctx.state(), self.0.name).await?.map(JobRun))
    }
}

async fn lease(ctx: &Context<'_>, job: &str) -> AppResult<Option<job_lease::Model>> {
    Ok(job_lease::Entity::find_by_id(job.to_string()).one(&ctx.state().db).await?)
}

pub async fn load_visible(ctx: &Context<'_>, id: i64) -> AppResult<Option<JobRun>> {
    if !ctx.viewer()?.is_admin() {
        return Ok(None);
    }
    Ok(load_by_id::<job_run::Entity>(ctx, id).await?.map(JobRun))
}

#[derive(Default)]
pub struct JobQuery;

#[Object]
impl JobQuery {
    /// The scheduled jobs (admins only).
    async fn scheduled_jobs(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ScheduledJob>> {
        if !ctx.viewer()?.is_admin() {
            return Err(AppError::forbidden().into());
        }
        Ok(JOBS.iter().map(ScheduledJob).collect())
    }

    /// The run history, newest first (admins only).
    #[graphql(complexity = "crate::graphql::relay::connection_complexity(first, last, child_complexity)")]
    async fn job_runs(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this job's runs.")] job: Option<String>,
        #[graphql(desc = "Page size going forward (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the item after which the page starts.")] after: Option<String>,
        #[graphql(desc = "Page size going backward (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor of the item before which the page ends.")] before: Option<String>,
    ) -> async_graphql::Result<KeysetConnection<JobRun>> {
        if !ctx.viewer()?.is_admin() {
            return Err(AppError::forbidden().into());
        }
        let mut select = job_run::Entity::find();
        if let Some(j) = job {
            select = select.filter(job_run::Column::Job.eq(j));
        }
        Ok(keyset(&ctx.state().db, select, job_run::Column::Id, false, PageArgs { first, after, last, before }, JobRun)
            .await?)
    }
}

/// A job to run now.
#[derive(InputObject)]
pub struct RunJobInput {
    /// The job's name (see `scheduledJobs`).
    pub name: String,
}

/// Result of running a job by hand.
#[derive(SimpleObject)]
pub struct RunJobPayload {
    /// The run (skipped when another process was running the job).
    pub run: Option<JobRun>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

#[derive(Default)]
pub struct JobMutation;

#[Object]
impl JobMutation {
    /// Runs a scheduled job now and waits for it (admins only).
    async fn run_job(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: RunJobInput,
    ) -> async_graphql::Result<RunJobPayload> {
        if !ctx.viewer()?.is_admin() {
            return Err(AppError::forbidden().into());
        }
        let Some(job) = super::find(&input.name) else {
            return Ok(RunJobPayload {
                run: None,
                user_errors: vec![UserError::new(
                    "name",
                    UserErrorCode::Invalid,
                    format!("没有名为“{}”的定时任务", input.name),
                    format!("No scheduled job named {:?}", input.name),
                )],
            });
        };
        let holder = format!("manual:{}", ctx.viewer()?.user_id);
        let run = super::run(ctx.state(), job, &holder, true).await?;
        Ok(RunJobPayload { run: run.map(JobRun), user_errors: vec![] })
    }
}
