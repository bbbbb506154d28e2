//! Whether this copy may write now, asked before every write, and a second
//! look before anyone is told the file is damaged.

use super::damage;
use super::error::{StoreError, StoreResult};
use super::schema;
use super::share::{Activity, LockReach, Survey};
use super::Store;

impl Store {
    /// Looks at the other copies again, just before a write: a copy that
    /// appeared since the file was opened and whose lock is hidden stops
    /// this write, and one that went away lets writing resume. A copy
    /// whose own announcement lapsed (asleep, stopped) opens the file
    /// afresh first, since others may have written meanwhile.
    pub(super) fn clear_to_write(&mut self) -> StoreResult<()> {
        if self.is_server() {
            // The server keeps its own rules: grants, triggers, its locks.
            return Ok(());
        }
        if self.read_only {
            return Err(StoreError::ReadOnly(self.path.display().to_string()));
        }
        self.recheck_schema()?;
        if let Some(diff) = &self.tampered {
            return Err(StoreError::Tampered(format!("{}: {diff}", self.path.display())));
        }
        if let Some(report) = damage::reported(&self.path) {
            return Err(StoreError::DamageReported(report));
        }
        let Some(presence) = &self.presence else {
            if let Some(why) = &self.unannounced {
                return Err(StoreError::CannotAnnounce(why.clone()));
            }
            let why = self
                .refusal
                .clone()
                .unwrap_or_else(|| "this copy is not announced".into());
            return Err(StoreError::LocksNotShared(why));
        };
        let lapsed = presence.take_lapsed();
        if let Some(why) = presence.survey().verdict.refusal() {
            let why = why.to_string();
            if self.refusal.is_none() {
                // From now on read through a read-only connection.
                self.reconnect(true)?;
            }
            self.refusal = Some(why.clone());
            Err(StoreError::LocksNotShared(why))
        } else {
            if self.refusal.take().is_some() || lapsed {
                self.reconnect(false)?;
            }
            Ok(())
        }
    }

    /// Checks the schema again when it changed since it was last checked
    /// (someone added SQL while this copy ran).
    fn recheck_schema(&mut self) -> StoreResult<()> {
        let now = schema::version(self.file()?)?;
        if now != self.schema_seen {
            self.tampered = schema::check(self.file()?)?.map(|diff| diff.describe());
            self.schema_seen = now;
        }
        Ok(())
    }

    /// What the other copies of the desk are, as this copy sees them, and
    /// whether this copy may write. A change of verdict changes the
    /// connection to match, so the app's banner and its writes agree.
    pub fn survey_team(&mut self) -> StoreResult<Option<Survey>> {
        let Some(presence) = &self.presence else {
            return Ok(None);
        };
        let survey = presence.survey();
        self.recheck_schema()?;
        if !self.read_only {
            match (survey.verdict.refusal(), self.refusal.is_some()) {
                (Some(why), false) => {
                    self.reconnect(true)?;
                    self.refusal = Some(why.to_string());
                }
                (Some(why), true) => self.refusal = Some(why.to_string()),
                (None, true) => {
                    self.reconnect(false)?;
                    self.refusal = None;
                }
                (None, false) => {}
            }
        }
        Ok(Some(survey))
    }

    /// Tells the other copies what this one is doing (replying, noting).
    pub fn announce_activity(&self, activity: Option<Activity>) {
        if let Some(p) = &self.presence {
            p.set_activity(activity);
        }
    }

    /// An error on its way to a person: "damaged" is said only after the
    /// file has been looked at again through a fresh connection (a network
    /// client may have served stale pages, or a write from a machine whose
    /// locks we cannot see may have been caught half-way).
    pub fn second_opinion(&mut self, err: StoreError) -> StoreError {
        let StoreError::Damaged(detail) = err else {
            return err;
        };
        if let Some(earlier) = damage::reported(&self.path) {
            return StoreError::DamageReported(earlier);
        }
        let shown = self.path.display().to_string();
        let fresh_check = damage::quick_check(&self.path);
        let unshared = self.refusal.is_some();
        let fs = self.file_system();
        let risky_fs = fs.as_ref().is_some_and(|f| f.locks != LockReach::Local);
        if fresh_check.is_ok_and(|problems| problems.is_empty()) {
            let _ = self.reconnect(self.is_read_only());
            let why = if unshared {
                ", through a share that does not pass locks between machines"
            } else if risky_fs {
                ", through a network share"
            } else {
                ""
            };
            return StoreError::StaleView(shown, why);
        }
        // Damage is real, as far as this machine can tell: nobody writes
        // until doctor finds the file sound again.
        damage::report(&self.path, &detail);
        if unshared || risky_fs {
            return StoreError::DamagedHere {
                path: shown,
                detail,
                fs: fs.map_or_else(|| "a share".into(), |f| f.name),
            };
        }
        StoreError::Damaged(detail)
    }
}
