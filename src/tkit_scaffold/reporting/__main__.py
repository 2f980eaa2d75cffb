from __future__ import annotations

import sys

from tkit_scaffold.reporting.cli import main

sys.exit(main())
