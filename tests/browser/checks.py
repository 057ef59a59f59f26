"""What the browser tests measure in a page, as functions for Playwright's evaluate().

Shared by the projector and phone tests and tests/browser/play_shipped_decks.py.
"""

# Every visible text on the stage, its font size, and whether it is body text (draft, story,
# answer, chart label, list item); and every box that clips or overflows.
MEASURE = """() => {
  const stage = document.querySelector('.stage');
  const box = stage.getBoundingClientRect();
  const small = [], overflow = [];
  const bodySel = ['.p-card p', '.p-card li', '.p-story-text p', '.p-model p', '.p-tally-label', '.p-bar-label',
                   '.p-prompt p', '.leader-row span'].join(', ');
  for (const el of stage.querySelectorAll('*')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const r = el.getBoundingClientRect();
    if (!own || r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    const body = el.matches(bodySel);
    if (size < (body ? 28 : 24)) {
      small.push(`${el.className || el.tagName}: ${size}px "${el.textContent.slice(0, 30)}"`);
    }
    if (r.right > box.right + 1 || r.bottom > box.bottom + 1 || r.left < box.left - 1)
      overflow.push(`${el.className || el.tagName} outside the stage`);
  }
  for (const el of stage.querySelectorAll('.fit-box, .p-card, .stage-body, .p-story-text')) {
    if (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)
      overflow.push(`${el.className} overflows (${el.scrollWidth}x${el.scrollHeight} in `
                    + `${el.clientWidth}x${el.clientHeight})`);
  }
  return {small, overflow};
}"""

# Each element's lines against its words: a name of one word on two lines was broken inside the word.
BROKEN_WORDS = """sel => [...document.querySelectorAll(sel)].filter((el) => {
  const lines = Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight));
  return lines > el.textContent.trim().split(/\\s+/).length;
}).map((el) => el.textContent)"""
