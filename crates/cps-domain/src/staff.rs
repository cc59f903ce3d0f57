//! Back-office staff: roles and which tools each role may use.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StaffRole {
    Support,
    Finance,
    /// The service centre: requests, quotes, the loan pool (issue 15).
    Service,
    Admin,
}

/// A group of back-office pages and actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// Find a business and see what it holds.
    Businesses,
    /// Answer tickets, adjust points, approve migrations, resolve disputed serials.
    SupportActions,
    /// Invoices by status, mark paid, credit notes, bank files, unmatched payments.
    Finance,
    /// The job queue: pending and failed jobs.
    Jobs,
    /// The service queue, read only (support answers members about it).
    ServiceQueue,
    /// Service requests' steps, quotes and the loan pool.
    Service,
    /// Catalogue and tiers uploads, staff users, the audit log.
    Admin,
}

impl StaffRole {
    pub const ALL: [StaffRole; 4] = [StaffRole::Support, StaffRole::Finance, StaffRole::Service, StaffRole::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            StaffRole::Support => "support",
            StaffRole::Finance => "finance",
            StaffRole::Service => "service",
            StaffRole::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<StaffRole> {
        StaffRole::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }

    /// Support helps members, finance handles money, service runs the
    /// service centre; an admin runs the programme and may use every tool.
    /// Finance sees a business only through its invoices, support never
    /// touches money and only reads the service queue; service staff use
    /// the service tools and nothing else.
    pub fn may_use(self, tool: Tool) -> bool {
        match self {
            StaffRole::Admin => true,
            StaffRole::Support => matches!(tool, Tool::Businesses | Tool::SupportActions | Tool::ServiceQueue),
            StaffRole::Finance => matches!(tool, Tool::Finance | Tool::Jobs),
            StaffRole::Service => matches!(tool, Tool::ServiceQueue | Tool::Service),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_sees_only_its_tools() {
        let table = [
            (StaffRole::Support, [true, true, false, false, true, false, false]),
            (StaffRole::Finance, [false, false, true, true, false, false, false]),
            (StaffRole::Service, [false, false, false, false, true, true, false]),
            (StaffRole::Admin, [true, true, true, true, true, true, true]),
        ];
        let tools = [
            Tool::Businesses,
            Tool::SupportActions,
            Tool::Finance,
            Tool::Jobs,
            Tool::ServiceQueue,
            Tool::Service,
            Tool::Admin,
        ];
        for (role, allowed) in table {
            for (tool, ok) in tools.into_iter().zip(allowed) {
                assert_eq!(role.may_use(tool), ok, "{role:?} {tool:?}");
            }
        }
    }

    #[test]
    fn roles_parse_from_their_names_only() {
        for r in StaffRole::ALL {
            assert_eq!(StaffRole::parse(r.as_str()), Some(r));
        }
        assert_eq!(StaffRole::parse("service"), Some(StaffRole::Service));
        assert_eq!(StaffRole::parse("root"), None);
    }
}
