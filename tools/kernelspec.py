"""Writes the course kernelspec into the virtual environment (not the user's home).

The kernel runs JJava directly on the JDK that ./course found (JJava's own launcher would start whatever
`java` is first on PATH), with the built library on the classpath, headless AWT, and a startup script that
imports the library, so notebooks need no setup cell. Rewrites kernel.json only when it changes.

JVM options for the kernel come from the environment variable JJAVA_JVM_OPTS at kernel start, as with JJava's own
launcher (e.g. JJAVA_JVM_OPTS=-Xmx1g caps each kernel's heap; on JupyterHub set it in singleuser.extraEnv). The
kernel is started by `/bin/sh -c 'exec java ... $JJAVA_JVM_OPTS -jar jjava.jar ...'`: exec keeps one process, so
interrupts and shutdowns reach the JVM itself.
"""
import argparse
import json
import pathlib
import shlex
import sys


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True, type=pathlib.Path)
    ap.add_argument("--jdk", required=True, type=pathlib.Path)
    ap.add_argument("--jdk-feature", required=True)
    ap.add_argument("--prefix", default=sys.prefix, type=pathlib.Path,
                    help="the Python environment whose share/jupyter/kernels receives the spec")
    a = ap.parse_args()

    kernels = a.prefix / "share" / "jupyter" / "kernels"
    jjava = kernels / "java" / "jjava.jar"
    if not jjava.is_file():
        print(f"course: JJava is not installed in {a.prefix} ({jjava} missing); "
              "delete the environment and run ./course again", file=sys.stderr)
        return 2
    lib = a.root / "lib" / "target"
    jars = [lib / "racelab-lib.jar"] + sorted((lib / "lib").glob("*.jar"))
    missing = [str(j) for j in jars if not j.is_file()]
    if missing:
        print(f"course: the library is not built ({', '.join(missing)} missing)", file=sys.stderr)
        return 2
    fixed = ["-Djava.awt.headless=true",
             "-Djava.util.logging.config.file=" + str(a.root / "lib" / "src" / "main" / "jshell" / "logging.properties"),
             "--add-opens", "jdk.jshell/jdk.jshell=ALL-UNNAMED"]
    # set -f: no file-name globbing in the options; $JJAVA_JVM_OPTS unquoted on purpose, one word per option
    script = ('set -f; exec "$0" ' + " ".join(shlex.quote(o) for o in fixed)
              + " $JJAVA_JVM_OPTS -jar " + shlex.quote(str(jjava)) + ' "$1"')
    spec = {
        "argv": ["/bin/sh", "-c", script, str(a.jdk / "bin" / "java"), "{connection_file}"],
        "display_name": f"Java {a.jdk_feature} (racelab)",
        "language": "java",
        "interrupt_mode": "message",
        "env": {
            "JJAVA_CLASSPATH": ":".join(str(j) for j in jars),
            "JJAVA_STARTUP_SCRIPTS_PATH": str(a.root / "lib" / "src" / "main" / "jshell" / "startup.jshell"),
            "RACELAB_HOME": str(a.root),
        },
        "metadata": {"racelab": {"jdk": str(a.jdk)}},
    }
    target = kernels / "racelab" / "kernel.json"
    text = json.dumps(spec, indent=2) + "\n"
    if target.is_file() and target.read_text() == text:
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(text)
    tmp.replace(target)
    print(f"course: kernelspec 'racelab' ({spec['display_name']}) written to {target.parent}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
