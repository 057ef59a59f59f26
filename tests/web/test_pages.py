"""The HTML pages' server-side parts."""
from game.core.session import CODE_LENGTH, CODE_PATTERN


def test_the_join_form_checks_codes_with_the_servers_own_alphabet(app):
    page = app.test_client().get("/").get_data(as_text=True)
    assert f'pattern="{CODE_PATTERN}"' in page and f'maxlength="{CODE_LENGTH}"' in page
