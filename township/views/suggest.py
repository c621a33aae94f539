"""The type-ahead fields' source: a few matching townships, departments or places as JSON.

A plain page view, not part of the API: a person typing sends a request per pause, which the
API's rate limits would soon refuse.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from township.models import Place
from township.selectors.suggest import SUGGESTERS, place_suggestions

MAX_TEXT = 64  # as long as a name may be
UNKNOWN_FIELD = "参数 field 应为 township（乡镇）、department（上级部门）或 place（地区），收到“{value}”。"
MISSING_TEXT = "参数 q 应为要查找的名称（至少 1 个字），收到的是空的。"
TEXT_TOO_LONG = "参数 q 最多 {limit} 个字，收到 {length} 个。"
CONTROL_CHARACTER = "参数 q 含有控制字符（如 \\x00），请只输入名称中的文字。"
BAD_PLACE = "参数 county 应为地区（县、市、区）的编号，即一个正整数，收到“{value}”。"
BAD_LEVEL = "参数 level 只用于 field=place，应为 region（自治区/省）、prefecture（地区/自治州/地级市）或 county（县/县级市/区），收到“{value}”。"


def _refusal(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400, json_dumps_params={"ensure_ascii": False})


@require_GET
def suggest(request: HttpRequest) -> JsonResponse:
    """Answer `?field=…&q=…[&county=…][&level=…]` with up to 20 matches: {"results": [{"id", "label"}]}."""
    field, text = request.GET.get("field", ""), request.GET.get("q", "").strip()
    county, level = request.GET.get("county", "").strip(), request.GET.get("level", "")
    if field not in SUGGESTERS:
        return _refusal(UNKNOWN_FIELD.format(value=field[:30]))
    if not text:
        return _refusal(MISSING_TEXT)
    if "\x00" in text:
        return _refusal(CONTROL_CHARACTER)
    if len(text) > MAX_TEXT:
        return _refusal(TEXT_TOO_LONG.format(limit=MAX_TEXT, length=len(text)))
    if county and not (county.isascii() and county.isdigit() and len(county) < 10):
        return _refusal(BAD_PLACE.format(value=county[:30]))
    if level and (field != "place" or level not in Place.Level.values):
        return _refusal(BAD_LEVEL.format(value=level[:30]))
    place_id = int(county) if county else None
    if level:  # the compare page's county box asks for counties only
        results = place_suggestions(text=text, place_id=place_id, level=level)
    else:
        results = SUGGESTERS[field](text=text, place_id=place_id)
    return JsonResponse({"results": results}, json_dumps_params={"ensure_ascii": False})
