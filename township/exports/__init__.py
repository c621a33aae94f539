"""Exports of a list version."""

from township.exports.json import duty_list_as_json

__all__ = ["duty_list_as_json"]
