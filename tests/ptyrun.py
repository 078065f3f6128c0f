"""Run a command with a pseudo-terminal, as a person's shell would, and read what the terminal got."""

import os
import pty
import subprocess


def run_on_pty(args: list[str], *, cwd, env: dict, stdout_on_pty: bool, timeout: float = 120) -> tuple[str, bytes]:
    """stderr (and stdout too when `stdout_on_pty`) on a pseudo-terminal; return (piped stdout, terminal bytes)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=slave if stdout_on_pty else subprocess.PIPE,
                            stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    stdout = "" if stdout_on_pty else proc.stdout.read().decode()
    proc.wait(timeout=timeout)
    os.close(master)
    return stdout, seen
