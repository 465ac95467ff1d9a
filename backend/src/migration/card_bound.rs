//! The shape shared by dependents that hang on a card or on an account. Each kind's own module
//! fills one of these with its table, its label and its move statement.

/// A dependent that points at a card (`card_id`) and moves to a replacement card.
pub struct CardBound {
    /// `dependent_kind` in plans, e.g. `recurring_payment`.
    pub name: &'static str,
    /// Reads `dep_kind, id, parent, status, version, label, sort` for every row on the cards of
    /// the customer `c.id`: the label as people read it, `sort` the order they read them in. The
    /// snapshot reads all kinds with one statement (`snapshot::load`), in which `c` is the
    /// customer's row (why not a bound `$1`: `snapshot_sql`).
    pub select: &'static str,
    /// Moves every active row from card $2 to card $1 in one statement (set-based: the number of
    /// statements does not grow with the number of rows).
    pub move_sql: &'static str,
    /// Marks the rows of a blocked card ($1) as waiting for its replacement, if the kind has a
    /// notion of that (recurring payments do; an alert simply follows later).
    pub wait_sql: Option<&'static str>,
    /// Cancels one row ($1) the customer chose to end rather than carry over, for kinds that can
    /// say so (a subscription can end; an alert or a limit simply follows the card).
    pub cancel_sql: Option<&'static str>,
    /// The kind's table, and the SQL condition of a row that still pays, alerts or limits.
    pub table: &'static str,
    pub live: &'static str,
}

/// A dependent that belongs to an account; a card change keeps it as it is.
pub struct AccountBound {
    pub name: &'static str,
    /// Reads `dep_kind, id, parent, status, version, label, sort` for the accounts of the
    /// customer `c.id`, as [`CardBound::select`].
    pub select: &'static str,
}
