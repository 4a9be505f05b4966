"""The two states a text is about (Analysis.main_states), asked for at every document mention: the answer follows the
text's mentions when the people's pass replaces them, rather than what the first question found."""

from __future__ import annotations

from dataclasses import replace

import pytest
from alliance_kg.curation.propose import ProposalContext
from alliance_kg.curation.propose.analysis import Analysis
from alliance_kg.loaders.sources import SourcesFolder, load_sources

TEXT = (
    "TOKYO \u2014 Japan and the United States agreed on Monday to deepen cooperation. Japan will host the talks, "
    "and Australia and the United States will send ministers. Japan said Australia would join the drills."
)


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    sources = SourcesFolder.default()
    source = replace(next(iter(load_sources(sources))), text=TEXT)
    return Analysis.of(source, ProposalContext.from_sources(sources))


def test_the_two_states_follow_the_mentions_when_they_are_replaced(analysis):
    assert analysis.main_states() == ["japan", "united-states"]
    everything = analysis.mentions
    analysis.mentions = [m for m in everything if m.entity != "united-states"]
    assert analysis.main_states() == ["japan", "australia"]
    analysis.mentions = everything
    assert analysis.main_states() == ["japan", "united-states"]
