"""python -m bench: the load benchmark (see __main__.py and the README)."""
from game.extras import require

require("aiohttp", "python -m bench")  # the simulated phones' asyncio client: the [bench] extra
