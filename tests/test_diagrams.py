"""The teaching diagrams: what they say, that they fit and do not overlap, and
that their equations are the notebooks' equations."""

import itertools
import json
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import same_color
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from helpers import diagrams
from helpers.paths import NOTEBOOK_DIR

# Each diagram with arguments, and labels it must show.
CASES = {
    "unrolled_rnn": (diagrams.unrolled_rnn, {}, [diagrams.RNN_EQUATION, "$W_x$", "$W_h$", "$W_y$", "$x_t$", "$y_t$",
                                                 "$x_1$", "$x_4$", "$h_0$", "$h_4$", "$y_4$", "tanh"]),
    "unrolled_rnn_1": (diagrams.unrolled_rnn, {"steps": 1}, ["$x_1$", "$h_1$", "$T = 1$"]),
    "unrolled_rnn_6": (diagrams.unrolled_rnn, {"steps": 6}, ["$x_6$", "$h_6$", "$T = 6$"]),
    "bptt_paths": (diagrams.bptt_paths, {}, ["$L_1$", "$L_4$", r"$\partial L/\partial h_4$",
                                             r"$\operatorname{diag}(1 - h_2^2)\, W_h^\top$",
                                             r"\sum_{t=1}^{T} h_{t-1}^\top\, \partial L/\partial a_t"]),
    "bptt_paths_1": (diagrams.bptt_paths, {"steps": 1}, ["$L_1$", r"$\partial L/\partial h_1$"]),
    "bptt_paths_6": (diagrams.bptt_paths, {"steps": 6}, ["$L_6$", r"$\operatorname{diag}(1 - h_6^2)\, W_h^\top$"]),
    "lstm_cell": (diagrams.lstm_cell, {}, [*diagrams.LSTM_EQUATIONS, "$c_{t-1}$", "$c_t$", "$h_{t-1}$", "$x_t$",
                                           "$f_t$", "$i_t$", "$g_t$", "$o_t$", r"$i_t \odot g_t$", "$h_t$"]),
    "gru_cell": (diagrams.gru_cell, {}, [*diagrams.GRU_EQUATIONS, "$h_{t-1}$", "$x_t$", "$z_t$", "$r_t$", "$1-$",
                                         "$1 - z_t$", r"$\tilde h_t$", r"$h_{t-1} U_h + b_h^{(h)}$", "$h_t$"]),
    "stacked_and_bidirectional": (diagrams.stacked_and_bidirectional, {},
                                  ["$h^{(1)}_3$", "$h^{(2)}_1$", "return_sequences=True", r"$\overrightarrow{h}_1$",
                                   r"$\overleftarrow{h}_3$", r"$[\overrightarrow{h}_2 ; \overleftarrow{h}_2]$"]),
    "encoder_decoder": (diagrams.encoder_decoder, {}, ["initial_state", "<s>", "</s>", "$x_3$", "$y_3$",
                                                       r"$s = h^{\mathrm{enc}}_3$", "teacher forcing"]),
    "encoder_decoder_attention": (diagrams.encoder_decoder_attention, {},
                                  [*diagrams.ATTENTION_EQUATIONS, "attention", "initial_state", "<s>", "$h_1$",
                                   "$h_4$", "$q_t$", "$c_t$", "$y_t$", r"weights $\alpha_{t,i}$"]),
}


@pytest.fixture(params=CASES, ids=str)
def case(request):
    function, arguments, labels = CASES[request.param]
    figure = function(**arguments)
    yield figure, labels
    plt.close(figure)


def rendered(figure):
    """Draw ``figure`` on an Agg canvas and return the renderer, for text extents."""
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return canvas.get_renderer()


def texts(figure):
    """The figure's visible, non-empty text artists."""
    every = [*figure.texts, *(text for axes in figure.axes for text in axes.texts)]
    return [text for text in every if text.get_visible() and text.get_text().strip()]


def test_each_diagram_is_a_figure_with_its_labels(case):
    figure, labels = case
    assert isinstance(figure, Figure)
    shown = [text.get_text() for text in texts(figure)]
    missing = [label for label in labels if not any(label in text for text in shown)]
    assert not missing, f"labels not drawn: {missing}"


def test_each_diagram_stays_out_of_pyplot(case):
    # Jupyter shows a returned figure once; one left open in pyplot would show twice.
    figure, _ = case
    assert figure.canvas.manager is None


def test_every_label_lies_inside_the_figure(case):
    figure, _ = case
    renderer = rendered(figure)
    bounds = figure.bbox
    for text in texts(figure):
        box = text.get_window_extent(renderer)
        assert (box.x0 >= bounds.x0 - 0.5 and box.y0 >= bounds.y0 - 0.5 and box.x1 <= bounds.x1 + 0.5
                and box.y1 <= bounds.y1 + 0.5), f"{text.get_text()!r} at {box} leaves the figure {bounds}"


def test_no_two_labels_overlap(case):
    figure, _ = case
    renderer = rendered(figure)
    boxes = [(text.get_text(), text.get_window_extent(renderer).padded(-1)) for text in texts(figure)]
    overlapping = [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2) if box_a.overlaps(box_b)]
    assert not overlapping, f"labels overlap: {overlapping}"


def test_diagrams_fit_a_notebook_page():
    for name in ("unrolled_rnn", "bptt_paths", "lstm_cell", "gru_cell", "stacked_and_bidirectional",
                 "encoder_decoder", "encoder_decoder_attention"):
        figure = getattr(diagrams, name)()
        width, height = figure.get_size_inches()
        plt.close(figure)
        assert 8 <= width <= 10.5 and 3.5 <= height <= 5.5, f"{name}: {width} x {height} inches"


def arrows_of(figure, colour):
    return [patch for patch in figure.axes[0].patches
            if isinstance(patch, FancyArrowPatch) and same_color(patch.get_edgecolor(), colour)]


@pytest.mark.parametrize("steps", [1, 3, 5])
def test_bptt_draws_one_gradient_path_per_loss_and_one_per_link(steps):
    figure = diagrams.bptt_paths(steps)
    # Down from every L_t to h_t, and back from every h_t to h_{t-1} (t > 1).
    assert len(arrows_of(figure, diagrams.GRADIENT)) == steps + (steps - 1)
    factors = [text.get_text() for text in texts(figure) if r"\operatorname{diag}" in text.get_text()]
    assert factors == [rf"$\operatorname{{diag}}(1 - h_{t}^2)\, W_h^\top$" for t in range(2, steps + 1)]
    plt.close(figure)


@pytest.mark.parametrize("steps", [2, 5])
def test_unrolled_rnn_has_one_cell_per_step_and_the_folded_one(steps):
    figure = diagrams.unrolled_rnn(steps=np.int64(steps))  # NumPy integers count as integers
    cells = [text for text in texts(figure) if text.get_text() == "tanh"]
    assert len(cells) == steps + 1
    assert sum(text.get_text() == "$W_h$" for text in texts(figure)) == steps + 1  # the loop and every link in
    plt.close(figure)


def test_gates_have_their_activations():
    lstm, gru = diagrams.lstm_cell(), diagrams.gru_cell()
    labels = {name: [text.get_text() for text in texts(figure)] for name, figure in (("lstm", lstm), ("gru", gru))}
    assert labels["lstm"].count(r"$\sigma$") == 3 and labels["lstm"].count("tanh") == 2  # g_t and tanh(c_t)
    assert labels["gru"].count(r"$\sigma$") == 2 and labels["gru"].count("tanh") == 1
    plt.close(lstm)
    plt.close(gru)


@pytest.mark.parametrize("function", [diagrams.unrolled_rnn, diagrams.bptt_paths])
@pytest.mark.parametrize("steps", [0, -1, 7, "3", 2.0, True, None])
def test_bad_steps_are_refused_by_name(function, steps):
    with pytest.raises(ValueError, match=r"steps=.* is invalid: steps must be an integer"):
        function(steps=steps)


def normalised(latex):
    """LaTeX without the spacing and sizing commands that do not change an equation."""
    for command in (r"\left", r"\right", r"\qquad", r"\quad", r"\,", r"\!", r"\ ", "&", "$", " ", "\n"):
        latex = latex.replace(command, "")
    return latex


def notebook_markdown(name):
    cells = json.loads((NOTEBOOK_DIR / name).read_text(encoding="utf-8"))["cells"]
    return normalised("".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown"))


@pytest.mark.parametrize(("notebook", "equations"), [
    ("01_rnn_cell_from_scratch.ipynb", (diagrams.RNN_EQUATION,)),
    ("06_lstm.ipynb", diagrams.LSTM_EQUATIONS),
    ("07_gru.ipynb", diagrams.GRU_EQUATIONS),
    ("11_encoder_decoder_attention.ipynb", diagrams.ATTENTION_EQUATIONS),
])
def test_the_diagrams_equations_are_the_notebooks(notebook, equations):
    # A diagram beside an equation with other symbols would confuse; if a
    # notebook changes its notation, the diagram's constants must follow.
    text = notebook_markdown(notebook)
    missing = [equation for equation in equations if normalised(equation) not in text]
    assert not missing, f"{notebook} does not write {missing}"


def test_normalised_keeps_what_matters():
    assert normalised(r"$h_t = \tanh\left(a\right)$") == r"h_t=\tanh(a)"
    assert normalised(r"$W_{x,i}$") != normalised(r"$W_i$")
    assert re.search(re.escape(normalised(diagrams.GRU_EQUATIONS[0])), r"z_t=\sigma(x_tW_z+h_{t-1}U_z+b_z)")
