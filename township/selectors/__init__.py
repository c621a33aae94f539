"""Reads: every query the portal's pages, exports and API run, one module per page kind.

- common: what every other module builds on (latest versions, the search order);
- places: the place tree and townships; lists: list versions and their parts;
- duties: an item's page; departments: a department's page;
- search: the search page, its exports and keyword search (the only user of township.filters
  besides the API's reads);
- api, catalogue, compare, statistics, versions: the JSON API and those pages.

Import from the module itself (`from township.selectors.places import place_counts`). This
package imports nothing but `common`, so township.filters may build on it without a cycle.
"""

# Re-exported: the shared reads every module builds on.
from township.selectors.common import SEARCH_ORDER, latest_list_subquery, latest_lists, open_flag_exists

__all__ = ["SEARCH_ORDER", "latest_list_subquery", "latest_lists", "open_flag_exists"]
