"""Runs Schemathesis against a running carryover server, signed in as one principal.

    python contract/run.py BASE_URL LOGIN PASSWORD SEED REPORT_DIR

Signs in (the session cookie and the CSRF token go with every generated request), then checks
every operation of /api/openapi.json with every Schemathesis check. Sign-in and sign-out are left
out: generated credentials would only fill the sign-in limiter, and a generated sign-out would end
the session the rest of the run needs. Exits with Schemathesis's code.
"""

import subprocess
import sys
from pathlib import Path

import requests


def main() -> int:
    base, login, password, seed, report_dir = sys.argv[1:6]
    res = requests.post(
        f"{base}/api/auth/login",
        json={"login": login, "password": password},
        headers={"Origin": base},
        timeout=30,
    )
    res.raise_for_status()
    cookie = res.cookies.get("carryover_session")
    csrf = res.json()["csrf_token"]
    if not cookie or not csrf:
        print(f"signing in as {login} gave no session", file=sys.stderr)
        return 2
    reports = Path(report_dir)
    reports.mkdir(parents=True, exist_ok=True)
    schemathesis = Path(sys.executable).with_name("schemathesis")
    cmd = [
        str(schemathesis),
        "--config-file",
        str(Path(__file__).with_name("schemathesis.toml")),
        "run",
        f"{base}/api/openapi.json",
        "--checks",
        "all",
        "--seed",
        seed,
        "--exclude-path",
        "/api/auth/login",
        "--exclude-path",
        "/api/auth/logout",
        "--header",
        f"Cookie: carryover_session={cookie}",
        "--header",
        f"X-CSRF-Token: {csrf}",
        # The document says no text holds U+0000 (422 everywhere); a field's schema cannot.
        "--generation-allow-x00",
        "false",
        "--request-timeout",
        "20",
        # One worker: Hypothesis's lambda descriptions are not thread-safe (runtime errors
        # "AST constructor recursion depth mismatch" with two).
        "--workers",
        "1",
        "--report",
        "junit",
        "--report-dir",
        str(reports),
        "--no-color",
    ]
    # The session's secrets stay out of the log.
    shown = [c.replace(cookie, "…").replace(csrf, "…") for c in cmd]
    print("$", " ".join(shown), flush=True)
    # Schemathesis and Hypothesis keep their caches (failures found, to try again first) in the
    # working directory: under target/, never in the checkout.
    cache = Path(__file__).resolve().parent.parent / "target" / "contract"
    cache.mkdir(parents=True, exist_ok=True)
    return subprocess.call(cmd, cwd=cache)


if __name__ == "__main__":
    sys.exit(main())
