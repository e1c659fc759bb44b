"""Wiring only: the nodes are in their own modules and receive their dependencies through `deps`."""

from __future__ import annotations

from functools import partial

from langgraph.graph import END, START, StateGraph

from askcloud.agents.abstain import abstain
from askcloud.agents.contextualize import contextualize
from askcloud.agents.deps import Deps
from askcloud.agents.factcheck import factcheck
from askcloud.agents.grade import after_grade, grade
from askcloud.agents.rewrite import rewrite
from askcloud.agents.route import fan_out, route
from askcloud.agents.specialist import specialist
from askcloud.agents.state import TurnInput, TurnState
from askcloud.agents.write import write


def build_graph(deps: Deps):
    g = StateGraph(TurnState, input_schema=TurnInput)
    for name, node in [("contextualize", contextualize), ("route", route), ("specialist", specialist),
                       ("grade", grade), ("rewrite", rewrite), ("write", write), ("factcheck", factcheck),
                       ("abstain", abstain)]:
        g.add_node(name, partial(node, deps=deps))
    g.add_edge(START, "contextualize")
    g.add_edge("contextualize", "route")
    g.add_conditional_edges("route", fan_out, ["specialist"])
    g.add_edge("specialist", "grade")
    g.add_conditional_edges("grade", after_grade, ["write", "rewrite", "abstain"])
    g.add_edge("rewrite", "route")
    g.add_edge("write", "factcheck")
    g.add_edge("factcheck", END)
    g.add_edge("abstain", END)
    return g.compile()
