"""``__in`` on integer columns ignores numbers the column cannot hold, as ``exact`` already does in Django.

A form's multiple choice of rows (``ModelMultipleChoiceField``) looks its ids up with ``pk__in``; with junk such as
``99999999999999999999`` in the POST, SQLite's driver raised OverflowError (a 500) before the form could say "not a
valid choice". Django's exact/gt/lt lookups on integers already turn such numbers into "no row" (IntegerFieldOverflow);
this does the same for ``in``: an id outside the column's range matches nothing, so it is left out of the list.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    lookup_name = "in"

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int) or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
