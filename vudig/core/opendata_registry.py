"""Open data: a registry of datasets served without login as JSON and CSV.

Each app (core included) registers its datasets in its own ``opendata.py``, found by core's AppConfig.ready(). A dataset's
records come from the same selectors as the pages, so one visibility rule serves both; no personal data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    name: str
    description: str
    # The data dictionary's type: string, integer, boolean, date or array (a JSON list; in CSV a JSON text).
    type: str = "string"


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    records: Callable[[], list[dict]]
    # CSV is flat: datasets with nested lists give their own columns and a flattening (one row per item).
    csv_fields: tuple[str, ...] | None = None
    csv_rows: Callable[[list[dict]], Iterable[dict]] | None = None
    # "app_label.Model" labels of the tracked models the records come from: the latest history entry among them is
    # the dataset's last modification (dct:modified in the catalogue, "Senast ändrad" on /open-data/).
    sources: tuple[str, ...] = ()
    # The EU data theme (publications.europa.eu authority "data-theme") and keywords, for the DCAT catalogue.
    theme: str = "GOVE"
    keywords: tuple[str, ...] = ()

    def csv_header(self) -> tuple[str, ...]:
        return self.csv_fields or tuple(f.name for f in self.fields)

    def csv_records(self, records: list[dict]) -> Iterable[dict]:
        return self.csv_rows(records) if self.csv_rows else records


_REGISTRY: dict[str, Dataset] = {}


def register(dataset: Dataset) -> Dataset:
    """Add a dataset; names are part of the public API and must stay stable."""
    if dataset.name in _REGISTRY and _REGISTRY[dataset.name] is not dataset:
        raise ValueError(f"Open-data dataset {dataset.name!r} registered twice")
    _REGISTRY[dataset.name] = dataset
    return dataset


def datasets() -> list[Dataset]:
    return sorted(_REGISTRY.values(), key=lambda d: d.name)


def dataset_get(name: str) -> Dataset | None:
    return _REGISTRY.get(name)
