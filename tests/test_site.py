"""The course's website, built from scratch and read in a real browser.

The session builds ``docs/_build/html`` with ``make -C docs html`` (warnings
are errors), serves it on 127.0.0.1 and loads every page in headless Chromium
(the system's, driven by Playwright). Each page must show its title (a
notebook's page: the notebook's own title), load every image it has (a
notebook's page: as many as the notebook has image outputs), leave no raw TeX
outside rendered math, log no console error, request nothing that fails or
lies outside the site, and, in a window 1280 px wide, scroll no code block
(``pre``: a cell's code or printed output, a command) sideways: a line of 88
characters, ruff format's limit, fits (``docs/_static/course.css`` makes the
room). Notebook pages also need their Colab launch button and must hide the
setup cell's code. The search must find notebook 06 for "forget
gate". Screenshots of three pages go to ``docs/_build/screenshots/``.

Without Chromium (``apt-get install chromium fonts-noto-cjk``) or the docs
requirements (``pip install -r docs/requirements.txt``) the tests skip, except
where ``RNN_COURSE_SITE_CHECK=required`` (``.ci/run`` sets it): there they fail.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import nbformat
import pytest

from helpers.colab import colab_url, notebooks
from helpers.paths import PROJECT_ROOT

DOCS = PROJECT_ROOT / "docs"
HTML = DOCS / "_build" / "html"
SCREENSHOTS = DOCS / "_build" / "screenshots"
CHROMIUM = Path(os.environ.get("RNN_COURSE_CHROMIUM", "/usr/bin/chromium"))
REQUIRED = os.environ.get("RNN_COURSE_SITE_CHECK") == "required"
BUILD_LIMIT_S = 60
VIEWPORT = {"width": 1280, "height": 900}  # a laptop's window: code of 88 characters a line must fit
SCREENSHOT_PAGES = {"docs/index.html": "landing.png", "notebooks/06_lstm.html": "06_lstm.png",
                    "notebooks/14_results.html": "14_results.png"}
# MyST-NB shows the first of these that an output holds (its order for HTML).
MIME_PRIORITY = ("application/vnd.jupyter.widget-view+json", "application/javascript", "text/html",
                 "image/svg+xml", "image/png", "image/jpeg", "text/markdown", "text/latex", "text/plain")
SETUP_CODE = "helpers.start_notebook("  # a line of the setup cell, hidden on the site


def missing_tools() -> str | None:
    """Why the site cannot be built and checked here, or None."""
    for module, package in (("sphinx", "sphinx"), ("myst_nb", "myst-nb"), ("sphinx_book_theme", "sphinx-book-theme"),
                            ("playwright", "playwright")):
        if importlib.util.find_spec(module) is None:
            return f"{package} is not installed: pip install -r docs/requirements.txt"
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM}: apt-get install chromium fonts-noto-cjk (or set RNN_COURSE_CHROMIUM)"
    return None


def title_of(source: str) -> str:
    """A page's title from its Markdown's first level-1 heading (``# NN · Title``), as the browser shows it."""
    heading = next((line for line in source.splitlines() if line.startswith("# ")), None)
    if heading is None:
        raise ValueError(f"no level-1 heading ('# Title') in {source[:80]!r}")
    return re.sub(r"[`*]", "", heading[2:]).strip()


def shown_images(notebook) -> int:
    """How many images a notebook's page shows: each output whose shown form is
    an image, and each Markdown image except the Colab badge (a link on the site)."""
    count = 0
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            count += len(re.findall(r"!\[[^\]]*\]\((?!https://colab\.research\.google\.com/)", cell.source))
            continue
        for output in cell.get("outputs", []):
            shown = next((mime for mime in MIME_PRIORITY if mime in output.get("data", {})), "")
            count += shown.startswith("image/")
    return count


def expected_pages() -> dict[str, dict]:
    """Every page the site must have, by its path under the site, with what it must show."""
    pages = {"search.html": {"title": "Search"}}
    for path in sorted(DOCS.glob("*.md")):
        pages[f"docs/{path.stem}.html"] = {"title": title_of(path.read_text(encoding="utf-8"))}
    for path in notebooks():
        notebook = nbformat.read(path, as_version=4)
        pages[f"notebooks/{path.stem}.html"] = {
            "title": title_of(notebook.cells[0].source), "images": shown_images(notebook),
            "colab": colab_url(f"notebooks/{path.name}")}
    return pages


PAGES = expected_pages()

# Run in the page once it has loaded: MathJax's typesetting finished, every image
# loaded (lazy ones too), then what the page shows.
INSPECT = r"""async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  const images = [...document.querySelectorAll('img')];
  images.forEach(image => { image.loading = 'eager'; });
  await Promise.all(images.map(image => image.complete ? null :
    new Promise(done => { image.addEventListener('load', done); image.addEventListener('error', done); })));
  const heading = document.querySelector('article h1') || document.querySelector('h1');
  let h1 = null;
  if (heading) {
    const copy = heading.cloneNode(true);
    copy.querySelectorAll('.headerlink').forEach(link => link.remove());
    h1 = copy.textContent.trim();
  }
  const article = document.querySelector('article.bd-article') || document.body;
  const raw = [];
  const pattern = /\$[^$\n]+\$|\$\$|\\[A-Za-z]{2,}|\\[()[\]]/;
  const skip = 'pre, code, kbd, samp, script, style, textarea, mjx-container, .search';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.parentElement || node.parentElement.closest(skip)) continue;
    const found = node.textContent.match(pattern);
    if (found) {
      const at = Math.max(0, found.index - 30);
      raw.push(node.textContent.slice(at, found.index + found[0].length + 30).replace(/\s+/g, ' ').trim());
    }
  }
  // Each code block that scrolls sideways: its first line wider than the block.
  const ruler = document.createElement('canvas').getContext('2d');
  const wide = [...article.querySelectorAll('pre')].filter(pre => pre.scrollWidth > pre.clientWidth + 1).map(pre => {
    const style = getComputedStyle(pre);
    ruler.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = pre.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const lines = pre.textContent.split('\n');
    const line = lines.find(text => ruler.measureText(text).width > room + 1)
      || lines.reduce((longest, text) => text.length > longest.length ? text : longest, '');
    return {length: [...line].length, start: line.slice(0, 60)};
  });
  return {
    title: document.title, h1: h1,
    images: images.map(image => ({src: image.getAttribute('src'), width: image.naturalWidth,
                                 inArticle: article.contains(image)})),
    raw_tex: raw,
    math_errors: [...document.querySelectorAll('mjx-merror')].map(error => error.textContent),
    math: document.querySelectorAll('mjx-container').length,
    launch: [...document.querySelectorAll('.dropdown-launch-buttons a[href]')].map(link => link.href),
    wide_code: wide,
    text: article.innerText,
  };
}"""


def page_problems(facts: dict, expected: dict) -> list[str]:
    """What is wrong with a loaded page (``facts``: what INSPECT and the page's
    listeners saw) against what it must show (an entry of ``expected_pages``)."""
    problems = []
    title = expected["title"]
    if facts["h1"] != title:
        problems.append(f"its heading is {facts['h1']!r}, not the title {title!r}")
    if not facts["title"].startswith(title):
        problems.append(f"its <title> is {facts['title']!r}, which does not start with {title!r}")
    unloaded = [image["src"] for image in facts["images"] if not image["width"]]
    if unloaded:
        problems.append(f"{len(unloaded)} image(s) did not load: {unloaded}")
    if "images" in expected:
        shown = sum(image["inArticle"] for image in facts["images"])
        if shown != expected["images"]:
            problems.append(f"it shows {shown} image(s) where its notebook has {expected['images']} image output(s)")
    if facts["raw_tex"]:
        problems.append(f"raw TeX outside rendered math: {facts['raw_tex'][:3]}")
    if facts["math_errors"]:
        problems.append(f"MathJax could not render: {facts['math_errors'][:3]}")
    if facts["wide_code"]:
        first = facts["wide_code"][0]
        problems.append(f"{len(facts['wide_code'])} code block(s) scroll sideways at {VIEWPORT['width']} px; the first "
                        f"line too wide ({first['length']} characters): {first['start']!r}")
    for kind in ("console_errors", "failed_requests", "outside_requests"):
        if facts[kind]:
            problems.append(f"{kind.replace('_', ' ')}: {facts[kind][:3]}")
    if "colab" in expected:
        if expected["colab"] not in facts["launch"]:
            problems.append(f"no Colab launch button for {expected['colab']}")
        if SETUP_CODE in facts["text"]:
            problems.append("the setup cell's code is shown")
    return problems


def serve(directory: Path):
    """An HTTP server for ``directory`` on 127.0.0.1 at a free port, in a thread; returns (server, base address)."""
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request, client_address):
            if not isinstance(sys.exc_info()[1], ConnectionError):  # a tab closed mid-transfer is no error
                super().handle_error(request, client_address)

    server = Server(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def load(browser_context, base: str, path: str, screenshot: Path | None = None) -> dict:
    """Open ``path`` of the site at ``base`` in a new tab and return what it shows and what it logged."""
    page = browser_context.new_page()
    facts = {"console_errors": [], "failed_requests": [], "outside_requests": []}
    page.on("console", lambda message: message.type == "error" and facts["console_errors"].append(message.text))
    page.on("pageerror", lambda error: facts["console_errors"].append(str(error)))
    page.on("requestfailed", lambda request: facts["failed_requests"].append(f"{request.url} ({request.failure})"))
    page.on("response", lambda response: response.status >= 400
            and facts["failed_requests"].append(f"{response.url} ({response.status})"))
    page.on("request", lambda request: request.url.startswith(("http:", "https:"))
            and not request.url.startswith(base) and facts["outside_requests"].append(request.url))
    try:
        page.goto(base + path, wait_until="load")
        facts.update(page.evaluate(INSPECT))
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot))
    finally:
        page.close()
    return facts


def require_tools() -> None:
    """Skip when the site cannot be built and checked here; fail instead where
    ``RNN_COURSE_SITE_CHECK=required`` (CI)."""
    reason = missing_tools()
    if reason:
        if REQUIRED:
            pytest.fail(f"RNN_COURSE_SITE_CHECK=required, but {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def site():
    """A fresh build of the site (its time checked), served on 127.0.0.1: the base address."""
    require_tools()
    shutil.rmtree(DOCS / "_build", ignore_errors=True)
    start = time.perf_counter()
    build = subprocess.run(["make", "-C", str(DOCS), "html", f"SPHINXBUILD={sys.executable} -m sphinx"],
                           capture_output=True, text=True)
    seconds = time.perf_counter() - start
    assert build.returncode == 0, f"make -C docs html failed:\n{build.stdout[-5000:]}\n{build.stderr[-5000:]}"
    print(f"\nsite built in {seconds:.1f} s")
    assert seconds <= BUILD_LIMIT_S, f"the site took {seconds:.0f} s to build; the limit is {BUILD_LIMIT_S} s"
    server, base = serve(HTML)
    yield base
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium tab factory (a browser context) for the session."""
    require_tools()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        context = chromium.new_context(viewport=VIEWPORT)
        yield context
        context.close()
        chromium.close()


def test_the_site_has_every_page(site):
    built = {str(path.relative_to(HTML)) for path in HTML.rglob("*.html")
             if not path.relative_to(HTML).parts[0].startswith("_")}  # _static holds the theme's templates
    assert set(PAGES) | {"index.html"} == built
    assert len(built) >= 16
    assert sum(page.startswith("notebooks/") for page in built) == len(notebooks()) == 15


@pytest.mark.parametrize("path", sorted(PAGES))
def test_page_in_the_browser(site, browser, path):
    shot = SCREENSHOTS / SCREENSHOT_PAGES[path] if path in SCREENSHOT_PAGES else None
    problems = page_problems(load(browser, site, path, shot), PAGES[path])
    assert not problems, f"{path}:\n  " + "\n  ".join(problems)


def test_the_root_page_leads_to_the_landing_page(site, browser):
    page = browser.new_page()
    page.goto(site)
    page.wait_for_url("**/docs/index.html")
    assert page.title().startswith(PAGES["docs/index.html"]["title"])
    page.close()


def test_math_is_rendered_where_the_notebooks_write_it(site, browser):
    facts = load(browser, site, "notebooks/06_lstm.html")
    assert facts["math"] > 10, "MathJax rendered no math on the LSTM page"


def test_search_finds_the_lstm_notebook_for_forget_gate(site, browser):
    page = browser.new_page()
    page.goto(site + "search.html?q=forget+gate")
    page.wait_for_selector(".search-summary", timeout=30_000)  # written when the search has finished
    found = page.eval_on_selector_all("ul.search li a", "links => links.map(link => link.getAttribute('href'))")
    page.close()
    assert any("notebooks/06_lstm.html" in link for link in found), found


def test_the_check_fails_on_a_page_that_loses_its_images_math_or_title(site, browser, tmp_path):
    """Break five pages of a copy of the site; the check must say what broke on each."""
    broken = tmp_path / "html"
    shutil.copytree(HTML, broken)
    images = broken / "notebooks" / "06_lstm.html"
    first_image = re.search(r'<img alt="[^"]*" src="\.\./(_images/[^"]+)"', images.read_text(encoding="utf-8"))
    (broken / first_image.group(1)).unlink()  # an image file lost
    fewer = broken / "notebooks" / "12_time_series.html"
    fewer.write_text(re.sub(r'<img alt="[^"]*" src="\.\./_images/[^"]+" />', "", fewer.read_text(encoding="utf-8"),
                            count=1), encoding="utf-8")  # an image lost from the page
    math = broken / "notebooks" / "07_gru.html"
    math.write_text(re.sub(r"<script[^>]*mathjax[^>]*></script>", "", math.read_text(encoding="utf-8")),
                    encoding="utf-8")
    title = broken / "notebooks" / "05_long_term_dependencies.html"
    title.write_text(title.read_text(encoding="utf-8").replace("05 · Long-term dependencies", "Untitled"),
                     encoding="utf-8")
    wide = broken / "notebooks" / "01_rnn_cell_from_scratch.html"
    long_line = "# a comment line of 100 characters ".ljust(100, "-")  # into the first code shown
    code = r'(<div class="cell_input[^"]*">\s*<div class="highlight-[^"]*"><div class="highlight"><pre>)'
    wide.write_text(re.sub(code, lambda start: start.group(1) + long_line + "\n", wide.read_text(encoding="utf-8"),
                           count=1), encoding="utf-8")
    server, base = serve(broken)
    try:
        found = {path: page_problems(load(browser, base, path), PAGES[path])
                 for path in ("notebooks/06_lstm.html", "notebooks/12_time_series.html", "notebooks/07_gru.html",
                              "notebooks/05_long_term_dependencies.html", "notebooks/01_rnn_cell_from_scratch.html")}
    finally:
        server.shutdown()
    for path, problems in found.items():
        print(f"\n{path}:\n  " + "\n  ".join(problems))
    assert any("did not load" in problem for problem in found["notebooks/06_lstm.html"])
    assert any("image output(s)" in problem for problem in found["notebooks/12_time_series.html"])
    assert any("raw TeX" in problem for problem in found["notebooks/07_gru.html"])
    assert any("not the title" in problem for problem in found["notebooks/05_long_term_dependencies.html"])
    said = f"scroll sideways at {VIEWPORT['width']} px; the first line too wide (100 characters): {long_line[:60]!r}"
    assert any(said in problem for problem in found["notebooks/01_rnn_cell_from_scratch.html"])
