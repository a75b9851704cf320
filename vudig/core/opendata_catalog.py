"""The open-data catalogue in DCAT-AP-SE (the Swedish profile of DCAT-AP), for dataportal.se to harvest.

One ``dcat:Dataset`` per registered dataset, with a JSON, a CSV and an XLSX distribution (each under the versioned
API, ``/open-data/v1/``), publisher, contact point, licence, EU data theme, last modification (the latest history
entry of the dataset's source models) and its data dictionary (a CSVW table schema, also served as a Frictionless
Table Schema). The graph conforms to the DCAT-AP 2.1.1 SHACL shapes; ``tests/core/test_opendata_catalog.py`` checks.
"""

from __future__ import annotations

from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _
from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCAT, DCTERMS, FOAF

from .opendata_registry import Dataset, datasets

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
CSVW = Namespace("http://www.w3.org/ns/csvw#")
EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
LOCAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/LocalAuthority")

# The API version the catalogue points at. An older version's URLs keep answering for this many months after a newer
# version is published (promised on /open-data/); the unversioned URLs are aliases of v1.
API_VERSION = "v1"
VERSION_RETENTION_MONTHS = 12

# format key -> (URL name, EU file type, IANA media type, content type served)
FORMATS = {
    "json": ("opendata:v1-json", "JSON", "application/json", "application/json"),
    "csv": ("opendata:v1-csv", "CSV", "text/csv", "text/csv; charset=utf-8"),
    "xlsx": (
        "opendata:v1-xlsx",
        "XLSX",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}
XSD_TYPES = {"string": XSD.string, "integer": XSD.integer, "boolean": XSD.boolean, "date": XSD.date}


def dataset_modified(dataset: Dataset) -> datetime | None:
    """The latest history entry among the dataset's source models (one aggregate query per source), or None."""
    latest = None
    for label in dataset.sources:
        value = apps.get_model(label).history.aggregate(latest=Max("history_date"))["latest"]
        if value is not None and (latest is None or value > latest):
            latest = value
    return latest


def dataset_schema(dataset: Dataset) -> dict:
    """The data dictionary as a Frictionless Table Schema: every field with its name, type and meaning."""
    return {
        "fields": [{"name": f.name, "type": f.type, "description": str(f.description)} for f in dataset.fields],
    }


def catalogue_settings() -> dict:
    """Publisher, contact point and licence, from settings (see README: VUDIG_OPENDATA_*)."""
    return {
        "publisher": getattr(settings, "VUDIG_OPENDATA_PUBLISHER", "Piteå kommun"),
        "publisher_uri": getattr(settings, "VUDIG_OPENDATA_PUBLISHER_URI", ""),
        "contact_name": getattr(settings, "VUDIG_OPENDATA_CONTACT_NAME", "Piteå kommun, Utvecklingsenheten"),
        "contact_email": getattr(settings, "VUDIG_OPENDATA_CONTACT_EMAIL", "kommun@pitea.se"),
        "license": getattr(settings, "VUDIG_OPENDATA_LICENSE", "http://creativecommons.org/publicdomain/zero/1.0/"),
        "license_name": getattr(settings, "VUDIG_OPENDATA_LICENSE_NAME", "CC0 1.0 Universell"),
    }


def catalogue_graph(*, base_url: str) -> Graph:
    """The whole catalogue as an RDF graph; ``base_url`` is scheme and host, e.g. ``https://vudig.pitea.se``."""
    base = base_url.rstrip("/")
    index = base + reverse("opendata:index")
    conf = catalogue_settings()
    sv = "sv"
    g = Graph()
    for prefix, ns in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("vcard", VCARD), ("csvw", CSVW)):
        g.bind(prefix, ns)

    catalog = URIRef(index + "#katalog")
    publisher = URIRef(conf["publisher_uri"] or index + "#utgivare")
    contact = URIRef(index + "#kontakt")
    licence = URIRef(conf["license"])
    swedish = URIRef(EU + "language/SWE")

    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(conf["publisher"], lang=sv)))
    g.add((publisher, DCTERMS.type, LOCAL_AUTHORITY))
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, Literal(conf["contact_name"])))
    g.add((contact, VCARD.hasEmail, URIRef("mailto:" + conf["contact_email"])))
    g.add((licence, RDF.type, DCTERMS.LicenseDocument))
    g.add((licence, DCTERMS.title, Literal(conf["license_name"], lang=sv)))

    g.add((catalog, RDF.type, DCAT.Catalog))
    g.add((catalog, DCTERMS.title, Literal(_("VUDIG – öppna data om Piteå kommuns plan för digitalisering"), lang=sv)))
    g.add(
        (
            catalog,
            DCTERMS.description,
            Literal(
                _(
                    "Planen för digitalisering som öppna data: åtgärder och resultat, ramprojekt, styrgrupper, forum, "
                    "förmågeområden, självskattad mognad och organisationer. Inga personuppgifter."
                ),
                lang=sv,
            ),
        )
    )
    g.add((catalog, DCTERMS.publisher, publisher))
    g.add((catalog, DCTERMS.license, licence))
    g.add((catalog, DCTERMS.language, swedish))
    g.add((catalog, FOAF.homepage, URIRef(index)))
    g.add((catalog, DCAT.themeTaxonomy, URIRef(EU + "data-theme")))

    latest = None
    for dataset in datasets():
        modified = dataset_modified(dataset)
        if modified is not None and (latest is None or modified > latest):
            latest = modified
        node = URIRef(f"{index}#ds-{dataset.name}")
        g.add((catalog, DCAT.dataset, node))
        g.add((node, RDF.type, DCAT.Dataset))
        g.add((node, DCTERMS.identifier, Literal(dataset.name)))
        g.add((node, DCTERMS.title, Literal(str(dataset.title), lang=sv)))
        g.add((node, DCTERMS.description, Literal(str(dataset.description), lang=sv)))
        g.add((node, DCTERMS.publisher, publisher))
        g.add((node, DCAT.contactPoint, contact))
        g.add((node, DCAT.theme, URIRef(EU + "data-theme/" + dataset.theme)))
        g.add((node, DCTERMS.language, swedish))
        g.add((node, DCTERMS.accessRights, URIRef(EU + "access-right/PUBLIC")))
        g.add((node, DCAT.landingPage, URIRef(f"{index}#ds-{dataset.name}")))
        for keyword in dataset.keywords:
            g.add((node, DCAT.keyword, Literal(str(keyword), lang=sv)))
        if modified is not None:
            g.add((node, DCTERMS.modified, Literal(modified.isoformat(timespec="seconds"), datatype=XSD.dateTime)))

        schema = URIRef(base + reverse("opendata:v1-schema", args=[dataset.name]))
        g.add((node, DCTERMS.conformsTo, schema))
        g.add((schema, RDF.type, DCTERMS.Standard))
        g.add((schema, RDF.type, CSVW.Schema))
        g.add((schema, DCTERMS.title, Literal(_("Datadictionary: %(title)s") % {"title": dataset.title}, lang=sv)))
        columns = []
        for f in dataset.fields:
            column = BNode()
            g.add((column, RDF.type, CSVW.Column))
            g.add((column, CSVW.name, Literal(f.name)))
            g.add((column, DCTERMS.description, Literal(str(f.description), lang=sv)))
            g.add((column, CSVW.datatype, XSD_TYPES.get(f.type, CSVW.json)))
            columns.append(column)
        column_list = BNode()
        Collection(g, column_list, columns)
        g.add((schema, CSVW.column, column_list))

        for key, (url_name, file_type, media_type, _content_type) in FORMATS.items():
            url = URIRef(base + reverse(url_name, args=[dataset.name]))
            distribution = URIRef(f"{index}#ds-{dataset.name}-{key}")
            g.add((node, DCAT.distribution, distribution))
            g.add((distribution, RDF.type, DCAT.Distribution))
            g.add((distribution, DCTERMS.title, Literal(f"{dataset.name}.{key}")))
            g.add((distribution, DCTERMS.description, Literal(_distribution_text(key, dataset), lang=sv)))
            g.add((distribution, DCAT.accessURL, url))
            g.add((distribution, DCAT.downloadURL, url))
            g.add((distribution, DCTERMS.format, URIRef(EU + "file-type/" + file_type)))
            g.add((URIRef(EU + "file-type/" + file_type), RDF.type, DCTERMS.MediaTypeOrExtent))
            g.add((distribution, DCAT.mediaType, URIRef(IANA + media_type)))
            g.add((URIRef(IANA + media_type), RDF.type, DCTERMS.MediaType))
            g.add((distribution, DCTERMS.license, licence))
            g.add((distribution, DCTERMS.conformsTo, schema))
            if modified is not None:
                g.add(
                    (
                        distribution,
                        DCTERMS.modified,
                        Literal(modified.isoformat(timespec="seconds"), datatype=XSD.dateTime),
                    )
                )
    if latest is not None:
        g.add((catalog, DCTERMS.modified, Literal(latest.isoformat(timespec="seconds"), datatype=XSD.dateTime)))
    return g


def _distribution_text(key: str, dataset: Dataset) -> str:
    if key == "json":
        return _("%(title)s som JSON: en lista av objekt.") % {"title": dataset.title}
    if key == "csv":
        return _("%(title)s som CSV (RFC 4180: komma, UTF-8, rubrikrad) för maskinell läsning.") % {
            "title": dataset.title
        }
    return _("%(title)s som Excel-fil (XLSX) som öppnas med dubbelklick; fälten förklaras på ett eget blad.") % {
        "title": dataset.title
    }
