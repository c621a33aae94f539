"""Which counties a user may see and change in the admin."""

from __future__ import annotations

from township.models import EditorProfile

ALL_COUNTIES_PERMISSION = "township.all_counties"
_CACHE = "_dutylists_county_scope"


def county_scope(user) -> frozenset[int] | None:
    """Ids of the counties `user` is limited to, or None when not limited.

    Superusers, administrators and viewers hold `all_counties`; a county editor is limited to
    the counties of their EditorProfile (none at all until an administrator assigns some).
    """
    if not hasattr(user, _CACHE):
        if user.is_superuser or user.has_perm(ALL_COUNTIES_PERMISSION):
            scope = None
        else:
            scope = frozenset(EditorProfile.counties.through.objects.filter(
                editorprofile__user_id=user.pk).values_list("place_id", flat=True))
        setattr(user, _CACHE, scope)
    return getattr(user, _CACHE)


def county_in_scope(user, county_id: int | None) -> bool:
    """Whether `user` may touch things of the county `county_id`."""
    scope = county_scope(user)
    return scope is None or county_id in scope
