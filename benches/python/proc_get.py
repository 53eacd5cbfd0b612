"""One whole-process contender of ``bench_procs.py``: ``client.deals.get(i)`` for ids
1..N (argument, default 1000) through pipedrive_rs, touching ``title``; prints N.

Reads ``PIPEDRIVE_SANDBOX_URL`` and ``PIPEDRIVE_SANDBOX_TOKEN``."""

import os
import sys
import warnings

import pipedrive_rs

# The benchmark measures v1 on purpose (like for like with the other contenders); its
# deprecation warning is not part of what is compared.
warnings.filterwarnings("ignore", r"client\.\S+ is deprecated by Pipedrive", DeprecationWarning)

client = pipedrive_rs.Client(
    os.environ["PIPEDRIVE_SANDBOX_TOKEN"], base_url=os.environ["PIPEDRIVE_SANDBOX_URL"]
)
count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
deals = client.deals
for i in range(1, count + 1):
    if deals.get(i).title is None:
        raise SystemExit(f"deal {i} without title")
print(count)
