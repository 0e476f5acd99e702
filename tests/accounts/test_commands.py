"""`motcua officials ...` and `motcua token ...` through call_command."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from motcua.accounts.choices import Role, Title
from motcua.accounts.models import Official, Position

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def _csv(tmp_path, text: str) -> str:
    path = tmp_path / "officials.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_officials_add_prints_random_password_that_works():
    output = _run(
        "officials", "add", "le.van.c", "--unit", "8914", "--role", "counter",
        "--full-name", "Lê Văn C", "--agency", "psc",
    )  # fmt: skip
    password = output.strip().splitlines()[-1].removeprefix("Mật khẩu: ")
    user = User.objects.get(username="le.van.c")
    assert user.check_password(password)
    assert user.official.full_name == "Lê Văn C"
    assert user.official.positions.get().agency.kind == "psc"


def test_officials_add_existing_username_adds_position(counter_dt):
    output = _run("officials", "add", "counter_dt", "--unit", "08914", "--role", "registrar")
    assert "kiêm nhiệm" in output
    assert set(counter_dt.official.positions.values_list("role", flat=True)) == {
        Role.COUNTER,
        Role.REGISTRAR,
    }


def test_officials_add_errors_are_vietnamese_command_errors(leader_vp, citizen):
    with pytest.raises(CommandError, match="đã có Chủ tịch UBND"):
        _run(
            "officials", "add", "x", "--unit", "08716", "--role", "leader",
            "--title", "chairman", "--password", "mat-khau-du-dai",
        )  # fmt: skip
    with pytest.raises(CommandError, match="không phải cán bộ"):
        _run("officials", "add", citizen.username, "--unit", "08716", "--role", "counter")
    assert not User.objects.filter(username="x").exists()


def test_officials_import_creates_all_rows(tmp_path):
    path = _csv(
        tmp_path,
        "username,full_name,unit,role,title,agency,password,email\n"
        "ct.dt,Nguyễn Chủ Tịch,08914,leader,chairman,peoples_committee,mat-khau-1234,\n"
        "mc.dt,Đinh Một Cửa,08914,counter,,psc,,mc@example.vn\n"
        "mc.dt,,08914,registrar,Công chức Tư pháp - Hộ tịch,,,\n",
    )
    output = _run("officials", "import", path)
    assert "Đã nhập 2 cán bộ mới, 3 chức vụ." in output
    assert "mc.dt\t" in output  # its generated password is printed
    assert User.objects.get(username="ct.dt").check_password("mat-khau-1234")
    assert Position.objects.filter(official__user__username="mc.dt").count() == 2


def test_officials_import_bad_row_saves_nothing_and_names_lines(tmp_path, leader_vp):
    path = _csv(
        tmp_path,
        "username,full_name,unit,role,title\n"
        "ok1,Cán Bộ Một,08914,specialist,\n"
        "bad1,Cán Bộ Hai,08914,boss,\n"
        "bad2,Cán Bộ Ba,08716,leader,chairman\n"
        "ok2,Cán Bộ Bốn,04960,counter,\n",
    )
    with pytest.raises(CommandError) as caught:
        _run("officials", "import", path)
    message = str(caught.value)
    assert "Dòng 3: Vai trò 'boss' không có" in message
    assert "Dòng 4: Phường Vĩnh Phúc đã có Chủ tịch UBND" in message
    assert "Dòng 2" not in message and "Dòng 5" not in message
    assert not User.objects.filter(username__in=["ok1", "ok2", "bad1", "bad2"]).exists()
    assert Official.objects.count() == 1


def test_officials_import_checks_limits_across_the_file(tmp_path):
    path = _csv(
        tmp_path,
        "username,full_name,unit,role,title\n"
        "p1,Phó Một,08914,leader,vice_chairman\n"
        "p2,Phó Hai,08914,leader,vice_chairman\n"
        "p3,Phó Ba,08914,leader,vice_chairman\n"
        "c1,Chủ Tịch Một,08914,leader,chairman\n"
        "c2,Chủ Tịch Hai,08914,leader,chairman\n",
    )
    with pytest.raises(CommandError) as caught:
        _run("officials", "import", path)
    message = str(caught.value)
    assert "Dòng 4:" in message and "tối đa 2 Phó Chủ tịch" in message
    assert "Dòng 6:" in message and "đã có Chủ tịch UBND" in message
    assert not Position.objects.filter(title__in=[Title.CHAIRMAN, Title.VICE_CHAIRMAN]).exists()


def test_officials_import_bad_header_and_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Dòng 1: thiếu cột role"):
        _run("officials", "import", _csv(tmp_path, "username,unit\nx,08914\n"))
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        _run("officials", "import", str(tmp_path / "khong-co.csv"))


def test_officials_list_filters_by_unit(counter_vp, counter_dt):
    output = _run("officials", "list", "--unit", "8914")
    assert "counter_dt" in output and "counter_vp" not in output
    assert output.strip().endswith("Tổng: 1 cán bộ.")
    assert "Tổng: 2 cán bộ." in _run("officials", "list")


def test_token_create_prints_token_last_and_it_authenticates(counter_dt):
    output = _run("token", "create", "counter_dt", "--name", "Kết nối thử")
    raw_key = output.strip().splitlines()[-1]
    client = Client(headers={"Authorization": f"Bearer {raw_key}"})
    assert client.get("/api/v1/me").json()["username"] == "counter_dt"
    # list and revoke by prefix; then it no longer works
    assert raw_key[:10] in _run("token", "list", "counter_dt")
    _run("token", "revoke", raw_key[:10])
    assert client.get("/api/v1/me").status_code == 401


def test_token_create_unknown_user_is_command_error():
    with pytest.raises(CommandError, match="Không có tài khoản"):
        _run("token", "create", "khong-ai")


def test_officials_import_refuses_control_characters_naming_line_and_column(tmp_path):
    # NUL in a name failed in PostgreSQL (a traceback, not a message); a zero-width-only
    # name showed as nothing everywhere
    path = _csv(
        tmp_path,
        "username,full_name,unit,role\n"
        "ok1,Cán Bộ Một,08914,specialist\n"
        "bad1,Cán\x00 Bộ,08914,counter\n"
        "bad2,\u200b,08914,counter\n",
    )
    with pytest.raises(CommandError) as caught:
        _run("officials", "import", path)
    message = str(caught.value)
    assert "Dòng 3, cột full_name: Có ký tự điều khiển không được phép (mã U+0000)." in message
    assert "Dòng 4, cột full_name: Chỉ gồm ký tự không nhìn thấy được." in message
    assert not User.objects.filter(username__in=["ok1", "bad1", "bad2"]).exists()
