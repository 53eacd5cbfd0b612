"""One whole-process contender of ``bench_procs.py``: iterate every deal through
pipedrive_rs, touching ``id`` and ``title``, and print how many were seen.

Reads ``PIPEDRIVE_SANDBOX_URL`` and ``PIPEDRIVE_SANDBOX_TOKEN``. Interpreter start and
``import pipedrive_rs`` are part of what is timed, as for any short script."""

import os
import warnings

import pipedrive_rs

# The benchmark measures v1 on purpose (like for like with the other contenders); its
# deprecation warning is not part of what is compared.
warnings.filterwarnings("ignore", r"client\.\S+ is deprecated by Pipedrive", DeprecationWarning)

client = pipedrive_rs.Client(
    os.environ["PIPEDRIVE_SANDBOX_TOKEN"], base_url=os.environ["PIPEDRIVE_SANDBOX_URL"]
)
n = 0
for d in client.deals.list(limit=100, status="all_not_deleted"):
    d.id
    d.title
    n += 1
print(n)
