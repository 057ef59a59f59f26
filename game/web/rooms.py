"""Room names: one per session, per team, per player and for the facilitator."""


def session_room(code: str) -> str:
    return f"s:{code}"


def team_room(code: str, team_id: str) -> str:
    return f"t:{code}:{team_id}"


def player_room(code: str, player_id: str) -> str:
    return f"p:{code}:{player_id}"


def host_room(code: str) -> str:
    return f"h:{code}"


def screen_room(code: str) -> str:
    """The projector pages: they get the screen view, never the host's."""
    return f"sc:{code}"
