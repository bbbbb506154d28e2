use super::labels::labelled_enum;
use super::DomainError;

labelled_enum!(
    /// Where a request stands in its life.
    Status, "status" {
        New => "new", Open => "open", Waiting => "waiting", Resolved => "resolved", Closed => "closed"
    }
);

impl Status {
    /// The moves a person may make from this status. Reopening is the move
    /// from resolved or closed back to open. A new request may be resolved
    /// at once (answered during the call) or parked as waiting.
    pub fn allowed_moves(self) -> &'static [Status] {
        use Status::{Closed, New, Open, Resolved, Waiting};
        match self {
            New => &[Open, Waiting, Resolved],
            Open => &[Waiting, Resolved],
            Waiting => &[Open, Resolved],
            Resolved => &[Closed, Open],
            Closed => &[Open],
        }
    }

    pub fn can_move_to(self, to: Status) -> bool {
        self.allowed_moves().contains(&to)
    }

    /// Refuses an illegal move with a message naming the legal ones.
    pub fn check_move(self, to: Status) -> Result<(), DomainError> {
        if self.can_move_to(to) {
            return Ok(());
        }
        let allowed = self
            .allowed_moves()
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        Err(DomainError::IllegalTransition {
            from: self.as_str(),
            to: to.as_str(),
            allowed,
        })
    }

    /// Still work for the desk (counts in the backlog).
    pub fn is_open(self) -> bool {
        matches!(self, Status::New | Status::Open | Status::Waiting)
    }

    pub fn is_done(self) -> bool {
        !self.is_open()
    }
}

#[cfg(test)]
mod tests {
    use super::Status::*;

    #[test]
    fn the_documented_path_is_allowed() {
        for (from, to) in [
            (New, Open),
            (Open, Waiting),
            (Waiting, Open),
            (Open, Resolved),
            (Resolved, Closed),
            (Resolved, Open),
            (Closed, Open),
        ] {
            assert!(from.check_move(to).is_ok(), "{from} -> {to}");
        }
    }

    #[test]
    fn illegal_moves_say_which_moves_are_allowed() {
        let err = Closed.check_move(Waiting).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot move a request from closed to waiting; from closed it can go to: open"
        );
        assert!(New.check_move(Closed).is_err());
        assert!(Open.check_move(Open).is_err());
        assert!(Waiting.check_move(Closed).is_err());
    }

    #[test]
    fn open_statuses_form_the_backlog() {
        assert!(New.is_open() && Open.is_open() && Waiting.is_open());
        assert!(Resolved.is_done() && Closed.is_done());
    }
}
