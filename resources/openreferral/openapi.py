"""Genie's own OpenAPI document: only the endpoints and parameters Genie serves."""

SCHEMAS = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"

PARAMETERS = {
    "search": ("string", "Text in the name or description."),
    "page": ("integer", "Page number, from 1."),
    "per_page": ("integer", "Results in a page, at most 100 (default 50)."),
    "format": ("string", "Only json."),
    "taxonomy_term_id": ("string", "Only services with this taxonomy term (id or code)."),
    "taxonomy_id": ("string", "Only services with a term from this taxonomy."),
    "organization_id": ("string", "Only services this organization provides."),
    "modified_after": ("string", "Only records modified on or after this date and time."),
    "full": ("boolean", "Accepted for compatibility: results are always fully nested."),
    "full_service": ("boolean", "Nest each organization's services in full."),
    "postcode": ("string", "A UK postcode or postcode district."),
    "proximity": ("integer", "Metres from the postcode's centre (default 5000, at most 200000)."),
}
LIST = ["search", "page", "per_page", "format"]
SERVICE_FILTERS = ["taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after", "full"]


def _parameter(name):
    kind, description = PARAMETERS[name]
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": kind},
    }


def _get(summary, schema, parameters=(), *, paged=False, path_id=False):
    response_schema = {"$ref": SCHEMAS + schema}
    if paged:
        response_schema = {
            "allOf": [{"$ref": "#/components/schemas/Page"}],
            "properties": {"contents": {"type": "array", "items": {"$ref": SCHEMAS + schema}}},
        }
    operation = {
        "summary": summary,
        "parameters": [_parameter(name) for name in parameters],
        "responses": {
            "200": {
                "description": summary,
                "content": {"application/json": {"schema": response_schema}},
            },
            "400": {"description": "A parameter is not supported or its value is not valid."},
            "404": {"description": "No such record."},
        },
    }
    if path_id:
        operation["parameters"].insert(
            0, {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
        )
    return {"get": operation}


def document(*, server_url: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Genie local resources (Open Referral UK)",
            "version": "3.0",
            "summary": "Read-only HSDS 3.0 / Open Referral UK 3.0 API of Genie's public listings.",
            "license": {"name": "Listing data: ask the site's operator."},
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "servers": [{"url": server_url}],
        "paths": {
            "/": {
                "get": {
                    "summary": "This API's HSDS version, profile and OpenAPI document.",
                    "responses": {"200": {"description": "Version information."}},
                }
            },
            "/services": _get("Services", "service.json", LIST + SERVICE_FILTERS, paged=True),
            "/services/{id}": _get("A service", "service.json", path_id=True),
            "/service_at_locations": _get(
                "Services at locations",
                "service_at_location.json",
                LIST + SERVICE_FILTERS + ["postcode", "proximity"],
                paged=True,
            ),
            "/service_at_locations/{id}": _get(
                "A service at a location", "service_at_location.json", path_id=True
            ),
            "/organizations": _get(
                "Organizations", "organization.json", LIST + ["full_service", "full"], paged=True
            ),
            "/organizations/{id}": _get(
                "An organization", "organization.json", ["full_service"], path_id=True
            ),
            "/taxonomies": _get("Taxonomies", "taxonomy.json", LIST, paged=True),
            "/taxonomies/{id}": _get("A taxonomy", "taxonomy.json", path_id=True),
            "/taxonomy_terms": _get(
                "Taxonomy terms", "taxonomy_term.json", LIST + ["taxonomy_id"], paged=True
            ),
            "/taxonomy_terms/{id}": _get("A taxonomy term", "taxonomy_term.json", path_id=True),
        },
        "components": {
            "schemas": {
                "Page": {
                    "type": "object",
                    "properties": {
                        "total_items": {"type": "integer"},
                        "total_pages": {"type": "integer"},
                        "page_number": {"type": "integer"},
                        "size": {"type": "integer"},
                        "first_page": {"type": "boolean"},
                        "last_page": {"type": "boolean"},
                        "empty": {"type": "boolean"},
                    },
                }
            }
        },
    }
