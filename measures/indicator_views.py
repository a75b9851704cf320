"""Thin views for a measure's indicators: add, change, archive or restore, and record an outcome for a period."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View

from vudig.core.formviews import ServiceFormView
from vudig.core.views_mixins import PermissionRequiredMixin

from . import indicators
from .indicator_forms import IndicatorForm, IndicatorValueForm
from .models import FollowUpPeriod, Indicator, IndicatorValue, Measure

SECTION = "#indicators-heading"


class _MeasureIndicatorMixin(PermissionRequiredMixin):
    permission_action = "indicator.edit"

    def get_permission_object(self):
        self.measure = get_object_or_404(
            Measure.objects.select_related("plan__successor", "responsible_organisation"), pk=self.kwargs["pk"]
        )
        self.indicator = None
        if "indicator_pk" in self.kwargs:
            try:
                self.indicator = indicators.indicator_get(measure_pk=self.measure.pk, pk=self.kwargs["indicator_pk"])
            except Indicator.DoesNotExist:
                raise Http404 from None
        return self.measure

    def get_success_url(self):
        return self.measure.get_absolute_url() + SECTION

    def get_context_data(self, **kwargs):
        return super().get_context_data(measure=self.measure, indicator=self.indicator, **kwargs)


def _indicator_values(data) -> dict:
    return {
        "name": data["name"],
        "unit": data["unit"],
        "baseline_value": data["baseline_value"],
        "baseline_year": data["baseline_year"],
        "target_value": data["target_value"],
        "target_date": data["target_date"],
        "higher_is_better": data["higher_is_better"],
        "source": data["source"],
    }


class IndicatorCreateView(_MeasureIndicatorMixin, ServiceFormView):
    template_name = "measures/indicators/indicator_form.html"
    form_class = IndicatorForm
    invalid_status = 400

    def perform(self, form):
        saved = indicators.indicator_create(
            measure=self.measure, by=self.request.user, **_indicator_values(form.cleaned_data)
        )
        messages.success(self.request, _("Nyckeltalet ”%(name)s” är tillagt.") % {"name": saved.name})

    def get_context_data(self, **kwargs):
        return super().get_context_data(creating=True, **kwargs)


class IndicatorUpdateView(_MeasureIndicatorMixin, ServiceFormView):
    template_name = "measures/indicators/indicator_form.html"
    form_class = IndicatorForm
    invalid_status = 400

    def dispatch(self, request, *args, **kwargs):
        if "indicator_pk" not in kwargs:  # pragma: no cover - the url always has it
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return IndicatorForm.initial_for(self.indicator)

    def perform(self, form):
        data = form.cleaned_data
        indicators.indicator_update(
            indicator=self.indicator, expected_version=data["version"], by=self.request.user, **_indicator_values(data)
        )
        messages.success(self.request, _("Nyckeltalet är sparat."))

    def conflict_values(self, current, form):
        view = indicators.IndicatorView(indicator=current, outcomes=[])
        return [
            (_("Nyckeltal"), current.name),
            (_("Basvärde"), f"{view.baseline_text} ({current.baseline_year})"),
            (_("Målvärde"), f"{view.target_text} ({current.target_date:%Y-%m-%d})"),
            (_("Riktning"), view.direction_text),
            (_("Källa"), current.source),
        ]


class IndicatorArchiveView(_MeasureIndicatorMixin, View):
    """A button on the measure page: archive or restore; a refusal is said on the page."""

    def post(self, request, *args, **kwargs):
        if self.indicator is None:  # pragma: no cover - the url always has it
            raise Http404
        archived = request.POST.get("archived") == "1"
        try:
            indicators.indicator_set_archived(indicator=self.indicator, archived=archived, by=request.user)
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            messages.success(
                request,
                _("Nyckeltalet är arkiverat. Det kan återställas.") if archived else _("Nyckeltalet är återställt."),
            )
        return HttpResponseRedirect(self.get_success_url())


class IndicatorMoveView(_MeasureIndicatorMixin, View):
    """Up / down buttons on the measure page."""

    def post(self, request, *args, **kwargs):
        if self.indicator is None:  # pragma: no cover - the url always has it
            raise Http404
        try:
            moved = indicators.indicator_move(
                indicator=self.indicator, direction=request.POST.get("direction", ""), by=request.user
            )
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            if moved:
                messages.success(request, _("Nyckeltalet är flyttat."))
        return HttpResponseRedirect(self.get_success_url())


class IndicatorValueView(_MeasureIndicatorMixin, ServiceFormView):
    """Record an indicator's outcome for an open follow-up period (``?period=`` picks one and shows its value)."""

    permission_action = "indicator.record"
    template_name = "measures/indicators/value_form.html"

    def get_permission_object(self):
        return indicators.with_carriers(super().get_permission_object())

    form_class = IndicatorValueForm
    invalid_status = 400

    def _periods(self):
        self.open_periods = list(indicators.open_periods_for(self.measure))
        return FollowUpPeriod.objects.filter(plan_id=self.measure.plan_id)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "periods": self._periods(),
            "open_periods": self.open_periods,
            "unit": self.indicator.unit,
        }

    def get_initial(self):
        chosen = self.request.GET.get("period")
        open_ids = [p.pk for p in indicators.open_periods_for(self.measure)]
        period_id = int(chosen) if chosen and chosen.isdigit() and int(chosen) in open_ids else (open_ids or [None])[0]
        initial = {"period": period_id}
        stored = IndicatorValue.objects.filter(indicator=self.indicator, period_id=period_id).first()
        if stored is not None:
            initial.update(value=indicators.format_number(stored.value), comment=stored.comment, version=stored.version)
        return initial

    def perform(self, form):
        data = form.cleaned_data
        saved = indicators.indicator_record_value(
            indicator=self.indicator,
            period=data["period"],
            value=data["value"],
            comment=data["comment"],
            expected_version=data["version"],
            by=self.request.user,
        )
        message = _("Utfallet för ”%(name)s” i %(period)s är sparat: %(value)s.") % {
            "name": self.indicator.name,
            "period": saved.period.title,
            "value": indicators.with_unit(saved.value, self.indicator.unit),
        }
        if saved.is_late:
            message += " " + _("Det registrerades efter periodens sista dag och markeras som sent.")
        messages.success(self.request, message)

    def conflict_values(self, current, form):
        return [
            (_("Period"), current.period.title),
            (_("Utfall"), indicators.with_unit(current.value, self.indicator.unit)),
            (_("Kommentar"), current.comment),
        ]

    def get_context_data(self, **kwargs):
        if not hasattr(self, "open_periods"):
            self._periods()
        return super().get_context_data(
            open_periods=self.open_periods,
            summary=indicators.IndicatorView(indicator=self.indicator, outcomes=[]),
            **kwargs,
        )
