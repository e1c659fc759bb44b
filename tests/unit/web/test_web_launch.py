import pytest

from askcloud.errors import ConfigError
from askcloud.web import app

pytestmark = pytest.mark.unit


class FakeDemo:
    def __init__(self) -> None:
        self.launched: dict | None = None

    def launch(self, **kwargs) -> None:
        self.launched = kwargs


@pytest.fixture
def demo(monkeypatch) -> FakeDemo:
    fake = FakeDemo()
    monkeypatch.setattr(app, "build_app", lambda settings: fake)
    return fake


def test_a_login_is_required_off_loopback(settings, demo):
    with pytest.raises(ConfigError, match=r"a login \(--auth USER:PASSWORD\) is required to listen on 0.0.0.0"):
        app.launch(settings.model_copy(update={"host": "0.0.0.0"}))
    assert demo.launched is None


def test_loopback_needs_no_login_and_binds_the_configured_address(settings, demo):
    app.launch(settings.model_copy(update={"port": 7999}))
    assert demo.launched["server_name"] == "127.0.0.1" and demo.launched["server_port"] == 7999
    assert demo.launched["auth"] is None
    assert demo.launched["share"] is False and demo.launched["show_error"] is True
    assert demo.launched["allowed_paths"] is None


def test_the_login_is_passed_as_a_pair(settings, demo):
    app.launch(settings.model_copy(update={"host": "0.0.0.0", "auth": "alice:s3cr:et"}))
    assert demo.launched["auth"] == ("alice", "s3cr:et")


@pytest.mark.parametrize("auth", ["alice", ":pw", "alice:"])
def test_a_malformed_login_is_refused(auth):
    with pytest.raises(ConfigError, match="USER:PASSWORD"):
        app.parse_auth(auth)


@pytest.mark.parametrize("host,loopback", [("127.0.0.1", True), ("127.0.0.2", True), ("::1", True),
                                           ("localhost", True), ("0.0.0.0", False), ("192.168.1.5", False),
                                           ("example.org", False)])
def test_loopback_hosts(host, loopback):
    assert app.is_loopback(host) is loopback


def test_building_the_app_does_no_work_until_a_request(settings):
    def factory(_settings):
        raise AssertionError("the assistant was built at build time")

    demo = app.build_app(settings, assistant_factory=factory)
    names = {d.api_name for d in demo.fns.values()}
    assert {"ask", "ask_json"} <= names


def test_an_admin_login_is_accepted_beside_the_users_and_needs_it(settings, demo):
    app.launch(settings.model_copy(update={"host": "0.0.0.0", "auth": "alice:pw", "admin_auth": "root:adm"}))
    assert demo.launched["auth"] == [("alice", "pw"), ("root", "adm")]
    with pytest.raises(ConfigError, match="admin login needs"):
        app.launch(settings.model_copy(update={"admin_auth": "root:adm"}))


def test_no_untranslated_gradio_footer():
    assert app.launch_kwargs()["footer_links"] == []
