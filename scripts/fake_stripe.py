"""localstripe (PyPI), a stateful fake Stripe server, for the payment tests.

Its own command listens on every interface and reloads its last state from
/tmp; this starts it from scratch on 127.0.0.1 only.
Usage: python3 scripts/fake_stripe.py PORT
"""
import sys

from aiohttp import web
from localstripe.server import app

web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None)
