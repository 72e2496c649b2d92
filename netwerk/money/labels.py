"""Labels of the money feature's enums, in Dutch and marked for translation (registered in
netwerk.labels by create_app)."""

from flask_babel import lazy_gettext as _l

from netwerk.money.models import AmountBasis, BudgetCategory, FunderKind, ProRata, Rounding

LABELS = {
    FunderKind.ministerie: _l("ministerie"),
    FunderKind.provincie: _l("provincie"),
    FunderKind.esf: _l("ESF"),
    FunderKind.gemeente: _l("gemeente"),
    FunderKind.other: _l("andere"),
    AmountBasis.total: _l("voor de hele periode"),
    AmountBasis.per_year: _l("per jaar (twaalf maanden)"),
    ProRata.months: _l("per maand"),
    ProRata.days: _l("per dag (inclusief)"),
    Rounding.cents: _l("op de cent"),
    Rounding.euro: _l("op de euro"),
    BudgetCategory.personeel: _l("personeel"),
    BudgetCategory.werking: _l("werking"),
    BudgetCategory.investering: _l("investering"),
    BudgetCategory.other: _l("andere"),
}
