"""Writes: changes to stored township data that the importer and the editors share."""

from township.services.adjustments import (
    AdjustmentRefused, adjustment_opinion_give, adjustment_save, adjustment_submit, adjustments_approve,
    adjustments_reject,
)
from township.services.catalogue import CatalogueSummary, CatalogueUpdate, catalogue_rebuild, catalogue_update
from township.services.changes import lists_changed
from township.services.departments import DepartmentMergeRefused, department_merge
from township.services.review import review_flags_mark_reviewed
from township.services.revisions import (
    duty_edit_record, duty_revert, duty_revision_baseline, duty_revision_before_delete, duty_revision_record,
    duty_snapshot,
)
from township.services.roles import roles_sync
from township.services.search_documents import duty_search_document_refresh
from township.services.summaries import summaries_rebuild, summaries_refresh

__all__ = [
    "AdjustmentRefused",
    "adjustment_opinion_give",
    "adjustment_save",
    "adjustment_submit",
    "adjustments_approve",
    "adjustments_reject",
    "CatalogueSummary",
    "CatalogueUpdate",
    "catalogue_rebuild",
    "catalogue_update",
    "DepartmentMergeRefused",
    "department_merge",
    "duty_edit_record",
    "duty_revert",
    "duty_revision_baseline",
    "duty_revision_before_delete",
    "duty_revision_record",
    "duty_search_document_refresh",
    "duty_snapshot",
    "lists_changed",
    "review_flags_mark_reviewed",
    "roles_sync",
    "summaries_rebuild",
    "summaries_refresh",
]
