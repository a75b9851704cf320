"""Level descriptors: defaults from data/maturity-descriptors.yaml, overridden by the process leader's edits.

No load step is needed: the defaults are read from the data file whenever a descriptor has no row in the
database, so a fresh `make serve` (migrate, load_plan, load_demo) has all 25 texts. A round copies the texts in
force when it first opens (see services.round_set_status), so later edits never change what was filed.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from .constants import LEVELS

DESCRIPTORS_FILE = Path(__file__).resolve().parent.parent / "data" / "maturity-descriptors.yaml"


class DescriptorDataError(Exception):
    """The descriptors data file is broken; the message names the file and the entry."""


@cache
def default_descriptors(path: Path = DESCRIPTORS_FILE) -> dict[str, dict[int, str]]:
    """{area_slug: {level: text}} from the data file, checked for levels 1–5 with non-empty texts."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise DescriptorDataError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise DescriptorDataError(f"{path}: filen måste vara en mappning område -> nivåer")
    result: dict[str, dict[int, str]] = {}
    for slug, levels in data.items():
        if not isinstance(levels, dict) or sorted(levels) != list(LEVELS):
            raise DescriptorDataError(f"{path}: {slug}: nivåerna 1–5 måste finnas, och bara de")
        for level, text in levels.items():
            if not isinstance(text, str) or not text.strip():
                raise DescriptorDataError(f"{path}: {slug}: nivå {level} saknar text")
        result[str(slug)] = {int(level): text.strip() for level, text in levels.items()}
    return result


def descriptor_table(areas) -> list[dict]:
    """The descriptors in force for ``areas`` (with ``descriptors`` prefetched): one dict per area, plan order."""
    defaults = default_descriptors()
    table = []
    for area in areas:
        edited = {d.level: d for d in area.descriptors.all()}
        levels = []
        for level in LEVELS:
            row = edited.get(level)
            text = row.text if row else defaults.get(area.slug, {}).get(level, "")
            levels.append({"level": level, "text": text, "edited": row is not None})
        table.append({"area": area, "levels": levels})
    return table


def descriptor_snapshot(areas) -> dict:
    """The JSON a round keeps: {area_slug: {"name", "capability", "levels": {"1": text, ...}}}."""
    return {
        row["area"].slug: {
            "name": row["area"].name,
            "capability": row["area"].capability,
            "levels": {str(item["level"]): item["text"] for item in row["levels"]},
        }
        for row in descriptor_table(areas)
    }
