from __future__ import annotations

import sys

from tkit_scaffold.cli import main

sys.exit(main())
