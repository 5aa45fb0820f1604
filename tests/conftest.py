pytest_plugins = ["tests.support.server_plugin"]
