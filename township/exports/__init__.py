"""Exports: a list version as JSON or as the portal's Excel workbook; search results as xlsx or CSV."""

from township.exports.json import duty_list_as_json
from township.exports.search import search_results_as_csv, search_results_as_xlsx
from township.exports.xlsx import duty_list_as_xlsx

__all__ = ["duty_list_as_json", "duty_list_as_xlsx", "search_results_as_csv", "search_results_as_xlsx"]
