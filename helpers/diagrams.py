"""Teaching diagrams of the course, drawn with matplotlib alone.

Each function returns a :class:`matplotlib.figure.Figure` and shows nothing
itself; a notebook displays the returned figure, and the PNG stored with the
notebook's outputs is that drawing. The labels use the symbols of the
notebooks' equations (row vectors, ``x_t W``):

* :func:`unrolled_rnn` (notebook 01): the recurrent cell folded and unrolled;
* :func:`bptt_paths` (notebooks 02 and 05): where the gradients flow back;
* :func:`lstm_cell` (notebook 06) and :func:`gru_cell` (notebook 07);
* :func:`stacked_and_bidirectional` (notebook 09);
* :func:`encoder_decoder` and :func:`encoder_decoder_attention` (notebook 11).

Every drawing lives in one set of axes whose data units are inches of the
figure, so that a font size in points and a distance in data units can be
compared directly (1 inch = 72 points). Colours: gates and layers are yellow
boxes, pointwise operations are pink circles, state and signal lines are dark,
the forward pass is grey where the gradients (red) are the subject.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Ellipse, FancyArrowPatch, FancyBboxPatch, Patch
from matplotlib.path import Path

from helpers.arguments import argument_error, check_integer

GATE = "#ffe08a"        # gates and recurrent layers: boxes with an activation
LINEAR = "#ffffff"      # a linear map without activation
POINTWISE = "#f7b6c8"   # pointwise operations: circles
LINE = "#222222"        # states and signals
FORWARD = "#9a9a9a"     # the forward pass, where the gradients are the subject
GRADIENT = "#d62728"    # gradients
NOTE = "#555555"        # captions and notes
CELL_BACKGROUND = "#f1f1f1"

MAX_STEPS = 6  # more steps do not fit at notebook width

# The equations as the notebooks write them (06: W_{x,.} and W_{h,.}; 07: W and U).
LSTM_EQUATIONS = (
    r"$i_t = \sigma(x_t W_{x,i} + h_{t-1} W_{h,i} + b_i)$",
    r"$f_t = \sigma(x_t W_{x,f} + h_{t-1} W_{h,f} + b_f)$",
    r"$g_t = \tanh(x_t W_{x,g} + h_{t-1} W_{h,g} + b_g)$",
    r"$o_t = \sigma(x_t W_{x,o} + h_{t-1} W_{h,o} + b_o)$",
    r"$c_t = f_t \odot c_{t-1} + i_t \odot g_t$",
    r"$h_t = o_t \odot \tanh(c_t)$",
)
GRU_EQUATIONS = (
    r"$z_t = \sigma(x_t W_z + h_{t-1} U_z + b_z)$",
    r"$r_t = \sigma(x_t W_r + h_{t-1} U_r + b_r)$",
    r"$\tilde h_t = \tanh(x_t W_h + b_h^{(x)}$" "\n" r"$\qquad +\ r_t \odot (h_{t-1} U_h + b_h^{(h)}))$",
    r"$h_t = z_t \odot h_{t-1} + (1 - z_t) \odot \tilde h_t$",
)
RNN_EQUATION = r"$h_t = \tanh(x_t W_x + h_{t-1} W_h + b), \qquad y_t = h_t W_y + b_y$"
ATTENTION_EQUATIONS = (
    r"$e_{t,i} = \tanh(q_t W_q + h_i W_k)\, v, \qquad \alpha_{t,i} = \mathrm{softmax}_i(e_{t,i}), \qquad "
    r"c_t = \sum_i \alpha_{t,i} h_i$",
    r"$p(y_t \mid y_{<t}, x) = \mathrm{softmax}([q_t ; c_t]\, W + b)$",
)


@dataclass(frozen=True)
class _Shape:
    """A drawn box or node: its patch, centre and size (inches)."""

    patch: Patch
    x: float
    y: float
    width: float
    height: float

    @property
    def top(self) -> tuple[float, float]:
        return (self.x, self.y + self.height / 2)

    @property
    def bottom(self) -> tuple[float, float]:
        return (self.x, self.y - self.height / 2)

    @property
    def left(self) -> tuple[float, float]:
        return (self.x - self.width / 2, self.y)

    @property
    def right(self) -> tuple[float, float]:
        return (self.x + self.width / 2, self.y)


def _canvas(width: float, height: float) -> tuple[Figure, Axes]:
    """A figure of ``width`` x ``height`` inches whose one axes fill it, in inches."""
    # Created through pyplot so that Jupyter's inline backend can draw it, then
    # closed at once so that pyplot does not show it a second time.
    figure = plt.figure(figsize=(width, height))
    plt.close(figure)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, width)
    axes.set_ylim(0, height)
    axes.set_aspect("equal")
    axes.axis("off")
    return figure, axes


def _text(axes: Axes, x: float, y: float, text: str, size: float = 12, color: str = LINE, **kwargs) -> None:
    """A label centred on (x, y) unless ``ha``/``va`` say otherwise."""
    kwargs = {"ha": "center", "va": "center", **kwargs}
    axes.text(x, y, text, fontsize=size, color=color, zorder=5, **kwargs)


def _box(axes: Axes, x: float, y: float, text: str, width: float = 0.6, height: float = 0.46,
         color: str = GATE, size: float = 12, edge: str = LINE) -> _Shape:
    """A rounded box centred on (x, y) with ``text`` inside (a gate or a layer;
    with ``color`` and ``edge`` "none", a label that arrows can start at)."""
    patch = FancyBboxPatch((x - width / 2, y - height / 2), width, height, boxstyle="round,pad=0,rounding_size=0.07",
                           facecolor=color, edgecolor=edge, linewidth=1.2, zorder=3)
    axes.add_patch(patch)
    _text(axes, x, y, text, size=size)
    return _Shape(patch, x, y, width, height)


def _node(axes: Axes, x: float, y: float, text: str, width: float = 0.34, size: float = 12) -> _Shape:
    """A pointwise operation: a circle (or an ellipse if ``width`` is larger) with ``text``."""
    height = 0.34
    patch = (Circle((x, y), height / 2) if width == height else Ellipse((x, y), width, height))
    patch.set(facecolor=POINTWISE, edgecolor=LINE, linewidth=1.2, zorder=3)
    axes.add_patch(patch)
    _text(axes, x, y, text, size=size)
    return _Shape(patch, x, y, width, height)


def _dot(axes: Axes, x: float, y: float) -> None:
    """A junction where a line branches."""
    axes.add_patch(Circle((x, y), 0.035, color=LINE, zorder=4))


def _arrow(axes: Axes, *points: tuple[float, float] | _Shape, color: str = LINE, head: bool = True,
           zorder: float = 2, **kwargs) -> None:
    """A line through ``points`` with an arrow head at the last one.

    Two points may be shapes: the arrow then runs from centre to centre, cut at
    their outlines (for diagonal arrows). More points draw a polyline."""
    style = {"arrowstyle": "-|>" if head else "-", "mutation_scale": 12, "color": color, "linewidth": 1.5,
             "zorder": zorder, **kwargs}
    if len(points) == 2:
        start, end = points
        arrow = FancyArrowPatch(
            (start.x, start.y) if isinstance(start, _Shape) else start,
            (end.x, end.y) if isinstance(end, _Shape) else end,
            patchA=start.patch if isinstance(start, _Shape) else None,
            patchB=end.patch if isinstance(end, _Shape) else None, shrinkA=0, shrinkB=0, **style)
    else:
        arrow = FancyArrowPatch(path=Path(points), **style)
    axes.add_patch(arrow)


def _row(axes: Axes, xs: list[float], y: float, texts: list[str], **box) -> list[_Shape]:
    """Boxes at ``xs`` on height ``y``, one per time step (``box``: :func:`_box`'s sizes)."""
    return [_box(axes, x, y, text, **box) for x, text in zip(xs, texts)]


def _links(axes: Axes, shapes: list[_Shape], backwards: bool = False, lane: float = 0.0, color: str = LINE) -> None:
    """The state arrows of a recurrent layer between neighbouring ``shapes``,
    left to right (right to left if ``backwards``), ``lane`` above their centres."""
    for before, after in zip(shapes, shapes[1:]):
        start, end = (before.right[0], before.y + lane), (after.left[0], after.y + lane)
        _arrow(axes, *((end, start) if backwards else (start, end)), color=color)


def _cell_frame(axes: Axes, left: float, bottom: float, right: float, top: float) -> None:
    """The grey outline of one recurrent cell, behind its parts."""
    axes.add_patch(FancyBboxPatch((left, bottom), right - left, top - bottom, boxstyle="round,pad=0,rounding_size=0.2",
                                  facecolor=CELL_BACKGROUND, edgecolor="#bbbbbb", linewidth=1.0, zorder=0))


def _equations(axes: Axes, x: float, top: float, equations: tuple[str, ...], heading: str) -> None:
    """``equations`` in mathtext (one may run over two lines), left-aligned at
    ``x`` from ``top`` down, under a grey ``heading``."""
    _text(axes, x, top, heading, size=10, color=NOTE, ha="left", va="top")
    y = top - 0.45
    for equation in equations:
        _text(axes, x, y, equation, size=11, ha="left", va="top", linespacing=1.6)
        y -= 0.5 + 0.28 * equation.count("\n")


def _check_steps(steps: int) -> int:
    """``steps`` as an int from 1 to ``MAX_STEPS``; a ValueError naming it otherwise."""
    steps = check_integer("steps", steps, minimum=1)
    if steps > MAX_STEPS:
        raise argument_error("steps", steps, f"an integer from 1 to {MAX_STEPS} (more steps do not fit the page)")
    return steps


def unrolled_rnn(steps: int = 4) -> Figure:
    """The simple recurrent layer of notebook 01, folded and unrolled.

    Left: one ``tanh`` cell with input ``x_t`` (through ``W_x``), output ``y_t``
    (through ``W_y``) and a loop ``W_h`` feeding its state back. Right, after
    "=": the same cell copied for ``t = 1 .. steps``, the state ``h_{t-1}``
    passed to the right. The course's equations are the title; a note says that
    every step uses the same weights.

    Args:
        steps: how many time steps to unroll, 1 to 6.
    """
    steps = _check_steps(steps)
    spacing, first = 1.45, 3.9
    xs = [first + spacing * t for t in range(steps)]
    middle = (first + xs[-1]) / 2
    width = max(xs[-1] + 1.35, middle + 2.45)  # room for the last h_T and for the note under the cells
    figure, axes = _canvas(width, 4.1)
    y_in, y_cell, y_out = 0.55, 1.95, 3.25

    def column(cell: _Shape, t: str) -> None:
        _text(axes, cell.x, y_in, f"$x_{t}$")
        _arrow(axes, (cell.x, y_in + 0.2), cell.bottom)
        _text(axes, cell.x + 0.07, (y_in + cell.bottom[1]) / 2 + 0.05, "$W_x$", size=11, ha="left")
        _arrow(axes, cell.top, (cell.x, y_out - 0.2))
        _text(axes, cell.x + 0.07, (cell.top[1] + y_out) / 2 - 0.05, "$W_y$", size=11, ha="left")
        _text(axes, cell.x, y_out, f"$y_{t}$")

    folded = _box(axes, 0.85, y_cell, "tanh", width=0.8, height=0.6)
    column(folded, "t")
    _arrow(axes, (folded.right[0], y_cell + 0.18), (folded.right[0], y_cell - 0.18), connectionstyle="arc3,rad=-2.2")
    _text(axes, folded.right[0] + 0.5, y_cell, "$W_h$", size=11, ha="left")
    _text(axes, 2.45, y_cell, "=", size=24)

    cells = _row(axes, xs, y_cell, ["tanh"] * steps, width=0.8, height=0.6)
    _links(axes, cells)
    starts = [(first - 0.85, y_cell)] + [cell.right for cell in cells[:-1]]
    for t, (cell, start) in enumerate(zip(cells, starts), start=1):
        column(cell, str(t))
        gap = (start[0] + cell.left[0]) / 2
        _text(axes, gap, y_cell + 0.07, "$W_h$", size=11, va="bottom")
        _text(axes, gap, y_cell - 0.07, f"$h_{t - 1}$", size=11, va="top")
    _arrow(axes, starts[0], cells[0].left)
    _arrow(axes, cells[-1].right, (cells[-1].right[0] + 0.7, y_cell))
    _text(axes, cells[-1].right[0] + 0.35, y_cell - 0.07, f"$h_{steps}$", size=11, va="top")

    _text(axes, width / 2, 3.8, RNN_EQUATION, size=13)
    _text(axes, folded.x, 0.12, "folded", size=10, color=NOTE)
    _text(axes, middle, 0.12, f"unrolled over $T = {steps}$ step{'s' * (steps > 1)}: the same $W_x$, $W_h$, $W_y$, "
          "$b$, $b_y$ at every step", size=10, color=NOTE)
    return figure


def bptt_paths(steps: int = 4) -> Figure:
    """Backpropagation through time on the unrolled simple RNN (notebooks 02, 05).

    The forward pass in grey: ``x_t`` into the cell computing ``h_t``, the
    state passed right through ``W_h``, the output ``y_t`` and its loss ``L_t``,
    the losses averaged into ``L``. The gradient paths in red: from each ``L_t``
    down to ``h_t`` (through ``W_y``), and from ``h_t`` back to ``h_{t-1}``,
    each step multiplying by ``diag(1 - h_t^2) W_h^T``; ``dL/dh_t`` sums both.
    The caption gives ``dL/dW_h`` as a sum of one term per step.

    Args:
        steps: how many time steps to draw, 1 to 6.
    """
    steps = _check_steps(steps)
    spacing = 2.25
    content = 2.9 + spacing * (steps - 1)  # from h_0's label to the last red label
    width = max(content, 8.6)
    first = (width - content) / 2 + 1.25
    xs = [first + spacing * t for t in range(steps)]
    figure, axes = _canvas(width, 5.4)
    y_in, y_cell, y_out, y_loss, y_sum = 1.15, 2.3, 3.35, 4.15, 4.6

    cells = _row(axes, xs, y_cell, [f"$h_{t}$" for t in range(1, steps + 1)], width=0.7, height=0.6)
    _links(axes, cells, lane=0.12, color=FORWARD)
    _links(axes, cells, lane=-0.12, backwards=True, color=GRADIENT)
    start = (first - 0.9, y_cell + 0.12)
    _text(axes, start[0] - 0.05, start[1], "$h_0$", ha="right")
    _arrow(axes, start, (cells[0].left[0], start[1]), color=FORWARD)
    for t, cell in enumerate(cells, start=1):
        if t > 1:
            gap = (xs[t - 2] + cell.x) / 2
            _text(axes, gap, y_cell + 0.17, "$W_h$", size=11, color=FORWARD, va="bottom")
            _text(axes, gap, y_cell - 0.17, rf"$\operatorname{{diag}}(1 - h_{t}^2)\, W_h^\top$", size=10,
                  color=GRADIENT, va="top")
        _text(axes, cell.x, y_in, f"$x_{t}$")
        _arrow(axes, (cell.x, y_in + 0.2), cell.bottom, color=FORWARD)
        _arrow(axes, cell.top, (cell.x, y_out - 0.17), color=FORWARD)
        _text(axes, cell.x, y_out, f"$y_{t}$")
        _arrow(axes, (cell.x, y_out + 0.17), (cell.x, y_loss - 0.16), color=FORWARD)
        _text(axes, cell.x, y_loss, f"$L_{t}$")
        _arrow(axes, (cell.x + 0.25, y_loss - 0.1), (cell.x + 0.25, cell.top[1]), color=GRADIENT)
        _text(axes, cell.x + 0.33, (y_out + y_loss) / 2 - 0.1, rf"$\partial L/\partial y_{t}\, W_y^\top$",
              size=10, color=GRADIENT, ha="left")
        _text(axes, cell.x - 0.1, cell.top[1] + 0.1, rf"$\partial L/\partial h_{t}$", size=11, color=GRADIENT,
              ha="right", va="bottom")
        _arrow(axes, (cell.x, y_sum), (cell.x, y_loss + 0.16), color=FORWARD, head=False)
    _arrow(axes, (xs[0], y_sum), (xs[-1], y_sum), color=FORWARD, head=False)
    _text(axes, (xs[0] + xs[-1]) / 2, y_sum + 0.06, r"$L = (L_1 + \cdots + L_T)\,/\,T$", va="bottom")
    _text(axes, 0.1, 5.2, "backpropagation through time: forward pass in grey, gradients in red", size=11,
          color=NOTE, ha="left")
    _text(axes, width / 2, 0.6, r"$\partial L/\partial W_h = \sum_{t=1}^{T} h_{t-1}^\top\, \partial L/\partial a_t$:"
          " every step adds its term", size=12)
    _text(axes, width / 2, 0.15, r"$a_t = x_t W_x + h_{t-1} W_h + b$ is the pre-activation, $h_t = \tanh(a_t)$, so "
          r"$\partial L/\partial a_t = \partial L/\partial h_t \odot (1 - h_t^2)$", size=10, color=NOTE)
    return figure


def lstm_cell() -> Figure:
    """One LSTM step in the style of colah's diagram (notebook 06), with its equations.

    The cell state runs along the top from ``c_{t-1}`` to ``c_t`` (the
    "conveyor belt"): multiplied by the forget gate ``f_t`` at a x node, then
    ``i_t * g_t`` added at a + node. ``h_{t-1}`` and ``x_t`` enter at the lower
    left and feed four gate boxes: sigma (``f_t``), sigma (``i_t``), tanh
    (``g_t``) and sigma (``o_t``). The output ``h_t = o_t * tanh(c_t)`` leaves
    to the right (the next step) and upwards (the layer's output). The
    equations on the right use notebook 06's notation in Keras's gate order.
    """
    figure, axes = _canvas(10, 4.8)
    y_bus, y_gate, y_belt = 0.85, 1.65, 3.95
    _cell_frame(axes, 0.85, 0.45, 6.45, 4.35)

    _text(axes, 0.1, y_belt, "$c_{t-1}$", ha="left")
    forget = _node(axes, 1.7, y_belt, r"$\times$")
    add = _node(axes, 3.55, y_belt, "$+$")
    _arrow(axes, (0.62, y_belt), forget.left)
    _arrow(axes, forget.right, add.left)
    _arrow(axes, add.right, (6.75, y_belt), zorder=2.5)
    _text(axes, 6.8, y_belt, "$c_t$", ha="left")
    _text(axes, 2.62, y_belt + 0.08, "cell state", size=10, color=NOTE, va="bottom")

    _text(axes, 0.1, y_bus, "$h_{t-1}$", ha="left")
    _text(axes, 1.15, 0.15, "$x_t$")
    _arrow(axes, (0.62, y_bus), (4.75, y_bus), head=False)
    _arrow(axes, (1.15, 0.32), (1.15, y_bus), head=False)
    _dot(axes, 1.15, y_bus)
    gates = [_box(axes, x, y_gate, text) for x, text in
             ((1.7, r"$\sigma$"), (2.6, r"$\sigma$"), (3.55, "tanh"), (4.75, r"$\sigma$"))]
    for gate in gates:
        _arrow(axes, (gate.x, y_bus), gate.bottom)
        if gate is not gates[-1]:
            _dot(axes, gate.x, y_bus)
    f_gate, i_gate, g_gate, o_gate = gates

    _arrow(axes, f_gate.top, forget.bottom)
    _text(axes, 1.6, 2.9, "$f_t$", ha="right")
    write = _node(axes, 3.55, 2.85, r"$\times$")
    _arrow(axes, i_gate.top, (i_gate.x, write.y), write.left)
    _text(axes, 2.5, 2.4, "$i_t$", ha="right")
    _arrow(axes, g_gate.top, write.bottom)
    _text(axes, 3.65, 2.3, "$g_t$", ha="left")
    _arrow(axes, write.top, add.bottom)
    _text(axes, 3.65, 3.4, r"$i_t \odot g_t$", ha="left")

    squash = _node(axes, 5.55, 3.15, "tanh", width=0.62, size=11)
    _dot(axes, squash.x, y_belt)
    _arrow(axes, (squash.x, y_belt), squash.top)
    show = _node(axes, 5.55, 2.2, r"$\times$")
    _arrow(axes, squash.bottom, show.top)
    _arrow(axes, o_gate.top, (o_gate.x, show.y), show.left)
    _text(axes, 5.05, 2.27, "$o_t$", va="bottom")
    _arrow(axes, show.right, (6.75, show.y))
    _text(axes, 6.8, show.y, "$h_t$", ha="left")
    _dot(axes, 6.15, show.y)
    _arrow(axes, (6.15, show.y), (6.15, 4.5), zorder=1)
    _text(axes, 6.15, 4.62, "$h_t$")

    _equations(axes, 7.25, 4.4, LSTM_EQUATIONS, "Keras's gate order: i, f, g, o")
    return figure


def gru_cell() -> Figure:
    """One GRU step as Keras computes it (notebook 07), with its equations.

    The state runs along the top from ``h_{t-1}`` to ``h_t``: multiplied by the
    update gate ``z_t`` (in Keras ``z_t`` is the share of the old state kept),
    then ``(1 - z_t) * h~_t`` added. ``h_{t-1}`` and ``x_t`` feed the sigma
    boxes of ``z_t`` and ``r_t``; the candidate ``h~_t`` is a tanh box fed by
    ``x_t`` and by ``r_t * (h_{t-1} U_h + b_h)`` (Keras's ``reset_after=True``:
    the reset gate scales the recurrent part after its matrix product).
    """
    figure, axes = _canvas(10, 4.8)
    y_bus, y_gate, y_candidate, y_mix, y_state = 0.85, 1.6, 2.45, 3.25, 3.95
    _cell_frame(axes, 0.6, 0.45, 6.4, 4.35)

    _text(axes, 0.1, y_state, "$h_{t-1}$", ha="left")
    keep = _node(axes, 1.75, y_state, r"$\times$")
    add = _node(axes, 5.25, y_state, "$+$")
    _arrow(axes, (0.62, y_state), keep.left)
    _arrow(axes, keep.right, add.left)
    _arrow(axes, add.right, (6.75, y_state))
    _text(axes, 6.8, y_state, "$h_t$", ha="left")
    _dot(axes, 6.1, y_state)
    _arrow(axes, (6.1, y_state), (6.1, 4.5))
    _text(axes, 6.1, 4.62, "$h_t$")

    _dot(axes, 0.85, y_state)
    _arrow(axes, (0.85, y_state), (0.85, y_bus), (5.25, y_bus), head=False)
    _text(axes, 1.2, 0.15, "$x_t$")
    _arrow(axes, (1.2, 0.32), (1.2, y_bus), head=False)
    _dot(axes, 1.2, y_bus)
    z_gate = _box(axes, 1.75, y_gate, r"$\sigma$")
    r_gate = _box(axes, 2.75, y_gate, r"$\sigma$")
    recurrent = _box(axes, 4.0, y_gate, r"$h_{t-1} U_h + b_h^{(h)}$", width=1.4, color=LINEAR, size=11)
    candidate = _box(axes, 5.25, y_candidate, "tanh", width=0.7)
    for target in (z_gate, r_gate, recurrent):
        _arrow(axes, (target.x, y_bus), target.bottom)
        _dot(axes, target.x, y_bus)
    _arrow(axes, (candidate.x, y_bus), candidate.bottom)
    _text(axes, 5.35, 1.5, r"$x_t W_h + b_h^{(x)}$", size=11, ha="left")

    _arrow(axes, z_gate.top, keep.bottom)
    _text(axes, 1.65, 2.45, "$z_t$", ha="right")
    _dot(axes, z_gate.x, y_mix)
    complement = _node(axes, 3.6, y_mix, "$1-$", width=0.44, size=11)
    _arrow(axes, (z_gate.x, y_mix), complement.left)
    mix = _node(axes, 5.25, y_mix, r"$\times$")
    _arrow(axes, complement.right, mix.left)
    _text(axes, 4.45, y_mix + 0.07, "$1 - z_t$", size=11, va="bottom")
    _arrow(axes, mix.top, add.bottom)

    reset = _node(axes, 4.0, y_candidate, r"$\times$")
    _arrow(axes, r_gate.top, (r_gate.x, y_candidate), reset.left)
    _text(axes, 3.3, y_candidate + 0.07, "$r_t$", va="bottom")
    _arrow(axes, recurrent.top, reset.bottom)
    _arrow(axes, reset.right, candidate.left)
    _arrow(axes, candidate.top, mix.bottom)
    _text(axes, 5.38, 2.95, r"$\tilde h_t$", ha="left")

    _equations(axes, 7.2, 4.2, GRU_EQUATIONS, "Keras: $z_t$ = the share of $h_{t-1}$ kept")
    _text(axes, 7.2, 1.3, "reset_after=True (Keras's default):\n"
          r"$r_t$ scales $h_{t-1} U_h + b_h^{(h)}$", size=10, color=NOTE, ha="left", linespacing=1.5)
    return figure


def stacked_and_bidirectional() -> Figure:
    """Two ways to combine recurrent layers (notebook 09), over three steps.

    Left, stacked: layer 1 returns its state at every step
    (``return_sequences=True``), and these states are layer 2's inputs; only
    layer 2's last state goes on. Right, bidirectional: each ``x_t`` feeds a
    forward row (reading ``x_1 .. x_T``, arrows to the right) and a backward
    row (reading ``x_T .. x_1``, arrows to the left); their states at the same
    step are concatenated into ``[h->_t ; h<-_t]``, one output per step.
    """
    figure, axes = _canvas(10, 4.8)
    steps = range(1, 4)

    xs = [1.15, 2.55, 3.95]
    lower = _row(axes, xs, 1.95, [f"$h^{{(1)}}_{t}$" for t in steps], width=0.7)
    upper = _row(axes, xs, 3.2, [f"$h^{{(2)}}_{t}$" for t in steps], width=0.7)
    for layer in (lower, upper):
        _links(axes, layer)
        _arrow(axes, (layer[0].left[0] - 0.55, layer[0].y), layer[0].left)
    for x, t, below, above in zip(xs, steps, lower, upper):
        _text(axes, x, 0.95, f"$x_{t}$")
        _arrow(axes, (x, 1.13), below.bottom)
        _arrow(axes, below.top, above.bottom)
    _arrow(axes, upper[-1].top, (xs[-1], 4.0))
    _text(axes, xs[-1], 4.1, "last state only", size=10, color=NOTE, va="bottom")
    _text(axes, 1.85, 4.6, "stacked: two layers", size=12, va="top")
    _text(axes, 2.55, 0.5, "layer 1 returns a state per step (return_sequences=True)", size=10, color=NOTE)
    _text(axes, 2.55, 0.15, r"$h^{(l)}_t = f^{(l)}(h^{(l-1)}_t,\ h^{(l)}_{t-1})$,  $h^{(0)}_t = x_t$", size=11)

    xs = [5.7, 7.3, 8.9]
    forward = _row(axes, xs, 1.5, [rf"$\overrightarrow{{h}}_{t}$" for t in steps], width=0.56)
    backward = _row(axes, xs, 3.2, [rf"$\overleftarrow{{h}}_{t}$" for t in steps], width=0.56)
    _links(axes, forward)
    _links(axes, backward, backwards=True)
    _arrow(axes, (forward[0].left[0] - 0.5, forward[0].y), forward[0].left)
    _arrow(axes, (backward[-1].right[0] + 0.5, backward[-1].y), backward[-1].right)
    for x, t, ahead, behind in zip(xs, steps, forward, backward):
        source = _box(axes, x - 0.38, 2.35, f"$x_{t}$", width=0.36, height=0.36, color="none", edge="none")
        both = _box(axes, x + 0.38, 2.35, rf"$[\overrightarrow{{h}}_{t} ; \overleftarrow{{h}}_{t}]$", width=0.72,
                    height=0.42, color=LINEAR, size=10)
        _arrow(axes, source, ahead)
        _arrow(axes, source, behind)
        _arrow(axes, ahead, both)
        _arrow(axes, behind, both)
    _text(axes, 7.3, 0.92, r"forward: reads $x_1, \dots, x_T$", size=10, color=NOTE)
    _text(axes, 7.3, 3.75, r"backward: reads $x_T, \dots, x_1$", size=10, color=NOTE)
    _text(axes, 7.3, 4.6, "bidirectional: both directions at every step", size=12, va="top")
    _text(axes, 7.3, 0.15, r"output at step $t$: $[\overrightarrow{h}_t ; \overleftarrow{h}_t]$, width $2D$", size=11)
    return figure


def encoder_decoder() -> Figure:
    """The encoder-decoder of notebook 11, with GRU layers.

    The encoder reads the source tokens ``x_1 .. x_3``; its final state ``s``
    is passed as the decoder's ``initial_state``. The decoder reads the
    previous target token (``<s>`` first; during training the true one,
    teacher forcing) and emits the next token, ending with ``</s>``. The title
    gives notebook 11's equations.
    """
    figure, axes = _canvas(10, 4.2)
    y_in, y_cell, y_out = 0.85, 1.95, 3.05
    _cell_frame(axes, 0.4, y_cell - 0.45, 3.75, y_cell + 0.45)
    _cell_frame(axes, 4.95, y_cell - 0.45, 9.3, y_cell + 0.45)
    encoder = _row(axes, [0.9, 2.1, 3.3], y_cell, ["GRU"] * 3, width=0.75, size=11)
    decoder = _row(axes, [5.4, 6.55, 7.7, 8.85], y_cell, ["GRU"] * 4, width=0.75, size=11)
    _links(axes, encoder)
    _links(axes, decoder)
    _arrow(axes, (0.2, y_cell), encoder[0].left)
    _arrow(axes, encoder[-1].right, decoder[0].left)
    _text(axes, 4.35, y_cell + 0.08, r"$s = h^{\mathrm{enc}}_3$", size=11, va="bottom")
    _text(axes, 4.35, y_cell - 0.08, "initial_state", size=9, va="top", family="monospace")
    for t, cell in enumerate(encoder, start=1):
        _text(axes, cell.x, y_in, f"$x_{t}$")
        _arrow(axes, (cell.x, y_in + 0.18), cell.bottom)
    targets = ["$y_1$", "$y_2$", "$y_3$", "</s>"]
    for cell, previous, target in zip(decoder, ["<s>", *targets[:-1]], targets):
        _text(axes, cell.x, y_in, previous)
        _arrow(axes, (cell.x, y_in + 0.18), cell.bottom)
        _arrow(axes, cell.top, (cell.x, y_out - 0.18))
        _text(axes, cell.x, y_out, target)
    _text(axes, 2.1, 0.3, "encoder: reads the source", size=10, color=NOTE)
    _text(axes, 7.12, 0.3, "decoder: reads the previous target token (teacher forcing), predicts the next",
          size=10, color=NOTE)
    _text(axes, 5.0, 3.85, r"$h^{\mathrm{dec}}_0 = s, \qquad h^{\mathrm{dec}}_t = \mathrm{GRU}(y_{t-1}, "
          r"h^{\mathrm{dec}}_{t-1}), \qquad p(y_t \mid y_{<t}, x) = \mathrm{softmax}(h^{\mathrm{dec}}_t W + b)$",
          size=12)
    return figure


def encoder_decoder_attention() -> Figure:
    """The encoder-decoder of notebook 11 with additive attention, at one decoder step.

    The encoder keeps its state at every step, ``h_1 .. h_4``. At decoder step
    ``t`` the decoder's state ``q_t`` scores each of them; the softmax of the
    scores gives the weights ``alpha_{t,i}``, whose weighted sum of the
    states is the context ``c_t``, read with ``q_t`` by the output layer. The
    title gives the notebook's equations (``ATTENTION_EQUATIONS``).
    """
    figure, axes = _canvas(10, 5.4)
    y_in, y_cell, y_state, y_attention, y_dense, y_out = 0.55, 1.35, 2.2, 3.0, 3.6, 4.25
    _cell_frame(axes, 0.35, y_cell - 0.42, 4.5, y_cell + 0.42)
    _cell_frame(axes, 5.6, y_cell - 0.42, 9.55, y_cell + 0.42)
    encoder = _row(axes, [0.85, 1.9, 2.95, 4.0], y_cell, ["GRU"] * 4, width=0.7, size=11)
    decoder = _row(axes, [6.1, 7.55, 9.0], y_cell, ["GRU"] * 3, width=0.7, size=11)
    _links(axes, encoder)
    _links(axes, decoder)
    _arrow(axes, encoder[-1].right, decoder[0].left)
    _text(axes, 5.05, y_cell - 0.1, "initial_state", size=9, va="top", family="monospace")
    attention = _box(axes, 2.6, y_attention, "attention", width=1.3)
    for t, cell in enumerate(encoder, start=1):
        _text(axes, cell.x, y_in, f"$x_{t}$")
        _arrow(axes, (cell.x, y_in + 0.18), cell.bottom)
        _arrow(axes, cell.top, (cell.x, y_state - 0.17))
        _text(axes, cell.x, y_state, f"$h_{t}$")
        _arrow(axes, (cell.x, y_state + 0.17), (attention.x + (cell.x - attention.x) * 0.3, attention.bottom[1]))
    _text(axes, 0.35, 2.95, r"weights $\alpha_{t,i}$", size=10, color=NOTE, ha="left")
    step = decoder[1]
    for cell, previous in zip(decoder, ["<s>", "$y_{t-1}$", "$y_t$"]):
        _text(axes, cell.x, y_in, previous)
        _arrow(axes, (cell.x, y_in + 0.18), cell.bottom)
    _arrow(axes, step.top, (step.x, y_state - 0.17))
    _text(axes, step.x, y_state, "$q_t$")
    dense = _box(axes, step.x, y_dense, "Dense, softmax", width=1.5, color=LINEAR, size=11)
    _arrow(axes, (step.x, y_state + 0.17), dense.bottom)
    _arrow(axes, (step.x - 0.2, y_state + 0.05), (attention.right[0], attention.y - 0.1))
    _text(axes, 5.3, 2.45, "query", size=10, color=NOTE)
    _arrow(axes, (attention.right[0], attention.y + 0.1), dense.left)
    _text(axes, 4.9, 3.55, "$c_t$")
    _arrow(axes, dense.top, (step.x, y_out - 0.17))
    _text(axes, step.x, y_out, "$y_t$")
    _text(axes, 2.4, 0.12, "encoder: its state at every step is kept", size=10, color=NOTE)
    _text(axes, 7.55, 0.12, "decoder: step $t$ reads them through $c_t$", size=10, color=NOTE)
    _text(axes, 0.3, 5.1, ATTENTION_EQUATIONS[0], size=11, ha="left")
    _text(axes, 0.3, 4.62, ATTENTION_EQUATIONS[1], size=11, ha="left")
    return figure
