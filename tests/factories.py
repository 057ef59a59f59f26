"""Small decks and sessions for tests, built in memory."""
from __future__ import annotations

from game.core.deck import Deck, deck_from_data


def card_data(card_id: str = "card-one", perspectives: int = 0) -> dict:
    return {
        "id": card_id, "title": f"Card {card_id}",
        "customer": {"name": "Sanne", "persona": "Camps at festivals", "archetype": "feeler"},
        "story": "The tent leaked.", "short_story": "Tent leaked.",
        "diagnose": {"options": [{"id": "blamed", "label": "Blamed the customer", "key": True},
                                 {"id": "not-possible", "label": "Said what is not possible", "key": True},
                                 {"id": "kick", "label": "A kick after the fix"},
                                 {"id": "slow", "label": "Too slow"},
                                 {"id": "policy", "label": "Followed the policy"}]},
        "prompts": {"response": "Answer her", "promise": "One promise", "behaviours": "Do and don't"},
        "notes": {"lesson": "Show empathy", "tips": ["Ask questions"]},
        "model_response": "I am sorry about your weekend.",
        "perspectives": [{"role": f"Side {i}", "text": f"Side {i} text"} for i in range(perspectives)],
    }


def promises_data(activity_id: str = "our-promises") -> dict:
    """A promises activity (deck activity type "promises")."""
    return {
        "type": "promises", "id": activity_id, "title": "Our promises",
        "intro": "From practice to our own promises.",
        "prompts": {"collect": "One promise per line.", "we_do": "What we do", "we_dont": "What we don't",
                    "appreciate": "How we recognise it", "measure": "How we measure it",
                    "first_step": "Who starts, and when"},
        "notes": {"lesson": "Promises the room keeps."},
    }


def deck(cards: int = 2, perspectives: int = 0, promises: bool = False, **timers) -> Deck:
    data = {"id": "test-deck", "title": "Test deck", "language": "en", "description": "For tests",
            "author": "Tests", "cards": [card_data(f"card-{i}", perspectives) for i in range(cards)]}
    if promises:
        data["cards"].append(promises_data())
    if timers:
        data["timers"] = timers
    return deck_from_data(data, "test-deck.toml")
