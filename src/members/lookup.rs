//! Finding the customer a request is about, as the counter does: a group the user sees (and
//! optionally one of its members), or, for the desk, which sees no group, a member's phone
//! number or the group's code, looked up among the groups of the desk's branch.
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait};

use crate::{
    auth::{Role, Viewer},
    error::{AppError, AppResult, UserError, UserErrorCode},
    fields::Phone,
    groups::visible_group_ids,
};
use entity::{customer_group, member};

/// Which customer a request is about.
#[derive(Clone, Debug, Default)]
pub enum Customer {
    #[default]
    Unknown,
    Group {
        group_id: i64,
        member_id: Option<i64>,
    },
    Phone(String),
    GroupCode(String),
}

/// Groups the viewer may name by phone or code: those they see, or for the desk every group of
/// its branch.
fn reachable_groups(viewer: &Viewer) -> Condition {
    match (viewer.role, viewer.branch_id) {
        (Role::ServiceDesk, Some(b)) => Condition::all().add(customer_group::Column::BranchId.eq(b)),
        (Role::ServiceDesk, None) => Condition::any(),
        _ => Condition::all().add(customer_group::Column::Id.in_subquery(visible_group_ids(viewer))),
    }
}

fn not_found(field: &str) -> AppError {
    UserError::new(
        field,
        UserErrorCode::NotFound,
        "未找到该客户：请核对号码或集团编号",
        "No such customer: check the number or the group code",
    )
    .into()
}

/// The group and member a request is about.
pub async fn find_customer<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    customer: &Customer,
) -> AppResult<(customer_group::Model, Option<member::Model>)> {
    match customer {
        Customer::Unknown => Err(UserError::new(
            "groupId",
            UserErrorCode::Required,
            "请指定集团、成员号码或集团编号",
            "Give the group, a member's number or the group's code",
        )
        .into()),
        Customer::Group { group_id, member_id } => {
            let g = crate::groups::service::find_visible(db, viewer, *group_id).await?;
            let m = match member_id {
                Some(id) => Some(
                    member::Entity::find_by_id(*id)
                        .filter(member::Column::GroupId.eq(g.id))
                        .one(db)
                        .await?
                        .ok_or_else(|| not_found("memberId"))?,
                ),
                None => None,
            };
            Ok((g, m))
        }
        Customer::Phone(raw) => {
            let phone = Phone::parse("phone", raw)?;
            let groups = customer_group::Entity::find()
                .select_only()
                .column(customer_group::Column::Id)
                .filter(reachable_groups(viewer))
                .into_query();
            let found = member::Entity::find()
                .filter(member::Column::Phone.eq(phone.as_str()))
                .filter(member::Column::GroupId.in_subquery(groups))
                .order_by_asc(member::Column::Id)
                .limit(2)
                .all(db)
                .await?;
            match found.as_slice() {
                [] => Err(not_found("phone")),
                [m] => {
                    let g = customer_group::Entity::find_by_id(m.group_id)
                        .one(db)
                        .await?
                        .ok_or_else(AppError::not_found)?;
                    Ok((g, Some(m.clone())))
                }
                _ => Err(UserError::new(
                    "phone",
                    UserErrorCode::Invalid,
                    "该号码属于多个集团，请改用集团编号",
                    "That number belongs to several groups: give the group's code",
                )
                .into()),
            }
        }
        Customer::GroupCode(code) => {
            let g = customer_group::Entity::find()
                .filter(customer_group::Column::Code.eq(code.trim()))
                .filter(reachable_groups(viewer))
                .one(db)
                .await?
                .ok_or_else(|| not_found("groupCode"))?;
            Ok((g, None))
        }
    }
}
