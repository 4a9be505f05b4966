"""The `alliance-kg` command as a user runs it: build, query, help, and its errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parent.parent


def run(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "ALLIANCE_KG_DATA": str(data_dir), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "alliance_kg", *args],
        cwd=REPOSITORY,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_help_lists_the_commands(tmp_path):
    result = run("--help", data_dir=tmp_path)
    assert result.returncode == 0
    for command in ("build", "serve", "query"):
        assert command in result.stdout


@pytest.mark.slow
def test_build_then_query_prints_the_flagship_table(tmp_path):
    built = run("build", data_dir=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "[1/" in built.stderr and "claims" in built.stderr  # progress per annotation file
    answer = run("query", "article_v_domains", data_dir=tmp_path)
    assert answer.returncode == 0, answer.stderr
    lines = answer.stdout.splitlines()
    assert [cell.strip() for cell in lines[0].split("|")] == [
        "domain",
        "since",
        "latest",
        "establishedBy",
        "source",
        "quote",
    ]
    assert "(7 rows)" in answer.stdout
    assert "2023-01-11" in answer.stdout and "doc:000" in answer.stdout

    # A reader that stops early (`| head -1`) ends the command quietly, without a traceback.
    env = {**os.environ, "ALLIANCE_KG_DATA": str(tmp_path)}
    command = [
        sys.executable,
        "-m",
        "alliance_kg",
        "query",
        "SELECT * WHERE { ?s ?p ?o }",
    ]  # far more than a pipe holds
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0) as query:
        query.stdout.read(20)
        query.stdout.close()
        stderr = query.stderr.read().decode()
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr


def test_query_lists_the_catalogue(tmp_path):
    result = run("query", "--list", data_dir=tmp_path)
    assert result.returncode == 0 and "article_v_domains" in result.stdout


def test_query_before_any_build_says_what_to_do(tmp_path):
    result = run("query", "article_v_domains", data_dir=tmp_path / "empty")
    assert result.returncode == 2
    assert "run `alliance-kg build` first" in result.stderr


@pytest.mark.slow
def test_query_with_a_syntax_error_reports_the_parser_message(tmp_path):
    assert run("build", data_dir=tmp_path).returncode == 0
    result = run("query", "SELECT ?x WHERE { ?x ?y }", data_dir=tmp_path)
    assert result.returncode == 2
    assert "does not parse" in result.stderr
