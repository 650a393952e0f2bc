"""Which paths a served run may name (flows/allowed.py) and `scorecard serve --allow`."""

import os

import pytest

from flows import allowed, serve


def test_paths_inside_the_allowed_folders_pass(tmp_path):
    env = {allowed.ALLOW_ENV: allowed.allow_setting([tmp_path / "a", tmp_path / "b"])}
    allowed.check_allowed(
        {"报告文件夹": str(tmp_path / "a" / "x"), "目标": str(tmp_path / "b")}, env
    )
    allowed.check_allowed({"台账文件": "postgresql://u@h/db"}, env)  # not a path
    allowed.check_allowed({"报告文件夹": "/etc"}, {})  # no setting: a local run


@pytest.mark.parametrize("path", ["/etc", "{tmp}/a/../c", "{tmp}/link/x", "{tmp}/ab"])
def test_paths_outside_are_refused_in_chinese(tmp_path, path):
    (tmp_path / "a").mkdir()
    (tmp_path / "link").symlink_to("/etc")
    env = {allowed.ALLOW_ENV: allowed.allow_setting([tmp_path / "a"])}
    with pytest.raises(allowed.PathNotAllowed, match="报告文件夹 .* 不在允许的文件夹内"):
        allowed.check_allowed({"报告文件夹": path.format(tmp=tmp_path)}, env)


def test_serve_defaults_to_its_own_folders_and_refuses_them_outside_allow(tmp_path, monkeypatch):
    monkeypatch.setenv(allowed.ALLOW_ENV, "")  # restored after the test
    got = serve.restrict_runs(None, "reports", "targets/t.xlsx", str(tmp_path / "out"))
    assert [str(p) for p in got] == [
        os.path.realpath("reports"),
        os.path.realpath("targets"),
        os.path.realpath(tmp_path / "out"),
    ]
    with pytest.raises(allowed.PathNotAllowed, match="--output"):
        serve.restrict_runs([str(tmp_path / "only")], "reports", "targets/t.xlsx", "/tmp/out")
