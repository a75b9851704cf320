from vudig.core.demo import loaders
from vudig.core.identity.demo import load
from vudig.core.identity.models import GroupRoleMapping


def test_load_demo_gives_the_example_group_mapping_and_again_changes_nothing(plan):
    assert load in loaders()
    load({})
    load({})
    assert GroupRoleMapping.objects.count() == 4
    assert GroupRoleMapping.objects.get(group="VUDIG-Chef-Socialtjanst").organisation.slug == "socialtjanst"
