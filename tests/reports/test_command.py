"""`manage.py render_report` renders through the same code as the task, synchronously; bad input is refused."""

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from reports.models import Report


def test_renders_each_kind_to_a_file(plan, tmp_path, capsys):
    for kind, extra in [("uppfoljning", {}), ("handlingsplan", {}), ("mognad", {"organisation": "Socialtjänst"})]:
        output = tmp_path / f"{kind}.pdf"
        call_command("render_report", kind, output=str(output), date_from="2026-01-01", date_to="2026-04-30", **extra)
        reader = PdfReader(output)
        assert "2026" in reader.pages[0].extract_text()
    assert "WeasyPrint" in capsys.readouterr().out
    assert not Report.objects.exists()  # operations rendering stores no report


@pytest.mark.parametrize(
    ("args", "options", "message"),
    [
        (["arsbok"], {}, "Okänd rapporttyp"),
        (["uppfoljning"], {"date_from": "2026-05-01", "date_to": "2026-04-01"}, "åt fel håll"),
        (["uppfoljning"], {"date_from": "2026-13-01"}, "Ogiltigt datum"),
        (["mognad"], {}, "Välj den organisation"),
        (["mognad"], {"organisation": "Finns inte"}, "Okänd organisation"),
    ],
)
def test_bad_input_is_refused(plan, tmp_path, args, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("render_report", *args, output=str(tmp_path / "x.pdf"), **options)
    assert not (tmp_path / "x.pdf").exists()
