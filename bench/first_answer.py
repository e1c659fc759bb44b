"""Time from `make run` to a first answer in the web chat, as a new user sees it.

Usage: python bench/first_answer.py [--port 7861]   (run from the repository root, with any python3.11)
Starts `make run` (which sets up everything it needs), waits for the web chat, asks one question through the
chat's API with gradio_client, and prints the seconds to the server and to the answer. Run it in a fresh clone for
the cold figure, and again for the warm one.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

QUESTION = "Combien de personnes ont assisté au keynote de l'OVH Summit ?"


def wait_for(url: str, proc: subprocess.Popen, limit_s: float) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"make run exited with {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(1)
    sys.exit(f"no web chat at {url} after {limit_s:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=7861)
    parser.add_argument("--limit", type=float, default=3600, help="seconds to wait for the server")
    args = parser.parse_args()
    env = {**os.environ, "ASKCLOUD_PORT": str(args.port)}
    started = time.monotonic()
    proc = subprocess.Popen(["make", "run"], env=env, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{args.port}/"
        wait_for(url, proc, args.limit)
        up = time.monotonic() - started
        answer = ask(url)
        done = time.monotonic() - started
        print(json.dumps({"server_up_s": round(up, 1), "first_answer_s": round(done, 1),
                          "answer": answer["answer"], "citations": len(answer["citations"])}, ensure_ascii=False))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def ask(url: str) -> dict:
    client_python = os.path.join(".venv", "bin", "python")
    code = ("import json,sys; from gradio_client import Client; "
            "r = Client(sys.argv[1], verbose=False).predict(sys.argv[2], '[]', api_name='/ask_json'); "
            "print(json.dumps(r, ensure_ascii=False))")
    out = subprocess.run([client_python, "-c", code, url, QUESTION], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
