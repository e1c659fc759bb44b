"""Verification of an answer against this turn's evidence: claims, support, answer-or-not, quote fallback,
abstention. Typed objects; nothing here imports the agents."""

from askcloud.verify.abstention import Abstention, abstain
from askcloud.verify.align import Aligner
from askcloud.verify.decide import Outcome, Turn, Verdict, verify
from askcloud.verify.evidence import Evidence

__all__ = ["Abstention", "Aligner", "Evidence", "Outcome", "Turn", "Verdict", "abstain", "verify"]
