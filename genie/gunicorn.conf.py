"""gunicorn settings for production serving (`make serve`)."""

import multiprocessing
import os

bind = os.environ.get("GENIE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GENIE_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GENIE_THREADS", "2"))
timeout = 30
graceful_timeout = 20
# Access logs carry URLs only; URLs never contain personal data (UUIDs only).
accesslog = "-"
errorlog = "-"
