"""Forums and their meetings for the forums tests (the plan's six forums come from the plan fixture)."""

import datetime

import factory

from forums.models import Forum, ForumMeeting


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum
        skip_postgeneration_save = True  # the feeds hook writes the join rows itself

    name = factory.Sequence(lambda n: f"Forum {n}")
    slug = factory.Sequence(lambda n: f"forum-{n}")
    purpose = "Dialog om gemensamma frågor."
    responsible = "Utvecklingsenheten"
    order = factory.Sequence(lambda n: 100 + n)

    @factory.post_generation
    def feeds(self, create, groups, **kwargs):
        """``ForumFactory(feeds=[group, …])`` sets the steering groups the forum feeds."""
        if create and groups:
            self.feeds.set(groups)


class ForumMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForumMeeting

    forum = factory.SubFactory(ForumFactory)
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=7 * n))
    title = factory.Sequence(lambda n: f"Möte {n}")
    topics = "AI, e-arkiv"
    participants = 12
