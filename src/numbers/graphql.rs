//! Number grades in the API: grading a number, and choosing a job's number.
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};

use super::{NumberGrade, classify, terms};
use crate::{
    auth::Role,
    error::AppError,
    graphql::ContextExt,
    graphql::{enums::Gql, relay::NodeKind, scalars::Money},
    installs::graphql::{InstallationJob, InstallationJobPayload},
};

/// A fixed-line number's grade and what it takes (码号等级).
#[derive(SimpleObject)]
pub struct NumberGradeInfo {
    /// The number as normalised: the area code (if given), a hyphen, the local number.
    pub number: String,
    /// The 7 or 8 local digits that were graded.
    pub subscriber_number: String,
    /// 甲 (A) to 丁 (D).
    pub grade: Gql<NumberGrade>,
    /// The pattern matched, e.g. `XXXAAAA`; empty for 丁.
    pub pattern: String,
    /// Prestore the customer pays (预存).
    pub prestore: Money,
    /// Monthly minimum spend (月最低消费).
    pub monthly_minimum: Money,
    /// Who must approve it (the chain climbs to this role); null when no approval is needed.
    pub approval_role: Option<Gql<Role>>,
}

/// What a number's grade asked of the customer when its approval was requested (号码等级条件).
#[derive(SimpleObject)]
pub struct NumberTerms {
    /// The pattern matched, e.g. `XXXAAAA`; empty for 丁.
    pub pattern: String,
    /// Prestore the customer pays (预存).
    pub prestore: Money,
    /// Monthly minimum spend (月最低消费).
    pub monthly_minimum: Money,
}

impl NumberTerms {
    /// The terms a request kept for `number`. A request made before requests kept them
    /// (both amounts empty) shows the grade's terms as they are now.
    pub async fn of_request(
        ctx: &Context<'_>,
        number: &str,
        prestore: Option<rust_decimal::Decimal>,
        monthly_minimum: Option<rust_decimal::Decimal>,
    ) -> async_graphql::Result<Option<Self>> {
        let Ok(c) = classify(number) else { return Ok(None) };
        let (prestore, monthly_minimum) = match (prestore, monthly_minimum) {
            (Some(p), Some(m)) => (p, m),
            _ => {
                let t = terms(&ctx.state().db, c.grade).await?;
                (t.prestore, t.monthly_minimum)
            }
        };
        Ok(Some(Self { pattern: c.pattern, prestore: Money(prestore), monthly_minimum: Money(monthly_minimum) }))
    }
}

#[derive(Default)]
pub struct NumberQuery;

#[Object]
impl NumberQuery {
    /// Grades a fixed-line number (rule 10); a malformed number is a `BAD_USER_INPUT` error.
    async fn number_grade(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The number, with or without area code, e.g. 020-8888 1234.")] number: String,
    ) -> async_graphql::Result<NumberGradeInfo> {
        ctx.viewer()?;
        let c = classify(&number).map_err(|e| AppError::bad_input(e.to_string(), e.message_en()))?;
        let t = terms(&ctx.state().db, c.grade).await?;
        Ok(NumberGradeInfo {
            number: c.normalized,
            subscriber_number: c.subscriber,
            grade: Gql(c.grade.into()),
            pattern: c.pattern,
            prestore: Money(t.prestore),
            monthly_minimum: Money(t.monthly_minimum),
            approval_role: t.approver.map(Gql),
        })
    }
}

/// The number chosen for a job's new fixed line.
#[derive(InputObject)]
pub struct SelectJobNumberInput {
    /// The job (global id).
    pub id: ID,
    /// The version the caller last saw; a newer one on the server is a `CONFLICT`.
    pub expected_version: i32,
    /// The number, with or without area code.
    pub number: String,
    /// Why this number (required when its grade needs approval or a waiver is asked).
    pub justification: Option<String>,
    /// Prestore to waive (预存款减免, rule 17) on a 甲, 乙 or 丙 number: more than zero, at most the
    /// grade's prestore. Approved by the billing-adjustment tiers on this amount on top of the
    /// grade's own approver, in the same request.
    pub prestore_waiver: Option<Money>,
}

#[derive(Default)]
pub struct NumberMutation;

#[Object]
impl NumberMutation {
    /// Chooses the number of a job's new fixed line (选号); a grade that needs approval opens a
    /// request (`NUMBER_GRADE`) and work cannot start until it is approved.
    async fn select_job_number(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request; see its type for the fields.")] input: SelectJobNumberInput,
    ) -> async_graphql::Result<InstallationJobPayload> {
        let id = NodeKind::InstallationJob.decode(&input.id).ok_or_else(AppError::not_found)?;
        let r = crate::installs::service::select_number(
            ctx.state(),
            &ctx.actor()?,
            ctx.viewer()?,
            id,
            input.expected_version,
            &input.number,
            input.justification.as_deref(),
            input.prestore_waiver.map(|m| m.0),
        )
        .await;
        let (m, user_errors) = crate::graphql::payload::split(r)?;
        Ok(InstallationJobPayload { job: m.map(InstallationJob), user_errors })
    }
}
