//! Reading and setting the desk's SLA policy (the clocks it drives are
//! kept by the kernel; breaches are escalated by the sweep).

use rusqlite::params;

use super::error::{StoreError, StoreResult};
use super::kernel::{lead_rights, load_policy, recompute_clocks, POLICY_KEY};
use super::Store;
use crate::domain::sla::SlaPolicy;

impl Store {
    pub fn sla_policy(&self) -> StoreResult<SlaPolicy> {
        load_policy(&self.db())
    }

    /// Saves the shared policy (targets and calendar) as `actor`, a lead,
    /// and recomputes the clocks of open requests.
    pub(crate) fn set_sla_policy(&mut self, actor: &str, policy: &SlaPolicy) -> StoreResult<usize> {
        policy.validate()?;
        let text = serde_json::to_string(policy).map_err(|e| StoreError::Invalid(e.to_string()))?;
        self.write(|tx| {
            lead_rights(tx, actor, "change the service targets or the business calendar")?;
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![POLICY_KEY, text],
            )?;
            recompute_clocks(tx, policy, "status IN ('new', 'open', 'waiting')")
        })
    }

    /// Fills in clocks missing after an upgrade from a schema without them.
    pub(super) fn fill_missing_clocks(&mut self) -> StoreResult<usize> {
        self.write(|tx| {
            let policy = load_policy(tx)?;
            recompute_clocks(tx, &policy, "due_at IS NULL")
        })
    }
}
