#!/bin/bash
# Entry point of the course image (run under tini). JupyterHub mounts a volume over the home, hiding what the
# image put there, so the notebooks are copied from /opt/racelab into the home at start when it lacks them.
# With no arguments it starts JupyterLab on port 8888 (RACELAB_IP and PORT override the address; tests use
# loopback) with token auth (JUPYTER_TOKEN honoured); with
# arguments it runs them as given (Binder starts `jupyter-notebook …`, JupyterHub `jupyterhub-singleuser …`).
set -e
if [ ! -e "$HOME/notebooks" ] && [ -w "$HOME" ]; then
  cp -r /opt/racelab/notebooks "$HOME/notebooks"
  echo "racelab: copied the course notebooks into $HOME/notebooks"
fi
if [ $# -eq 0 ]; then
  exec jupyter lab --ServerApp.ip="${RACELAB_IP:-0.0.0.0}" --ServerApp.port="${PORT:-8888}" --ServerApp.open_browser=False \
    --ServerApp.root_dir="$HOME" --KernelSpecManager.allowed_kernelspecs=racelab \
    --MappingKernelManager.default_kernel_name=racelab
fi
exec "$@"
