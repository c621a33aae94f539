"""The township app's models, split by concern."""

from township.models.access import EditorProfile
from township.models.adjustments import AdjustmentApplication, AdjustmentEvent, AdjustmentOpinion
from township.models.admission import AdmissionCheck
from township.models.catalogue import CatalogueBuild, CatalogueEntry, CatalogueLink, CatalogueName, CatalogueNamePair
from township.models.duties import (
    BasicDuty,
    CoordinatingDuty,
    Duty,
    DutyDepartment,
    NameDocument,
    ReclaimedDuty,
    ReclaimedMethod,
    ResponsibilityBlock,
    ReviewFlag,
    Step,
)
from township.models.history import DutyRevision, ImportRecord, PendingUpload
from township.models.lists import DutyList, TownshipProfile
from township.models.places import Place, Township
from township.models.summaries import (
    CategorySummary, CountyDepartmentSummary, DepartmentSummary, PlaceCategorySummary, PlaceDepartmentSummary,
    PlaceSummary, TownshipSummary,
)
from township.models.vocabulary import Category, Department, DepartmentAlias

__all__ = [
    "AdjustmentApplication",
    "AdjustmentEvent",
    "AdjustmentOpinion",
    "AdmissionCheck",
    "BasicDuty",
    "CatalogueBuild",
    "CatalogueEntry",
    "CatalogueLink",
    "CatalogueName",
    "CatalogueNamePair",
    "Category",
    "CategorySummary",
    "CoordinatingDuty",
    "CountyDepartmentSummary",
    "Department",
    "DepartmentAlias",
    "DepartmentSummary",
    "Duty",
    "DutyDepartment",
    "DutyList",
    "DutyRevision",
    "EditorProfile",
    "ImportRecord",
    "NameDocument",
    "PendingUpload",
    "Place",
    "PlaceCategorySummary",
    "PlaceDepartmentSummary",
    "PlaceSummary",
    "ReclaimedDuty",
    "ReclaimedMethod",
    "ResponsibilityBlock",
    "ReviewFlag",
    "Step",
    "Township",
    "TownshipProfile",
    "TownshipSummary",
]
