"""Django's list pagination (MultipleObjectMixin.paginate_by) for every paginated page, forgiving about the number."""

from __future__ import annotations

from django.views.generic.list import MultipleObjectMixin


class PageMixin(MultipleObjectMixin):
    """``paginate_by`` and ``page_kwarg`` as in ListView, but junk or an out-of-range page number gives the first or
    the last page instead of a 404: page numbers come from links people keep, and the list may have shrunk since.

    A view with a second list on the same page paginates it with ``self.paginate_queryset(qs, size, page_kwarg=...)``.
    """

    def paginate_queryset(self, queryset, page_size, *, page_kwarg=None):
        paginator = self.get_paginator(
            queryset, page_size, orphans=self.get_paginate_orphans(), allow_empty_first_page=self.get_allow_empty()
        )
        page = paginator.get_page(self.request.GET.get(page_kwarg or self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("page_kwarg", self.page_kwarg)
        return context
