"""Every malformed file of the corpus is refused in Chinese, by name and place, and writes nothing.

Each case runs through `import_list` (its error and whatever it printed on stderr are checked);
the representative subset marked `upload` also runs through the admin upload, whose parse runs in
a child process per file (the whole corpus there would take minutes, the subset well under one).
The database holds list 002 (loaded once for the module, committed, and removed at its end:
restoring the bundled lists before each of 150 tests took most of the time), and its checksum
must not move.
"""

from __future__ import annotations

import io
import re
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from importers.sources import metadata_path
from tests.township.database import committed_for_a_while, township_checksum
from tests.township.management.commands.malformed_corpus import ROOT, Case, corpus

pytestmark = pytest.mark.django_db

LIST_002 = ROOT / "fixtures" / "002_fe4ab73d7f7b2358.txt"

CORPUS = corpus()
UPLOAD_URL = "/admin/township/dutylist/upload/"
# What must never reach a user: a traceback, an exception's class name, an OS error number or
# a library's English warning.
NOT_FOR_USERS = re.compile(r"Traceback|\b\w*(Error|Exception|Warning)\b|\[Errno|File \"|UserWarning")
CHINESE = re.compile(r"[\u4e00-\u9fff]")
SECONDS = 10


def assert_clear_refusal(message: str, case: Case) -> None:
    """Chinese, naming the file and (where it has one) the line or cell, in the case's words."""
    assert case.named in message, message[:300]
    assert CHINESE.search(message.replace(case.named, "")), message[:300]
    assert not NOT_FOR_USERS.search(message), message[:300]
    assert re.search(case.expect, message), (case.expect, message[:300])
    if case.where:
        assert re.search(case.where, message), (case.where, message[:300])


@pytest.fixture(scope="module")
def list_002(django_db_setup, django_db_blocker):
    """List 002 in the database for every test of the module; what a test writes is rolled back."""
    with django_db_blocker.unblock(), committed_for_a_while():
        call_command("import_list", str(LIST_002), stdout=io.StringIO())
        yield


def test_the_corpus_holds_over_a_hundred_distinct_cases():
    assert len(CORPUS) >= 100
    assert len({case.id for case in CORPUS}) == len(CORPUS)
    assert 25 <= sum(case.upload for case in CORPUS) <= 40


def _options(case: Case) -> list[str]:
    return [f"--{key}={value}" for key, value in case.fields.items()]


@pytest.mark.parametrize("case", CORPUS, ids=[case.id for case in CORPUS])
def test_import_list_refuses_a_malformed_file_by_name_and_writes_nothing(case, list_002, tmp_path):
    path = tmp_path / case.name
    path.write_bytes(case.make())
    if case.metadata is not None:
        metadata_path(path).write_bytes(case.metadata)
    before, stderr = township_checksum(), io.StringIO()
    started = time.monotonic()
    with pytest.raises(CommandError) as raised:
        call_command("import_list", str(path), *_options(case), stdout=io.StringIO(), stderr=stderr)
    assert time.monotonic() - started < SECONDS
    assert_clear_refusal(str(raised.value), case)
    assert "数据库未作任何改动" in str(raised.value)
    assert not NOT_FOR_USERS.search(stderr.getvalue()), stderr.getvalue()[:300]
    assert township_checksum() == before


UPLOADS = [case for case in CORPUS if case.upload]


@pytest.mark.parametrize("case", UPLOADS, ids=[case.id for case in UPLOADS])
def test_the_upload_refuses_a_malformed_file_with_a_form_error(case, list_002, client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("corpus", password="x-Passw0rd-x"))
    before = township_checksum()
    upload = SimpleUploadedFile(case.name, case.make(), content_type="application/octet-stream")
    response = client.post(UPLOAD_URL, {"file": upload, **case.fields})
    assert response.status_code == 200
    errors = response.context["form"].errors.get("file")
    assert errors, f"no form error for {case.id}"
    assert_clear_refusal(" ".join(errors), case)
    assert township_checksum() == before
