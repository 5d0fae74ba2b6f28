"""JupyterHub configuration for `./course hub` (read by `jupyterhub -f`; tools/hub.py sets the environment).

- the address and port the instructor chose (RACELAB_HUB_IP, RACELAB_HUB_PORT); the hub's own API and the
  proxy's API on free loopback ports chosen by hub.py;
- JupyterHub's shared-password authenticator with the instructor's password (RACELAB_HUB_PASSWORD; hub.py
  refuses to start without one): any name plus that password logs in, every name is its own learner;
- each learner gets their own single-user server (SimpleLocalProcessSpawner: one OS user for all, homes under the
  state folder) and, on first start, their own copy of the course notebooks;
- only the course kernel, its heap capped per kernel (JJAVA_JVM_OPTS=-Xmx…), idle kernels culled by the server
  and idle servers by jupyterhub-idle-culler;
- configurable-http-proxy from the project's node_modules (package-lock.json);
- every process of the run carries RACELAB_HUB_RUN in its environment, so hub.py can prove none is left.
"""
import os
import pathlib
import shutil
import sys

c = get_config()  # noqa: F821 (provided by jupyterhub -f)

env = os.environ
ROOT = pathlib.Path(env["RACELAB_HOME"])
STATE = pathlib.Path(env["RACELAB_HUB_STATE"])
VENV_BIN = pathlib.Path(sys.executable).parent
HOMES = STATE / "home"
CULL_S = int(env.get("RACELAB_HUB_CULL_S", "3600"))

c.JupyterHub.bind_url = f"http://{env['RACELAB_HUB_IP']}:{env['RACELAB_HUB_PORT']}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(env["RACELAB_HUB_API_PORT"])
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

c.ConfigurableHTTPProxy.command = [str(ROOT / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env['RACELAB_HUB_PROXY_API_PORT']}"
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
c.ConfigurableHTTPProxy.should_start = True

c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = env["RACELAB_HUB_PASSWORD"]
c.Authenticator.allow_all = True

c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(HOMES / "{username}")
c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
args = ["--KernelSpecManager.allowed_kernelspecs=racelab",
        "--MappingKernelManager.default_kernel_name=racelab",
        f"--MappingKernelManager.cull_idle_timeout={CULL_S}",
        "--MappingKernelManager.cull_interval=60"]
if os.getuid() == 0:
    args.append("--ServerApp.allow_root=True")
c.Spawner.args = args
c.Spawner.environment = {
    "JJAVA_JVM_OPTS": env["RACELAB_HUB_KERNEL_OPTS"],
    "RACELAB_HOME": str(ROOT),
    "RACELAB_HUB_RUN": env["RACELAB_HUB_RUN"],
    "RACELAB_PROFILE": env.get("RACELAB_PROFILE", "quick"),
    "PATH": f"{VENV_BIN}:{env.get('PATH', '/usr/bin:/bin')}",
}


def copy_notebooks(spawner):
    """The learner's own copy of the course, made once: later starts keep their edits."""
    home = HOMES / spawner.user.name
    home.mkdir(parents=True, exist_ok=True)
    for nb in sorted(pathlib.Path(env["RACELAB_HUB_NOTEBOOKS"]).glob("[0-9][0-9]-*.ipynb")):
        if not (home / nb.name).exists():
            shutil.copy2(nb, home / nb.name)
    spawner.notebook_dir = str(home)


c.Spawner.pre_spawn_hook = copy_notebooks

# idle servers are stopped by the culler (a hub-managed service)
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [str(VENV_BIN / "python"), "-m", "jupyterhub_idle_culler", f"--timeout={CULL_S}"],
}]
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]

# a token for scripts the instructor runs (the load test): create learners, read their state
if env.get("RACELAB_HUB_API_TOKEN"):
    c.JupyterHub.services.append({"name": "racelab-admin", "api_token": env["RACELAB_HUB_API_TOKEN"]})
    c.JupyterHub.load_roles.append({
        "name": "racelab-admin",
        "scopes": ["admin:users", "admin:servers", "list:users", "read:users"],
        "services": ["racelab-admin"],
    })
