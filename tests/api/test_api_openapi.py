"""The OpenAPI document: valid, lists every endpoint with its security and Chinese summaries."""

from __future__ import annotations

import pytest
from django.test import Client

from .conftest import url

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    ("get", "/plans"),
    ("get", "/plans/{ref}"),
    ("get", "/plans/{ref}/chapters"),
    ("get", "/plans/{ref}/articles"),
    ("get", "/articles/{article_id}"),
    ("get", "/units"),
    ("get", "/units/{ref}"),
    ("get", "/indicators"),
    ("get", "/indicators/{indicator_id}"),
    ("get", "/indicators/{indicator_id}/chart"),
    ("get", "/indicators/{indicator_id}/observations"),
    ("post", "/observations"),
    ("patch", "/observations/{observation_id}"),
    ("get", "/plans/{ref}/evaluation"),
    ("get", "/plans/{ref}/rollup"),
    ("get", "/plans/{ref}/index"),
    ("get", "/submissions"),
    ("post", "/submissions"),
    ("get", "/submissions/{submission_id}"),
    ("post", "/submissions/{submission_id}/approve"),
    ("post", "/submissions/{submission_id}/return"),
    ("post", "/plans/{ref}/reports"),
    ("get", "/reports"),
    ("get", "/reports/{report_id}/file"),
    ("get", "/reports/{report_id}/pdf"),
    ("get", "/timeliness"),
    ("get", "/tasks"),
    ("post", "/tasks/{task_id}/review"),
    ("get", "/policies"),
    ("post", "/policies/{policy_id}/steps"),
    ("post", "/tasks/merge"),
    ("put", "/tasks/{task_id}/milestones"),
    ("post", "/tasks/{task_id}/reports"),
    ("post", "/task-reports/{report_id}/review"),
    ("post", "/policies/{policy_id}/documents"),
    ("post", "/policies/{policy_id}/deliveries"),
    ("post", "/policy-deliveries/{delivery_id}/review"),
    ("get", "/supervision/items"),
    ("post", "/supervision/items"),
    ("get", "/supervision/items/{item_id}"),
    ("get", "/supervision/items/{item_id}/notice"),
    ("post", "/supervision/items/{item_id}/{action}"),
    ("get", "/supervision/proposals"),
    ("post", "/supervision/proposals/dismiss"),
    ("get", "/supervision/accountability"),
    ("post", "/supervision/accountability"),
    ("get", "/supervision/stats"),
    ("get", "/projects"),
    ("get", "/projects/summary"),
    ("get", "/projects/{project_id}"),
    ("get", "/problems"),
    ("post", "/problems"),
    ("get", "/problems/metrics"),
    ("get", "/problems/{problem_id}"),
    ("post", "/problems/{problem_id}/{action}"),
    ("get", "/projects/{project_id}/reports"),
    ("post", "/projects/{project_id}/reports"),
    ("post", "/project-reports/{report_id}/review"),
    ("get", "/plans/{ref}/assessments/{year}"),
}


@pytest.fixture
def schema() -> dict:
    response = Client().get(url("/openapi.json"))
    assert response.status_code == 200
    return response.json()


def test_the_document_is_valid_openapi(schema):
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(schema)
    assert schema["info"]["title"] == "行动计划监测数据接口" and schema["info"]["version"] == "1"


def test_every_endpoint_is_listed(schema):
    listed = {(m, p.removeprefix("/api/v1")) for p, ops in schema["paths"].items() for m in ops}
    assert listed == ENDPOINTS


def test_every_operation_needs_a_token_or_a_session_and_says_why_it_fails(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert schemes["SessionAuth"]["in"] == "cookie"
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            assert op["security"] == [{"TokenAuth": []}, {"SessionAuth": []}], (method, path)
            assert {"401", "403", "404"} <= set(op["responses"]), (method, path)
            assert not op["summary"].isascii(), (method, path)  # a Chinese summary on the page


def test_lists_are_paginated(schema):
    for path in (
        "/plans",
        "/plans/{ref}/articles",
        "/units",
        "/indicators",
        "/indicators/{indicator_id}/observations",
    ):
        params = {p["name"]: p for p in schema["paths"]["/api/v1" + path]["get"]["parameters"]}
        assert params["limit"]["schema"]["maximum"] == 1000 and params["limit"]["schema"]["default"] == 100
        assert "offset" in params
