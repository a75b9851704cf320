"""One pagination partial for every paginated page: Django's querystring keeps the other parameters."""

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.template import RequestContext, Template
from django.test import RequestFactory

from forums.models import Forum


def _request(url: str):
    request = RequestFactory().get(url)
    request.user = AnonymousUser()  # the context processors ask for it
    return request


def _render(url: str, number, **include):
    request = _request(url)
    page = Paginator(range(100), 10).get_page(number)
    options = " ".join(f'{k}="{v}"' for k, v in include.items())
    template = Template('{% include "includes/_pagination.html" with page_obj=page ' + options + " %}")
    return template.render(RequestContext(request, {"page": page}))


def test_links_keep_the_other_parameters_and_change_only_the_page():
    html = _render("/lista/?plan=3&page=2&status=klar", 2)
    assert 'href="?plan=3&amp;page=1&amp;status=klar" rel="prev"' in html
    assert 'href="?plan=3&amp;page=3&amp;status=klar" rel="next"' in html


def test_named_page_parameter_and_anchor():
    html = _render("/planen/?plan=p", 1, param="sida", anchor="plan-p", label="Sidor med åtgärder")
    assert 'href="?plan=p&amp;sida=2#plan-p" rel="next"' in html
    assert 'rel="prev"' not in html
    assert '<nav class="pagination" aria-label="Sidor med åtgärder">' in html


def test_the_current_page_is_marked_for_screen_readers():
    html = _render("/lista/", 4)
    assert '<span aria-current="page">Sida 4 av 10</span>' in html


def test_a_single_page_draws_no_navigation():
    request = _request("/lista/")
    page = Paginator(range(5), 10).get_page(1)
    html = Template('{% include "includes/_pagination.html" with page_obj=page %}').render(
        RequestContext(request, {"page": page})
    )
    assert "<nav" not in html


def test_junk_or_out_of_range_page_numbers_give_the_first_or_last_page(client, people):
    client.force_login(people["reader"])

    Forum.objects.bulk_create(
        Forum(name=f"Forum {i}", slug=f"forum-{i}", purpose="Syfte", responsible="Alla", order=100 + i)
        for i in range(30)
    )
    assert client.get("/forum/?page=%00").context["page_obj"].number == 1
    assert client.get("/forum/?page=999").context["page_obj"].number == 2
