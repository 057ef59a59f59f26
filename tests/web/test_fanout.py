"""The publisher's two lanes: facilitator and single teams soon, every phone at most once a second."""
from game.core import commands as c
from game.service.authority import SessionService
from game.service.memory import InMemorySessionRepository
from game.service.state_cache import StateCache
from game.web import fanout
from game.web.fanout import SocketPublisher
from tests.factories import deck
from tests.ydraft import Typist


class FakeSocketIO:
    def __init__(self):
        self.emitted, self.tasks, self.payloads = [], [], []

    def emit(self, event, payload, to):
        self.emitted.append((event, to.split(":")[0]))
        self.payloads.append((event, payload, to))

    def start_background_task(self, target, *args):
        self.tasks.append((target, args))

    def sleep(self, seconds):
        pass

    def run_tasks(self):
        """Run the flushes planned so far; return the delays they were planned with."""
        tasks, self.tasks = self.tasks, []
        for target, args in tasks:
            target(*args)
        return [args[-1] for _, args in tasks]

    def take(self):
        emitted, self.emitted = self.emitted, []
        return emitted


def setup(played=None):
    socketio = FakeSocketIO()
    repository = InMemorySessionRepository()
    cache = StateCache(repository, sole_writer=True)
    service = SessionService(repository, SocketPublisher(socketio, cache.reading, cache.version_in_hand), cache=cache)
    return socketio, service, service.create(played or deck()).code


def test_a_join_storm_reaches_every_phone_and_the_facilitator_at_most_once_a_second():
    socketio, service, code = setup()
    service.join(code, "Ann")
    assert socketio.run_tasks() == [fanout.COALESCE_SECONDS]
    first = socketio.take()
    assert ("view", "s") in first and ("view", "h") in first and ("view", "t") in first
    service.join(code, "Bob")  # within the second: nobody hears yet
    delays = socketio.run_tasks()
    assert socketio.take() == []
    assert delays and delays[0] > 0.5  # the slow lane's turn comes later
    publisher = service.commands.publisher
    publisher._last_everyone[code] -= fanout.EVERYONE_SECONDS  # the second has passed
    socketio.run_tasks()
    later = socketio.take()
    assert ("view", "s") in later and ("view", "t") in later and ("view", "h") in later


def test_a_submitted_draft_reaches_its_team_soon_even_while_the_slow_lane_waits():
    socketio, service, code = setup()
    ann, _ = service.join(code, "Ann")
    service.execute(code, c.StartGame(c.HOST))
    service.execute(code, c.AdvancePhase(c.HOST))
    service.execute(code, c.AdvancePhase(c.HOST))  # draft
    socketio.run_tasks()
    socketio.take()
    service.execute(code, c.UpdateDraft(ann, update=Typist().insert("promise", 0, "We listen")))
    service.execute(code, c.SubmitDraft(ann, submitted=True))
    at_once = socketio.take()
    assert ("draft:update", "t") in at_once  # edits go out at once
    assert ("view", "h") in at_once  # the only team submitted: the phase is done
    assert socketio.run_tasks()[0] == fanout.COALESCE_SECONDS
    sent = socketio.take()
    assert ("view", "t") in sent and ("progress", "s") not in sent


def test_a_flush_that_finds_a_newer_phase_sends_nothing_the_phase_change_did_not():
    socketio = FakeSocketIO()
    repository = InMemorySessionRepository()
    cache = StateCache(repository)  # shares its database with another process
    service = SessionService(repository, SocketPublisher(socketio, cache.reading, cache.version_in_hand), cache=cache)
    code = service.create(deck()).code
    service.join(code, "Ann")
    socketio.run_tasks()
    socketio.take()
    service.join(code, "Bob")  # roster change, flush planned
    SessionService(repository).execute(code, c.StartGame(c.HOST))  # the other process starts the game
    socketio.run_tasks()
    assert socketio.take() == []  # its phase change broadcast carried the roster already


def test_the_facilitator_sees_the_complete_count_as_soon_as_the_last_team_is_done():
    socketio, service, code = setup()
    ann, _ = service.join(code, "Ann")
    service.execute(code, c.StartGame(c.HOST))
    service.execute(code, c.AdvancePhase(c.HOST))  # diagnose
    service.execute(code, c.AdvancePhase(c.HOST))  # draft
    service.execute(code, c.EditDraft(ann, field="promise", text="We listen", base_version=0))
    socketio.run_tasks()
    socketio.take()
    service.execute(code, c.SubmitDraft(ann))  # the only team: the phase closes early
    assert ("view", "h") in socketio.take()  # at once, before any flush ran


def test_the_facilitator_s_own_move_shows_soon_even_within_the_slow_lane_s_second():
    socketio, service, code = setup()
    ann, _ = service.join(code, "Ann")
    socketio.run_tasks()
    socketio.take()
    other_team = next(t.id for t in service.state(code).teams if t.id != service.state(code).players[ann].team_id)
    service.execute(code, c.MovePlayer(c.HOST, player_id=ann, team_id=other_team))
    assert socketio.run_tasks()[0] == fanout.COALESCE_SECONDS
    sent = socketio.take()
    assert ("resync", "p") in sent and ("view", "h") in sent and ("view", "t") in sent


def test_broadcast_views_carry_the_version_of_the_state_they_show():
    socketio, service, code = setup()
    sent = []
    socketio.emit = lambda event, payload, to: sent.append((event, payload))
    service.join(code, "Ann")
    service.execute(code, c.StartGame(c.HOST))  # a phase change: every section at once
    stored = service.cache.repository.version(code)
    versions = {name: section["version"] for event, payload in sent if event == "view"
                for name, section in payload.items()}
    assert versions == {"session": stored, "team": stored, "host": stored, "screen": stored}


def test_the_facilitators_board_work_shows_on_the_stage_soon_and_on_every_phone_at_most_once_a_second():
    """Merging duplicates one after another at 1,000 players would send the whole list (30+ KB) to
    every phone ten times a second; the presenter and the projector draw the list from the session
    section too, so theirs comes with their own sections, soon."""
    socketio, service, code = setup(deck(cards=0, promises=True))
    ann, _ = service.join(code, "Ann")
    service.execute(code, c.StartGame(c.HOST))  # collect
    lines = "We call back within the hour\nWe greet every guest by name\nWe say sorry first"
    service.execute(code, c.UpdateDraft(ann, update=Typist().insert("promises", 0, lines)))
    service.execute(code, c.AdvancePhase(c.HOST))  # group
    socketio.run_tasks()
    socketio.take()
    publisher = service.commands.publisher
    publisher._last_everyone[code] = publisher.monotonic()  # the slow lane just had its turn
    with service.commands.cache.reading(code) as state:
        first, second, third = [item.id for item in state.board.groups()]
    sent = []
    for promise_id in (second, third):
        service.execute(code, c.MergePromise(c.HOST, promise_id=promise_id, into=first))
        socketio.run_tasks()
        sent.append(socketio.emitted[:])
        socketio.emitted.clear()
    # Each merge: the presenter and the projector at once, the phones not yet.
    assert all(("view", "h") in soon and ("view", "sc") in soon and ("view", "s") not in soon for soon in sent)
    hosts = [payload for event, payload, room in socketio.payloads if room.startswith("h:")]
    assert hosts and all("session" in payload and "host" in payload for payload in hosts)
    publisher._last_everyone[code] -= fanout.EVERYONE_SECONDS  # the second has passed
    socketio.run_tasks()
    assert socketio.take().count(("view", "s")) == 1  # one list to every phone, after both merges
